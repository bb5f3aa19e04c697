"""When each pupil's reviews, goal check-ins and actions fall due.

These are pure functions of one record, the school's terms and today. They are the only
place pcplan decides a date: ``pcplan due``, ``pcplan calendar`` and the review agendas
all ask here, so they agree on every date.

The rules, from the SEND Code of Practice and record format v1:

* A plan is reviewed by its rhythm (``cadence.plan_review``): once in every term
  (``termly``, the default: at least three times a year), once in every half of every
  term (``half-termly``), or once a year after the last review (``annually``). Every
  period after the one holding the last review still needs its review; with no review
  yet, the period under way does. Pupils with no SEN (N) have no rhythm.
* An EHC plan's annual review (``cadence.annual_review``) is that term's review (or
  half-term's). Papers go out at least two weeks before the meeting; the school's report
  reaches the local authority within two weeks after it. When the planned date has been
  held (an annual review is recorded in the six months before it or later), the next is
  due within twelve months of the last.
* A booked meeting (``cadence.next_review``, or a review entry dated after today) is the
  review of the period it falls in. A booking with no period to fill is a review of its
  own, for anyone, including pupils with no SEN. A booking counts as held once a review
  is recorded on or after its date.
* A goal's progress is checked by its rhythm: the next school day (``daily``), or within a
  week, half a term (six weeks), a term (thirteen weeks) of term time, or a year, of the
  last progress entry or, without one, of the goal's start. Only active goals count.
* An action is open until it has a ``done`` date; it is due on its ``by`` date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pcplan.calendar.terms import Term, TermCalendar
from pcplan.models import Action, Goal, Record, Review

OccasionKind = Literal["annual", "termly", "half-termly", "annually", "booked"]
PlanRhythm = Literal["half-termly", "termly", "annually"]

PAPERS_BEFORE = timedelta(days=14)
"""Papers for an annual review go out at least two weeks before the meeting."""
REPORT_AFTER = timedelta(days=14)
"""The annual review report reaches the local authority within two weeks after it."""
ANNUAL_HELD_WINDOW = timedelta(days=183)
"""An annual review recorded up to six months before the planned date is that review."""

WEEK_TERM_DAYS = 7
HALF_TERM_DAYS = 42
TERM_DAYS = 91


def add_years(day: date, years: int = 1) -> date:
    """The same day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# ---------------------------------------------------------------------------------------
