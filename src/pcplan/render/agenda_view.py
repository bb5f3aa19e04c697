"""The review agenda: a record prepared for its person-centred review meeting.

The agenda follows the order of a person-centred review: who is invited; what we like
and admire; what is important to the pupil now, and for the future; what we need to know
or do to support them; what is working and not working from each point of view, with
what was said last time; questions to answer; each goal with the progress since the last
review; the actions still open; and an action plan to fill in. From Year 9 it adds
Preparing for Adulthood.

Which review it is and when come from :mod:`pcplan.calendar.schedule`, like the dates of
``pcplan due`` and ``pcplan calendar``, so the three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pcplan.calendar.schedule import (
    ReviewOccasion,
    TermReview,
    last_review,
    open_actions,
    review_entry,
)
from pcplan.calendar.terms import Term
from pcplan.history.view import EntryView
from pcplan.models import Record, Review
from pcplan.models.reviews import PERSPECTIVES
from pcplan.render.views import (
    RATINGS,
    REVIEW_KINDS,
    RHYTHMS,
    STATUS,
    CircleView,
    ProgressView,
    PupilView,
    Statement,
    notes,
    pupil_view,
    short_date,
    statement,
)
from pcplan.schoolyear import long_date, year_group, year_number
from pcplan.vocabulary import HORIZONS, PFA

PFA_FROM_YEAR = 9
"""From Year 9, reviews cover Preparing for Adulthood."""
BLANK_ACTION_ROWS = 6

OTHER_VIEWS = {"family": "Family", "school": "School", "others": "Others"}


def occasion_words(kind: str) -> str:
    """How a kind of review reads: ``Termly review``, the same words as ``pcplan due``."""
    from pcplan.calendar.due import review_words

    return review_words(kind)


@dataclass(frozen=True, slots=True)
class OccasionView:
    """One review meeting: what it is, when it is booked or due, and whether it is late."""

    kind: str
    meeting: str
    due_by: str
    is_overdue: bool
    period: str


@dataclass(frozen=True, slots=True)
class StatutoryDates:
    """The dates the SEND Code of Practice sets around an annual review meeting."""

    papers_out: str
    meeting: str
    report_due: str
    invited_on: str = ""
    papers_sent: str = ""
    report_sent: str = ""


@dataclass(frozen=True, slots=True)
class HopeView:
    """A hope or dream, with when it is for and its Preparing for Adulthood area."""

    statement: Statement
    horizon: str
    pfa: str


@dataclass(frozen=True, slots=True)
class PerspectiveView:
    """One point of view, with what it said was working and not working last time."""

    name: str
    working: list[str]
    not_working: list[str]


@dataclass(frozen=True, slots=True)
class AgendaGoal:
    """A goal, its success criteria, and the progress since the last review."""

    number: int
    anchor: str
    area: str
    text: str
    success: str
    rhythm: str
    status: str
    status_key: str
    last_rating: str
    last_note: str
    progress: list[ProgressView]


@dataclass(frozen=True, slots=True)
class AgendaAction:
    """An action agreed at an earlier review and not yet done."""

    what: str
    who: str
    by: str
    agreed: str
    is_overdue: bool
    goal: str


@dataclass(frozen=True, slots=True)
class PfaAreaView:
    """One Preparing for Adulthood area and the pupil's hopes tagged with it."""

    name: str
    hopes: list[Statement]


@dataclass(frozen=True, slots=True)
class ChangesView:
    """What has changed in the record since the last review, from its history in git."""

    shown: bool
    """False when the record has no history in git: the section is left out."""
    since: str
    entries: list[EntryView]
    note: str = ""
    """Why the section is left out, said in one line instead of it."""


NO_HISTORY = ChangesView(
    shown=False,
    since="",
    entries=[],
    note="this record has no history in git.",
)
HISTORY_OFF = ChangesView(
    shown=False,
    since="",
    entries=[],
    note="you asked for --no-history.",
)


@dataclass(frozen=True, slots=True)
class AgendaView:
    """Everything the agenda of one pupil's review says, in the order of the meeting."""

    pupil: PupilView
    term: str
    term_dates: str
    occasion: OccasionView
    other_occasions: list[OccasionView]
    statutory: StatutoryDates | None
    last_review: str
    invited: list[CircleView]
    like_and_admire: list[Statement]
    important_now: list[Statement]
    hopes: list[HopeView]
    pfa: list[PfaAreaView]
    support: list[Statement]
    perspectives: list[PerspectiveView]
    questions: list[str]
    goals: list[AgendaGoal]
    open_actions: list[AgendaAction]
    blank_actions: int
    changes: ChangesView


def occasion_view(occasion: ReviewOccasion, today: date) -> OccasionView:
    return OccasionView(
        kind=occasion_words(occasion.kind),
        meeting=long_date(occasion.booked),
        due_by=long_date(occasion.due_by),
        is_overdue=occasion.is_overdue(today),
        period=occasion.period_label or "",
    )


def _statutory(occasion: ReviewOccasion, record: Record) -> StatutoryDates | None:
    if occasion.papers_out is None or occasion.report_due is None:
        return None
    # What the meeting's review entry records as done is ticked off.
    entry = review_entry(record, occasion.booked)
    return StatutoryDates(
        papers_out=long_date(occasion.papers_out),
        meeting=long_date(occasion.booked),
        report_due=long_date(occasion.report_due),
        invited_on=long_date(entry.invited_on) if entry else "",
        papers_sent=long_date(entry.papers_sent) if entry else "",
        report_sent=long_date(entry.report_sent) if entry else "",
    )


