"""Every HTML document in a real browser: axe-core (WCAG 2.2 AA), the Nu HTML checker, and
the one-page profile printed to A4.

These need Chromium, Node with tools/browser's packages, Java and pdfinfo; `make
browser-tools` installs them. Without them the tests are skipped, except in CI, where a
missing tool is a failure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from renderkit import (
    GOLDEN_PUPIL,
    GOLDEN_REPO,
    PROJECT,
    browser_check,
    nu_check_errors,
    pdf_pages,
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
    checked = [d for d in DOCUMENTS if not d.endswith("profile.html")]
    printed = [d for d in DOCUMENTS if d.endswith("profile.html")]
    return browser_check(documents, checked, printed, tmp_path_factory.mktemp("pdf"))


@pytest.mark.parametrize("document", DOCUMENTS)
def test_axe_finds_no_accessibility_violations(
    browser_report: dict[str, Any], document: str
) -> None:
    entry = browser_report[document]
    assert entry["violations"] == [], json.dumps(entry["violations"], indent=1)
    assert entry["passes"] > 0  # axe really ran
    assert entry["requests"] == []  # the document fetched nothing


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d.endswith("profile.html")])
def test_the_profile_prints_on_one_a4_page(browser_report: dict[str, Any], document: str) -> None:
    pages, size = pdf_pages(Path(browser_report[document]["pdf"]))
    assert pages == 1, f"{document} prints on {pages} pages"
    assert "(A4)" in size, size


def test_the_nu_html_checker_finds_no_errors(documents: Path) -> None:
    messages = nu_check_errors([documents / d for d in DOCUMENTS])
    assert messages == [], json.dumps(messages, indent=1)