# Periods: the terms or half-terms a plan-review rhythm counts in
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A term or half-term, with its window (the days whose reviews count for it)."""

    name: str
    label: str
    window_start: date
    end: date
    term: Term

    def holds(self, day: date) -> bool:
        return self.window_start <= day <= self.end


# Every pupil on the same rhythm walks the same terms: each term's periods are made once.
# A calendar is its listed terms (the defaults follow from them), so they key the periods.
_PERIODS: dict[tuple[tuple[Term, ...], Term, PlanRhythm], tuple[Period, ...]] = {}


def _periods_of_term(term: Term, rhythm: PlanRhythm, calendar: TermCalendar) -> tuple[Period, ...]:
    key = (calendar.listed, term, rhythm)
    found = _PERIODS.get(key)
    if found is None:
        if len(_PERIODS) > 10_000:  # only a run over many years and calendars gets here
            _PERIODS.clear()
        found = _PERIODS[key] = tuple(_make_periods(term, rhythm, calendar))
    return found


def _make_periods(term: Term, rhythm: PlanRhythm, calendar: TermCalendar) -> list[Period]:
    window_start = calendar.window_start(term)
    if rhythm != "half-termly":
        return [Period(term.name, term.phrase, window_start, term.end, term)]
    out: list[Period] = []
    for half in term.halves():
        start = window_start if half.number == 1 else half.start
        out.append(Period(half.name, half.label, start, half.end, term))
    return out


def period_of(day: date, rhythm: PlanRhythm, calendar: TermCalendar) -> Period:
    """The term (or half-term) whose window holds ``day``."""
    for period in _periods_of_term(calendar.window_term(day), rhythm, calendar):
        if day <= period.end:
            return period
    raise AssertionError("a term's periods end with the term")  # pragma: no cover


def periods_from(first: Period, rhythm: PlanRhythm, calendar: TermCalendar) -> Iterator[Period]:
    """``first`` and every period after it, in order, without end."""
    term = first.term
    started = False
    while True:
        for period in _periods_of_term(term, rhythm, calendar):
            if period == first:
                started = True
            if started:
                yield period
        term = calendar.next_term(term)


# ---------------------------------------------------------------------------------------
# Review occasions
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewOccasion:
    """A review meeting a pupil needs: the latest day it is due, and its booked date.

    ``key`` stays the same when a meeting is moved within its period, so that calendar
    events are updated rather than duplicated.
    """

    pupil_id: str
    kind: OccasionKind
    due_by: dt.date
    booked: dt.date | None
    term: Term
    key: str
    period_label: str | None = None
    annual_number: int | None = None

    @property
    def date(self) -> dt.date:
        """The day to show: the booked meeting, else the last day it is due."""
        return self.booked if self.booked is not None else self.due_by

    @property
    def is_annual(self) -> bool:
        return self.kind == "annual"

    @property
    def papers_out(self) -> dt.date | None:
        """For a booked annual review: the last day to send out the papers."""
        if self.kind != "annual" or self.booked is None:
            return None
        return self.booked - PAPERS_BEFORE

    @property
    def report_due(self) -> dt.date | None:
        """For a booked annual review: the last day for the report to the local authority."""
        if self.kind != "annual" or self.booked is None:
            return None
        return self.booked + REPORT_AFTER

    def is_overdue(self, today: dt.date) -> bool:
        return self.date < today


@dataclass(frozen=True)
class Booking:
    day: date
    key: str


def held_reviews(record: Record, today: date) -> list[Review]:
    """Reviews that have met (dated today or earlier), oldest first."""
    return sorted((r for r in record.reviews if r.date <= today), key=lambda r: r.date)


def review_entry(record: Record, day: date | None) -> Review | None:
    """The annual review entry written for the meeting on ``day``, if there is one.

    Its paperwork dates (``papers_sent``, ``report_sent``) say what has been done.
    """
    if day is None:
        return None
    return next((r for r in record.reviews if r.date == day and r.kind == "annual"), None)


def last_review(record: Record, today: date) -> Review | None:
    """The most recent review that has met, if any."""
    held = held_reviews(record, today)
    return held[-1] if held else None


def annual_reviews_held(record: Record, today: date) -> list[Review]:
    return [r for r in held_reviews(record, today) if r.kind == "annual"]


def bookings(record: Record, today: date) -> list[Booking]:
    """Booked meetings not yet held: ``next_review`` and review entries dated after today."""
    held = held_reviews(record, today)
    last = held[-1].date.isoformat() if held else "start"
    pid = record.pupil.id
    out: dict[date, Booking] = {}
    for index, review in enumerate(record.reviews, start=1):
        if review.date > today:
            out.setdefault(review.date, Booking(review.date, f"{pid}-review-entry-{index}"))
    booked = record.cadence.next_review
    if booked is not None and not any(r.date >= booked for r in held):
        out.setdefault(booked, Booking(booked, f"{pid}-booked-review-after-{last}"))
    return sorted(out.values(), key=lambda b: b.day)


def annual_occasion(record: Record, calendar: TermCalendar, today: date) -> ReviewOccasion | None:
    """The next annual review: the planned date, or twelve months after the last one.

    Only an EHC plan has an annual review (and its statutory paperwork): without one
    there is none, whatever dates the record holds.
    """
    if record.pupil.sen_status != "E":
        return None
    pid = record.pupil.id
    held = annual_reviews_held(record, today)
    number = len(held) + 1
    planned = record.cadence.annual_review
    if planned is not None and not any(r.date >= planned - ANNUAL_HELD_WINDOW for r in held):
        return ReviewOccasion(
            pid,
            "annual",
            planned,
            planned,
            calendar.window_term(planned),
            f"{pid}-annual-review-{number}",
            annual_number=number,
        )
    if record.pupil.sen_status == "E" and held:
        due = add_years(held[-1].date)
        return ReviewOccasion(
            pid,
            "annual",
            due,
            None,
            calendar.window_term(due),
            f"{pid}-annual-review-{number}",
            annual_number=number,
        )
    return None


def review_occasions(
    record: Record, calendar: TermCalendar, today: date, until: date
) -> list[ReviewOccasion]:
    """Every review meeting the pupil needs up to ``until``, overdue ones included.

    An annual review whose papers go out by ``until`` is included even when the meeting
    is later.
    """
    pid = record.pupil.id
    last = last_review(record, today)
    annual = annual_occasion(record, calendar, today)
    pending = bookings(record, today)
    if annual is not None and annual.booked is not None:
        pending = [b for b in pending if b.day != annual.booked]
    out: list[ReviewOccasion] = []
    # An annual review beyond ``until`` still matters when its papers are due before then.
    if annual is not None and min(annual.date, annual.papers_out or annual.date) <= until:
        out.append(annual)

    rhythm = record.cadence.plan_review
    if record.pupil.sen_status != "N":
        if rhythm == "annually":
            if annual is None:
                due = add_years(last.date) if last else calendar.window_term(today).end
                booking = next((b for b in pending if b.day <= due), None)
                if booking is not None:
                    pending.remove(booking)
                after = last.date.isoformat() if last else "start"
                occasion = ReviewOccasion(
                    pid,
                    "annually",
                    due,
                    booking.day if booking else None,
                    calendar.window_term(booking.day if booking else due),
                    f"{pid}-yearly-review-after-{after}",
                )
                if occasion.date <= until:
                    out.append(occasion)
        else:
            if last is not None:
                after_last = periods_from(period_of(last.date, rhythm, calendar), rhythm, calendar)
                next(after_last)  # the period of the last review has had its review
                first = next(after_last)
            else:
                first = period_of(today, rhythm, calendar)
            for period in periods_from(first, rhythm, calendar):
                if period.window_start > until:
                    break
                if annual is not None and period.holds(annual.date):
                    continue  # the annual review is this period's review
                booking = next((b for b in pending if period.holds(b.day)), None)
                if booking is not None:
                    pending.remove(booking)
                occasion = ReviewOccasion(
                    pid,
                    rhythm,
                    period.end,
                    booking.day if booking else None,
                    period.term,
                    f"{pid}-review-{period.name}",
                    period_label=period.label,
                )
                if occasion.date <= until:
                    out.append(occasion)

    for booking in pending:
        if booking.day <= until:
            out.append(
                ReviewOccasion(
                    pid,
                    "booked",
                    booking.day,
                    booking.day,
                    calendar.window_term(booking.day),
                    booking.key,
                )
            )
    return sorted(out, key=lambda o: (o.date, o.key))


def term_occasions(
    record: Record, term: Term, calendar: TermCalendar, today: date
) -> list[ReviewOccasion]:
    """The reviews a pupil needs in ``term``.

    In the term under way, reviews still overdue from earlier terms are carried into it.
    """
    current = calendar.window_term(today)
    occasions = review_occasions(record, calendar, today, until=term.end)
    return [
        o
        for o in occasions
        if o.term == term or (term == current and o.term.end < term.start and o.is_overdue(today))
    ]


def main_occasion(occasions: Sequence[ReviewOccasion]) -> ReviewOccasion | None:
    """The occasion an agenda is for: the annual review when there is one, else the first."""
    for occasion in occasions:
        if occasion.is_annual:
            return occasion
    return occasions[0] if occasions else None


@dataclass(frozen=True)
class TermReview:
    """A pupil who needs a review in a term, and every review they need in it."""

    record: Record
    occasions: tuple[ReviewOccasion, ...]

    @property
    def main(self) -> ReviewOccasion:
        """The review the agenda is for (the annual review when there is one)."""
        occasion = main_occasion(self.occasions)
        assert occasion is not None
        return occasion

    @property
    def others(self) -> tuple[ReviewOccasion, ...]:
        """The pupil's other reviews in the term (the second half-term's, an overdue one)."""
        return tuple(o for o in self.occasions if o != self.main)


def reviews_in_term(
    records: Sequence[Record], term: Term, calendar: TermCalendar, today: date
) -> list[TermReview]:
    """Every pupil who needs a review in ``term``, by the date of their review."""
    out: list[TermReview] = []
    for record in records:
        occasions = term_occasions(record, term, calendar, today)
        if occasions:
            out.append(TermReview(record, tuple(occasions)))
    return sorted(
        out, key=lambda r: (r.main.date, r.record.pupil.name.casefold(), r.record.pupil.id)
    )


# ---------------------------------------------------------------------------------------
# Goals and actions
# ---------------------------------------------------------------------------------------


def last_progress(goal: Goal, today: date) -> date | None:
    """The latest progress entry up to today (entries dated in the future do not count)."""
    dates = [p.date for p in goal.progress if p.date <= today]
    return max(dates) if dates else None


def goal_review_due(goal: Goal, calendar: TermCalendar, today: date) -> date | None:
    """When an active goal next needs a progress entry, by its review rhythm.

    Counted from the last progress entry, or from the goal's start when there is none;
    ``None`` for goals that are not active or have neither.
    """
    if goal.status != "active":
        return None
    since = last_progress(goal, today) or goal.start
    if since is None:
        return None
    if goal.review == "daily":
        return calendar.next_school_day(since)
    if goal.review == "weekly":
        return calendar.add_term_days(since, WEEK_TERM_DAYS)
    if goal.review == "half-termly":
        return calendar.add_term_days(since, HALF_TERM_DAYS)
    if goal.review == "termly":
        return calendar.add_term_days(since, TERM_DAYS)
    return calendar.school_day_on_or_after(add_years(since))


@dataclass(frozen=True)
class OpenAction:
    """An action agreed at a review and not yet done."""

    action: Action
    review_date: date
    key: str

    def is_overdue(self, today: date) -> bool:
        return self.action.by < today


def open_actions(record: Record, before: date | None = None) -> list[OpenAction]:
    """Actions with no ``done`` date, by their due date; only from reviews before ``before``."""
    pid = record.pupil.id
    dates = [r.date for r in record.reviews]
    out: list[OpenAction] = []
    for ri, review in enumerate(record.reviews, start=1):
        if before is not None and review.date >= before:
            continue
        suffix = f"-r{ri}" if dates.count(review.date) > 1 else ""
        for ai, action in enumerate(review.actions, start=1):
            if action.is_open:
                key = f"{pid}-action-{review.date.isoformat()}{suffix}-{ai}"
                out.append(OpenAction(action, review.date, key))
    return sorted(out, key=lambda a: (a.action.by, a.review_date, a.key))
