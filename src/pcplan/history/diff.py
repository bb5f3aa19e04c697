"""What changed between two versions of a record, in the domain's words.

The two versions are compared as models (what the record means), never as text: a
re-indented list or a new comment is no change at all here, and a goal that moved to
another place in the file is the same goal. Goals, aspirations and resources are matched
by id, reviews by date and kind, progress entries and statements by what they say.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from pcplan.history.change import Change as Change
from pcplan.models import Record
from pcplan.models.common import StatementDetail, note_text, statement_text
from pcplan.models.plan import Goal, Progress, Resource
from pcplan.models.profile import Aspiration
from pcplan.models.reviews import Action, Review
from pcplan.vocabulary import NEEDS, SEN_STATUS_SHORT

PROFILE_SECTIONS = {
    "like_and_admire": "What people like and admire",
    "important_to_me": "What is important to me",
    "how_to_support_me": "How best to support me",
}
GOAL_FIELDS = {
    "area": "area",
    "success": "success criteria",
    "review": "review rhythm",
    "start": "start date",
    "due": "due date",
    "achieved_on": "date achieved",
}
RESOURCE_FIELDS = {
    "text": "description",
    "kind": "kind",
    "who": "who provides it",
    "wave": "wave",
    "group_size": "group size",
    "sessions_per_week": "sessions a week",
    "minutes": "minutes a session",
    "start": "start date",
    "cost": "cost",
    "goals": "goals it supports",
}
ASPIRATION_FIELDS = {
    "said_by": "whose words",
    "how": "how they were gathered",
    "horizon": "horizon",
    "pfa": "Preparing for Adulthood area",
    "where_i_prosper": "where the pupil is likely to prosper",
    "steps": "steps",
}


def _text(value: Any) -> str:
    """A value of the record as plain text for a change's old or new words."""
    if value is None:
        return ""
    if isinstance(value, StatementDetail):
        return value.text
    if isinstance(value, BaseModel):
        parts = [
            f"{k}: {_text(getattr(value, k))}"
            for k in type(value).model_fields
            if getattr(value, k) not in (None, [], "")
        ]
        return "; ".join(parts)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, [], ""))
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _goal(goal: Goal) -> str:
    return f"goal {goal.id} ({goal.area})"


def _goal_title(goal: Goal) -> str:
    """The goal's name at the start of a sentence."""
    return f"Goal {goal.id} ({goal.area})"


