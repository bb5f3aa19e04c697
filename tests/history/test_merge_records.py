"""The merge driver's three-way merge of a record's text, without git: what merges, what
is left to a person, and that each side's own lines and comments are kept."""

from __future__ import annotations

from gitrepo import RECORD
from pcplan.history.merge import merge_records
from pcplan.loading.yamlstrict import parse


def test_reviews_added_on_both_sides_are_kept_in_date_order() -> None:
    ours = RECORD + "  - date: 2026-11-20\n    kind: interim\n    present: [Sam]\n"
    theirs = RECORD + (
        "  - date: 2026-11-12  # met in the library\n    kind: termly\n"
        "    questions: [Could Sam try the reading club?]\n"
    )

    merged = merge_records(RECORD, ours, theirs).text

    assert merged is not None
    reviews = parse(merged).data["reviews"]
    assert [r["date"] for r in reviews] == ["2026-07-10", "2026-11-12", "2026-11-20"]
    assert "  - date: 2026-11-12  # met in the library\n" in merged  # their line, as written


def test_edits_to_different_fields_are_both_kept() -> None:
    ours = RECORD.replace("  year_group: 8\n", "  year_group: 9\n")
    theirs = RECORD.replace(
        "    text: Ask for help when stuck.\n",
        "    text: Ask for help when stuck.\n    status: paused\n",
    ).replace("Drawing comics at break.", "Drawing comics with Jo at break.")

    merged = merge_records(RECORD, ours, theirs).text

    assert merged is not None
    data = parse(merged).data
    assert data["pupil"]["year_group"] == "9"
    assert data["goals"][1]["status"] == "paused"
    assert data["profile"]["important_to_me"][1] == "Drawing comics with Jo at break."


def test_our_comments_and_layout_survive_the_merge() -> None:
    ours = RECORD.replace("goals:\n", "# Agreed with Sam and his dad.\ngoals:\n")
    theirs = RECORD.replace("  year_group: 8\n", "  year_group: 9\n")

    merged = merge_records(RECORD, ours, theirs).text

    assert merged == ours.replace("  year_group: 8\n", "  year_group: 9\n")


def test_the_same_field_changed_two_ways_is_left_to_a_person() -> None:
    ours = RECORD.replace("Read a short story aloud to a friend.", "Read a poem.")
    theirs = RECORD.replace("Read a short story aloud to a friend.", "Read a play.")
    outcome = merge_records(RECORD, ours, theirs)
    assert outcome.text is None and outcome.reason == "both sides changed the same thing"


def test_an_entry_removed_on_one_side_and_changed_on_the_other_is_left_to_a_person() -> None:
    ours = RECORD.replace("      - date: 2026-09-10\n        note: Read one page to Ms Hall.\n", "")
    ours = ours.replace("    progress:\n", "    progress: []\n")
    theirs = RECORD.replace("Read one page to Ms Hall.", "Read one page to Ms Hall, slowly.")
    assert merge_records(RECORD, ours, theirs).text is None
