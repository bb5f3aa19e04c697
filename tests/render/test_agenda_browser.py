"""Review agendas in a real browser: axe-core (WCAG 2.2 AA), the Nu HTML checker, and an
agenda printed to A4. Needs the same tools as test_browser.py (`make browser-tools`)."""

from __future__ import annotations

import json
import os
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

# The example school's autumn agendas (a termly, a half-termly, a booked and an unbooked
# review), its spring ones (two annual reviews), and the golden record's, whose text
# would be markup if it were not escaped.
TERMS = {"examples": ("autumn", "spring"), "golden": ("autumn", "spring")}
AGENDAS = [
    *(f"examples/autumn/{p}.html" for p in ("celine-m", "ffion-davies", "maisie-kowalczyk")),
    "examples/autumn/siobhan-ni-bhriain.html",
    "examples/autumn/index.html",
    "examples/spring/celine-m.html",
    "examples/spring/jamal-haddad.html",
    f"golden/autumn/{GOLDEN_PUPIL}.html",
    f"golden/spring/{GOLDEN_PUPIL}.html",
    "golden/spring/index.html",
]


@pytest.fixture(scope="session")
def agendas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from pcplan.cli.app import app

    root = tmp_path_factory.mktemp("agendas")
    for name, repo in (("examples", PROJECT), ("golden", GOLDEN_REPO)):
        for term in TERMS[name]:
            result = CliRunner().invoke(
                app,
                ["review", "--term", term, "--repo", str(repo), "--today", TODAY,
                 "-o", str(root / name / term)],
            )  # fmt: skip
            assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="session")
def agenda_report(agendas: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    need_tool(chromium() is not None, "Chromium")
    need_tool(node_modules_ready(), "Node with the packages of tools/browser")
    pdfs = tmp_path_factory.mktemp("agenda-pdf")
    done = subprocess.run(
        ["node", str(BROWSER_TOOLS / "check.mjs"), "--pdf", str(pdfs), *AGENDAS[1:],
         "--print", AGENDAS[0]],
        cwd=agendas, capture_output=True, text=True, timeout=300,
        env={**os.environ, "CHROMIUM": chromium() or ""},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return {
        Path(entry["file"]).relative_to(agendas.resolve()).as_posix(): entry
        for entry in json.loads(done.stdout)["files"]
    }


@pytest.mark.parametrize("agenda", AGENDAS)
def test_axe_finds_no_accessibility_violations_in_agendas(
    agenda_report: dict[str, Any], agenda: str
) -> None:
    entry = agenda_report[agenda]
    assert entry["violations"] == [], json.dumps(entry["violations"], indent=1)
    assert entry["passes"] > 0
    assert entry["requests"] == []


def test_an_agenda_prints_to_a4(agenda_report: dict[str, Any]) -> None:
    import re

    need_tool(shutil.which("pdfinfo") is not None, "pdfinfo (poppler-utils)")
    pdf = agenda_report[AGENDAS[0]]["pdf"]
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert pages is not None and 1 <= int(pages.group(1)) <= 8


def test_the_nu_html_checker_finds_no_errors_in_agendas(agendas: Path) -> None:
    need_tool(shutil.which("java") is not None, "Java")
    need_tool(vnu_jar().is_file(), "the Nu HTML checker (npm vnu-jar)")
    done = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
         *(str(agendas / a) for a in AGENDAS)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    assert messages == [], json.dumps(messages, indent=1)
    assert done.returncode == 0
