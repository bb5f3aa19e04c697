"""pcplan log, record-review and action-done, as a teacher runs them."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_RECORD, TODAY, MakeRepo, RunCli
from pcplan.loading.yamlstrict import check_text, parse


def _data(path: Path) -> dict:  # type: ignore[type-arg]
    data = parse(check_text(path.read_bytes())).data
    assert isinstance(data, dict)
    return data


def _run(run_cli: RunCli, root: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_cli(*args, "--repo", str(root), "--today", TODAY)


# -- pcplan log -----------------------------------------------------------------------------


def test_log_appends_a_progress_entry_dated_today(examples_copy: Path, run_cli: RunCli) -> None:
    result = _run(
        run_cli,
        examples_copy,
        "log",
        "celine-m",
        "read-aloud",
        "Read her poem to the class.",
        "--by",
        "Mrs Begum",
        "--rating",
        "secure",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Logged progress on read-aloud for celine-m: "
        f"{examples_copy / 'records/celine-m.yaml'}, line 205.\n"
    )
    progress = _data(examples_copy / "records/celine-m.yaml")["goals"][0]["progress"]
    assert progress[-1] == {
        "date": TODAY,
        "note": "Read her poem to the class.",
        "by": "Mrs Begum",
        "rating": "secure",
    }


def test_log_takes_a_date_and_a_pupil_by_path(examples_copy: Path, run_cli: RunCli) -> None:
    result = run_cli(
        "log",
        "records/ruby-thompson.yaml",
        "book-club",
        "Still going every week.",
        "--date",
        "2026-11-20",
        cwd=examples_copy,
    )
    assert result.exit_code == 0, result.output
    assert "records/ruby-thompson.yaml, line" in result.stdout
    entry = _data(examples_copy / "records/ruby-thompson.yaml")["goals"][0]["progress"][-1]
    assert entry == {"date": "2026-11-20", "note": "Still going every week."}


def test_log_warns_about_a_future_date_but_keeps_the_entry(
    examples_copy: Path, run_cli: RunCli
) -> None:
    result = _run(
        run_cli, examples_copy, "log", "celine-m", "budgets", "Planned.", "--date", "2027-01-05"
    )
    assert result.exit_code == 0, result.output
    assert "warning: this progress entry is dated in the future" in result.stderr


def test_log_refuses_an_unknown_goal_and_suggests_one(examples_copy: Path, run_cli: RunCli) -> None:
    before = (examples_copy / "records/celine-m.yaml").read_bytes()
    result = _run(run_cli, examples_copy, "log", "celine-m", "read-alound", "Read.")
    assert result.exit_code == 2
    assert "there is no goal 'read-alound'" in result.stderr
    assert "did you mean 'read-aloud'?" in result.stderr
    assert (examples_copy / "records/celine-m.yaml").read_bytes() == before


def test_log_refuses_an_unknown_pupil(examples_copy: Path, run_cli: RunCli) -> None:
    result = _run(run_cli, examples_copy, "log", "celin", "read-aloud", "Read.")
    assert result.exit_code == 2
    assert "no pupil 'celin'" in result.stderr


def test_log_refuses_an_empty_note_and_a_bad_date(examples_copy: Path, run_cli: RunCli) -> None:
    empty = _run(run_cli, examples_copy, "log", "celine-m", "read-aloud", "   ")
    assert empty.exit_code == 2 and "the note is empty" in empty.stderr
    bad = _run(run_cli, examples_copy, "log", "celine-m", "read-aloud", "x", "--date", "2026-02-30")
    assert bad.exit_code == 2 and "--date must be a real date" in bad.stderr
    rating = _run(run_cli, examples_copy, "log", "celine-m", "read-aloud", "x", "--rating", "great")
    assert rating.exit_code == 2


def test_an_invalid_record_is_refused_with_the_reason(make_repo: MakeRepo, run_cli: RunCli) -> None:
    text = MINIMAL_RECORD.format(id="sam-lee") + "goals:\n  - id: talk\n    area: Tutorial\n"
    root = make_repo({"records/sam-lee.yaml": text})
    result = _run(run_cli, root, "log", "sam-lee", "talk", "Talked.")
    assert result.exit_code == 1
    assert "is not valid, so pcplan will not change it" in result.stderr
    assert "records/sam-lee.yaml:8:5: goals[0].text: 'text' is required here" in result.stderr
    assert (root / "records/sam-lee.yaml").read_text() == text


def test_a_record_with_a_merge_conflict_is_refused(make_repo: MakeRepo, run_cli: RunCli) -> None:
    text = (
        MINIMAL_RECORD.format(id="sam-lee")
        + "goals:\n<<<<<<< HEAD\n  - id: talk\n=======\n  - id: speak\n>>>>>>> theirs\n"
    )
    root = make_repo({"records/sam-lee.yaml": text})
    result = _run(run_cli, root, "log", "sam-lee", "talk", "Talked.")
    assert result.exit_code == 1
    assert "unresolved merge conflict" in result.stderr
    assert (root / "records/sam-lee.yaml").read_text() == text


def test_free_text_is_never_echoed_in_errors(examples_copy: Path, run_cli: RunCli) -> None:
    path = examples_copy / "records/celine-m.yaml"
    text = path.read_text().replace("      - date: 2025-11-14\n", "      - when: 2025-11-14\n")
    path.write_text(text.replace("Read two sentences of her story", "Read secretly"))
    result = _run(run_cli, examples_copy, "log", "celine-m", "read-aloud", "A private note.")
    assert result.exit_code == 1
    assert "secretly" not in result.output and "A private note" not in result.output
    assert "Traceback" not in result.output


# -- pcplan record-review ----------------------------------------------------------------------


def test_record_review_appends_an_entry_ready_to_fill_in(
    examples_copy: Path, run_cli: RunCli
) -> None:
    result = _run(run_cli, examples_copy, "record-review", "celine-m", "--kind", "interim")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Added an interim review of 2026-11-22 for celine-m")
    text = (examples_copy / "records/celine-m.yaml").read_text()
    review = _data(examples_copy / "records/celine-m.yaml")["reviews"][-1]
    assert review["date"] == TODAY and review["kind"] == "interim"
    assert review["present"][:2] == ["Celine", "Karen Morgan (Mum)"]
    assert "Mrs Grace Adeyemi (SENCO)" in review["present"]
    assert review["pupil_voice"] == [] and review["questions"] == [] and review["actions"] == []
    for view in ("working", "not_working"):
        assert review[view] == {"pupil": [], "family": [], "school": [], "others": []}
    assert [g["goal"] for g in review["goals_reviewed"]] == [
        "read-aloud",
        "group-discussion",
        "budgets",
        "work-experience-planning",
        "work-boundaries",
    ]
    # The open actions are a reminder in comments, not data.
    assert "    #   2.2 Book a visit to the leisure centre crèche with Celine" in text
    assert "    #   2.3 Confirm the travel budget" in text
    assert "2.1 Ask the college" not in text


def test_record_review_adds_the_reviews_list_when_there_is_none(
    examples_copy: Path, run_cli: RunCli
) -> None:
    result = _run(run_cli, examples_copy, "record-review", "kwame-asante")
    assert result.exit_code == 0, result.output
    review = _data(examples_copy / "records/kwame-asante.yaml")["reviews"][0]
    assert review["present"] == ["Kwame Asante"] and review["goals_reviewed"] == []


def test_record_review_keeps_reviews_oldest_first(examples_copy: Path, run_cli: RunCli) -> None:
    result = _run(run_cli, examples_copy, "record-review", "celine-m", "--date", "2026-05-01")
    assert result.exit_code == 2
    assert "the last review in" in result.stderr and "2026-07-08" in result.stderr
    twice = _run(run_cli, examples_copy, "record-review", "celine-m", "--date", "2026-07-08")
    assert twice.exit_code == 2 and "is already in" in twice.stderr


REVIEW_FILE = """\
# Filled in after the meeting with Celine and her mum.
date: 2026-11-20
kind: interim
present: [Celine, Karen Morgan (Mum), Mrs Adeyemi]
pupil_voice:
  - text: "I made the phone call myself!"   # her words
    said_by: pupil
    how: quoted
