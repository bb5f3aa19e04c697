"""git runs nothing that a records repository configures: no fsmonitor, hooks, filters,
outside diff programs, textconv or signing programs."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, RunCli
from pcplan import gitcmd

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def hostile(examples_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The example records, committed, then armed with every program git could be told to run.

    Each program leaves a mark in ``ran/`` if it is ever run.
    """
    root = examples_copy
    ran = tmp_path / "ran"
    ran.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.name", "Mrs Adeyemi")
    git(root, "config", "user.email", "senco@example.invalid")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Records at the start of term")

    def program(name: str) -> str:
        script = tmp_path / f"{name}.sh"
        script.write_text(f'#!/bin/sh\ntouch "{ran}/{name}"\ncat\n')
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        return str(script)

    for hook in ("pre-commit", "commit-msg", "post-commit", "prepare-commit-msg"):
        shutil.copy(program(hook), root / ".git/hooks" / hook)
    (root / ".gitattributes").write_text("*.yaml filter=tidy diff=words\n")
    settings = {
        "core.fsmonitor": program("fsmonitor"),
        "filter.tidy.clean": program("clean"),
        "filter.tidy.smudge": program("smudge"),
        "filter.tidy.required": "true",
        "diff.words.textconv": program("textconv"),
        "diff.external": program("external-diff"),
        "commit.gpgSign": "true",
        "gpg.program": program("gpg"),
        "core.pager": program("pager"),
    }
    for key, value in settings.items():
        git(root, "config", key, value)
    return root, ran


def test_commit_runs_no_program_from_the_repository(
    hostile: tuple[Path, Path], run_cli: RunCli
) -> None:
    root, ran = hostile
    result = run_cli(
        "log",
        "celine-m",
        "read-aloud",
        "Read a poem.",
        "--commit",
        "--repo",
        str(root),
        "--today",
        TODAY,
    )
    assert result.exit_code == 0, result.output
    assert "Committed " in result.stdout
    assert sorted(p.name for p in ran.iterdir()) == []
    # The commit holds the record as it is on disk, not as a filter would have made it.
    shown = subprocess.run(
        ["git", "show", "HEAD:records/celine-m.yaml"], cwd=root, capture_output=True, check=True
    ).stdout
    assert shown == (root / "records/celine-m.yaml").read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ("diff", "HEAD~0", "--", "records/celine-m.yaml"),
        ("log", "-p", "-1"),
        ("show", "HEAD"),
        ("status", "--porcelain"),
        ("blame", "records/celine-m.yaml"),
    ],
)
def test_reading_commands_run_no_program_from_the_repository(
    hostile: tuple[Path, Path], args: tuple[str, ...]
) -> None:
    root, ran = hostile
    record = root / "records/celine-m.yaml"
    record.write_text(record.read_text() + "# a note\n")
    done = gitcmd.run(root, *args)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in ran.iterdir()) == []


def test_a_stale_index_lock_is_named_and_nothing_is_changed(
    hostile: tuple[Path, Path], run_cli: RunCli
) -> None:
    root, _ = hostile
    (root / ".git/index.lock").write_text("")
    before = (root / "records/celine-m.yaml").read_bytes()
    result = run_cli(
        "log", "celine-m", "read-aloud", "x", "--commit", "--repo", str(root), "--today", TODAY
    )
    assert result.exit_code == 2
    assert "git's lock file .git/index.lock is there" in result.stderr
    assert "nothing was changed" in result.stderr
    assert (root / "records/celine-m.yaml").read_bytes() == before


def test_every_git_call_goes_through_the_safe_runner() -> None:
    starts_git = re.compile(r"""\[\s*["']git["']""")
    offenders = [
        path.relative_to(PROJECT).as_posix()
        for path in sorted((PROJECT / "src/pcplan").rglob("*.py"))
        if path.name != "gitcmd.py" and starts_git.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
