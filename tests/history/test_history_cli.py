"""pcplan history: each commit to a pupil's record, in the domain's words, with its date and
author; renames followed; layout-only commits; versions that do not load; no git."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RunCli
from gitrepo import commit_edit, git


@pytest.fixture
def story(school: Path) -> Path:
    """Five commits after the first: progress, an achievement, a rewording, a review and a
    change of status, each by a different person on a different day."""
    commit_edit(
        school,
        lambda t: t.replace(
            "        note: Read one page to Ms Hall.\n",
            "        note: Read one page to Ms Hall.\n"
            "      - date: 2026-10-02\n        note: Read two pages to Aisha.\n"
            "        by: Ms Hall\n        rating: developing\n",
        ),
        "Log progress on read-aloud",
        "Ms Hall",
        "2026-10-02",
    )
    commit_edit(
        school,
        lambda t: t.replace(
            "    text: Read a short story aloud to a friend.\n",
            "    text: Read a short story aloud to a friend.\n"
            "    status: achieved\n    achieved_on: 2026-10-20\n",
        ),
        "read-aloud achieved",
        "Mr Reyes",
        "2026-10-20",
    )
    commit_edit(
        school,
        lambda t: t.replace("Drawing comics at break.", "Drawing comics with Jo at break."),
        "Reword what matters to Sam",
        "Sam's mum",
        "2026-10-25",
    )
    commit_edit(
        school,
        lambda t: t + "  - date: 2026-11-05\n    kind: interim\n    present: [Sam, Ms Hall]\n",
        "Interim review",
        "Mrs Adeyemi",
        "2026-11-05",
    )
    commit_edit(
        school,
        lambda t: t.replace(
            "  sen_status: K\n  needs: {primary: SLCN}", "  sen_status: E\n  needs: {primary: SLCN}"
        ),
        "EHC plan issued",
        "Mrs Adeyemi",
        "2026-11-12",
    )
    return school


def test_history_names_each_change_with_its_date_and_author(story: Path, run_cli: RunCli) -> None:
    result = run_cli("history", "sam-lee", "--repo", str(story))

    assert result.exit_code == 0, result.output
    out = result.stdout
    blocks = out.split("\n\n")[1:]
    assert len(blocks) == 6
    assert blocks[0].startswith("2026-09-01") and "Ms Hall" in blocks[0]
    assert "Record started for Sam" in blocks[0]
    assert "Record started for Sam Lee" not in blocks[0]
    assert blocks[1].startswith("2026-10-02") and "Ms Hall" in blocks[1]
    assert (
        "Progress logged on goal read-aloud (English) for 2026-10-02 (by Ms Hall, developing)"
        in blocks[1]
    )
    assert "Read two pages to Aisha." in blocks[1]
    assert blocks[2].startswith("2026-10-20") and "Mr Reyes" in blocks[2]
    assert "Goal read-aloud (English) achieved on 2026-10-20" in blocks[2]
    assert blocks[3].startswith("2026-10-25") and "Sam's mum" in blocks[3]
    assert "What is important to me: reworded" in blocks[3]
    assert "was: Drawing comics at break." in blocks[3]
    assert "now: Drawing comics with Jo at break." in blocks[3]
    assert blocks[4].startswith("2026-11-05") and "Mrs Adeyemi" in blocks[4]
    assert "Review recorded: interim review of 2026-11-05" in blocks[4]
    assert blocks[5].startswith("2026-11-12")
    assert "SEN status changed from SEN support (K) to EHC plan (E)" in blocks[5]


def test_since_and_until_take_dates_or_commits(story: Path, run_cli: RunCli) -> None:
    by_date = run_cli(
        "history", "sam-lee", "--since", "2026-10-20", "--until", "2026-11-05",
        "--repo", str(story),
    )  # fmt: skip
    assert by_date.exit_code == 0, by_date.output
    assert "achieved" in by_date.stdout and "interim review" in by_date.stdout
    assert "Progress logged" not in by_date.stdout and "SEN status" not in by_date.stdout

    third = git(story, "rev-list", "--reverse", "HEAD").split()[2]
    by_commit = run_cli("history", "sam-lee", "--since", third, "--repo", str(story))
    assert by_commit.exit_code == 0, by_commit.output
    assert "achieved" not in by_commit.stdout.split("\n\n", 1)[1]
    assert "reworded" in by_commit.stdout and "SEN status" in by_commit.stdout

    bad = run_cli("history", "sam-lee", "--since", "last-tuesday", "--repo", str(story))
    assert bad.exit_code == 2
    assert "--since must be a date written YYYY-MM-DD or a commit" in bad.stderr
    english = run_cli("history", "sam-lee", "--since", "07/09/2026", "--repo", str(story))
    assert english.exit_code == 2
    assert "(got '07/09/2026'); for 07/09/2026 write 2026-09-07" in english.stderr
    word = run_cli("history", "sam-lee", "-o", str(story / "changes.docx"), "--repo", str(story))
    assert word.exit_code == 2 and "add --format docx, or give the file a name ending in .txt" in (
        word.stderr
    )
    assert not (story / "changes.docx").exists()


def test_counts_read_as_plain_english(story: Path, run_cli: RunCli) -> None:
    last = git(story, "rev-list", "HEAD").split()[0]
    one = run_cli("history", "sam-lee", "--since", f"{last}~1", "--repo", str(story))
    assert one.exit_code == 0, one.output
    first_line = one.stdout.splitlines()[0]
    assert first_line.endswith(" in 1 commit") and "(s)" not in first_line
    md = run_cli(
        "history", "sam-lee", "--since", f"{last}~1", "--format", "md", "--repo", str(story)
    )  # fmt: skip
    assert "(s)" not in md.stdout and " in 1 commit |" in md.stdout
    every = run_cli("history", "sam-lee", "--repo", str(story))
    assert "(s)" not in every.stdout and every.stdout.splitlines()[0].endswith(" commits")


def test_json_lists_the_same_changes(story: Path, run_cli: RunCli) -> None:
    result = run_cli("history", "sam-lee", "--format", "json", "--repo", str(story))

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    kinds = [[c["kind"] for c in commit["changes"]] for commit in data["commits"]]
    assert kinds == [
        ["record-created"],
        ["progress-logged"],
        ["goal-achieved"],
        ["statement-reworded"],
        ["review-recorded"],
        ["status-changed"],
    ]
    assert data["commits"][2]["author"] == "Mr Reyes"
    assert data["commits"][2]["date"].startswith("2026-10-20")


def test_layout_only_commits_are_named_or_hidden(school: Path, run_cli: RunCli) -> None:
    commit_edit(
        school,
        lambda t: t.replace("goals:\n", "# Goals agreed with Sam in July.\ngoals:\n"),
        "A comment",
        "Ms Hall",
        "2026-09-20",
    )
    shown = run_cli("history", "sam-lee", "--repo", str(school))
    assert "layout only" in shown.stdout
    hidden = run_cli("history", "sam-lee", "--meaningful", "--repo", str(school))
    assert "layout only" not in hidden.stdout and "A comment" not in hidden.stdout


def test_renames_are_followed(school: Path, run_cli: RunCli) -> None:
    commit_edit(
        school,
        lambda t: t.replace("Read one page to Ms Hall.", "Read one page to Ms Hall, slowly."),
        "Edit a note",
        "Ms Hall",
        "2026-09-15",
    )
    path = school / "records" / "sam-lee.yaml"
    text = path.read_text().replace("id: sam-lee", "id: samuel-lee")
    path.unlink()
    (school / "records" / "samuel-lee.yaml").write_text(text)
    git(school, "add", "-A")
    git(school, "commit", "-q", "-m", "Sam is Samuel on the register", when="2026-09-16")

    result = run_cli("history", "samuel-lee", "--repo", str(school))

    assert result.exit_code == 0, result.output
    assert "Record started for Sam" in result.stdout
    assert "Progress entry of 2026-09-10 removed" in result.stdout  # the edited note
    assert "Sam is Samuel on the register" in result.stdout


def test_a_version_that_does_not_load_is_named_and_skipped(school: Path, run_cli: RunCli) -> None:
    commit_edit(
        school,
        lambda t: t.replace("  year_group: 8\n", "  year_group: 8\n  favourite: blue\n"),
        "A typo",
        "Ms Hall",
        "2026-09-20",
    )
    commit_edit(
        school,
        lambda t: t.replace("  favourite: blue\n", "").replace("Maths", "Numeracy"),
        "Fix it",
        "Ms Hall",
        "2026-09-21",
    )

    result = run_cli("history", "sam-lee", "--repo", str(school))

    assert result.exit_code == 0, result.output
    assert "this version does not load, so it is skipped (line 6:" in result.stdout
    assert "favourite" in result.stdout  # the field name, from the loader's message
    assert "Goal ask-for-help (Numeracy): area changed" in result.stdout


def test_outside_git_it_says_so_in_one_line(
    make_repo: object, run_cli: RunCli, tmp_path: Path
) -> None:
    from gitrepo import RECORD

    root = tmp_path / "plain"
    (root / "records").mkdir(parents=True)
    (root / "pcplan.yaml").write_text("school: Brookfield\n")
    (root / "records" / "sam-lee.yaml").write_text(RECORD)

    result = run_cli("history", "sam-lee", "--repo", str(root))

    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[0]
        == (
            "pcplan: error: records/sam-lee.yaml is not in a git repository, so pcplan has no "
            "history to read"
        )
        or "is not in a git repository" in result.stderr.splitlines()[0]
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_documents_escape_what_comes_from_the_record(
    school: Path, run_cli: RunCli, fmt: str
) -> None:
    commit_edit(
        school,
        lambda t: t.replace("My dog, Biscuit.", "<b>My dog</b> | *Biscuit*"),
        "Reword",
        "Ms Hall & Mr Reyes",
        "2026-09-20",
    )
    result = run_cli("history", "sam-lee", "--format", fmt, "--repo", str(school))

    assert result.exit_code == 0, result.output
    if fmt == "html":
        assert "&lt;b&gt;My dog&lt;/b&gt;" in result.stdout and "<b>My dog" not in result.stdout
        assert "Ms Hall &amp; Mr Reyes" in result.stdout
    else:
        assert "\\*Biscuit\\*" in result.stdout


def test_a_record_never_committed_says_how_to_start_its_history(
    school: Path, run_cli: RunCli
) -> None:
    new = school / "records" / "ava-jones.yaml"
    new.write_text(
        (school / "records" / "sam-lee.yaml").read_text().replace("id: sam-lee", "id: ava-jones")
    )

    result = run_cli("history", "ava-jones", "--repo", str(school))

    assert result.exit_code == 0, result.output
    assert "No commit holds this record yet, so it has no history" in result.stdout
