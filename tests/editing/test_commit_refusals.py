"""Every refusal of --commit names the git commands that put it right, exactly as a
teacher would type them, in a real git repository (see tests/gitrepo.py)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import PROJECT, RunCli
from gitrepo import RECORD, git

RECORD_PATH = "records/sam-lee.yaml"
LOG = ("log", "sam-lee", "read-aloud", "Read to the class.", "--commit", "--today", "2026-11-22")


def _branch_off(root: Path, edit_ours: str, edit_theirs: str, theirs: str = "notes.txt") -> str:
    """A branch "other" that writes ``edit_theirs`` to ``theirs`` while the current branch
    writes ``edit_ours`` to notes.txt; returns the current branch."""
    current = git(root, "branch", "--show-current").strip()
    (root / "notes.txt").write_text("Room 4\n")
    git(root, "add", "notes.txt")
    git(root, "commit", "-q", "-m", "Notes")
    git(root, "switch", "-q", "-c", "other")
    (root / theirs).write_text(edit_theirs)
    git(root, "add", theirs)
    git(root, "commit", "-q", "-m", "Their notes")
    git(root, "switch", "-q", current)
    (root / "notes.txt").write_text(edit_ours)
    git(root, "commit", "-q", "-am", "Our notes")
    return current


def _fails(root: Path, *args: str) -> None:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    assert done.returncode != 0, done.stdout


def merge_with_conflict(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _branch_off(root, "Room 5\n", "Room 6\n")
    _fails(root, "merge", "-q", "other")


def merge_without_conflict(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _branch_off(root, "Room 5\n", "Lunch at 12\n", theirs="lunch.txt")
    git(root, "merge", "-q", "--no-commit", "--no-ff", "other")


def rebase_with_conflict(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _branch_off(root, "Room 5\n", "Room 6\n")
    _fails(root, "rebase", "-q", "other")


def cherry_pick_with_conflict(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _branch_off(root, "Room 5\n", "Room 6\n")
    _fails(root, "cherry-pick", "other")


def detached_head(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(root, "checkout", "-q", "--detach")


def stale_lock(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / ".git" / "index.lock").write_text("")


def no_commits(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(root / ".git")
    git(root, "init", "-q")


def _anonymous(monkeypatch: pytest.MonkeyPatch) -> None:
    for role in ("AUTHOR", "COMMITTER"):
        for part in ("NAME", "EMAIL"):
            monkeypatch.delenv(f"GIT_{role}_{part}", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def nobody(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _anonymous(monkeypatch)


def a_name_but_no_email(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _anonymous(monkeypatch)
    git(root, "config", "user.name", "Ms Hall")


def earlier_changes(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = root / RECORD_PATH
    path.write_text(path.read_text().replace("Ask for help when stuck.", "Ask a friend."))


def never_committed(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "records" / "jo-lee.yaml").write_text(
        RECORD.replace("id: sam-lee", "id: jo-lee").replace("Sam Lee", "Jo Lee")
    )


@dataclass(frozen=True)
class Refusal:
    setup: Callable[[Path, pytest.MonkeyPatch], None]
    stderr: str
    pupil: str = "sam-lee"


CASES: dict[str, Refusal] = {
    "no name or email": Refusal(
        nobody,
        "pcplan: error: git does not know your name and email yet, so it cannot commit; "
        "nothing was changed\n"
        "  tell git who you are (your own name and school email), then run the command again:\n"
        '      git config user.name "Your Name"\n'
        "      git config user.email you@school.example\n",
    ),
    "a name but no email": Refusal(
        a_name_but_no_email,
        "pcplan: error: git does not know your name and email yet, so it cannot commit; "
        "nothing was changed\n"
        "  tell git who you are (your own name and school email), then run the command again:\n"
        "      git config user.email you@school.example\n",
    ),
    "no commits yet": Refusal(
        no_commits,
        "pcplan: error: the git repository has no commits yet, so this change cannot be "
        "committed alone; nothing was changed\n"
        "  commit the records first, then run the command again (or leave out --commit):\n"
        '      git add -A && git commit -m "Pupil records"\n',
    ),
    "a merge with a conflict": Refusal(
        merge_with_conflict,
        "pcplan: error: git is in the middle of a merge, so this change cannot be committed "
        "alone; nothing was changed\n"
        "  finish it (first mend the conflicts in notes.txt: pcplan validate shows where), "
        "or undo it:\n"
        "      git add -- notes.txt && git commit --no-edit\n"
        "      git merge --abort\n",
    ),
    "a merge waiting for its commit": Refusal(
        merge_without_conflict,
        "pcplan: error: git is in the middle of a merge, so this change cannot be committed "
        "alone; nothing was changed\n"
        "  finish it, or undo it:\n"
        "      git commit --no-edit\n"
        "      git merge --abort\n",
    ),
    "a rebase": Refusal(
        rebase_with_conflict,
        "pcplan: error: git is in the middle of a rebase, so this change cannot be committed "
        "alone; nothing was changed\n"
        "  finish it (first mend the conflicts in notes.txt: pcplan validate shows where), "
        "or undo it:\n"
        "      git add -- notes.txt && git rebase --continue\n"
        "      git rebase --abort\n",
    ),
    "a cherry-pick": Refusal(
        cherry_pick_with_conflict,
        "pcplan: error: git is in the middle of a cherry-pick, so this change cannot be "
        "committed alone; nothing was changed\n"
        "  finish it (first mend the conflicts in notes.txt: pcplan validate shows where), "
        "or undo it:\n"
        "      git add -- notes.txt && git cherry-pick --continue\n"
        "      git cherry-pick --abort\n",
    ),
    "a detached HEAD": Refusal(
        detached_head,
        "pcplan: error: git has no branch checked out (a 'detached HEAD'), so a commit would "
        "belong to no branch and could be lost; nothing was changed\n"
        "  go back to a branch, or keep where you are as a new branch, then run the command "
        "again:\n"
        "      git switch BRANCH_NAME\n"
        "      git switch -c records-work\n",
    ),
    "a stale index lock": Refusal(
        stale_lock,
        "pcplan: error: git's lock file .git/index.lock is there, so another git program is "
        "running or one stopped part-way; nothing was changed\n"
        "  if no git program is running (close any git window first), delete it and run the "
        "command again:\n"
        "      rm .git/index.lock\n",
    ),
    "earlier changes to the record": Refusal(
        earlier_changes,
        "pcplan: error: records/sam-lee.yaml already has changes that are not committed yet, "
        "so the commit would hold more than this change; nothing was changed. They are:\n"
        "  - Goal ask-for-help (Maths): reworded\n"
        "  to commit them together with this change, run the command again with "
        "--include-earlier added; or commit them on their own first:\n"
        '      git commit -m "Earlier changes to sam-lee" -- records/sam-lee.yaml\n'
        "      git diff -- records/sam-lee.yaml   # to see them line by line\n",
    ),
    "a record never committed": Refusal(
        never_committed,
        "pcplan: error: records/jo-lee.yaml has never been committed to git, so the commit "
        "would hold more than this change; nothing was changed\n"
        "  commit it first, then run the command again (or leave out --commit):\n"
        '      git add -- records/jo-lee.yaml && git commit -m "Add jo-lee" -- '
        "records/jo-lee.yaml\n",
        pupil="jo-lee",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_refusal_gives_the_git_commands_that_fix_it(
    case: Refusal, school: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = git(school, "branch", "--show-current").strip()
    case.setup(school, monkeypatch)
    record = school / "records" / f"{case.pupil}.yaml"
    before = record.read_bytes()
    head = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=school, capture_output=True
    ).stdout

    result = run_cli(LOG[0], case.pupil, *LOG[2:], cwd=school)

    assert result.exit_code == 2, result.output
    assert result.stderr == case.stderr.replace("BRANCH_NAME", branch)
    for command in result.stderr.splitlines()[2:]:
        if command.startswith("      "):  # each command pastes into a shell as it is
            syntax = subprocess.run(["sh", "-n", "-c", command.strip()], capture_output=True)
            assert syntax.returncode == 0, command
    assert record.read_bytes() == before
    assert (
        subprocess.run(
            ["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=school, capture_output=True
        ).stdout
        == head
    )


def test_the_commands_given_do_fix_it(
    school: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pasting what pcplan says, as shown, makes the same command succeed."""
    nobody(school, monkeypatch)
    refused = run_cli(*LOG, cwd=school)
    for line in refused.stderr.splitlines()[2:]:
        subprocess.run(line.strip(), shell=True, cwd=school, check=True)
    earlier_changes(school, monkeypatch)
    refused = run_cli(*LOG, cwd=school)
    command = refused.stderr.splitlines()[-2].strip()
    subprocess.run(command, shell=True, cwd=school, check=True)

    result = run_cli(*LOG, cwd=school)

    assert result.exit_code == 0, result.output
    assert git(school, "log", "-2", "--format=%s %an").splitlines() == [
        "Log progress on read-aloud for sam-lee Your Name",
        "Earlier changes to sam-lee Your Name",
    ]


