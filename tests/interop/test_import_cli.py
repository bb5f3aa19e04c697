"""`pcplan import`: a SIMS export into the example records, as a SENCO would run it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, RunCli

FIXTURES = PROJECT / "examples"
SIMS = FIXTURES / "sims-export.csv"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def school(examples_copy: Path) -> Path:
    """The example records in a git repository with one commit."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    git(examples_copy, "init", "-q")
    git(examples_copy, "config", "user.name", "Mrs Adeyemi")
    git(examples_copy, "config", "user.email", "senco@example.invalid")
    git(examples_copy, "add", "-A")
    git(examples_copy, "commit", "-q", "-m", "Records at the start of term")
    return examples_copy


def snapshot(root: Path) -> dict[str, bytes]:
    # Every file under records/, pictures included: import must change none but records.
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "records").rglob("*"))
        if p.is_file()
    }


def changed_lines(diff: str) -> list[str]:
    return [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_sims_export_updates_only_identity_lines(school: Path, run_cli: RunCli) -> None:
    result = run_cli("import", str(SIMS), "--repo", str(school), "--today", TODAY)

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "records/soren-odegard.yaml: Søren Ødegård (line 8)" in out
    assert "ffion-davies: sen_status: K → E" in out
    assert "ruby-thompson: year_group: 3 → 4" in out
    assert "kwame-asante: not in the MIS export (left the school?)" in out
    assert "1 new pupil, 4 updated, 2 unchanged, 1 not in the export" in out
    # What the change brings that needs a person: an EHC plan is reviewed every year.
    assert "records/ffion-davies.yaml:12:15: pupil.sen_status: warning: an EHC plan" in (
        result.stderr
    )

    # The records that changed changed only in their identity lines.
    diff = git(school, "diff", "--", "records")
    assert sorted(changed_lines(diff)) == sorted(
        [
            "+  upn: T202400110001",
            "+  upn: G202400110002",
            "-  sen_status: K",
            "+  sen_status: E",
            "+  upn: J202400120005",
            "-  year_group: 3",
            "+  date_of_birth: 2018-03-12",
            "+  year_group: 4",
            "+  upn: Q202400120009",
        ]
    )
    assert git(school, "diff", "--name-only", "--", "records").split() == [
        "records/celine-m.yaml",
        "records/ffion-davies.yaml",
        "records/maisie-kowalczyk.yaml",
        "records/ruby-thompson.yaml",
    ]
    # Jamal and Siobhán agree with the export; Kwame left and is kept.
    untracked = git(school, "ls-files", "--others", "--", "records").split()
    assert untracked == ["records/soren-odegard.yaml"]
    new = (school / "records/soren-odegard.yaml").read_text(encoding="utf-8")
    assert 'name: "Søren Ødegård"' in new
    assert "date_of_birth: 2014-11-05" in new and "upn: M202400130001" in new
    assert "primary: SEMH" in new and "year_group" not in new.split("circle:")[0]
    assert "# The one-page profile." in new  # the same skeleton as new-pupil

    validated = run_cli("validate", "--repo", str(school), "--today", TODAY)
    assert validated.exit_code == 0, validated.output

    again = run_cli("import", str(SIMS), "--repo", str(school), "--today", TODAY)
    assert again.exit_code == 0, again.output
    assert "Nothing to change: 0 new pupils, 0 updated, 7 unchanged" in again.stdout


def test_one_bad_date_writes_nothing(examples_copy: Path, run_cli: RunCli, tmp_path: Path) -> None:
    text = SIMS.read_bytes().replace(b"07/05/2013", b"31/02/2013")
    export = tmp_path / "export.csv"
    export.write_bytes(text)
    before = snapshot(examples_copy)

    result = run_cli(
        "import", "export.csv", "--repo", str(examples_copy), "--today", TODAY, cwd=tmp_path
    )

    assert result.exit_code == 1
    assert "export.csv:3: Date of Birth: '31/02/2013' is not a real date" in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(examples_copy) == before
    assert "Traceback" not in result.output


@pytest.mark.parametrize("option", ["--dry-run", "--check"])
def test_dry_run_and_check_change_no_file(
    examples_copy: Path, run_cli: RunCli, option: str
) -> None:
    before = snapshot(examples_copy)
    result = run_cli("import", str(SIMS), option, "--repo", str(examples_copy), "--today", TODAY)
    assert snapshot(examples_copy) == before
    if option == "--dry-run":
        assert result.exit_code == 0, result.output
        assert "ffion-davies: sen_status: K → E" in result.stdout
        assert "Dry run, nothing written: 1 new pupil, 4 updated" in result.stdout
    else:
        assert result.exit_code == 1, result.output


def test_check_lists_what_the_census_would_notice(examples_copy: Path, run_cli: RunCli) -> None:
    result = run_cli(
        "import", SIMS.name, "--check", "--repo", str(examples_copy), "--today", TODAY, cwd=FIXTURES
    )

    lines = result.stdout.splitlines()
    assert "sims-export.csv:3: ffion-davies: sen_status: records K, export E" in lines
    assert "sims-export.csv:6: ruby-thompson: year_group: records 3, export 4" in lines
    assert "sims-export.csv:2: celine-m: upn: records (none), export T202400110001" in lines
    assert "sims-export.csv:8: Søren Ødegård: no record, export sen_status K" in lines
    # Names are not a census field; Kwame (no SEN) leaving is not a census difference.
    assert not any("kwame" in line for line in lines)
    assert result.exit_code == 1


def test_check_passes_when_records_agree(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    export = tmp_path / "census.csv"
    export.write_text(
        "UPN;Surname;Forename;DOB;NCyearActual;SENprovision;PrimarySENtype;SecondarySENtype\n"
        "B202400114103;Haddad;Jamal;2010-01-19;12;E;ASD;SEMH\n"
        "A202400120017;Ní Bhriain;Siobhán;2016-03-02;6;K;SPLD;SEMH\n",
        encoding="utf-8",
    )
    result = run_cli(
        "import", str(export), "--check", "--repo", str(examples_copy), "--today", TODAY
    )
    # Celine, Ffion and Maisie (E and K) are not in this file: the census would miss them.
    assert (
        "records/celine-m.yaml: celine-m: sen_status: records E, not in the export" in result.stdout
    )
    assert result.exit_code == 1

    for name in ("celine-m", "ffion-davies", "maisie-kowalczyk", "kwame-asante", "ruby-thompson"):
        (examples_copy / "records" / f"{name}.yaml").unlink()
    agreed = run_cli(
        "import", str(export), "--check", "--repo", str(examples_copy), "--today", TODAY
    )
    assert agreed.exit_code == 0, agreed.output
    assert "agree with" in agreed.stdout


@needs_git
def test_commit_makes_one_commit_with_the_records(school: Path, run_cli: RunCli) -> None:
    result = run_cli("import", str(SIMS), "--commit", "--repo", str(school), "--today", TODAY)

    assert result.exit_code == 0, result.output
    message = "Import from the MIS export of 2026-11-22: 1 new pupil, 4 updated"
    assert git(school, "log", "-1", "--format=%s") == message + "\n"
    assert git(school, "show", "--name-only", "--format=", "HEAD").split() == [
        "records/celine-m.yaml",
        "records/ffion-davies.yaml",
        "records/maisie-kowalczyk.yaml",
        "records/ruby-thompson.yaml",
        "records/soren-odegard.yaml",
    ]
    assert git(school, "status", "--porcelain") == ""


@needs_git
def test_commit_refuses_a_record_with_uncommitted_changes(school: Path, run_cli: RunCli) -> None:
    ffion = school / "records/ffion-davies.yaml"
    ffion.write_text(ffion.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    before = snapshot(school)
    result = run_cli("import", str(SIMS), "--commit", "--repo", str(school), "--today", TODAY)
    assert result.exit_code == 2
    assert "records/ffion-davies.yaml has changes that are not committed yet" in result.stderr
    assert snapshot(school) == before


def test_a_missing_column_names_those_found(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text("UPN,Given,Family,SEN Status\n", encoding="utf-8")
    result = run_cli("import", "export.csv", "--repo", str(examples_copy), cwd=tmp_path)
    assert result.exit_code == 2
    assert (
        "export.csv:1: no Forename or Surname column; the columns found are: 'UPN', 'Given', "
        "'Family', 'SEN Status'" in result.stderr
    )

    mapped = run_cli(
        "import",
        "export.csv",
        "--column",
        "Given=Forename",
        "--column",
        "family=last name",
        "--dry-run",
        "--repo",
        str(examples_copy),
        cwd=tmp_path,
    )
    assert mapped.exit_code == 2 and "has a header row but no pupils" in mapped.stderr


def test_a_record_named_by_mistake_is_refused_unread(examples_copy: Path, run_cli: RunCli) -> None:
    result = run_cli(
        "import", "records/celine-m.yaml", "--repo", str(examples_copy), cwd=examples_copy
    )
    assert result.exit_code == 2
    assert "records/celine-m.yaml is not a CSV file or an .xlsx workbook" in result.stderr
    assert "columns found" not in result.stderr and "schema" not in result.stderr


def test_a_school_maps_its_own_headers(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Kid's UPN\tChild first name\tChild surname\tBorn\tStatus\tNeed\n"
        "B202400114103\tJamal\tHaddad\t19/1/10\tE\tasd\n",
        encoding="utf-8",
    )
    result = run_cli(
        "import",
        "export.csv",
        "--dry-run",
        "--column",
        "Kid's UPN=UPN",
        "--column",
        "Child first name=Forename",
        "--column",
        "Child surname=Surname",
        "--column",
        "Born=DOB",
        "--column",
        "Status=SENprovision",
        "--column",
        "Need=PrimarySENtype",
        "--repo",
        str(examples_copy),
        "--today",
        TODAY,
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.output
    assert "0 new pupils, 0 updated, 1 unchanged, 6 not in the export" in result.stdout

    unknown = run_cli(
        "import",
        "export.csv",
        "--column",
        "Born=Birthday",
        "--repo",
        str(examples_copy),
        cwd=tmp_path,
    )
    assert unknown.exit_code == 2
    assert "pcplan has no column 'Birthday'" in unknown.stderr


BAD_ROWS = [
    (
        "B202400114104,Haddad,Jamal,19/01/2010,E,ASD",
        "UPN: 'B202400114104' has the wrong check letter",
    ),
    ("B20240011410,Haddad,Jamal,19/01/2010,E,ASD", "UPN: 'B20240011410' is not a UPN"),
    (
        "B202400114103,Haddad,Jamal,19/01/2010,Statemented-ish,ASD",
        "SEN Status: 'Statemented-ish' is not an SEN status",
    ),
    (
        "B202400114103,Haddad,Jamal,19/01/2010,E,Dyscalculia plus",
        "Primary Need: 'Dyscalculia plus' is not a need code",
    ),
    ("B202400114103,Haddad,Jamal,2010-13-01,E,ASD", "DOB: '2010-13-01' is not a real date"),
    ("B202400114103,Haddad,Jamal,yesterday,E,ASD", "DOB: 'yesterday' is not a date"),
    (
        "B202400114103,Haddad,Jamal," + "x" * 80 + ",E,ASD",
        "DOB: this cell is not a date",
    ),
    (
        ",Asante,Kwame,01/01/2015,K,",
        "records/kwame-asante.yaml would not be valid: pupil.sen_status",
    ),
    (",Lee,Sam,01/01/2015,K,", "records/sam-lee.yaml would not be valid"),
    (",,,01/01/2015,N,", "Surname: the forename and surname are blank"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_bad_rows_point_into_the_file(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path, row: str, message: str
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "UPN,Surname,Forename,DOB,SEN Status,Primary Need\n"
        "A202400120017,Ní Bhriain,Siobhán,02/03/2016,K,SPLD\n" + row + "\n",
        encoding="utf-8",
    )
    before = snapshot(examples_copy)
    result = run_cli(
        "import", "export.csv", "--repo", str(examples_copy), "--today", TODAY, cwd=tmp_path
    )
    assert result.exit_code == 1, result.output
    assert f"export.csv:3: {message}" in result.stderr
    assert "x" * 31 not in result.output
    assert snapshot(examples_copy) == before


def test_duplicates_in_the_file_and_two_rows_for_one_pupil(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "UPN,Surname,Forename,DOB,SEN Status,Primary Need\n"
        "B202400114103,Haddad,Jamal,19/01/2010,E,ASD\n"
        "B202400114103,Haddad,Jamal,19/01/2010,E,ASD\n"
        ",Morgan,Celine,17/02/2011,E,MLD\n"
        ",Morgan,Celine,17/02/2011,E,MLD\n",
        encoding="utf-8",
    )
    result = run_cli(
        "import", "export.csv", "--repo", str(examples_copy), "--today", TODAY, cwd=tmp_path
    )
    assert result.exit_code == 1
    assert "export.csv:3: UPN: the UPN B202400114103 is also on line 2" in result.stderr
    assert "export.csv:5: this row and line 4 both match records/celine-m.yaml" in result.stderr


def test_a_row_matching_two_records_is_an_error(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    # Jamal's UPN, but Siobhán's name and date of birth.
    export = tmp_path / "export.csv"
    export.write_text(
        "UPN,Surname,Forename,DOB,SEN Status,Primary Need\n"
        "B202400114103,Ní Bhriain,Siobhán,02/03/2016,K,SPLD\n",
        encoding="utf-8",
    )
    result = run_cli(
        "import", "export.csv", "--repo", str(examples_copy), "--today", TODAY, cwd=tmp_path
    )
    assert result.exit_code == 1
    assert (
        "export.csv:2: this pupil matches 2 records: records/jamal-haddad.yaml, "
        "records/siobhan-ni-bhriain.yaml" in result.stderr
    )


def test_names_in_every_script_but_no_control_characters(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Surname,Forename,DOB,SEN Status\n"
        "\u0641\u0631\u0647\u0627\u062f\u06cc,\u0645\u0647\u200c\u0646\u0627\u0632,"
        "01/09/2019,N\n"
        "Lee,Sam\u202e,01/09/2019,N\n",
        encoding="utf-8",
    )
    result = run_cli(
        "import", "export.csv", "--repo", str(examples_copy), "--today", TODAY, cwd=tmp_path
    )
    assert result.exit_code == 1
    assert "export.csv:3: Forename: the forename holds characters that are not text" in (
        result.stderr
    )
    assert "export.csv:2" not in result.stderr


def test_ids_that_clash_get_a_number_and_the_output_says_so(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Surname,Forename,DOB,SEN Status\n"
        "Morgan,Celine,01/09/2019,N\n"
        "Żak,Łucja,02/09/2019,N\n"
        "Zak,Lucja,03/09/2019,N\n",
        encoding="utf-8",
    )
    result = run_cli(
        "import", "export.csv", "--repo", str(examples_copy), "--today", TODAY, cwd=tmp_path
    )
    assert result.exit_code == 0, result.output
    assert "records/celine-morgan.yaml: Celine Morgan (line 2)" in result.stdout
    assert "records/lucja-zak.yaml: Łucja Żak (line 3)" in result.stdout
    assert (
        "records/lucja-zak-2.yaml: Lucja Zak (line 4; lucja-zak is another pupil's id, so this "
        "one is lucja-zak-2)" in result.stdout
    )
    assert (examples_copy / "records/lucja-zak-2.yaml").exists()


def test_an_invalid_record_stops_the_import(examples_copy: Path, run_cli: RunCli) -> None:
    (examples_copy / "records/broken.yaml").write_text("schema_version: 1\npupil: {}\n")
    result = run_cli(
        "import", str(SIMS), "--dry-run", "--repo", str(examples_copy), "--today", TODAY
    )
    assert result.exit_code == 1
    assert "some records are not valid" in result.stderr
    assert "broken.yaml" in result.stderr


def test_the_register_agrees_with_the_records_for_the_census(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    register = tmp_path / "register.csv"
    args = ("--repo", str(examples_copy), "--today", TODAY)
    written = run_cli("register", "--format", "csv", "-o", str(register), *args)
    assert written.exit_code == 0, written.output
    result = run_cli("import", str(register), "--check", *args)
    assert result.exit_code == 0, result.output
    assert "agree with" in result.stdout
