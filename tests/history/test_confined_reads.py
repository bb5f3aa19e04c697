"""git-setup and --commit read only regular files inside the repository: a FIFO, a device
or a link to somewhere else is refused in one line, never waited on or followed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import RunCli
from gitrepo import git
from pcplan.editing.gitcommit import earlier_changes


def driver(root: Path) -> str:
    done = subprocess.run(
        ["git", "config", "--local", "--get-regexp", "merge"], cwd=root, capture_output=True
    )
    return done.stdout.decode()


@pytest.fixture
def unset(school: Path) -> Path:
    """The school's repository as if git-setup had never been run on this computer."""
    git(school, "config", "--local", "--remove-section", "merge.pcplan")
    return school


@pytest.mark.parametrize("name", [".gitignore", ".gitattributes"])
def test_git_setup_refuses_a_fifo_and_changes_nothing(
    unset: Path, run_cli: RunCli, name: str
) -> None:
    (unset / name).unlink()
    os.mkfifo(unset / name)

    result = run_cli("git-setup", cwd=unset)

    assert result.exit_code == 2
    assert result.stderr == (
        f"pcplan: error: {name} cannot be used: this is not a regular file; nothing was "
        f"changed\n  make {name} a plain text file in the repository, then run this again\n"
    )
    assert "merge.pcplan" not in driver(unset)


def test_git_setup_will_not_follow_a_link_out_of_the_repository(
    unset: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "someone-elses-ignore"
    elsewhere.write_text("*.log\n")
    (unset / ".gitignore").unlink()
    (unset / ".gitignore").symlink_to(elsewhere)

    result = run_cli("git-setup", cwd=unset)

    assert result.exit_code == 2
    assert result.stderr.startswith(
        "pcplan: error: .gitignore cannot be used: this is a link to a file outside the "
        "records repository"
    )
    assert elsewhere.read_text() == "*.log\n"
    assert "merge.pcplan" not in driver(unset)


def test_git_setup_keeps_every_byte_it_does_not_understand(unset: Path, run_cli: RunCli) -> None:
    latin1 = b"# Caf\xe9 notes\nnotes/"  # not UTF-8, and no final newline
    (unset / ".gitignore").write_bytes(latin1)

    result = run_cli("git-setup", cwd=unset)

    assert result.exit_code == 0, result.output
    written = (unset / ".gitignore").read_bytes()
    assert written.startswith(latin1 + b"\n")
    assert b"\nout/\n" in written and b"\n.pcplan-cache/\n" in written


def test_earlier_changes_refuses_what_is_not_a_regular_file(school: Path, tmp_path: Path) -> None:
    record = school / "records" / "sam-lee.yaml"
    record.unlink()
    os.mkfifo(record)
    assert earlier_changes(school, "records/sam-lee.yaml", record, "records/sam-lee.yaml") == [
        "the file as it is does not load (this is not a regular file)"
    ]
    record.unlink()
    outside = tmp_path / "outside.yaml"
    outside.write_text("schema_version: 1\n")
    record.symlink_to(outside)
    [words] = earlier_changes(school, "records/sam-lee.yaml", record, "records/sam-lee.yaml")
    assert words.startswith(
        "the file as it is does not load (this is a link to a file outside the records repository"
    )
