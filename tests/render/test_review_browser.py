"""The record of a review in a real browser: axe-core (WCAG 2.2 AA), the Nu HTML checker,
and printed to A4. Needs the same tools as test_browser.py (`make browser-tools`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from renderkit import GOLDEN_PUPIL, GOLDEN_REPO, PROJECT, browser_check, nu_check_errors, pdf_pages

from conftest import TODAY

pytestmark = pytest.mark.browser

# Every example pupil's latest review, and both of the golden record's (whose text would
# be markup if it were not escaped).
WITH_REVIEWS = sorted(
    p.stem for p in (PROJECT / "records").glob("*.yaml") if "\nreviews:\n  - " in p.read_text()
)
RECORDS = [
    *(f"{p}.html" for p in WITH_REVIEWS),
    f"{GOLDEN_PUPIL}-2026-03-04.html",
    f"{GOLDEN_PUPIL}-2026-07-15.html",
    # The pupil's own easy-read copies.
    f"{GOLDEN_PUPIL}-2026-03-04-pupil.html",
    *(f"{p}-pupil.html" for p in WITH_REVIEWS),
]


@pytest.fixture(scope="session")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from pcplan.cli.app import app

    root = tmp_path_factory.mktemp("review-records")
    runs: list[tuple[Path, str, list[str], str]] = [
        (PROJECT, p, [], f"{p}.html") for p in WITH_REVIEWS
    ]
    runs += [
        (GOLDEN_REPO, GOLDEN_PUPIL, ["--date", d], f"{GOLDEN_PUPIL}-{d}.html")
        for d in ("2026-03-04", "2026-07-15")
    ]
    runs.append(
        (GOLDEN_REPO, GOLDEN_PUPIL, ["--date", "2026-03-04", "--audience", "pupil"],
         f"{GOLDEN_PUPIL}-2026-03-04-pupil.html")
    )  # fmt: skip
    runs += [(PROJECT, p, ["--audience", "pupil"], f"{p}-pupil.html") for p in WITH_REVIEWS]
    for repo, pupil, extra, name in runs:
        result = CliRunner().invoke(
            app,
            ["render", "review", pupil, *extra, "--repo", str(repo), "--today", TODAY,
             "-o", str(root / name)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="session")
def record_report(records: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return browser_check(records, RECORDS[1:], RECORDS[:1], tmp_path_factory.mktemp("pdf"))


def test_the_examples_have_reviews_to_show() -> None:
    assert len(WITH_REVIEWS) >= 3


@pytest.mark.parametrize("record", RECORDS)
def test_axe_finds_no_accessibility_violations(record_report: dict[str, Any], record: str) -> None:
    entry = record_report[record]
    assert entry["violations"] == [], json.dumps(entry["violations"], indent=1)
    assert entry["passes"] > 0
    assert entry["requests"] == []


def test_a_record_of_a_review_prints_to_a4(record_report: dict[str, Any]) -> None:
    pages, size = pdf_pages(Path(record_report[RECORDS[0]]["pdf"]))
    assert "(A4)" in size, size
    assert 1 <= pages <= 4


def test_the_nu_html_checker_finds_no_errors(records: Path) -> None:
    messages = nu_check_errors([records / r for r in RECORDS])
    assert messages == [], json.dumps(messages, indent=1)


@pytest.mark.parametrize("record", [r for r in RECORDS if r.endswith("-pupil.html")])
def test_the_pupils_copy_has_big_type(record_report: dict[str, Any], record: str) -> None:
    """At least 14 pt (18.67 px) for every piece of text of the pupil's easy-read copy."""
    smallest = record_report[record]["minFontPx"]
    assert smallest is not None and smallest >= 14 * 96 / 72 - 0.01, smallest