def test_from_another_folder_the_commands_start_with_cd(
    school: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale_lock(school, monkeypatch)
    result = run_cli(*LOG, "--repo", "school", cwd=school.parent)
    assert result.exit_code == 2
    assert result.stderr.endswith("      cd school\n      rm .git/index.lock\n")


def test_outside_git_the_change_is_saved_and_the_commands_to_start_are_given(
    school: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(school / ".git")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(school.parent))

    result = run_cli(*LOG, cwd=school)

    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "pcplan: not committed: records/sam-lee.yaml is not in a git repository; the change "
        "is saved.\n"
        "  to keep the records in git (pcplan init does this for a new repository), run:\n"
        "      git init\n"
        '      git add -A && git commit -m "Pupil records"\n'
        "      pcplan git-setup\n"
    )
    assert "Read to the class." in (school / RECORD_PATH).read_text()


def test_import_lists_the_records_with_earlier_changes_and_the_command(
    school: Path, run_cli: RunCli
) -> None:
    for name in ("ffion-davies", "ruby-thompson"):
        shutil.copy(PROJECT / "records" / f"{name}.yaml", school / "records")
    git(school, "add", "-A")
    git(school, "commit", "-q", "-m", "Two more pupils")
    for name in ("ffion-davies", "ruby-thompson"):
        path = school / "records" / f"{name}.yaml"
        path.write_text(path.read_text() + "# a note\n")
    export = PROJECT / "examples" / "sims-export.csv"

    result = run_cli("import", str(export), "--commit", "--today", "2026-11-22", cwd=school)

    assert result.exit_code == 2, result.output
    assert result.stderr.endswith(
        "pcplan: error: 2 records have (records/ffion-davies.yaml, records/ruby-thompson.yaml) "
        "changes that are not committed yet, so the commit would hold more than this change; "
        "nothing was changed\n"
        "  commit those changes on their own first, then run the command again:\n"
        '      git commit -m "Earlier changes to the records" -- records/ffion-davies.yaml '
        "records/ruby-thompson.yaml\n"
        "      git diff -- records/ffion-davies.yaml records/ruby-thompson.yaml   # to see them "
        "line by line\n"
    )
