"""`pcplan register`: the SEN register, its counts, its filters and its formats."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL_RECORD, TODAY, MakeRepo, RunCli

HEADER = [
    "Pupil", "UPN", "Surname", "Forename", "Preferred Forename", "DOB", "Year Group",
    "SEN Status", "Primary Need", "Secondary Need", "Area of Need", "Last Review",
    "Next Review", "Open Actions", "Active Goals",
]  # fmt: skip


def register_csv(run_cli: RunCli, repo: Path, *args: str) -> list[dict[str, str]]:
    result = run_cli(
        "register", "--format", "csv", "-o", "-", "--repo", str(repo), "--today", TODAY, *args
    )
    assert result.exit_code == 0, result.output
    reader = csv.reader(io.StringIO(result.stdout))
    assert next(reader) == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in reader]


def test_the_csv_has_one_row_per_pupil_in_surname_order(
    run_cli: RunCli, examples_copy: Path
) -> None:
    rows = register_csv(run_cli, examples_copy)
    assert [r["Surname"] for r in rows] == [
        "Asante", "Davies", "Haddad", "Kowalczyk", "Morgan", "Ní Bhriain", "Thompson",
    ]  # fmt: skip
    jamal = rows[2]
    assert jamal == {
        "Pupil": "Jamal Haddad",
        "UPN": "B202400114103",
        "Surname": "Haddad",
        "Forename": "Jamal",
        "Preferred Forename": "",
        "DOB": "2010-01-19",
        "Year Group": "12",
        "SEN Status": "EHC plan",
        "Primary Need": "ASD",
        "Secondary Need": "SEMH",
        "Area of Need": "Communication and interaction",
        "Last Review": "2026-10-14",
        "Next Review": "2027-02-03",
        "Open Actions": "2",
        "Active Goals": "5",
    }
    siobhan = rows[5]
    assert (siobhan["Surname"], siobhan["Forename"]) == ("Ní Bhriain", "Siobhán")
    # Maisie's year group comes from her date of birth; Reception is R.
    assert rows[3]["Year Group"] == "R"


def test_staff_see_the_full_name_with_the_known_as_name_where_it_differs(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    repo = make_repo(
        {
            "records/tom-reid.yaml": """\
                schema_version: 1
                pupil: {id: tom-reid, name: Thomas Reid, known_as: Tom, sen_status: K,
                        needs: {primary: SEMH, secondary: [SLCN, SPLD]}}
                """,
            "records/amy-ho.yaml": """\
                schema_version: 1
                pupil: {id: amy-ho, name: Amy Ho, known_as: Amy, sen_status: E,
                        needs: {primary: NSA}, year_group: 7}
                """,
        }
    )
    rows = register_csv(run_cli, repo)
    assert [r["Pupil"] for r in rows] == ["Amy Ho", "Thomas Reid (Tom)"]
    assert rows[1]["Secondary Need"] == "SLCN; SPLD"
    assert rows[1]["Area of Need"] == "Social, emotional and mental health"
    assert rows[0]["Area of Need"] == "Not yet known"
    page = run_cli("register", "--format", "md", "-o", "-", "--repo", str(repo), "--today", TODAY)
    assert "| Thomas Reid (Tom) |" in page.stdout


def test_filters_by_status_need_and_year(run_cli: RunCli, examples_copy: Path) -> None:
    assert [r["Surname"] for r in register_csv(run_cli, examples_copy, "--status", "E")] == [
        "Haddad",
        "Morgan",
    ]
    # Codes are read in either case, as --need and --year are.
    assert [r["Surname"] for r in register_csv(run_cli, examples_copy, "--status", "e")] == [
        "Haddad",
        "Morgan",
    ]
    # A secondary need counts as well as the primary one.
    by_need = register_csv(run_cli, examples_copy, "--need", "slcn")
    assert [r["Surname"] for r in by_need] == ["Davies", "Kowalczyk", "Morgan"]
    by_year = register_csv(run_cli, examples_copy, "--year", "r", "--year", "9")
    assert [r["Surname"] for r in by_year] == ["Davies", "Kowalczyk"]
    by_words = register_csv(run_cli, examples_copy, "--year", "Reception", "--year", "Year 9")
    assert [r["Surname"] for r in by_words] == ["Davies", "Kowalczyk"]
    bad = run_cli("register", "--need", "XYZ", "--repo", str(examples_copy))
    assert bad.exit_code == 2
    assert "--need must be a need code" in bad.stderr
    # The page says that it lists only some pupils, never "every pupil".
    page = run_cli(
        "register", "--status", "K", "--need", "SLCN", "--format", "md", "-o", "-",
        "--repo", str(examples_copy), "--today", TODAY,
    )  # fmt: skip
    assert "Only the pupils in the records on " in page.stdout
    assert " with: SEN support; need SLCN." in page.stdout
    assert "Every pupil" not in page.stdout


def test_the_page_counts_by_status_area_and_year(run_cli: RunCli, examples_copy: Path) -> None:
    result = run_cli("register", "--repo", str(examples_copy), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("register.html: 7 pupils")
    page = (examples_copy / "out" / "register.html").read_text(encoding="utf-8")
    assert "<caption>7 pupils</caption>" in page
    assert (
        '<tr class="total"><th scope="row">All areas</th><td class="num">2</td>'
        '<td class="num">3</td><td class="num">5</td></tr>'
    ) in page
    data = json.loads(
        run_cli(
            "register", "--format", "json", "-o", "-", "--repo", str(examples_copy),
            "--today", TODAY,
        ).stdout
    )  # fmt: skip
    assert {"status": "E", "area": "cognition", "year_group": "11", "pupils": 1} in data["counts"]
    assert sum(c["pupils"] for c in data["counts"]) == len(data["pupils"]) == 7


def test_an_invalid_record_is_reported_and_left_out_of_every_total(
    run_cli: RunCli, examples_copy: Path
) -> None:
    (examples_copy / "records" / "broken.yaml").write_text(
        "schema_version: 1\npupil: {id: broken, name: Bea Broken, sen_status: Q}\n",
        encoding="utf-8",
    )
    result = run_cli("register", "--format", "md", "--repo", str(examples_copy), "--today", TODAY)
    assert result.exit_code == 1
    assert "broken.yaml:2:" in result.stderr and "pupil.sen_status" in result.stderr
    assert "1 record was left out of every total" in result.stderr
    page = (examples_copy / "out" / "register.md").read_text(encoding="utf-8")
    assert "7 pupils." in page and "Bea" not in page
    assert "1 record is left out of every list and total on this page" in page
    assert "- records/broken.yaml (1 problem)" in page


def need_soffice() -> str:
    """LibreOffice with Calc; missing, the test skips, except under CI=true, where it fails."""
    soffice = shutil.which("soffice")
    if soffice and Path("/usr/lib/libreoffice/program/pagein-calc").exists():
        return soffice
    message = "LibreOffice Calc is not installed (make browser-tools installs it)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(message)
    pytest.skip(message)


FORMULA_NAME = '=HYPERLINK("http://x.test","click")'


@pytest.fixture
def hostile_repo(make_repo: MakeRepo) -> Path:
    return make_repo(
        {
            "records/eve.yaml": f"""\
                schema_version: 1
                pupil:
                  id: eve
                  name: '{FORMULA_NAME.replace("'", "''")} Smith'
                  known_as: "@SUM(1+1)"
                  sen_status: K
                  needs: {{primary: MLD}}
                  date_of_birth: 2015-03-04
                """,
        }
    )


def test_formulas_are_written_as_text_in_csv_and_xlsx(
    run_cli: RunCli, hostile_repo: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    rows = register_csv(run_cli, hostile_repo)
    assert rows[0]["Forename"] == "'" + FORMULA_NAME
    assert rows[0]["Preferred Forename"] == "'@SUM(1+1)"
    target = tmp_path / "register.xlsx"
    result = run_cli(
        "register", "--format", "xlsx", "-o", str(target), "--repo", str(hostile_repo),
        "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target)["Register"]
    assert [c.value for c in sheet[1]] == HEADER
    forename = sheet.cell(row=2, column=4)
    assert forename.data_type == "s" and forename.value == "'" + FORMULA_NAME
    assert sheet.freeze_panes == "B2"
    dob = sheet.cell(row=2, column=6)
    assert dob.is_date and dob.value.date().isoformat() == "2015-03-04"
    actions = sheet.cell(row=2, column=14)
    assert actions.data_type == "n" and actions.value == 0


def test_libreoffice_opens_the_csv_with_formulas_as_text(
    run_cli: RunCli, hostile_repo: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    soffice = need_soffice()
    source = tmp_path / "register.csv"
    result = run_cli(
        "register", "--format", "csv", "-o", str(source), "--repo", str(hostile_repo),
        "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    done = subprocess.run(
        [
            soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
            "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path),
            str(source),
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(tmp_path / "register.xlsx").active
    assert [c.value for c in sheet[1]] == HEADER
    forename = sheet.cell(row=2, column=4)
    assert forename.data_type == "s"
    assert str(forename.value).endswith(FORMULA_NAME)


def test_the_same_records_and_date_give_identical_files(
    run_cli: RunCli, examples_copy: Path, tmp_path: Path
) -> None:
    outputs = []
    for fmt in ("html", "md", "csv", "xlsx", "json"):
        for attempt in ("a", "b"):
            target = tmp_path / f"{attempt}.{fmt}"
            result = run_cli(
                "register", "--format", fmt, "-o", str(target), "--repo", str(examples_copy),
                "--today", TODAY,
            )  # fmt: skip
            assert result.exit_code == 0, result.output
            outputs.append(target.read_bytes())
    for first, second in zip(outputs[::2], outputs[1::2], strict=True):
        assert first == second


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_pcplan_import_reads_the_register_back_as_no_change(
    run_cli: RunCli, examples_copy: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"register.{fmt}"
    args = ("--repo", str(examples_copy), "--today", TODAY)
    written = run_cli("register", "--format", fmt, "-o", str(target), *args)
    assert written.exit_code == 0, written.output
    records = examples_copy / "records"
    before = {p: p.read_bytes() for p in records.rglob("*") if p.is_file()}
    result = run_cli("import", str(target), *args)
    assert result.exit_code == 0, result.output
    assert "0 new pupils, 0 updated, 7 unchanged" in result.stdout
    assert {p: p.read_bytes() for p in records.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("name", "forename", "surname"),
    [
        ("Siobhán Ní Bhriain", "Siobhán", "Ní Bhriain"),
        ("Seán Ó Súilleabháin", "Seán", "Ó Súilleabháin"),
        ("Eilidh Nic Dhòmhnaill", "Eilidh", "Nic Dhòmhnaill"),
        ("Calum Mac Leòid", "Calum", "Mac Leòid"),
        ("Rhys ap Gruffydd", "Rhys", "ap Gruffydd"),
        ("Anna van der Berg", "Anna", "van der Berg"),
        ("Maria de la Cruz", "Maria", "de la Cruz"),
        ("Luca Di Stefano", "Luca", "Di Stefano"),
        ("Omar Al Rashid", "Omar", "Al Rashid"),
        ("Omar al-Rashid", "Omar", "al-Rashid"),
        ("Yusuf bin Ahmad", "Yusuf", "bin Ahmad"),
        ("Mary Jane McDonald", "Mary Jane", "McDonald"),
        ("Da Silva", "Da", "Silva"),  # the first word is always a forename
        ("Cher", "", "Cher"),
    ],
)
def test_a_surname_keeps_its_particle(name: str, forename: str, surname: str) -> None:
    from pcplan.cohort.pupils import split_name

    assert split_name(name) == (forename, surname)


def test_surnames_sort_as_written_ignoring_case_and_accents(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    names = ["Zoe Ó Briain", "Ann Nash", "Ben van der Berg", "Cat Oakes", "Dan Morgan"]
    repo = make_repo(
        {
            f"records/p{i}.yaml": MINIMAL_RECORD.format(id=f"p{i}").replace("Sam Lee", name)
            for i, name in enumerate(names)
        }
    )
    rows = register_csv(run_cli, repo)
    assert [r["Surname"] for r in rows] == ["Morgan", "Nash", "Ó Briain", "Oakes", "van der Berg"]
