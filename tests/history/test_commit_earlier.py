"""--commit when the record already has changes not committed: say which, and how to keep
them; --include-earlier commits them with the change, and the message says so."""

from __future__ import annotations

from pathlib import Path

from conftest import RunCli
from gitrepo import git


def edit_by_hand(root: Path) -> None:
    path = root / "records" / "sam-lee.yaml"
    path.write_text(
        path.read_text().replace("Ask for help when stuck.", "Ask a friend for help when stuck.")
    )


def log(run_cli: RunCli, root: Path, *extra: str) -> tuple[int, str, str]:
    result = run_cli(
        "log", "sam-lee", "read-aloud", "Read to the class.", "--date", "2026-11-20",
        "--commit", *extra, "--repo", str(root), "--today", "2026-11-22",
    )  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


def test_commit_says_which_earlier_changes_are_there_and_how_to_keep_them(
    school: Path, run_cli: RunCli
) -> None:
    edit_by_hand(school)
    before = (school / "records" / "sam-lee.yaml").read_text()

    code, _, err = log(run_cli, school)

    assert code == 2
    assert "already has changes that are not committed yet" in err
    assert "  - Goal ask-for-help (Maths): reworded" in err
    assert "Ask a friend" not in err  # the pupil's words are not echoed
    assert "run the command again with --include-earlier added" in err
    assert 'git commit -m "Earlier changes to sam-lee" -- records/sam-lee.yaml' in err
    assert (school / "records" / "sam-lee.yaml").read_text() == before


def test_include_earlier_commits_them_together_and_says_so(school: Path, run_cli: RunCli) -> None:
    edit_by_hand(school)

    code, out, err = log(run_cli, school, "--include-earlier")

    assert code == 0, err
    assert "with the changes made earlier" in out
    message = git(school, "log", "-1", "--format=%B")
    assert message.startswith(
        "Log progress on read-aloud for sam-lee, with changes made earlier and not committed before"
    )
    assert "- Goal ask-for-help (Maths): reworded" in message
    assert git(school, "status", "--porcelain") == ""


def test_include_earlier_needs_commit(school: Path, run_cli: RunCli) -> None:
    result = run_cli("log", "sam-lee", "read-aloud", "Read.", "--include-earlier",
                     "--repo", str(school))  # fmt: skip
    assert result.exit_code == 2 and "--include-earlier goes with --commit" in result.stderr
