"""The JSON Schema for editors: generated, committed, and in agreement with `validate`.

An independent validator (check-jsonschema, which reads YAML the way editors do) checks the
example records and broken copies of them, and must agree with pcplan on each.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, RunCli
from pcplan.schema import record_schema_text

COMMITTED = PROJECT / "pcplan-record.schema.json"
CHECKER = Path(sys.executable).with_name("check-jsonschema")


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == record_schema_text(), (
        "pcplan-record.schema.json is stale: run `make schema`"
    )


def test_schema_is_deterministic_draft_07() -> None:
    schema = json.loads(record_schema_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)
    assert record_schema_text() == record_schema_text()
    assert schema["additionalProperties"] is False
    goal = schema["definitions"]["Goal"]
    assert goal["properties"]["review"]["description"].startswith("How often progress")


def test_schema_command_prints_and_writes(run_cli: RunCli, tmp_path: Path) -> None:
    printed = run_cli("schema")
    assert printed.exit_code == 0
    assert printed.stdout == record_schema_text()
    target = tmp_path / "schema.json"
    written = run_cli("schema", "-o", str(target))
    assert written.exit_code == 0
    assert target.read_text(encoding="utf-8") == record_schema_text()


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    if not CHECKER.exists():
        pytest.fail("check-jsonschema is not installed (pip install -e '.[test]')")
    return subprocess.run(
        [str(CHECKER), "--schemafile", str(COMMITTED), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_example_records_pass_both(run_cli: RunCli) -> None:
    records = sorted((PROJECT / "records").glob("*.yaml"))
    assert len(records) >= 4
    assert run_cli("validate", "--repo", str(PROJECT), "--today", TODAY).exit_code == 0
    result = check_jsonschema(*records)
    assert result.returncode == 0, result.stdout + result.stderr


BREAKAGES = {
    "unknown key": ("  sen_status:", "  favourite_colour: blue\n  sen_status:"),
    "bad status": ("sen_status: E", "sen_status: Q"),
    "bad rhythm": ("review: ", "review: fortnightly #"),
    "bad date": ("date: 2026-", "date: 2026-13-"),
    "bad value": ("values: [", "values: [kindness, "),
    "missing name": ("  name: ", "  nickname: "),
    "bad wave": ("wave: ", "wave: 7 #"),
    "text for a number": ("minutes: ", "minutes: twenty #"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_broken_copies_fail_both(breakage: str, run_cli: RunCli, tmp_path: Path) -> None:
    old, new = BREAKAGES[breakage]
    source = PROJECT / "records" / "celine-m.yaml"
    text = source.read_text(encoding="utf-8")
    assert old in text, f"celine-m.yaml no longer holds {old!r}"
    repo = tmp_path / "repo"
    (repo / "records").mkdir(parents=True)
    broken = repo / "records" / "celine-m.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    shutil.copy(COMMITTED, repo / COMMITTED.name)
    ours = run_cli("validate", "--repo", str(repo), "--today", TODAY)
    assert ours.exit_code == 1, ours.output
    theirs = check_jsonschema(broken)
    assert theirs.returncode == 1, theirs.stdout


def test_new_pupil_skeleton_passes_both(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("init", str(tmp_path / "s")).exit_code == 0
    made = run_cli("new-pupil", "Amir Khan", "--need", "SEMH", "--repo", str(tmp_path / "s"))
    assert made.exit_code == 0
    result = check_jsonschema(tmp_path / "s" / "records" / "amir-khan.yaml")
    assert result.returncode == 0, result.stdout
