"""`pcplan validate`: every problem in every file, then a summary; exit codes as in cli.md."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINIMAL_RECORD, PROJECT, TODAY, MakeRepo, RunCli


def test_all_valid_exits_0(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo({"records/sam.yaml": MINIMAL_RECORD.format(id="sam")})
    result = run_cli("validate", "--repo", str(root))
    assert result.exit_code == 0
    assert result.stdout.strip() == "Checked 1 record: it is valid."


def test_every_problem_in_every_file(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "pcplan.yaml": "school: Ours\n",
            "records/a.yaml": MINIMAL_RECORD.format(id="a") + "  nmae: x\n  upn: 12\n",
            "records/b.yaml": "schema_version: 1\npupil: {id: b, name: B, sen_status: Q}\n",
            "records/c.yaml": MINIMAL_RECORD.format(id="c"),
        }
    )
    result = run_cli("validate", "--repo", str(root), cwd=root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("records/a.yaml:7:3: pupil.nmae: unknown key 'nmae'")
    assert lines[1].startswith("records/a.yaml:8:8: pupil.upn: a UPN is 13 characters")
    assert lines[2].startswith("records/b.yaml:2:37: pupil.sen_status: 'Q' is not allowed")
    assert lines[-1] == "Checked 3 records: 2 files with problems, 3 errors."


def test_json_output_has_the_same_diagnostics(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo({"records/a.yaml": MINIMAL_RECORD.format(id="a") + "  nmae: x\n"})
    result = run_cli("validate", "--format", "json", "--repo", str(root), cwd=root)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["files"] == 1 and payload["valid"] == 0 and payload["errors"] == 1
    (diag,) = payload["diagnostics"]
    assert diag == {
        "file": "records/a.yaml",
        "line": 7,
        "column": 3,
        "path": "pupil.nmae",
        "severity": "error",
        "code": "unknown-key",
        "message": "unknown key 'nmae': did you mean 'name'?",
    }


def test_named_pupils_by_id_and_by_path(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/a.yaml": MINIMAL_RECORD.format(id="a"),
            "records/b.yaml": "broken: [\n",
        }
    )
    assert run_cli("validate", "a", "--repo", str(root)).exit_code == 0
    assert run_cli("validate", "records/a.yaml", cwd=root).exit_code == 0
    assert run_cli("validate", "b", "--repo", str(root)).exit_code == 1


def test_unknown_pupil_is_a_usage_error(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo({"records/celine-m.yaml": MINIMAL_RECORD.format(id="celine-m")})
    result = run_cli("validate", "celin", "--repo", str(root))
    assert result.exit_code == 2
    assert "no pupil 'celin'" in result.stderr and "celine-m" in result.stderr


def test_no_repository_says_how_to_start(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("validate", cwd=tmp_path)
    assert result.exit_code == 2
    assert "pcplan init" in result.stderr
    assert "Traceback" not in result.output


def test_missing_repo_option(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("validate", "--repo", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_empty_repository(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo({"pcplan.yaml": ""})
    result = run_cli("validate", "--repo", str(root))
    assert result.exit_code == 2
    assert "no records" in result.stderr


def test_bad_today_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("validate", "--repo", str(PROJECT), "--today", "2026-02-30")
    assert result.exit_code == 2
    assert "--today" in result.stderr


def test_settings_problems_are_reported(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "pcplan.yaml": """\
            school: Ours
            terms:
              - {name: 2026-autumn, start: 2026-09-01, end: 2026-12-18}
              - {name: 2027-spring, start: 2026-12-10, end: 2026-12-01}
              - {name: 2027-summer, start: 2027-04-12, end: 2027-07-21, holiday: yes}
            """,
            "records/a.yaml": MINIMAL_RECORD.format(id="a"),
        }
    )
    result = run_cli("validate", "--repo", str(root), cwd=root)
    assert result.exit_code == 1
    assert "pcplan.yaml:5:" in result.stdout and "unknown key 'holiday'" in result.stdout
    root2 = make_repo(
        {
            "pcplan.yaml": """\
            terms:
              - {name: 2026-autumn, start: 2026-09-01, end: 2026-12-18}
              - {name: 2027-spring, start: 2026-12-10, end: 2026-12-01}
            """,
        }
    )
    result = run_cli("validate", "--repo", str(root2), cwd=root2)
    assert "the term ends before it starts" in result.stdout
    assert "overlaps 2026-autumn" in result.stdout
    assert "named by the year it starts in" in result.stdout


def test_repository_found_by_walking_up(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo({"pcplan.yaml": "", "records/a.yaml": MINIMAL_RECORD.format(id="a")})
    deep = root / "records" / "notes" / "more"
    deep.mkdir(parents=True)
    result = run_cli("validate", cwd=deep)
    assert result.exit_code == 0, result.output


def test_repository_from_environment(
    run_cli: RunCli, make_repo: MakeRepo, tmp_path: Path, monkeypatch: object
) -> None:
    root = make_repo({"records/a.yaml": MINIMAL_RECORD.format(id="a")})
    import os

    os.environ["PCPLAN_REPO"] = str(root)
    try:
        result = run_cli("validate", cwd=tmp_path)
    finally:
        del os.environ["PCPLAN_REPO"]
    assert result.exit_code == 0, result.output


def test_warnings_pass_unless_strict(run_cli: RunCli, make_repo: MakeRepo) -> None:
    record = MINIMAL_RECORD.format(id="a").replace("sen_status: K", "sen_status: E")
    root = make_repo({"records/a.yaml": record})
    result = run_cli("validate", "--repo", str(root), cwd=root)
    assert result.exit_code == 0
    assert "warning: an EHC plan is reviewed every 12 months" in result.stdout
    assert result.stdout.strip().endswith(
        "all are valid, 1 warning."
    ) or result.stdout.strip().endswith("it is valid, 1 warning.")
    assert run_cli("validate", "--strict", "--repo", str(root)).exit_code == 1


def test_year_group_derived_from_date_of_birth(run_cli: RunCli, make_repo: MakeRepo) -> None:
    record = MINIMAL_RECORD.format(id="a") + "  date_of_birth: 2015-03-02\n  year_group: 9\n"
    root = make_repo({"records/a.yaml": record})
    result = run_cli("validate", "--repo", str(root), "--today", TODAY, cwd=root)
    assert "puts the pupil in year group 7" in result.stdout


def test_duplicate_upn_across_records(run_cli: RunCli, make_repo: MakeRepo) -> None:
    upn = "  upn: A123456789012\n"
    root = make_repo(
        {
            "records/a.yaml": MINIMAL_RECORD.format(id="a") + upn,
            "records/b.yaml": MINIMAL_RECORD.format(id="b") + upn,
        }
    )
    result = run_cli("validate", "--repo", str(root), cwd=root)
    assert result.exit_code == 1
    assert "records/a.yaml:7:8: pupil.upn: the same UPN is also in records/b.yaml" in result.stdout
    assert "records/b.yaml:7:8: pupil.upn: the same UPN is also in records/a.yaml" in result.stdout


def test_oversized_and_unreadable_files_do_not_stop_the_rest(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    root = make_repo({"records/a.yaml": MINIMAL_RECORD.format(id="a")})
    (root / "records" / "huge.yaml").write_bytes(b"a: " + b"x" * (2 * 1024 * 1024))
    (root / "records" / "folder.yaml").mkdir()
    result = run_cli("validate", "--repo", str(root), cwd=root)
    assert result.exit_code == 1
    assert "records/huge.yaml:1:1: (file): the file is 2,097,155 bytes" in result.stdout
    assert "records/folder.yaml:1:1: (file): this is a folder" in result.stdout
    assert "Checked 3 records: 2 files with problems" in result.stdout


def test_a_file_that_cannot_be_written_is_a_plain_error(run_cli: RunCli, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run_cli("schema", "-o", str(blocker / "schema.json"))
    assert result.exit_code == 2
    assert result.stderr.startswith("pcplan: error: cannot use")
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert blocker.read_text() == "x"


def test_a_file_name_that_is_not_an_id_says_to_rename(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo({"records/Sam Lee.yaml": MINIMAL_RECORD.format(id="sam-lee")})
    result = run_cli("validate", "--repo", str(root), cwd=root)
    assert result.exit_code == 1
    assert (
        "records/Sam Lee.yaml:3:7: pupil.id: the file name is not a pupil id (lower-case "
        "letters, digits and '-'): rename the file to sam-lee.yaml" in result.stdout
    )
