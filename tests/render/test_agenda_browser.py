"""Review agendas in a real browser: axe-core (WCAG 2.2 AA), the Nu HTML checker, and an
agenda printed to A4. Needs the same tools as test_browser.py (`make browser-tools`)."""

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
    pdfs = tmp_path_factory.mktemp("agenda-pdf")
    return browser_check(agendas, AGENDAS[1:], AGENDAS[:1], pdfs)


@pytest.mark.parametrize("agenda", AGENDAS)
def test_axe_finds_no_accessibility_violations_in_agendas(
    agenda_report: dict[str, Any], agenda: str
) -> None:
    entry = agenda_report[agenda]
    assert entry["violations"] == [], json.dumps(entry["violations"], indent=1)
    assert entry["passes"] > 0
    assert entry["requests"] == []


def test_an_agenda_prints_to_a4(agenda_report: dict[str, Any]) -> None:
    pages, size = pdf_pages(Path(agenda_report[AGENDAS[0]]["pdf"]))
    assert "(A4)" in size, size
    assert 1 <= pages <= 8


def test_the_nu_html_checker_finds_no_errors_in_agendas(agendas: Path) -> None:
    messages = nu_check_errors([agendas / a for a in AGENDAS])
    assert messages == [], json.dumps(messages, indent=1)