working:
  pupil:
    - Practising the call with Mrs Begum first.
goals_reviewed:
  - goal: work-experience-planning
    rating: secure
    note: >
      Phoned the nursery herself and
      agreed her start time.
actions:
  - what: Send the placement forms to Little Acorns
    who: Mrs Adeyemi
    by: 2026-12-04
"""


def test_record_review_from_a_file_keeps_its_wording_and_comments(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    source = tmp_path / "review.yaml"
    source.write_text(REVIEW_FILE)
    result = _run(run_cli, examples_copy, "record-review", "celine-m", "--from", str(source))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Recorded the interim review of 2026-11-20 for celine-m")
    record = examples_copy / "records/celine-m.yaml"
    text = record.read_text()
    assert "\n  - date: 2026-11-20\n    kind: interim\n" in text
    assert '      - text: "I made the phone call myself!"   # her words\n' in text
    assert "        note: >\n          Phoned the nursery herself and\n" in text
    assert _data(record)["reviews"][-1] == parse(REVIEW_FILE).data


def test_record_review_from_an_invalid_file_points_at_its_lines(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    source = tmp_path / "review.yaml"
    source.write_text("date: 2026-11-20\nactions:\n  - what: Call Mum\n    who: Mrs Begum\n")
    before = (examples_copy / "records/celine-m.yaml").read_bytes()
    result = _run(run_cli, examples_copy, "record-review", "celine-m", "--from", str(source))
    assert result.exit_code == 1
    assert "is not a valid review" in result.stderr
    assert "review.yaml:3:5: actions[0].by: 'by' is required here" in result.stderr
    assert (examples_copy / "records/celine-m.yaml").read_bytes() == before


def test_record_review_from_a_file_naming_an_unknown_goal(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    source = tmp_path / "review.yaml"
    source.write_text("date: 2026-11-20\ngoals_reviewed:\n  - goal: read-aload\n")
    result = _run(run_cli, examples_copy, "record-review", "celine-m", "--from", str(source))
    assert result.exit_code == 1
    assert "review.yaml:3:11: goals_reviewed[0].goal: there is no goal with the id" in result.stderr
    assert "did you mean 'read-aloud'?" in result.stderr


def test_record_review_from_takes_no_date_or_kind(
    examples_copy: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    source = tmp_path / "review.yaml"
    source.write_text("date: 2026-11-20\n")
    result = _run(
        run_cli,
        examples_copy,
        "record-review",
        "celine-m",
        "--from",
        str(source),
        "--kind",
        "annual",
    )
    assert result.exit_code == 2
    missing = _run(run_cli, examples_copy, "record-review", "celine-m", "--from", "nowhere.yaml")
    assert missing.exit_code == 2 and "there is no file" in missing.stderr


# -- pcplan action-done ------------------------------------------------------------------------


def test_action_done_by_a_fragment_of_its_text(examples_copy: Path, run_cli: RunCli) -> None:
    result = _run(run_cli, examples_copy, "action-done", "celine-m", "LEISURE centre creche")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Marked action 2.2 (review of 2026-07-08) done on 2026-11-22")
    action = _data(examples_copy / "records/celine-m.yaml")["reviews"][1]["actions"][1]
    assert action["done"] == TODAY and action["goal"] == "work-experience-planning"


def test_action_done_by_position_with_a_date(examples_copy: Path, run_cli: RunCli) -> None:
    result = _run(run_cli, examples_copy, "action-done", "celine-m", "2.3", "--date", "2026-11-01")
    assert result.exit_code == 0, result.output
    assert _data(examples_copy / "records/celine-m.yaml")["reviews"][1]["actions"][2]["done"] == (
        "2026-11-01"
    )


def test_an_ambiguous_fragment_lists_the_candidates_briefly(
    examples_copy: Path, run_cli: RunCli
) -> None:
    before = (examples_copy / "records/celine-m.yaml").read_bytes()
    result = _run(run_cli, examples_copy, "action-done", "celine-m", "celine")
    assert result.exit_code == 2
    assert "those words match 2 open actions in " in result.stderr
    assert "records/celine-m.yaml; name one by its number:" in result.stderr
    # numbers, due dates and initials: never the words of the actions, nor names in full
    assert "  2.2   due 2026-10-30  (MP)\n  2.3   due 2027-01-29  (MA)\n" in result.stderr
    assert "pcplan actions celine-m lists them in full" in result.stderr
    assert "e.g. pcplan action-done celine-m 2.2" in result.stderr
    for words in ("Book a visit", "travel budget", "Celine", "Pritchard", "Adeyemi"):
        assert words not in result.stderr
    assert (examples_copy / "records/celine-m.yaml").read_bytes() == before


def test_action_done_when_nothing_matches_or_it_is_done(
    examples_copy: Path, run_cli: RunCli
) -> None:
    none = _run(run_cli, examples_copy, "action-done", "celine-m", "xylophone")
    assert none.exit_code == 2 and "no open action" in none.stderr and "2.2" in none.stderr
    done = _run(run_cli, examples_copy, "action-done", "celine-m", "Self Advocacy Action Pack")
    assert done.exit_code == 0
    assert done.stdout == "Action 1.2 is already marked done (2026-04-20); nothing changed.\n"
    out_of_range = _run(run_cli, examples_copy, "action-done", "celine-m", "3.1")
    assert out_of_range.exit_code == 2
    assert "celine-m.yaml: it has 2 reviews\n" in (out_of_range.stderr)
    no_such_action = _run(run_cli, examples_copy, "action-done", "ruby-thompson", "1.4")
    assert no_such_action.exit_code == 2
    assert "ruby-thompson.yaml has no actions, so there is no action 1.4" in (no_such_action.stderr)
    no_actions = _run(run_cli, examples_copy, "action-done", "kwame-asante", "call")
    assert no_actions.exit_code == 2 and "there are no open actions" in no_actions.stderr


def test_actions_lists_the_open_actions_in_full_on_purpose(
    examples_copy: Path, run_cli: RunCli
) -> None:
    before = (examples_copy / "records/celine-m.yaml").read_bytes()
    result = run_cli("actions", "celine-m", "--today", TODAY, cwd=examples_copy)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Open actions in records/celine-m.yaml:",
        "  2.2   due 2026-10-30  Ms Pritchard: Book a visit to the leisure centre crèche with "
        "Celine  (overdue)",
        "  2.3   due 2027-01-29  Mrs Adeyemi: Confirm the travel budget for the placement and "
        "tell Celine and her mum",
        "Mark one done with: pcplan action-done celine-m NUMBER",
    ]
    assert (examples_copy / "records/celine-m.yaml").read_bytes() == before
    assert _run(run_cli, examples_copy, "action-done", "celine-m", "2.2").exit_code == 0
    after = run_cli("actions", "celine-m", "--today", TODAY, cwd=examples_copy)
    assert [line[:7] for line in after.stdout.splitlines()[1:-1]] == ["  2.3  "]
    none = run_cli("actions", "kwame-asante", cwd=examples_copy)
    assert none.stdout == "No open actions in records/kwame-asante.yaml.\n"
