"""The example records validate and the command line answers."""

from __future__ import annotations

from conftest import PROJECT, TODAY, RunCli


def test_example_records_are_valid(run_cli: RunCli) -> None:
    result = run_cli("validate", "--repo", str(PROJECT), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "all are valid" in result.stdout
