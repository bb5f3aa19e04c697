"""--commit: the edited record is committed alone, with a message that says what changed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TODAY, RunCli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def school(examples_copy: Path) -> Path:
    """The example records in a git repository with one commit."""
    git(examples_copy, "init", "-q")
    git(examples_copy, "config", "user.name", "Mrs Adeyemi")
    git(examples_copy, "config", "user.email", "senco@example.invalid")
    git(examples_copy, "add", "-A")
    git(examples_copy, "commit", "-q", "-m", "Records at the start of term")
    return examples_copy


def test_log_commit_commits_that_record_alone(school: Path, run_cli: RunCli) -> None:
    (school / "pcplan.yaml").write_text("school: Brookfield\n")
    git(school, "add", "pcplan.yaml")
    other = school / "records/ruby-thompson.yaml"
    other.write_text(other.read_text() + "# a note not yet committed\n")

    result = run_cli(
        "log",
        "celine-m",
        "read-aloud",
        "Read a poem.",
        "--commit",
        "--repo",
        str(school),
        "--today",
        TODAY,
    )

    assert result.exit_code == 0, result.output
    assert "Committed " in result.stdout and ": Log progress on read-aloud for celine-m" in (
        result.stdout
    )
    assert git(school, "log", "-1", "--format=%s") == "Log progress on read-aloud for celine-m\n"
    assert git(school, "show", "--name-only", "--format=", "HEAD") == "records/celine-m.yaml\n"
    numstat = git(school, "show", "--numstat", "--format=", "HEAD").split()
    assert numstat[:2] == ["2", "0"]
    # What the teacher had staged, or changed, is exactly as they left it.
    assert git(school, "diff", "--cached", "--name-only") == "pcplan.yaml\n"
    assert git(school, "diff", "--name-only") == "records/ruby-thompson.yaml\n"


def test_record_review_and_action_done_commit_with_their_own_messages(
    school: Path, run_cli: RunCli
) -> None:
    args = ("--commit", "--repo", str(school), "--today", TODAY)
    assert run_cli("record-review", "ffion-davies", *args).exit_code == 0
    assert run_cli("action-done", "ffion-davies", "quieter", *args).exit_code == 0
    assert git(school, "log", "-2", "--format=%s").splitlines() == [
        "Mark action 1.3 (review of 2026-07-08) done for ffion-davies",
        "Add the termly review of 2026-11-22 for ffion-davies",
    ]
    assert git(school, "status", "--porcelain") == ""


def test_a_record_with_uncommitted_changes_is_not_committed_over(
    school: Path, run_cli: RunCli
) -> None:
    record = school / "records/celine-m.yaml"
    record.write_text(record.read_text().replace("Celine Morgan", "Celine Morgan-Hughes"))
    before = record.read_bytes()
    result = run_cli(
        "log",
        "celine-m",
        "budgets",
        "Checked her change.",
        "--commit",
        "--repo",
        str(school),
        "--today",
        TODAY,
    )
    assert result.exit_code == 2
    assert "has changes that are not committed yet" in result.stderr
    assert record.read_bytes() == before
    assert len(git(school, "log", "--format=%h").split()) == 1


def test_a_record_never_committed_is_refused(school: Path, run_cli: RunCli) -> None:
    shutil.copy(school / "records/ruby-thompson.yaml", school / "records/ruby-t.yaml")
    path = school / "records/ruby-t.yaml"
    path.write_text(path.read_text().replace("id: ruby-thompson", "id: ruby-t"))
    result = run_cli(
        "log", "ruby-t", "book-club", "Went.", "--commit", "--repo", str(school), "--today", TODAY
    )
    assert result.exit_code == 2 and "has never been committed to git" in result.stderr


def test_outside_git_it_says_so_and_still_edits(
    examples_copy: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(examples_copy.parent))
    result = run_cli(
        "log",
        "celine-m",
        "budgets",
        "Checked her change.",
        "--commit",
        "--repo",
        str(examples_copy),
        "--today",
        TODAY,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Logged progress on budgets for celine-m")
    assert "not committed:" in result.stderr and "is not in a git repository" in result.stderr
    assert "Checked her change." in (examples_copy / "records/celine-m.yaml").read_text()


def test_without_git_installed_it_says_so_and_still_edits(
    examples_copy: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(examples_copy / "no-programs-here"))
    result = run_cli(
        "action-done",
        "celine-m",
        "2.2",
        "--commit",
        "--repo",
        str(examples_copy),
        "--today",
        TODAY,
    )
    assert result.exit_code == 0, result.output
    assert "not committed: git is not installed on this computer" in result.stderr


def test_a_repository_without_commits_is_refused(examples_copy: Path, run_cli: RunCli) -> None:
    git(examples_copy, "init", "-q")
    before = (examples_copy / "records/celine-m.yaml").read_bytes()
    result = run_cli(
        "log",
        "celine-m",
        "budgets",
        "x",
        "--commit",
        "--repo",
        str(examples_copy),
        "--today",
        TODAY,
    )
    assert result.exit_code == 2 and "has no commits yet" in result.stderr
    assert (examples_copy / "records/celine-m.yaml").read_bytes() == before
