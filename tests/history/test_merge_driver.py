"""Two teachers change one record on two computers: git pull with pcplan's merge driver keeps
every entry, and a true conflict is explained by pcplan validate."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import RunCli
from gitrepo import git


@pytest.fixture
def clones(school: Path, tmp_path: Path, run_cli: RunCli) -> tuple[Path, Path]:
    """Two clones of the school's records, each set up with pcplan git-setup."""
    hub = tmp_path / "hub.git"
    git(tmp_path, "clone", "-q", "--bare", str(school), str(hub))
    a, b = tmp_path / "classroom", tmp_path / "office"
    for clone in (a, b):
        git(tmp_path, "clone", "-q", str(hub), str(clone))
        result = run_cli("git-setup", "--repo", str(clone))
        assert result.exit_code == 0, result.output
    return a, b


def pcplan(run_cli: RunCli, root: Path, *args: str) -> None:
    result = run_cli(*args, "--repo", str(root), "--today", "2026-11-22")
    assert result.exit_code == 0, result.output


def test_init_registers_the_driver(school: Path) -> None:
    assert "records/*.yaml merge=pcplan" in (school / ".gitattributes").read_text()
    driver = git(school, "config", "--get", "merge.pcplan.driver")
    assert "-m pcplan merge-record %O %A %B %L %P" in driver


def test_git_setup_is_idempotent_and_keeps_the_ignore_file(school: Path, run_cli: RunCli) -> None:
    (school / ".gitattributes").unlink()
    git(school, "config", "--unset", "merge.pcplan.driver")
    (school / ".gitignore").write_text("private/\n")

    first = run_cli("git-setup", "--repo", str(school))
    second = run_cli("git-setup", "--repo", str(school))

    assert (
        first.exit_code == 0 and "changed .git/config, .gitattributes, .gitignore" in first.stdout
    )
    assert second.exit_code == 0 and "already set up; nothing changed" in second.stdout
    assert (school / ".gitignore").read_text().startswith("private/\n")
    assert "out/\n.pcplan-cache/\n" in (school / ".gitignore").read_text()


def test_git_setup_outside_git_says_so(tmp_path: Path, run_cli: RunCli) -> None:
    root = tmp_path / "plain"
    (root / "records").mkdir(parents=True)
    result = run_cli("git-setup", "--repo", str(root))
    assert result.exit_code == 2
    assert "not in git" in result.stderr and "Traceback" not in result.output


def test_two_teachers_progress_and_actions_merge_without_conflict(
    clones: tuple[Path, Path], run_cli: RunCli
) -> None:
    a, b = clones
    pcplan(run_cli, a, "log", "sam-lee", "read-aloud", "Read to the class.", "--date",
           "2026-11-20", "--by", "Ms Hall", "--commit")  # fmt: skip
    pcplan(run_cli, a, "action-done", "sam-lee", "1.1", "--date", "2026-11-20", "--commit")
    git(a, "push", "-q", "origin", "HEAD")
    pcplan(run_cli, b, "log", "sam-lee", "read-aloud", "Read to his mum.", "--date",
           "2026-11-18", "--by", "Mr Reyes", "--commit")  # fmt: skip
    pcplan(run_cli, b, "action-done", "sam-lee", "1.2", "--date", "2026-11-19", "--commit")

    git(b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "HEAD")

    assert git(b, "status", "--porcelain") == ""
    text = (b / "records" / "sam-lee.yaml").read_text()
    assert "<<<<<<<" not in text
    notes = [line.strip() for line in text.splitlines() if "note:" in line]
    assert notes == [
        "note: Read one page to Ms Hall.",
        'note: "Read to his mum."',
        'note: "Read to the class."',
    ]
    assert "done: 2026-11-20" in text and "done: 2026-11-19" in text
    valid = run_cli("validate", "--repo", str(b), "--today", "2026-11-22")
    assert valid.exit_code == 0, valid.output


def test_a_true_conflict_is_reported_in_plain_words(
    clones: tuple[Path, Path], run_cli: RunCli
) -> None:
    a, b = clones
    for clone, status, words in (
        (a, "achieved", "Read a long story."),
        (b, "paused", "Read a poem."),
    ):
        path = clone / "records" / "sam-lee.yaml"
        path.write_text(
            path.read_text()
            .replace("Read a short story aloud to a friend.", words)
            .replace("    area: English\n", f"    area: English\n    status: {status}\n")
        )
        git(clone, "commit", "-q", "-am", f"Goal {status}")
    git(a, "push", "-q", "origin", "HEAD")

    # The pull stops: a true conflict is left to a person.
    done = subprocess.run(
        ["git", "pull", "--no-rebase", "--no-edit", "origin", "HEAD"],
        cwd=b, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "pcplan validate says which field" in done.stderr + done.stdout

    result = run_cli("validate", "--repo", str(b), "--today", "2026-11-22", "--format", "json")
    assert result.exit_code == 1
    found = {d["path"]: d for d in json.loads(result.stdout)["diagnostics"]}
    status = found["goals[0].status"]["message"]
    assert "both sides changed this field" in status
    assert "your version (line" in status and "has 'paused'" in status
    assert "the incoming version (line" in status and "has 'achieved'" in status
    words = found["goals[0].text"]["message"]
    assert "has its own words" in words
    assert "Read a poem" not in words and "Read a long story" not in words
