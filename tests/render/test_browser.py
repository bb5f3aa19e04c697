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

OVERVIEW = "examples/index.html"
EXAMPLE_PUPILS = sorted(p.stem for p in (PROJECT / "records").glob("*.yaml"))
AUDIENCES = ("staff", "family", "pupil")
DOCUMENTS = [
    *(
        f"examples/{audience}/{pupil}/{kind}.html"
        for audience in AUDIENCES
        for pupil in EXAMPLE_PUPILS
        for kind in ("profile", "plan")
    ),
    "examples/index.html",
    "examples/register.html",
    "examples/provision.html",
    *(
        f"golden/{audience}/{GOLDEN_PUPIL}/{kind}.html"
        for audience in AUDIENCES
        for kind in ("profile", "plan")
    ),
    "golden/index.html",
]
EASY_READ = [d for d in DOCUMENTS if "/pupil/" in d]
EARLY_YEARS = ["maisie-kowalczyk"]  # Reception: larger type still
PT14 = 14 * 96 / 72  # 18.67 px


def _render(repo: Path, out: Path) -> None:
    from typer.testing import CliRunner

    from pcplan.cli.app import app

    result = CliRunner().invoke(
        app,
        ["render", "all", "--repo", str(repo), "--today", TODAY, "-o", str(out),
         "--audiences", ",".join(AUDIENCES)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for view in ("register", "provision"):
        result = CliRunner().invoke(
            app, [view, "--repo", str(repo), "--today", TODAY, "-o", str(out / f"{view}.html")]
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
    printed = [d for d in DOCUMENTS if d.endswith("profile.html") and "/pupil/" not in d]
    printed.append(OVERVIEW)
    checked = [d for d in DOCUMENTS if d not in printed]
    return browser_check(documents, checked, printed, tmp_path_factory.mktemp("pdf"))


@pytest.mark.parametrize("document", DOCUMENTS)
def test_axe_finds_no_accessibility_violations(
    browser_report: dict[str, Any], document: str
) -> None:
    entry = browser_report[document]
    assert entry["violations"] == [], json.dumps(entry["violations"], indent=1)
    assert entry["passes"] > 0  # axe really ran
    assert entry["requests"] == []  # the document fetched nothing


@pytest.mark.parametrize("document", EASY_READ)
def test_the_easy_read_version_has_big_type(browser_report: dict[str, Any], document: str) -> None:
    """At least 14 pt (18.67 px) for every piece of text; 18 pt for Reception and KS1."""
    smallest = browser_report[document]["minFontPx"]
    assert smallest is not None and smallest >= PT14 - 0.01, smallest
    if any(f"/{pupil}/" in document for pupil in EARLY_YEARS):
        assert smallest >= 18 * 96 / 72 - 0.01, smallest


def test_staff_documents_keep_their_own_type_size(browser_report: dict[str, Any]) -> None:
    """The easy-read sizes stay in the pupil's version (the test above can fail)."""
    staff = browser_report[f"golden/staff/{GOLDEN_PUPIL}/plan.html"]["minFontPx"]
    assert staff < PT14


@pytest.mark.parametrize(
    "document", [d for d in DOCUMENTS if d.endswith("profile.html") and "/pupil/" not in d]
)
def test_the_profile_prints_on_one_a4_page(browser_report: dict[str, Any], document: str) -> None:
    pages, size = pdf_pages(Path(browser_report[document]["pdf"]))
    assert pages == 1, f"{document} prints on {pages} pages"
    assert "(A4)" in size, size


# Each chart of the example overview: its title, and the last label (or value) of its data
# table, short enough not to wrap.
CHARTS = [
    ("Pupils by SEN status", "No SEN"),
    ("Pupils with SEN by area of need", "Not yet known"),
    ("Pupils by year group", "Not known"),
    ("Cost of provision by wave, 2026-27", "£6,000.00"),
]


def test_the_overview_prints_on_a4_with_no_chart_cut_across_pages(
    browser_report: dict[str, Any],
) -> None:
    import subprocess

    pdf = Path(browser_report[OVERVIEW]["pdf"])
    pages, size = pdf_pages(pdf)
    assert "(A4)" in size, size
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]  # fmt: skip
    for title, last in CHARTS:
        where = [n for n, text in enumerate(texts) if title in text]
        assert len(where) == 1, f"{title!r} is on pages {where}"
        text = texts[where[0]]
        # The bars and the table both end on the page where the chart starts.
        after = text.split(title, 1)[1]
        assert after.count(last) >= 2, f"{title!r} is cut across pages"


def test_the_nu_html_checker_finds_no_errors(documents: Path) -> None:
    messages = nu_check_errors([documents / d for d in DOCUMENTS])
    assert messages == [], json.dumps(messages, indent=1)
