"""Every HTML document in a real browser: axe-core (WCAG 2.2 AA), the Nu HTML checker, and
the one-page profile printed to A4.

These need Chromium, Node with tools/browser's packages, Java and pdfinfo; `make
browser-tools` installs them. Without them the tests are skipped, except in CI, where a
missing tool is a failure.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from renderkit import (
    BROWSER_TOOLS,
    GOLDEN_PUPIL,
    GOLDEN_REPO,
    PROJECT,
    chromium,
    need_tool,
    node_modules_ready,
    vnu_jar,
)

from conftest import TODAY

pytestmark = pytest.mark.browser

EXAMPLE_PUPILS = sorted(p.stem for p in (PROJECT / "records").glob("*.yaml"))
DOCUMENTS = [
    *(f"examples/{pupil}/{kind}.html" for pupil in EXAMPLE_PUPILS for kind in ("profile", "plan")),
    "examples/index.html",
    f"golden/{GOLDEN_PUPIL}/profile.html",
    f"golden/{GOLDEN_PUPIL}/plan.html",
    "golden/index.html",
]


def _render(repo: Path, out: Path) -> None:
    from typer.testing import CliRunner

    from pcplan.cli.app import app

    result = CliRunner().invoke(
        app, ["render", "all", "--repo", str(repo), "--today", TODAY, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example document and the golden record's, rendered once for the session."""
    root = tmp_path_factory.mktemp("documents")
    _render(PROJECT, root / "examples")
    _render(GOLDEN_REPO, root / "golden")
    return root


@pytest.fixture(scope="session")
def browser_report(documents: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One browser session over every document: axe results, and PDFs of the profiles."""
    need_tool(chromium() is not None, "Chromium")
    need_tool(node_modules_ready(), "Node with the packages of tools/browser")
    pdfs = tmp_path_factory.mktemp("pdf")
    checked = [d for d in DOCUMENTS if not d.endswith("profile.html")]
    printed = [d for d in DOCUMENTS if d.endswith("profile.html")]
    env = {"CHROMIUM": chromium() or ""}
    done = subprocess.run(
        ["node", str(BROWSER_TOOLS / "check.mjs"), "--pdf", str(pdfs), *checked,
         "--print", *printed],
        cwd=documents,
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, **env},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    return {
        Path(entry["file"]).relative_to(documents.resolve()).as_posix(): entry
        for entry in report["files"]
    }


@pytest.mark.parametrize("document", DOCUMENTS)
def test_axe_finds_no_accessibility_violations(
    browser_report: dict[str, Any], document: str
) -> None:
    entry = browser_report[document]
    assert entry["violations"] == [], json.dumps(entry["violations"], indent=1)
    assert entry["passes"] > 0  # axe really ran
    assert entry["requests"] == []  # the document fetched nothing


def _pages(pdf: Path) -> tuple[int, str]:
    need_tool(shutil.which("pdfinfo") is not None, "pdfinfo (poppler-utils)")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+(.*)$", info, re.MULTILINE).group(1)  # type: ignore[union-attr]
    return pages, size


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d.endswith("profile.html")])
def test_the_profile_prints_on_one_a4_page(browser_report: dict[str, Any], document: str) -> None:
    pages, size = _pages(Path(browser_report[document]["pdf"]))
    assert pages == 1, f"{document} prints on {pages} pages"
    assert "(A4)" in size, size


def test_the_nu_html_checker_finds_no_errors(documents: Path) -> None:
    need_tool(shutil.which("java") is not None, "Java")
    need_tool(vnu_jar().is_file(), "the Nu HTML checker (npm vnu-jar)")
    done = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
         *(str(documents / d) for d in DOCUMENTS)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    assert messages == [], json.dumps(messages, indent=1)
    assert done.returncode == 0