def _perspectives(name: str, last: Review | None) -> list[PerspectiveView]:
    out: list[PerspectiveView] = []
    for key in PERSPECTIVES:
        label = name if key == "pupil" else OTHER_VIEWS[key]
        working = notes(getattr(last.working, key), "staff") if last else []
        not_working = notes(getattr(last.not_working, key), "staff") if last else []
        out.append(PerspectiveView(label, working, not_working))
    return out


def _goals(record: Record, last: Review | None) -> list[AgendaGoal]:
    since = last.date if last else None
    outcomes = {g.goal: g for g in last.goals_reviewed} if last else {}
    rhythms = {key: label for key, label, _ in RHYTHMS}
    out: list[AgendaGoal] = []
    for number, goal in enumerate(record.goals, start=1):
        if goal.status == "dropped":
            continue
        # An achievement is celebrated at the first review after it, then left out.
        if goal.status == "achieved" and since and goal.achieved_on and goal.achieved_on <= since:
            continue
        outcome = outcomes.get(goal.id)
        out.append(
            AgendaGoal(
                number=number,
                anchor=f"goal-{goal.id}",
                area=goal.area.strip(),
                text=goal.text.strip(),
                success=(goal.success or "").strip(),
                rhythm=rhythms[goal.review],
                status=STATUS[goal.status],
                status_key=goal.status,
                last_rating=RATINGS[outcome.rating] if outcome and outcome.rating else "",
                last_note=(outcome.note or "").strip() if outcome else "",
                progress=[
                    ProgressView(
                        date=short_date(p.date),
                        note=p.note.strip(),
                        by=(p.by or "").strip(),
                        rating=RATINGS[p.rating] if p.rating else "",
                    )
                    for p in sorted(goal.progress, key=lambda p: p.date)
                    if since is None or p.date > since
                ],
            )
        )
    return out


def _actions(record: Record, before: date | None, today: date) -> list[AgendaAction]:
    goal_names = {g.id: f"Goal {n}: {g.area.strip()}" for n, g in enumerate(record.goals, 1)}
    return [
        AgendaAction(
            what=item.action.what.strip(),
            who=item.action.who.strip(),
            by=short_date(item.action.by),
            agreed=short_date(item.review_date),
            is_overdue=item.is_overdue(today),
            goal=goal_names.get(item.action.goal or "", ""),
        )
        for item in open_actions(record, before=before)
    ]


def _hope(record: Record, index: int) -> Statement:
    aspiration = record.aspirations[index]
    return statement(
        aspiration.text, record.pupil.display_name, said_by=aspiration.said_by, how=aspiration.how
    )


def _pfa(record: Record, day: date) -> list[PfaAreaView]:
    number = year_number(year_group(record.pupil, day))
    if number is None or number < PFA_FROM_YEAR:
        return []
    return [
        PfaAreaView(
            label,
            [_hope(record, i) for i, a in enumerate(record.aspirations) if a.pfa == key],
        )
        for key, label in PFA.items()
    ]


def agenda_view(
    due: TermReview, term: Term, today: date, changes: ChangesView = NO_HISTORY
) -> AgendaView:
    """The agenda of one pupil's review in ``term``, as the records stand on ``today``.

    ``changes`` is what changed in the record since the last review (see
    :func:`pcplan.render.agendas.changes_for`); without it the agenda says in one line
    that the record has no history to show.
    """
    record = due.record
    occasion = due.main
    # The pupil's year group is the one they are in during the term.
    day = max(today, term.start)
    pupil = pupil_view(record, day)
    name = pupil.name
    profile = record.profile
    last = last_review(record, today)
    # Actions come from the reviews before this one: a review entry already written for a
    # meeting still to come is not one of them.
    meeting = occasion.booked
    before = meeting if meeting is not None and meeting > today else None
    return AgendaView(
        pupil=pupil,
        term=term.label,
        term_dates=f"{long_date(term.start)} to {long_date(term.end)}",
        occasion=occasion_view(occasion, today),
        other_occasions=[occasion_view(o, today) for o in due.others],
        statutory=_statutory(occasion, record),
        last_review=(f"{long_date(last.date)} ({REVIEW_KINDS[last.kind].lower()})" if last else ""),
        invited=[
            CircleView(m.name.strip(), m.role.strip(), (m.contact or "").strip())
            for m in record.circle
        ],
        like_and_admire=[statement(s, name) for s in profile.like_and_admire],
        important_now=[statement(s, name) for s in profile.important_to_me],
        hopes=[
            HopeView(
                _hope(record, i),
                HORIZONS[a.horizon] if a.horizon else "",
                PFA[a.pfa] if a.pfa else "",
            )
            for i, a in enumerate(record.aspirations)
        ],
        pfa=_pfa(record, day),
        support=[statement(s, name) for s in profile.how_to_support_me],
        perspectives=_perspectives(name, last),
        questions=notes(last.questions, "staff") if last else [],
        goals=_goals(record, last),
        open_actions=_actions(record, before, today),
        blank_actions=BLANK_ACTION_ROWS,
        changes=changes,
    )


# --- The term's index ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TermIndexEntry:
    """One pupil due for review in the term, with a link to their agenda."""

    name: str
    full_name: str
    year: str
    kind: str
    meeting: str
    due_by: str
    is_overdue: bool
    href: str
    known_as: str = ""


def term_index_entry(due: TermReview, term: Term, today: date, href: str) -> TermIndexEntry:
    pupil = pupil_view(due.record, max(today, term.start))
    occasion = due.main
    return TermIndexEntry(
        name=pupil.name,
        full_name=pupil.full_name,
        year=pupil.year,
        kind=occasion_words(occasion.kind),
        meeting=long_date(occasion.booked),
        due_by=long_date(occasion.due_by),
        is_overdue=any(o.is_overdue(today) for o in due.occasions),
        href=href,
        known_as=pupil.known_as if pupil.staff_name != pupil.full_name else "",
    )
