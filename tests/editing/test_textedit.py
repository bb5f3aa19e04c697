"""Tricky layouts, each kept inline next to what the edit must produce."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pcplan.editing.commands import Change, action_done, log_progress, record_review
from pcplan.editing.textedit import Source
from pcplan.loading.records import LoadedRecord, load_record_bytes
from pcplan.loading.yamlstrict import parse

DAY = date(2026, 11, 22)
HEAD = "schema_version: 1\npupil: {id: tricky, name: Ada Vee, sen_status: N}\n"


def _load(text: str) -> LoadedRecord:
    loaded, problems = load_record_bytes(Path("records/tricky.yaml"), "tricky", text.encode(), DAY)
    assert loaded is not None and not problems, problems
    return loaded


def _added(change: Change, old: str) -> str:
    """The text the change put in, when it only inserted one run of text."""
    new = change.text
    start = 0
    while start < len(old) and old[start] == new[start]:
        start += 1
    end = len(new) - (len(old) - start)
    assert new[:start] + new[end:] == old
    assert parse(new).data == change.expected
    return new[start:end]


def test_document_markers_and_a_value_on_the_next_line() -> None:
    text = (
        "---\n" + HEAD + "goals:\n  - id: g\n    area: A\n    text: T\n    progress:\n"
        '      - date: 2026-01-01\n        note:\n          "on the next line"\n...\n'
    )
    change = log_progress(_load(text), "g", "New.", DAY)
    assert _added(change, text) == '      - date: 2026-11-22\n        note: "New."\n'
    assert change.line == 12


def test_a_flow_entry_over_two_lines_and_a_dash_alone_on_its_line() -> None:
    text = HEAD + (
        "goals:\n  - id: g\n    area: A\n    text: T\n    progress:\n"
        "      - {date: 2026-01-02,\n         note: two lines}\n"
        "reviews:\n  - date: 2026-01-04\n    actions:\n      -\n        what: Call\n"
        "        who:\tMr Tab\n        by: 2026-02-01\n"
    )
    assert _added(log_progress(_load(text), "g", "Next.", DAY), text) == (
        '      - {date: 2026-11-22, note: "Next."}\n'
    )
    assert _added(action_done(_load(text), "call", DAY), text) == "        done: 2026-11-22\n"


def test_a_kept_block_scalar_keeps_its_trailing_blank_lines() -> None:
    text = HEAD + (
        "goals:\n  - id: g\n    area: A\n    text: T\n    progress:\n"
        "      - date: 2026-01-03\n        note: |+\n          kept\n\n\n  - id: h\n"
        "    area: B\n    text: U\n"
    )
    change = log_progress(_load(text), "g", "After.", DAY)
    assert 'kept\n\n\n      - date: 2026-11-22\n        note: "After."\n  - id: h\n' in change.text
    assert parse(change.text).data["goals"][0]["progress"][0]["note"] == "kept\n\n\n"


def test_comments_that_belong_to_the_last_entry_stay_with_it() -> None:
    text = HEAD + (
        "goals:\n  - id: g\n    area: A\n    text: T\n    progress:\n"
        "      - date: 2026-01-03\n        note: First.\n        # about the first entry\n"
        "      # about the list\n  # about the next goal\n  - id: h\n    area: B\n    text: U\n"
    )
    change = log_progress(_load(text), "g", "Second.", DAY)
    new = change.text
    assert "# about the first entry\n      - date: 2026-11-22\n" in new
    assert '        note: "Second."\n      # about the list\n' in new


def test_a_review_goes_after_trailing_comments_and_before_trailing_blank_lines() -> None:
    text = HEAD + "\ngoals: []\n# Reviews start next term.\n\n"
    change = record_review(_load(text), DAY, "termly")
    assert change.text.startswith(text.rstrip("\n") + "\n\nreviews:\n  - date: 2026-11-22\n")
    assert change.text.endswith("    actions: []\n\n")


@pytest.mark.parametrize(
    ("newline", "expected"),
    [("line one\r\nline two\r\n", "\r\n"), ("a\nb\n", "\n"), ("a\rb\r", "\r"), ("", "\n")],
)
def test_the_file_s_own_line_ending_is_used(newline: str, expected: str) -> None:
    assert Source(newline).newline == expected


def test_the_open_actions_reminder_is_always_a_readable_comment() -> None:
    text = HEAD + (
        'reviews:\n  - date: 2026-10-01\n    actions:\n      - what: "Call\\x01 home,\\n'
        'then\\u2028write"\n        who: Mrs Ito\n        by: 2026-10-08\n'
    )
    change = record_review(_load(text), DAY, "termly")
    assert "    #   1.1 Call? home, then write (Mrs Ito, by 2026-10-08)\n" in change.text
    assert parse(change.text).data == change.expected
