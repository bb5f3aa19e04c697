"""`pcplan provision`: the provision map, its costs worked by hand, its totals and formats."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from conftest import TODAY, MakeRepo, RunCli

HEADER = [
    "UPN", "Pupil", "Year", "SEN status", "Primary need", "Area of need", "Provision", "Kind",
    "Wave", "Staff", "Group size", "Sessions per week", "Minutes per session",
    "Hours per week", "Start", "End", "Cost", "Cost per", "Cost per pupil per year", "Goals",
]  # fmt: skip

# The example records' provision in 2026-27 (38 weeks, 3 terms), worked by hand:
BY_HAND = {
    # Celine: 12.50 a week x 38 / 3 = 158.333..; 0.00; 9.50 x 2 x 38; 60 a term x 3 terms;
    # 35 once / 4; 18 a year / 2.
    ("celine-m", "community-access"): "158.33",
    ("celine-m", "connexions-adviser"): "0.00",
    ("celine-m", "tutor-time"): "722.00",
    ("celine-m", "travel-budget"): "180.00",
    ("celine-m", "self-advocacy-pack"): "8.75",
    ("celine-m", "asdan-personal-safety"): "9.00",
    ("ffion-davies", "teacher-of-the-deaf"): "0.00",
    ("ffion-davies", "radio-aid-kit"): "",
    ("ffion-davies", "subtitles"): "",
    # Jamal: travel training was paid once in 2025-26; 11 x 3 x 38; 7.20 x 38;
    ("jamal-haddad", "travel-training"): "0.00",
    ("jamal-haddad", "learning-mentor"): "1254.00",
    ("jamal-haddad", "the-hub"): "",
    ("jamal-haddad", "placement"): "273.60",
    # and the high-needs top-up: 6000 a year, with no group size.
    ("jamal-haddad", "top-up"): "6000.00",
    # Maisie: 4.75 x 3 x 38; 15 once; 6.30 x 2 x 38 / 3.
    ("maisie-kowalczyk", "salt-programme"): "541.50",
    ("maisie-kowalczyk", "picture-cards"): "15.00",
    ("maisie-kowalczyk", "turn-taking-group"): "159.60",
    # Siobhan: 6.40 once; 1.20 x 5 x 38; 45 a term x 3 / 5.
    ("siobhan-ni-bhriain", "reading-kit"): "6.40",
    ("siobhan-ni-bhriain", "spelling-practice"): "228.00",
    ("siobhan-ni-bhriain", "worry-group"): "27.00",
}
TOTAL = "9583.18"  # 1078.08 + 0 + 7527.60 + 716.10 + 261.40


def provision_json(run_cli: RunCli, repo: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run_cli(
        "provision", "--format", "json", "-o", "-", "--repo", str(repo), "--today", TODAY, *args
    )
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return data


def test_costs_match_the_sums_worked_by_hand(run_cli: RunCli, examples_copy: Path) -> None:
    data = provision_json(run_cli, examples_copy)
    assert data["school_year"] == "2026-27"
    costs = {
        (row["pupil_id"], row["resource_id"]): row["Cost per pupil per year"] or ""
        for row in data["rows"]
    }
    assert costs == BY_HAND
    assert data["total"] == TOTAL
    assert sum(Decimal(v) for v in BY_HAND.values() if v) == Decimal(TOTAL)
    assert data["mean_per_pupil"] == "1916.64"  # 9583.18 / 5 pupils with provision
    assert data["largest_per_pupil"] == "7527.60"  # Jamal
    assert data["pupils_without_provision"] == 2
    for group in data["totals"].values():
        assert sum(Decimal(line["cost"]) for line in group) == Decimal(TOTAL)
    waves = {line["group"]: line["cost"] for line in data["totals"]["wave"]}
    # Wave 2: Celine's 158.33 + 8.75 + 9.00, the Hub (no cost), Maisie's 159.60, Siobhán's
    # 27.00.
    assert waves["Wave 2: targeted group"] == "362.68"


def test_a_larger_group_divides_the_cost_exactly(run_cli: RunCli, examples_copy: Path) -> None:
    record = examples_copy / "records" / "celine-m.yaml"
    text = record.read_text(encoding="utf-8")
    start = text.index("  - id: tutor-time")
    changed = text[:start] + text[start:].replace("group_size: 1", "group_size: 4", 1)
    record.write_text(changed, encoding="utf-8")
    data = provision_json(run_cli, examples_copy)
    row = next(r for r in data["rows"] if r["resource_id"] == "tutor-time")
    assert row["Cost per pupil per year"] == "180.50"  # 722.00 / 4
    assert row["Group size"] == 4
    assert data["total"] == "9041.68"  # 9583.18 - 722.00 + 180.50


def test_part_of_a_year_counts_its_share_of_term_days(run_cli: RunCli, make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            "pcplan.yaml": """\
                provision: {weeks_per_year: 39}
                terms:
                  - {name: 2026-autumn, start: 2026-09-07, end: 2026-12-18}
                  - {name: 2027-spring, start: 2027-01-04, end: 2027-03-26}
                  - {name: 2027-summer, start: 2027-04-12, end: 2027-07-23}
                """,
            "records/sam.yaml": """\
                schema_version: 1
                pupil: {id: sam, name: Sam Lee, sen_status: K, needs: {primary: SEMH}}
                resources:
                  - {id: spring-only, text: Spring group, cost: {amount: 100, per: week},
                     start: 2027-01-04, end: 2027-03-26}
                  - {id: per-term, text: Termly kit, cost: {amount: 10, per: term}}
                  - {id: no-rhythm, text: Sessions, cost: {amount: 5, per: session}}
                  - {id: next-year, text: Later, cost: {amount: 99, per: once},
                     start: 2027-09-06}
                """,
        }
    )
    data = provision_json(run_cli, repo)
    costs = {r["resource_id"]: r["Cost per pupil per year"] for r in data["rows"]}
    # Term days: autumn 75, spring 60, summer 75 weekdays = 210; spring is 60 of them.
    # 100 x 39 weeks x 60 / 210 = 1114.2857...
    assert costs["spring-only"] == "1114.29"
    assert costs["per-term"] == "30.00"
    assert costs["no-rhythm"] is None  # a cost per session needs sessions_per_week
    assert costs["next-year"] == "0.00"
    later = provision_json(run_cli, repo, "--year", "2027")
    assert {r["resource_id"]: r["Cost per pupil per year"] for r in later["rows"]}[
        "next-year"
    ] == "99.00"


def test_the_csv_and_xlsx_have_the_columns_in_order_and_numbers_as_numbers(
    run_cli: RunCli, examples_copy: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    result = run_cli(
        "provision", "--format", "csv", "-o", "-", "--repo", str(examples_copy), "--today", TODAY
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == HEADER
    assert len(rows) == 1 + len(BY_HAND)
    table = [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]
    pupils = list(dict.fromkeys(row["Pupil"] for row in table))
    # By surname, the particle part of it: Ní Bhriain under N.
    assert pupils.index("Celine Morgan") + 1 == pupils.index("Siobhán Ní Bhriain")
    first = next(row for row in table if row["Pupil"] == "Siobhán Ní Bhriain")
    assert first["Cost"] == "6.40" and first["Cost per"] == "once"

    target = tmp_path / "provision.xlsx"
    result = run_cli(
        "provision", "--format", "xlsx", "-o", str(target), "--repo", str(examples_copy),
        "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target)["Provision"]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.freeze_panes == "B2"
    per_year = HEADER.index("Cost per pupil per year") + 1
    values = [sheet.cell(row=r, column=per_year).value for r in range(2, sheet.max_row + 1)]
    assert all(v is None or isinstance(v, int | float) for v in values)
    assert round(sum(v for v in values if v is not None), 2) == float(TOTAL)
    assert "£" in sheet.cell(row=2, column=per_year).number_format
    assert sheet.column_dimensions["G"].width > 10


def test_the_page_shows_the_rows_then_the_totals(run_cli: RunCli, examples_copy: Path) -> None:
    result = run_cli("provision", "--repo", str(examples_copy), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("provision.html: 20 rows, school year 2026-27")
    page = (examples_copy / "out" / "provision.html").read_text(encoding="utf-8")
    assert "<dt>Total cost for the year</dt><dd>£9,583.18</dd>" in page
    assert "£7,527.60 (Jamal Haddad)" in page
    for caption in ("area of need", "wave", "year group", "kind of provision", "staff member"):
        assert f"<caption>Cost by {caption}" in page
    assert page.count('<tr class="total"><th scope="row">Total</th>') == 5
    assert "3 resources have no cost recorded" in page
