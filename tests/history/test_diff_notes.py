"""A strategy written as {text, share} reads as its words in a record's history."""

from __future__ import annotations

from pcplan.history.diff import diff_records
from pcplan.models import Record

BASE = {
    "schema_version": "1",
    "pupil": {"id": "sam", "name": "Sam Lee", "sen_status": "K", "needs": {"primary": "SLCN"}},
}


def _record(strategies: list[object]) -> Record:
    goal = {"id": "read", "area": "English", "text": "Read aloud.", "strategies": strategies}
    return Record.model_validate({**BASE, "goals": [goal]})


def test_a_strategy_marked_for_staff_reads_as_its_words() -> None:
    old = _record(["A help card."])
    new = _record(["A help card.", {"text": "Log it on the tracker.", "share": "staff"}])
    changes = diff_records(old, new)
    assert [(c.new) for c in changes] == ["Log it on the tracker."]
    # Marking an existing strategy for staff only keeps its words: it is not reworded.
    again = _record([{"text": "A help card.", "share": "staff"}, "Log it on the tracker."])
    assert not [c for c in diff_records(new, again) if "strategy" in c.words]
