"""The school overview: the index page of `render all`, its numbers, charts and links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import pcplan.loading.records as records
from conftest import TODAY, RunCli


def render_all(run_cli: RunCli, repo: Path, *args: str) -> str:
    result = run_cli("render", "all", "--repo", str(repo), "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return (repo / "out" / "index.html").read_text(encoding="utf-8")


def chart_numbers(page: str, chart_id: str) -> dict[str, str]:
    """The data table beside a chart, as {label: value}."""
    figure = page.split(f'<figure class="chart" id="{chart_id}">', 1)[1].split("</figure>", 1)[0]
    table = figure.split('<table class="chart-data">', 1)[1]
    return dict(re.findall(r'<th scope="row">([^<]*)</th><td class="num">([^<]*)</td>', table))


def test_the_overview_counts_pupils_by_status_area_and_year(
    run_cli: RunCli, examples_copy: Path
) -> None:
    page = render_all(run_cli, examples_copy)
    assert "<h1>School overview</h1>" in page
    assert chart_numbers(page, "chart-status") == {
        "EHC plan": "2",
        "SEN support": "3",
        "No SEN": "2",
    }
    areas = chart_numbers(page, "chart-area")
    assert areas["Communication and interaction"] == "2" and areas["Not yet known"] == "0"
    years = chart_numbers(page, "chart-year")
    assert list(years) == [
        "Reception", "Year 3", "Year 6", "Year 9", "Year 11", "Year 12", "Not known",
    ]  # fmt: skip
    # Each chart is an image with a title and a description that a screen reader reads.
    for chart_id in ("chart-status", "chart-area", "chart-year", "chart-wave"):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in page
        assert f'<title id="{chart_id}-title">' in page and f'<desc id="{chart_id}-desc">' in page
    assert '<desc id="chart-status-desc">EHC plan: 2; SEN support: 3; No SEN: 2.</desc>' in page
    # Bars are drawn to scale: the largest is the full width, the others in proportion.
    status = page.split('id="chart-status"', 1)[1].split("</svg>", 1)[0]
    assert re.findall(r'<rect [^>]*width="([0-9.]+)"', status) == ["173.3", "260.0", "173.3"]
    assert "<script" not in page and "http" not in page.split("<body>", 1)[1]


def test_due_provision_and_values_agree_with_the_other_commands(
    run_cli: RunCli, examples_copy: Path
) -> None:
    page = render_all(run_cli, examples_copy)
    due = json.loads(
        run_cli("due", "--format", "json", "--repo", str(examples_copy), "--today", TODAY).stdout
    )
    overdue = due["overdue"]
    assert f"<caption>{overdue} overdue</caption>" in page
    assert f"<caption>{len(due['items']) - overdue} due in the next 30 days</caption>" in page
    provision = json.loads(
        run_cli(
            "provision", "--format", "json", "-o", "-", "--repo", str(examples_copy),
            "--today", TODAY,
        ).stdout
    )  # fmt: skip
    assert provision["total"] == "9583.18"
    assert "<dt>Total cost for the year</dt><dd>£9,583.18</dd>" in page
    waves = chart_numbers(page, "chart-wave")
    assert waves == {
        line["group"]: f"£{float(line['cost']):,.2f}" for line in provision["totals"]["wave"]
    }
    assert '<th scope="row">Self-determination</th><td class="num">12</td>' in page
    assert '<th scope="row">None of the four</th><td class="num">0</td>' in page
    # The Markdown index has the same numbers as tables.
    render_all(run_cli, examples_copy, "--format", "md")
    markdown = (examples_copy / "out" / "index.md").read_text(encoding="utf-8")
    assert "| SEN support | 3 |" in markdown
    assert f"**{overdue} overdue**" in markdown
    assert "- Total cost for the year: **£9,583.18**" in markdown


def test_every_pupil_row_has_a_year_and_needs(run_cli: RunCli, examples_copy: Path) -> None:
    page = render_all(run_cli, examples_copy)
    pupils = page.split('<h2 id="documents">', 1)[1]
    rows = re.findall(r'<tr>\n<th scope="row">(.*?)</th>\n<td>(.*?)</td>', pupils)
    assert len(rows) == 7
    assert all(year for _, year in rows)
    assert ("Kwame Asante", "Not known") in rows
    assert '<abbr title="Moderate learning difficulty">MLD</abbr>' in pupils


def test_the_overview_and_the_term_agendas_link_to_each_other(
    run_cli: RunCli, examples_copy: Path
) -> None:
    page = render_all(run_cli, examples_copy)
    assert "reviews/2026-autumn/index.html" not in page
    assert "<code>pcplan review --term current</code> makes them" in page
    review = run_cli("review", "--term", "current", "--repo", str(examples_copy), "--today", TODAY)
    assert review.exit_code == 0, review.output
    agendas = (examples_copy / "out" / "reviews" / "2026-autumn" / "index.html").read_text()
    assert '<a href="../../index.html">School overview</a>' in agendas
    page = render_all(run_cli, examples_copy)
    assert '<a href="reviews/2026-autumn/index.html">Review agendas for the autumn term 2026' in (
        page
    )


def test_invalid_records_are_left_out_of_every_number_and_the_page_says_so(
    run_cli: RunCli, examples_copy: Path
) -> None:
    (examples_copy / "records" / "broken.yaml").write_text(
        "schema_version: 1\npupil: {id: broken, name: Bea Broken, sen_status: K}\n",
        encoding="utf-8",
    )
    result = run_cli("render", "all", "--repo", str(examples_copy), "--today", TODAY)
    assert result.exit_code == 1
    page = (examples_copy / "out" / "index.html").read_text(encoding="utf-8")
    assert "1 record has problems" in page and "left out of every number and chart" in page
    assert "records/broken.yaml (1 problem)" in page
    assert chart_numbers(page, "chart-status")["SEN support"] == "3"
    assert "Bea" not in page


@pytest.mark.parametrize("view", ["register", "provision"])
def test_many_processes_give_the_same_view_as_one(
    run_cli: RunCli, examples_copy: Path, monkeypatch: pytest.MonkeyPatch, view: str
) -> None:
    (examples_copy / "records" / "broken.yaml").write_text("schema_version: 1\npupil: [\n")
    args = (view, "--format", "json", "-o", "-", "--repo", str(examples_copy), "--today", TODAY)
    one = run_cli(*args)
    monkeypatch.setattr(records, "PARALLEL_FROM", 2)
    many = run_cli(*args)
    assert one.exit_code == many.exit_code == 1
    assert one.stdout == many.stdout
    assert json.loads(one.stdout)["left_out"] == [{"file": "records/broken.yaml", "problems": 1}]
