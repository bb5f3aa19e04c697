"""`pcplan check` read before Typer gives exactly what the Typer command gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, RunCli, imported_by, shell_pcplan
from pcplan.cli.quick import parse


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["celine-m"],
        ["--format", "json"],
        ["--format=json", "ruby-thompson", "--strict"],
        ["--select", "review", "--no-strict"],
        ["--ignore", "review-not-shared,review-gap", "--ignore=sen-support-reviews"],
        ["--select", "goal", "--select=review-gap", "--no-cache", "jamal-haddad"],
        ["--", "records/ffion-davies.yaml"],
    ],
)
def test_the_quick_path_says_what_typer_says(
    examples_copy: Path, run_cli: RunCli, args: list[str]
) -> None:
    assert parse(args, "check") is not None
    full = ["--today", TODAY, "--repo", str(examples_copy), *args]
    code, stdout, _ = shell_pcplan(examples_copy, "check", *full)
    typer = run_cli("check", *full, cwd=examples_copy)
    assert (code, stdout) == (typer.exit_code, typer.stdout)
    assert "not legal advice" in stdout


def test_the_environment_is_read_as_typer_reads_it(examples_copy: Path, run_cli: RunCli) -> None:
    env = {"PCPLAN_REPO": str(examples_copy), "PCPLAN_TODAY": TODAY}
    code, stdout, _ = shell_pcplan(examples_copy.parent, "check", "celine-m", env=env)
    full = ["celine-m", "--repo", str(examples_copy), "--today", TODAY]
    typer = run_cli("check", *full, cwd=examples_copy.parent)
    assert (code, stdout) == (typer.exit_code, typer.stdout)
    assert "examples/records/celine-m.yaml:" in stdout  # named from where it ran


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--help"], "Usage: pcplan check"),
        (["--list"], "Rules of pcplan check"),
        (["--explain", "review-gap"], "review-gap"),
        (["--select", "no-such-rule"], "--select: "),
        (["--frobnicate"], "No such option: --frobnicate"),
        (["--today", "22/11/2026"], "--today must be a real date"),
        (["zed"], "no pupil 'zed'"),
        (["--format", "xml"], "'xml' is not one of"),
    ],
)
def test_anything_else_is_typer_s(examples_copy: Path, args: list[str], words: str) -> None:
    code, stdout, stderr = shell_pcplan(examples_copy, "check", *args)
    assert words in stdout + stderr
    assert code in (0, 1, 2)
    assert "Traceback" not in stderr


def test_a_plain_check_does_not_load_the_command_line_framework(examples_copy: Path) -> None:
    done, modules = imported_by(examples_copy, "check", "--today", TODAY)
    assert done.returncode == 1 and "not legal advice" in done.stdout
    assert "typer" not in modules and "click" not in modules