def _by_id(items: Sequence[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


def diff_records(old: Record | None, new: Record) -> list[Change]:
    """Every change from ``old`` to ``new`` (``old`` None: the record was created)."""
    if old is None:
        return [Change("record-created", f"Record started for {new.pupil.display_name}")]
    if old == new:
        return []
    changes: list[Change] = []
    changes += _pupil(old, new)
    changes += _circle(old, new)
    changes += _profile(old, new)
    changes += _aspirations(old.aspirations, new.aspirations)
    changes += _goals(old.goals, new.goals)
    changes += _resources(old.resources, new.resources)
    changes += _cadence(old, new)
    changes += _reviews(old.reviews, new.reviews)
    if not changes:
        changes.append(Change("other", "Other details changed"))
    return changes


def _pupil(old: Record, new: Record) -> list[Change]:
    a, b = old.pupil, new.pupil
    out: list[Change] = []
    if a.sen_status != b.sen_status:
        out.append(
            Change(
                "status-changed",
                f"SEN status changed from {SEN_STATUS_SHORT[a.sen_status]} ({a.sen_status}) "
                f"to {SEN_STATUS_SHORT[b.sen_status]} ({b.sen_status})",
            )
        )
    pa = a.needs.primary if a.needs else None
    pb = b.needs.primary if b.needs else None
    if pa != pb:
        out.append(
            Change(
                "need-changed",
                f"Primary need changed from {_need(pa)} to {_need(pb)}",
            )
        )
    sa = list(a.needs.secondary) if a.needs else []
    sb = list(b.needs.secondary) if b.needs else []
    if sa != sb:
        out.append(
            Change(
                "need-changed",
                "Secondary needs changed from "
                f"{', '.join(sa) or 'none'} to {', '.join(sb) or 'none'}",
            )
        )
    if a.year_group != b.year_group:
        out.append(
            Change(
                "year-changed",
                f"Year group changed from {a.year_group or 'not given'} to "
                f"{b.year_group or 'not given'}",
            )
        )
    for name, label in (
        ("name", "name"),
        ("known_as", "name the pupil likes to be called"),
        ("date_of_birth", "date of birth"),
        ("upn", "unique pupil number"),
        ("setting", "setting"),
    ):
        va, vb = getattr(a, name), getattr(b, name)
        if va != vb:
            out.append(Change("pupil-changed", f"The {label} changed", _text(va), _text(vb)))
    if _without(a, PUPIL_SHOWN) != _without(b, PUPIL_SHOWN):
        out.append(Change("pupil-changed", "Other details about the pupil changed"))
    return out


PUPIL_SHOWN = (
    "sen_status",
    "needs",
    "year_group",
    "name",
    "known_as",
    "date_of_birth",
    "upn",
    "setting",
)


def _without(model: BaseModel, names: Sequence[str]) -> dict[str, Any]:
    """A model's fields as a mapping, leaving out ``names`` (models compare by value)."""
    return {k: getattr(model, k) for k in type(model).model_fields if k not in names}


def _need(code: str | None) -> str:
    return f"{NEEDS[code]} ({code})" if code else "none"


def _circle(old: Record, new: Record) -> list[Change]:
    out: list[Change] = []
    before = {(m.name, m.role): m for m in old.circle}
    after = {(m.name, m.role): m for m in new.circle}
    for key, member in after.items():
        if key not in before:
            out.append(Change("circle-added", f"{member.name} ({member.role}) joined the circle"))
        elif before[key] != member:
            out.append(
                Change("circle-changed", f"Details of {member.name} ({member.role}) changed")
            )
    for key, member in before.items():
        if key not in after:
            out.append(Change("circle-removed", f"{member.name} ({member.role}) left the circle"))
    return out


def _statements(label: str, old: Sequence[Any], new: Sequence[Any]) -> list[Change]:
    """Statements added, removed or reworded in one list."""
    a = [statement_text(s) for s in old]
    b = [statement_text(s) for s in new]
    out: list[Change] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                if old[i] != new[j]:
                    out.append(Change("statement-changed", f"{label}: who said it changed", a[i]))
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            out.append(Change("statement-reworded", f"{label}: reworded", a[i1 + k], b[j1 + k]))
        for i in range(i1 + paired, i2):
            out.append(Change("statement-removed", f"{label}: removed", old=a[i]))
        for j in range(j1 + paired, j2):
            out.append(Change("statement-added", f"{label}: added", new=b[j]))
    return out


def _profile(old: Record, new: Record) -> list[Change]:
    a, b = old.profile, new.profile
    out: list[Change] = []
    for name, label in PROFILE_SECTIONS.items():
        out += _statements(label, getattr(a, name), getattr(b, name))
    if a.provenance != b.provenance:
        out.append(
            Change(
                "profile-changed",
                "Whose words the profile is",
                _text(a.provenance),
                _text(b.provenance),
            )
        )
    if a.photo != b.photo:
        out.append(Change("profile-changed", "The profile's photo changed"))
    if a.communication != b.communication:
        out.append(Change("profile-changed", "The communication chart changed"))
    return out


def _fields(
    what: str, a: BaseModel, b: BaseModel, fields: dict[str, str], kind: str
) -> list[Change]:
    out: list[Change] = []
    for name, label in fields.items():
        va, vb = getattr(a, name), getattr(b, name)
        if va != vb:
            out.append(
                Change(kind, f"{what}: {label} changed", _text(va) or None, _text(vb) or None)
            )
    return out


def _aspirations(old: Sequence[Aspiration], new: Sequence[Aspiration]) -> list[Change]:
    a, b = _by_id(old), _by_id(new)
    out: list[Change] = []
    for ident, hope in b.items():
        if ident not in a:
            out.append(Change("aspiration-added", f"Hope added ({ident})", new=hope.text))
            continue
        before = a[ident]
        if before.text != hope.text:
            out.append(
                Change("aspiration-reworded", f"Hope {ident}: reworded", before.text, hope.text)
            )
        out += _fields(f"Hope {ident}", before, hope, ASPIRATION_FIELDS, "aspiration-changed")
    for ident, hope in a.items():
        if ident not in b:
            out.append(Change("aspiration-removed", f"Hope removed ({ident})", old=hope.text))
    return out


def _progress_key(p: Progress) -> tuple[Any, ...]:
    return (p.date, p.note, p.by, p.rating)


def _progress_words(goal: Goal, p: Progress) -> str:
    extra = ", ".join(x for x in (f"by {p.by}" if p.by else "", p.rating or "") if x)
    return f"Progress logged on {_goal(goal)} for {p.date.isoformat()}" + (
        f" ({extra})" if extra else ""
    )


def _goals(old: Sequence[Goal], new: Sequence[Goal]) -> list[Change]:
    a, b = _by_id(old), _by_id(new)
    out: list[Change] = []
    for ident, goal in b.items():
        if ident not in a:
            out.append(Change("goal-added", f"Goal added: {_goal(goal)}", new=goal.text))
            out += [
                Change("progress-logged", _progress_words(goal, p), new=p.note)
                for p in goal.progress
            ]
            continue
        before = a[ident]
        if before.status != goal.status:
            out.append(_status_change(goal))
        if before.text != goal.text:
            out.append(
                Change("goal-reworded", f"{_goal_title(goal)}: reworded", before.text, goal.text)
            )
        fields = dict(GOAL_FIELDS)
        if goal.status == "achieved" and before.status != "achieved":
            fields.pop("achieved_on")
        out += _fields(_goal_title(goal), before, goal, fields, "goal-changed")
        out += _list_words(
            f"{_goal_title(goal)}: strategy",
            [note_text(s) for s in before.strategies],
            [note_text(s) for s in goal.strategies],
            "goal-changed",
        )
        for name, label in (("aspirations", "hopes it moves towards"), ("values", "values")):
            if getattr(before, name) != getattr(goal, name):
                out.append(
                    Change(
                        "goal-changed",
                        f"{_goal_title(goal)}: {label} changed",
                        ", ".join(getattr(before, name)) or None,
                        ", ".join(getattr(goal, name)) or None,
                    )
                )
        seen = {_progress_key(p) for p in before.progress}
        kept = {_progress_key(p) for p in goal.progress}
        for p in goal.progress:
            if _progress_key(p) not in seen:
                out.append(Change("progress-logged", _progress_words(goal, p), new=p.note))
        for p in before.progress:
            if _progress_key(p) not in kept:
                out.append(
                    Change(
                        "progress-removed",
                        f"Progress entry of {p.date.isoformat()} removed from {_goal(goal)}",
                        old=p.note,
                    )
                )
    for ident, goal in a.items():
        if ident not in b:
            out.append(Change("goal-removed", f"Goal removed: {_goal(goal)}", old=goal.text))
    return out


def _status_change(goal: Goal) -> Change:
    if goal.status == "achieved":
        when = f" on {goal.achieved_on.isoformat()}" if goal.achieved_on else ""
        return Change("goal-achieved", f"{_goal_title(goal)} achieved{when}")
    if goal.status == "paused":
        return Change("goal-paused", f"{_goal_title(goal)} paused")
    if goal.status == "dropped":
        return Change("goal-dropped", f"{_goal_title(goal)} dropped")
    return Change("goal-active", f"{_goal_title(goal)} is being worked on again")


def _list_words(label: str, old: Sequence[str], new: Sequence[str], kind: str) -> list[Change]:
    out: list[Change] = []
    matcher = difflib.SequenceMatcher(a=list(old), b=list(new), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            out.append(Change(kind, f"{label} reworded", old[i1 + k], new[j1 + k]))
        for i in range(i1 + paired, i2):
            out.append(Change(kind, f"{label} removed", old=old[i]))
        for j in range(j1 + paired, j2):
            out.append(Change(kind, f"{label} added", new=new[j]))
    return out


def _resources(old: Sequence[Resource], new: Sequence[Resource]) -> list[Change]:
    a, b = _by_id(old), _by_id(new)
    out: list[Change] = []
    for ident, res in b.items():
        if ident not in a:
            when = f" from {res.start.isoformat()}" if res.start else ""
            out.append(Change("resource-started", f"Support started{when}: {ident}", new=res.text))
            continue
        before = a[ident]
        if before.end != res.end:
            if res.end is not None:
                out.append(
                    Change("resource-ended", f"Support {ident} ends on {res.end.isoformat()}")
                )
            else:
                out.append(Change("resource-changed", f"Support {ident}: end date taken out"))
        out += _fields(f"Support {ident}", before, res, RESOURCE_FIELDS, "resource-changed")
    for ident, res in a.items():
        if ident not in b:
            out.append(Change("resource-removed", f"Support removed: {ident}", old=res.text))
    return out


def _cadence(old: Record, new: Record) -> list[Change]:
    a, b = old.cadence, new.cadence
    out: list[Change] = []
    if a.next_review != b.next_review:
        out.append(
            Change(
                "review-booked",
                f"Next review booked for {b.next_review.isoformat()}"
                if b.next_review
                else "Next review date taken out",
            )
        )
    if a.annual_review != b.annual_review:
        out.append(
            Change(
                "review-booked",
                f"Annual review booked for {b.annual_review.isoformat()}"
                if b.annual_review
                else "Annual review date taken out",
            )
        )
    if a.plan_review != b.plan_review:
        out.append(
            Change(
                "cadence-changed", f"The plan is now reviewed {b.plan_review} (was {a.plan_review})"
            )
        )
    return out


def _review_key(r: Review) -> tuple[Any, str]:
    return (r.date, r.kind)


def _review_name(r: Review) -> str:
    return f"{r.kind} review of {r.date.isoformat()}"


def _action_words(a: Action) -> str:
    return f"{a.what} ({a.who}, by {a.by.isoformat()})"


def _reviews(old: Sequence[Review], new: Sequence[Review]) -> list[Change]:
    a = {_review_key(r): r for r in old}
    b = {_review_key(r): r for r in new}
    out: list[Change] = []
    for key, review in b.items():
        if key not in a:
            out.append(Change("review-recorded", f"Review recorded: {_review_name(review)}"))
            for action in review.actions:
                if action.done is not None:
                    out.append(
                        Change(
                            "action-done",
                            f"Action done on {action.done.isoformat()}",
                            new=_action_words(action),
                        )
                    )
            continue
        before = review
        earlier = a[key]
        for i, action in enumerate(before.actions):
            if i < len(earlier.actions):
                was = earlier.actions[i]
                if was.done is None and action.done is not None:
                    out.append(
                        Change(
                            "action-done",
                            f"Action done on {action.done.isoformat()}",
                            new=_action_words(action),
                        )
                    )
                elif was.done is not None and action.done is None:
                    out.append(
                        Change("action-reopened", "Action open again", new=_action_words(action))
                    )
                elif _without(was, ("done",)) != _without(action, ("done",)):
                    out.append(
                        Change(
                            "action-changed",
                            "Action changed",
                            _action_words(was),
                            _action_words(action),
                        )
                    )
            else:
                out.append(
                    Change(
                        "action-added",
                        f"Action added to the {_review_name(review)}",
                        new=_action_words(action),
                    )
                )
        for was in earlier.actions[len(before.actions) :]:
            out.append(
                Change(
                    "action-removed",
                    f"Action removed from the {_review_name(review)}",
                    old=_action_words(was),
                )
            )
        if _without(earlier, ("actions",)) != _without(review, ("actions",)):
            out.append(Change("review-changed", f"Notes of the {_review_name(review)} changed"))
    for key, review in a.items():
        if key not in b:
            out.append(Change("review-removed", f"Review removed: {_review_name(review)}"))
    return out
