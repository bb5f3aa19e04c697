"""The review agenda's section "What has changed since the last review", from git."""

from __future__ import annotations

from pathlib import Path

from conftest import RunCli
from gitrepo import RECORD, commit_edit


def agenda(run_cli: RunCli, root: Path, *extra: str) -> str:
    result = run_cli(
        "review", "sam-lee", "--term", "autumn", "--format", "md", "-o", "-",
        "--repo", str(root), "--today", "2026-11-22", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.stdout


def section(text: str) -> str:
    start = text.index("## What has changed since the last review")
    return text[start : text.index("## 1. Who is invited")]


def test_the_agenda_shows_the_changes_since_the_last_review(school: Path, run_cli: RunCli) -> None:
    commit_edit(
        school,
        lambda t: t.replace("Ask for help when stuck.", "Ask for help when stuck, with a card."),
        "Reword before the review",
        "Ms Hall",
        "2026-09-20",
    )
    commit_edit(
        school,
        lambda t: t + "  - date: 2026-10-01\n    kind: interim\n",
        "Interim review",
        "Mrs Adeyemi",
        "2026-10-01",
    )
    commit_edit(
        school,
        lambda t: t.replace(
            "        by: 2026-09-30\n", "        by: 2026-09-30\n        done: 2026-10-05\n"
        ),
        "Help card printed",
        "Ms Hall",
        "2026-10-05",
    )
    commit_edit(
        school,
        lambda t: t.replace(
            "        note: Read one page to Ms Hall.\n",
            "        note: Read one page to Ms Hall.\n"
            "      - date: 2026-11-02\n        note: Read to the class.\n",
        ),
        "Log progress",
        "Mr Reyes",
        "2026-11-02",
    )

    changes = section(agenda(run_cli, school))

    assert "after 1 October 2026" in changes
    assert "### 5 Oct 2026: Ms Hall" in changes
    assert "Action done on 2026-10-05: Print a help card (Ms Hall, by 2026-09-30)" in changes
    assert "### 2 Nov 2026: Mr Reyes" in changes
    assert "Progress logged on goal read-aloud (English) for 2026-11-02: Read to the class." in (
        changes
    )
    # Before the last review: not repeated here.
    assert "with a card" not in changes and "Interim review" not in changes


def test_no_change_since_the_last_review_is_said(school: Path, run_cli: RunCli) -> None:
    first = section(agenda(run_cli, school))
    assert "after 10 July 2026" in first and "Record started for Sam" in first
    # Mid-sentence the agenda calls the pupil by the name it uses everywhere, not "Sam Lee".
    assert "Record started for Sam Lee" not in first

    commit_edit(
        school,
        lambda t: t + "  - date: 2026-11-10\n    kind: interim\n",
        "Interim review",
        "Mrs Adeyemi",
        "2026-11-10",
    )
    changes = section(agenda(run_cli, school))
    assert "Nothing in the record has changed since the last review (10 November 2026)" in changes


def test_without_git_the_section_is_left_out_with_a_note(tmp_path: Path, run_cli: RunCli) -> None:
    root = tmp_path / "plain"
    (root / "records").mkdir(parents=True)
    (root / "records" / "sam-lee.yaml").write_text(RECORD)
    result = run_cli(
        "review", "sam-lee", "--term", "autumn", "--format", "md", "-o", "-",
        "--repo", str(root), "--today", "2026-11-22",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "## What has changed" not in result.stdout
    assert (
        "*What has changed since the last review is left out: this record has no history in git.*"
        in result.stdout
    )
    assert "## 1. Who is invited" in result.stdout
    assert result.stderr.count("\n") == 1 and "no history in git" in result.stderr
