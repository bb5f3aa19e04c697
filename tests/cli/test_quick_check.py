"""`pcplan check` read before Typer gives exactly what the Typer command gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, RunCli, imported_by
from pcplan.cli.quick import parse


def pcplan(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The command as a teacher's shell runs it (through the quick path when it can)."""
    full_env = {**os.environ, **(env or {})}
    for name in ("PCPLAN_REPO", "PCPLAN_TODAY"):
        if env is None or name not in env:
            full_env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "pcplan", "check", *args],
        cwd=root,
        env=full_env,
        capture_output=True,
        text=True,
    )
    return done.returncode, done.stdout, done.stderr


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
    code, stdout, _ = pcplan(examples_copy, *full)
    typer = run_cli("check", *full, cwd=examples_copy)
    assert (code, stdout) == (typer.exit_code, typer.stdout)
    assert "not legal advice" in stdout


def test_the_environment_is_read_as_typer_reads_it(examples_copy: Path, run_cli: RunCli) -> None:
    env = {"PCPLAN_REPO": str(examples_copy), "PCPLAN_TODAY": TODAY}
    code, stdout, _ = pcplan(examples_copy.parent, "celine-m", env=env)
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
    code, stdout, stderr = pcplan(examples_copy, *args)
    assert words in stdout + stderr
    assert code in (0, 1, 2)
    assert "Traceback" not in stderr


def test_a_plain_check_does_not_load_the_command_line_framework(examples_copy: Path) -> None:
    done, modules = imported_by(examples_copy, "check", "--today", TODAY)
    assert done.returncode == 1 and "not legal advice" in done.stdout
    assert "typer" not in modules and "click" not in modules
