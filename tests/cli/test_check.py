"""`pcplan check`: the examples linted against a golden file, the options, the school's
settings, and records that are not valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MINIMAL_RECORD, PROJECT, TODAY, MakeRepo, RunCli

GOLDEN = PROJECT / "tests" / "golden" / "check-examples.txt"
DISCLAIMER = "not legal advice"


def compare(path: Path, text: str, update: bool) -> None:
    if update:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path.name} is missing: run pytest --update-golden"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs: run pytest --update-golden and review the diff"
    )


def test_the_examples_match_the_golden_file(
    run_cli: RunCli, examples_copy: Path, update_golden: bool
) -> None:
    result = run_cli("check", "--today", TODAY, cwd=examples_copy)
    assert result.exit_code == 1  # the examples keep a few errors, to show what check is for
    compare(GOLDEN, result.stdout, update_golden)
    assert result.stdout.count(DISCLAIMER) == 1


def test_every_example_has_findings_and_celine_has_no_errors(
    run_cli: RunCli, examples_copy: Path
) -> None:
    result = run_cli("check", "--today", TODAY, "--format", "json", cwd=examples_copy)
    report = json.loads(result.stdout)
    files = {d["file"] for d in report["diagnostics"]}
    assert files == {f"records/{p.name}" for p in (examples_copy / "records").glob("*.yaml")}
    celine = [d for d in report["diagnostics"] if d["file"] == "records/celine-m.yaml"]
    assert celine and not [d for d in celine if d["severity"] == "error"]
    assert report["errors"] == sum(d["severity"] == "error" for d in report["diagnostics"])
    assert DISCLAIMER in report["note"]
    alone = run_cli("check", "celine-m", "--today", TODAY, cwd=examples_copy)
    assert alone.exit_code == 0, alone.output
    assert "0 errors" in alone.stdout
    strict = run_cli("check", "celine-m", "--strict", "--today", TODAY, cwd=examples_copy)
    assert strict.exit_code == 1


def test_a_line_names_file_line_column_severity_field_and_code(
    run_cli: RunCli, examples_copy: Path
) -> None:
    result = run_cli("check", "jamal-haddad", "--today", TODAY, cwd=examples_copy)
    line = next(x for x in result.stdout.splitlines() if "[annual-papers-late]" in x)
    assert line.startswith("records/jamal-haddad.yaml:")
    _, number, column, severity, field, _ = line.split(":", 5)
    text = (examples_copy / "records" / "jamal-haddad.yaml").read_text().splitlines()
    assert text[int(number) - 1][int(column) - 1 :].startswith("2026-01-28")
    assert (severity.strip(), field.strip()) == ("error", "reviews[0].papers_sent")


def test_select_and_ignore_by_code_and_by_prefix(run_cli: RunCli, examples_copy: Path) -> None:
    only = run_cli("check", "--select", "annual", "--today", TODAY, "--format", "json",
                   cwd=examples_copy)  # fmt: skip
    codes = {d["code"] for d in json.loads(only.stdout)["diagnostics"]}
    assert codes and all(c.startswith("annual-") for c in codes)
    rest = run_cli("check", "--ignore", "annual,goal-no-provision", "--today", TODAY,
                   "--format", "json", cwd=examples_copy)  # fmt: skip
    report = json.loads(rest.stdout)
    assert report["errors"] == 0 and rest.exit_code == 0
    assert not {d["code"] for d in report["diagnostics"]} & (codes | {"goal-no-provision"})


def test_an_unknown_code_on_the_command_line_is_a_usage_error(
    run_cli: RunCli, examples_copy: Path
) -> None:
    result = run_cli("check", "--ignore", "goal-no-valus", cwd=examples_copy)
    assert result.exit_code == 2
    assert "did you mean 'goal-no-values'?" in result.stderr
    result = run_cli("check", "--explain", "review-gapp")
    assert result.exit_code == 2 and "did you mean 'review-gap'?" in result.stderr


def test_list_and_explain(run_cli: RunCli) -> None:
    from pcplan.checks.registry import all_rules

    listed = run_cli("check", "--list")
    assert listed.exit_code == 0
    for rule in all_rules():
        assert f"  {rule.code} " in listed.stdout
    assert listed.stdout.count(DISCLAIMER) == 1
    explained = run_cli("check", "--explain", "annual-papers-late")
    assert explained.exit_code == 0
    assert "9.176" in explained.stdout and "two weeks" in explained.stdout
    as_json = json.loads(run_cli("check", "--list", "--format", "json").stdout)
    assert {r["code"] for r in as_json} == {r.code for r in all_rules()}


def test_the_school_turns_rules_off_regrades_them_and_sets_transfer_years(
    run_cli: RunCli, examples_copy: Path
) -> None:
    settings = examples_copy / "pcplan.yaml"
    settings.write_text(
        settings.read_text()
        + "check:\n  disable: [goal-no-aspiration]\n"
        + "  severity: {review-not-shared: warning, goal-no-provision: info}\n"
        + "  transfer_years: [10]\n",
        encoding="utf-8",
    )
    result = run_cli("check", "--today", TODAY, "--format", "json", cwd=examples_copy)
    found = json.loads(result.stdout)["diagnostics"]
    codes = {d["code"] for d in found}
    assert "goal-no-aspiration" not in codes
    assert {d["severity"] for d in found if d["code"] == "review-not-shared"} == {"warning"}
    assert {d["severity"] for d in found if d["code"] == "goal-no-provision"} == {"info"}
    # --select turns a rule back on for one run
    again = run_cli("check", "--select", "goal-no-aspiration", "--today", TODAY,
                    cwd=examples_copy)  # fmt: skip
    assert "[goal-no-aspiration]" in again.stdout


def test_an_unknown_code_in_the_settings_is_an_error_with_a_did_you_mean(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    repo = make_repo(
        {
            "pcplan.yaml": "check:\n  disable: [goal-no-valuez]\n"
            "  severity:\n    revew-gap: info\n    unknown-key: warning\n",
            "records/sam-lee.yaml": MINIMAL_RECORD.format(id="sam-lee"),
        }
    )
    result = run_cli("validate", cwd=repo)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("pcplan.yaml")]
    assert lines == [
        "pcplan.yaml:2:13: check.disable[0]: there is no rule 'goal-no-valuez'; did you mean "
        "'goal-no-values'?",
        "pcplan.yaml:4:16: check.severity.revew-gap: there is no rule 'revew-gap'; did you mean "
        "'review-gap'?",
        "pcplan.yaml:5:18: check.severity.unknown-key: 'unknown-key' makes a record invalid: "
        "it cannot be changed",
    ]
    assert run_cli("check", cwd=repo).exit_code == 1


def test_an_invalid_record_is_reported_as_validate_does_and_not_linted(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    broken = MINIMAL_RECORD.format(id="sam-lee") + "goals:\n  - id: Bad Id\n    area: x\n"
    repo = make_repo({"records/sam-lee.yaml": broken})
    result = run_cli("check", "--today", TODAY, cwd=repo)
    assert result.exit_code == 1
    found = [line for line in result.stdout.splitlines() if line.startswith("records/")]
    assert len(found) == 2 and all("error: goals[0]" in line for line in found)
    assert "1 not valid, so not checked further" in result.stdout


@pytest.mark.parametrize("flag", ["--list", "--explain=review-gap"])
def test_list_and_explain_need_no_repository(run_cli: RunCli, tmp_path: Path, flag: str) -> None:
    assert run_cli("check", flag, cwd=tmp_path).exit_code == 0
