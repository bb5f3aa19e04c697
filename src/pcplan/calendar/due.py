"""What is due or overdue, across all pupils, as one list sorted by date.

``pcplan due`` prints this list; ``pcplan calendar`` writes the same items (all but goal
check-ins, which are too frequent for a calendar) as events. Both take their dates from
:mod:`pcplan.calendar.schedule`, and their words from here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from pcplan.calendar.schedule import (
    REPORT_AFTER,
    ReviewOccasion,
    annual_reviews_held,
    goal_review_due,
    last_progress,
    open_actions,
    review_entry,
    review_occasions,
)
from pcplan.calendar.terms import TermCalendar
from pcplan.models import Record

ItemKind = Literal["review", "annual-review", "papers-out", "la-report", "goal", "action"]
Status = Literal["overdue", "today", "due"]

_KIND_ORDER: dict[ItemKind, int] = {
    "annual-review": 0,
    "review": 1,
    "papers-out": 2,
    "la-report": 3,
    "action": 4,
    "goal": 5,
}
ACTION_SUMMARY_CHARS = 60

DEFAULT_WITHIN_DAYS = 30
CALENDAR_HORIZON = timedelta(days=366)
"""How far ahead ``pcplan calendar`` looks for review meetings and deadlines."""


@dataclass(frozen=True)
class DueItem:
    """One thing that is due on a date: a review, a deadline, a goal check-in, an action."""

    date: dt.date
    kind: ItemKind
    pupil_id: str
    pupil_name: str
    key: str
    review_kind: str | None = None
    booked: bool = False
    meeting: dt.date | None = None
    due_by: dt.date | None = None
    text: str | None = None
    who: str | None = None
    goal_id: str | None = None
    area: str | None = None
    since: dt.date | None = None
    period: str | None = None

    def status(self, today: dt.date) -> Status:
        if self.date < today:
            return "overdue"
        if self.date == today:
            return "today"
        return "due"

    @property
    def in_calendar(self) -> bool:
        """Goal check-ins come round too often for a calendar; everything else goes in."""
        return self.kind != "goal"

    @property
    def is_paperwork(self) -> bool:
        return self.kind in ("papers-out", "la-report")

    @property
    def uid(self) -> str:
        """A stable identifier for calendars: the same thing keeps the same UID."""
        return f"{self.key}@pcplan"

    def sort_key(self) -> tuple[dt.date, str, int, str]:
        return (self.date, self.pupil_name.casefold(), _KIND_ORDER[self.kind], self.key)


@dataclass(frozen=True, slots=True)
class PupilDue:
    """One pupil's due items, and the names a list can call the pupil by.

    Worked out from one record (so in the process that reads it); the items are named
    by pupil id until :func:`named_items` names them, which needs every pupil."""

    pupil_id: str
    name: str
    known_as: str | None
    staff_name: str
    items: tuple[DueItem, ...]


def pupil_due(
    record: Record, calendar: TermCalendar, today: date, until: date, *, goals: bool = True
) -> PupilDue:
    """Everything due for one pupil up to ``until`` (see :func:`pupil_items`)."""
    pupil = record.pupil
    items = pupil_items(record, pupil.id, calendar, today, until, goals=goals)
    return PupilDue(pupil.id, pupil.name, pupil.known_as, pupil.staff_name, tuple(items))


def _display_names(people: Sequence[PupilDue]) -> dict[str, str]:
    short = {p.pupil_id: p.known_as or p.name for p in people}
    counts = Counter(short.values())
    names = {pid: (name if counts[name] == 1 else None) for pid, name in short.items()}
    full = Counter(p.name for p in people if names[p.pupil_id] is None)
    for p in people:
        if names[p.pupil_id] is None:
            name = p.name
            names[p.pupil_id] = name if full[name] == 1 else f"{name} ({p.pupil_id})"
    return {pid: name or pid for pid, name in names.items()}


def _people(records: Sequence[Record]) -> list[PupilDue]:
    return [
        PupilDue(r.pupil.id, r.pupil.name, r.pupil.known_as, r.pupil.staff_name, ())
        for r in records
    ]


def display_names(records: Sequence[Record]) -> dict[str, str]:
    """The name calendar entries use for each pupil: their known-as name (else their full
    name), made unique when shared."""
    return _display_names(_people(records))


def staff_names(pupils: Sequence[PupilDue]) -> dict[str, str]:
    """The name a staff list shows for each pupil (:attr:`Pupil.staff_name`), with the id
    added when two pupils share it."""
    names = {p.pupil_id: p.staff_name for p in pupils}
    counts = Counter(names.values())
    return {pid: name if counts[name] == 1 else f"{name} ({pid})" for pid, name in names.items()}


def list_names(records: Sequence[Record]) -> dict[str, str]:
    """:func:`staff_names` of the pupils of ``records``."""
    return staff_names(_people(records))


def named_items(pupils: Sequence[PupilDue]) -> list[DueItem]:
    """Every pupil's items, each named as calendar entries name the pupil, by date then
    pupil (what :func:`due_items` gives for the same records)."""
    names = _display_names(pupils)
    items = [
        item
        if item.pupil_name == names[p.pupil_id]
        else replace(item, pupil_name=names[p.pupil_id])
        for p in pupils
        for item in p.items
    ]
    return sorted(items, key=DueItem.sort_key)


def _review_items(occasion: ReviewOccasion, name: str, record: Record) -> list[DueItem]:
    meeting = occasion.booked
    if occasion.is_annual:
        # Paperwork recorded as sent on the meeting's review entry is done, not due.
        entry = review_entry(record, meeting)
        items = [
            DueItem(
                occasion.date,
                "annual-review",
                occasion.pupil_id,
                name,
                occasion.key,
                review_kind="annual",
                booked=meeting is not None,
            )
        ]
        papers_sent = entry is not None and entry.papers_sent is not None
        report_sent = entry is not None and entry.report_sent is not None
        if meeting is not None and occasion.papers_out and not papers_sent:
            items.append(
                DueItem(
                    occasion.papers_out,
                    "papers-out",
                    occasion.pupil_id,
                    name,
                    f"{occasion.key}-papers-out",
                    review_kind="annual",
                    meeting=meeting,
                )
            )
        if meeting is not None and occasion.report_due and not report_sent:
            items.append(
                DueItem(
                    occasion.report_due,
                    "la-report",
                    occasion.pupil_id,
                    name,
                    f"{occasion.key}-la-report",
                    review_kind="annual",
                    meeting=meeting,
                )
            )
        return items
    return [
        DueItem(
            occasion.date,
            "review",
            occasion.pupil_id,
            name,
            occasion.key,
            review_kind=occasion.kind,
            booked=meeting is not None,
            due_by=occasion.due_by,
            period=occasion.period_label,
        )
    ]


def pupil_items(
    record: Record,
    name: str,
    calendar: TermCalendar,
    today: date,
    until: date,
    *,
    goals: bool = True,
) -> list[DueItem]:
    """Everything due for one pupil up to ``until``, overdue things included."""
    pid = record.pupil.id
    items: list[DueItem] = []
    for occasion in review_occasions(record, calendar, today, until):
        items.extend(i for i in _review_items(occasion, name, record) if i.date <= until)
    # The report on an annual review already held is still to send for two weeks after it.
    for number, review in enumerate(annual_reviews_held(record, today), start=1):
        report = review.date + REPORT_AFTER
        if today <= report <= until and review.report_sent is None:
            items.append(
                DueItem(
                    report,
                    "la-report",
                    pid,
                    name,
                    f"{pid}-annual-review-{number}-la-report",
                    review_kind="annual",
                    meeting=review.date,
                )
            )
    for open_action in open_actions(record):
        action = open_action.action
        if action.by <= until:
            items.append(
                DueItem(
                    action.by,
                    "action",
                    pid,
                    name,
                    open_action.key,
                    text=action.what,
                    who=action.who,
                    goal_id=action.goal,
                    since=open_action.review_date,
                )
            )
    if goals:
        for goal in record.goals:
            due = goal_review_due(goal, calendar, today)
            if due is not None and due <= until:
                items.append(
                    DueItem(
                        due,
                        "goal",
                        pid,
                        name,
                        f"{pid}-goal-{goal.id}",
                        review_kind=goal.review,
                        text=goal.text,
                        goal_id=goal.id,
                        area=goal.area,
                        since=last_progress(goal, today) or goal.start,
                    )
                )
    return items


def due_items(
    records: Sequence[Record],
    calendar: TermCalendar,
    today: date,
    until: date,
    *,
    goals: bool = True,
) -> list[DueItem]:
    """Everything due or overdue up to ``until`` for every pupil, sorted by date then pupil."""
    return named_items([pupil_due(r, calendar, today, until, goals=goals) for r in records])


def calendar_items(records: Sequence[Record], calendar: TermCalendar, today: date) -> list[DueItem]:
    """The items of the iCalendar feed: everything but goal check-ins, a year ahead."""
    return due_items(records, calendar, today, today + CALENDAR_HORIZON, goals=False)


# ---------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------

_REVIEW_WORDS = {
    "termly": "Termly review",
    "half-termly": "Half-termly review",
    "annually": "Yearly review",
    "annual": "Annual review",
    # A meeting booked in cadence.next_review, whose kind the record does not say.
    "booked": "Review meeting",
}


def review_words(kind: str | None) -> str:
    """How a kind of review reads: ``Termly review``."""
    return _REVIEW_WORDS.get(kind or "", "Review meeting")


def shorten(text: str, limit: int = ACTION_SUMMARY_CHARS) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters with '…'."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def describe(item: DueItem) -> str:
    """One line saying what is due, in plain words (for ``pcplan due``)."""
    if item.kind in ("review", "annual-review"):
        words = review_words(item.review_kind)
        if item.booked:
            return f"{words}, booked"
        if item.kind == "review" and item.period:
            return f"{words} not booked yet (due by the end of the {item.period})"
        return f"{words} not booked yet (due by this date)"
    if item.kind == "papers-out":
        assert item.meeting is not None
        return f"Send out the papers for the annual review on {item.meeting.isoformat()}"
    if item.kind == "la-report":
        assert item.meeting is not None
        return (
            f"Send the report on the annual review of {item.meeting.isoformat()} "
            "to the local authority"
        )
    if item.kind == "action":
        who = f" ({item.who})" if item.who else ""
        return f"Action: {shorten(item.text or '', 80)}{who}"
    rhythm = item.review_kind or "termly"
    return f"Log progress ({rhythm}) on {item.area}: {shorten(item.text or '', 60)}"


def event_summary(item: DueItem) -> str:
    """A calendar event's title: who and what, with no more of the record than needed."""
    name = item.pupil_name
    if item.kind == "annual-review":
        return f"Annual review: {name}" + ("" if item.booked else " (date to set)")
    if item.kind == "review":
        words = review_words(item.review_kind)
        return f"{words}: {name}" + ("" if item.booked else " (to book)")
    if item.kind == "papers-out":
        return f"Papers out for {name}'s annual review"
    if item.kind == "la-report":
        return f"Report to the local authority: {name}'s annual review"
    if item.kind == "action":
        return f"Action due ({name}): {shorten(item.text or '')}"
    return f"Progress check ({name}): {item.area}"
