"""Who needs a review when, goal rhythms and open actions, at the edges of the calendar."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from pcplan.calendar.schedule import (
    ReviewOccasion,
    add_years,
    annual_occasion,
    goal_review_due,
    last_review,
    open_actions,
    review_occasions,
    reviews_in_term,
    term_occasions,
)
from pcplan.calendar.terms import Term, TermCalendar
from pcplan.loading.yamlstrict import parse
from pcplan.models import Goal, Record

D = date.fromisoformat
SCHOOL = TermCalendar(
    (
        Term(D("2026-04-13"), D("2026-07-22"), "2026-summer"),
        Term(D("2026-09-02"), D("2026-12-18"), "2026-autumn"),
        Term(D("2027-01-05"), D("2027-03-26"), "2027-spring"),
        Term(D("2027-04-12"), D("2027-07-21"), "2027-summer"),
    )
)
DEFAULTS = TermCalendar()
AUTUMN = SCHOOL.named("2026-autumn")
SPRING = SCHOOL.named("2027-spring")
TODAY = D("2026-11-22")


def record(body: str, status: str = "K") -> Record:
    """A record from YAML text after the pupil (which is filled in)."""
    text = (
        "schema_version: 1\n"
        "pupil:\n"
        "  id: sam-lee\n"
        "  name: Sam Lee\n"
        f"  sen_status: {status}\n" + ("  needs: {primary: SLCN}\n" if status != "N" else "")
    ) + textwrap.dedent(body)
    data = parse(text).data
    return Record.model_validate(data)


def kinds(occasions: list[ReviewOccasion]) -> list[tuple[str, str | None, str]]:
    return [
        (o.kind, o.booked.isoformat() if o.booked else None, o.due_by.isoformat())
        for o in occasions
    ]


# --- plan reviews by rhythm --------------------------------------------------------------


def test_no_reviews_yet_means_a_review_this_term() -> None:
    pupil = record("")
    assert kinds(term_occasions(pupil, AUTUMN, SCHOOL, TODAY)) == [("termly", None, "2026-12-18")]
    assert last_review(pupil, TODAY) is None


def test_termly_review_due_each_term_after_the_last() -> None:
    pupil = record(
        """
        reviews:
          - date: 2026-07-08
        """
    )
    assert kinds(term_occasions(pupil, AUTUMN, SCHOOL, TODAY)) == [("termly", None, "2026-12-18")]
    assert kinds(term_occasions(pupil, SPRING, SCHOOL, TODAY)) == [("termly", None, "2027-03-26")]


def test_a_review_this_term_means_none_is_due_until_next_term() -> None:
    pupil = record(
        """
        reviews:
          - date: 2026-10-14
        """
    )
    assert term_occasions(pupil, AUTUMN, SCHOOL, TODAY) == []
    assert kinds(term_occasions(pupil, SPRING, SCHOOL, TODAY)) == [("termly", None, "2027-03-26")]


@pytest.mark.parametrize(
    ("held", "due_in_autumn"),
    [
        ("2026-07-22", True),  # last day of the summer term: that was summer's review
        ("2026-07-23", False),  # first day of the holiday: counts for the autumn term
        ("2026-09-02", False),  # first day of the autumn term
        ("2026-12-18", False),  # last day of the autumn term
    ],
)
def test_term_boundaries(held: str, due_in_autumn: bool) -> None:
    pupil = record(f"reviews:\n  - date: {held}\n")
    today = max(D(held), D("2026-09-01"))
    assert bool(term_occasions(pupil, AUTUMN, SCHOOL, today)) is due_in_autumn


def test_august_and_september_belong_to_the_autumn_term_by_default() -> None:
    # With the default terms, August is the holiday before the autumn term.
    autumn = DEFAULTS.named("2026-autumn")
    in_august = record("reviews:\n  - date: 2026-08-31\n")
    assert term_occasions(in_august, autumn, DEFAULTS, D("2026-09-01")) == []
    in_july = record("reviews:\n  - date: 2026-07-31\n")
    assert kinds(term_occasions(in_july, autumn, DEFAULTS, D("2026-09-01"))) == [
        ("termly", None, "2026-12-31")
    ]


def test_half_termly_means_two_in_a_term() -> None:
    pupil = record(
        """
        cadence: {plan_review: half-termly}
        reviews:
          - date: 2026-07-15
        """
    )
    assert kinds(term_occasions(pupil, AUTUMN, SCHOOL, D("2026-09-01"))) == [
        ("half-termly", None, "2026-10-25"),
        ("half-termly", None, "2026-12-18"),
    ]
    pupil = record(
        """
        cadence: {plan_review: half-termly, next_review: 2026-12-09}
        reviews:
          - date: 2026-10-21
        """
    )
    assert kinds(term_occasions(pupil, AUTUMN, SCHOOL, TODAY)) == [
        ("half-termly", "2026-12-09", "2026-12-18")
    ]


def test_yearly_plan_review_is_twelve_months_after_the_last() -> None:
    pupil = record(
        """
        cadence: {plan_review: annually}
        reviews:
          - date: 2026-02-10
        """
    )
    assert kinds(review_occasions(pupil, SCHOOL, TODAY, D("2027-12-31"))) == [
        ("annually", None, "2027-02-10")
    ]
    assert term_occasions(pupil, AUTUMN, SCHOOL, TODAY) == []


# --- bookings ------------------------------------------------------------------------------


def test_a_booking_is_the_review_of_its_term() -> None:
    pupil = record(
        """
        cadence: {next_review: 2026-12-09}
        reviews:
          - date: 2026-07-08
        """
    )
    assert kinds(term_occasions(pupil, AUTUMN, SCHOOL, TODAY)) == [
        ("termly", "2026-12-09", "2026-12-18")
    ]


def test_a_booking_after_this_terms_review_is_a_review_of_its_own() -> None:
    pupil = record(
        """
        cadence: {next_review: 2026-12-03}
        reviews:
          - date: 2026-10-08
            kind: transition
        """
    )
    assert kinds(term_occasions(pupil, AUTUMN, SCHOOL, TODAY)) == [
        ("booked", "2026-12-03", "2026-12-03")
    ]


def test_no_sen_pupils_only_when_booked() -> None:
    assert term_occasions(record("", status="N"), AUTUMN, SCHOOL, TODAY) == []
    booked = record("cadence: {next_review: 2027-01-21}\n", status="N")
    assert term_occasions(booked, AUTUMN, SCHOOL, TODAY) == []
    assert kinds(term_occasions(booked, SPRING, SCHOOL, TODAY)) == [
        ("booked", "2027-01-21", "2027-01-21")
    ]


def test_a_booking_counts_as_held_once_a_review_is_recorded_on_or_after_it() -> None:
    pupil = record(
        """
        cadence: {next_review: 2026-10-01}
        reviews:
          - date: 2026-10-01
        """
    )
    assert term_occasions(pupil, AUTUMN, SCHOOL, TODAY) == []


def test_a_booking_that_passed_without_a_review_is_overdue() -> None:
    pupil = record(
        """
        cadence: {next_review: 2026-11-10}
        reviews:
          - date: 2026-07-08
        """
    )
    (occasion,) = term_occasions(pupil, AUTUMN, SCHOOL, TODAY)
    assert occasion.booked == D("2026-11-10")
    assert occasion.is_overdue(TODAY)


def test_a_review_dated_in_the_future_is_a_booking_not_a_review() -> None:
    pupil = record(
        """
        reviews:
          - date: 2026-07-08
          - date: 2026-12-02
        """
    )
    assert last_review(pupil, TODAY) is not None
    assert last_review(pupil, TODAY).date == D("2026-07-08")  # type: ignore[union-attr]
    assert kinds(term_occasions(pupil, AUTUMN, SCHOOL, TODAY)) == [
        ("termly", "2026-12-02", "2026-12-18")
    ]
    # Once the day has passed, it is the last review, and autumn's review is done.
    assert term_occasions(pupil, AUTUMN, SCHOOL, D("2026-12-02")) == []


def test_overdue_reviews_are_carried_into_the_term_under_way() -> None:
    pupil = record(
        """
        reviews:
          - date: 2026-02-04
        """
    )
    occasions = term_occasions(pupil, AUTUMN, SCHOOL, TODAY)
    assert kinds(occasions) == [
        ("termly", None, "2026-07-22"),  # summer's review never happened
        ("termly", None, "2026-12-18"),
    ]
    assert [o.is_overdue(TODAY) for o in occasions] == [True, False]
    # A past or future term shows only its own.
    assert kinds(term_occasions(pupil, SPRING, SCHOOL, TODAY)) == [("termly", None, "2027-03-26")]


# --- annual reviews ---------------------------------------------------------------------


def test_annual_review_is_that_terms_review_with_its_paperwork() -> None:
    pupil = record(
        """
        cadence: {annual_review: 2027-03-10, next_review: 2026-12-09}
        reviews:
          - date: 2026-03-11
            kind: annual
          - date: 2026-07-08
        """,
        status="E",
    )
    assert kinds(term_occasions(pupil, AUTUMN, SCHOOL, TODAY)) == [
        ("termly", "2026-12-09", "2026-12-18")
    ]
    (annual,) = term_occasions(pupil, SPRING, SCHOOL, TODAY)
    assert (annual.kind, annual.booked) == ("annual", D("2027-03-10"))
    assert annual.papers_out == D("2027-02-24")
    assert annual.report_due == D("2027-03-24")
    assert annual.key == "sam-lee-annual-review-2"


def test_paperwork_dates_across_29_february() -> None:
    pupil = record("cadence: {annual_review: 2028-03-14}\n", status="E")
    annual = annual_occasion(pupil, DEFAULTS, TODAY)
    assert annual is not None
    assert annual.papers_out == D("2028-02-29")
    assert annual.report_due == D("2028-03-28")


def test_when_the_planned_annual_review_is_held_the_next_is_twelve_months_on() -> None:
    pupil = record(
        """
        cadence: {annual_review: 2026-03-10}
        reviews:
          - date: 2026-03-03
            kind: annual
        """,
        status="E",
    )
    annual = annual_occasion(pupil, SCHOOL, TODAY)
    assert annual is not None
    assert (annual.due_by, annual.booked, annual.papers_out) == (D("2027-03-03"), None, None)
    leap = record("reviews:\n  - {date: 2024-02-29, kind: annual}\n", status="E")
    leap_annual = annual_occasion(leap, DEFAULTS, D("2024-06-01"))
    assert leap_annual is not None
    assert leap_annual.due_by == D("2025-02-28")


def test_an_annual_review_date_that_passed_unheld_is_overdue() -> None:
    pupil = record(
        """
        cadence: {annual_review: 2026-11-04}
        reviews:
          - {date: 2025-11-05, kind: annual}
          - {date: 2026-10-01}
        """,
        status="E",
    )
    occasions = term_occasions(pupil, AUTUMN, SCHOOL, TODAY)
    assert kinds(occasions) == [("annual", "2026-11-04", "2026-11-04")]
    assert occasions[0].is_overdue(TODAY)


def test_an_ehc_plan_without_any_annual_date_follows_its_plan_rhythm() -> None:
    pupil = record("reviews:\n  - date: 2026-07-08\n", status="E")
    assert annual_occasion(pupil, SCHOOL, TODAY) is None
    assert kinds(term_occasions(pupil, AUTUMN, SCHOOL, TODAY)) == [("termly", None, "2026-12-18")]


# --- goals -------------------------------------------------------------------------------


def goal(body: str) -> Goal:
    data = parse("id: g\narea: English\ntext: Read aloud\n" + textwrap.dedent(body)).data
    return Goal.model_validate(data)


@pytest.mark.parametrize(
    ("body", "due", "today"),
    [
        # daily: the next school day; Friday's entry is due on Monday
        ("review: daily\nprogress: [{date: 2026-11-20, note: ok}]\n", "2026-11-23", TODAY),
        # daily at the end of term: the first day of next term
        (
            "review: daily\nprogress: [{date: 2026-12-18, note: ok}]\n",
            "2027-01-05",
            D("2026-12-20"),
        ),
        # weekly: seven days of term time
        ("review: weekly\nprogress: [{date: 2026-11-12, note: ok}]\n", "2026-11-19", TODAY),
        (
            "review: weekly\nprogress: [{date: 2026-12-18, note: ok}]\n",
            "2027-01-11",
            D("2026-12-20"),
        ),
        # half-termly: six weeks of term time, from the start when nothing is logged
        ("review: half-termly\nstart: 2026-09-07\n", "2026-10-19", TODAY),
        # termly (the default): thirteen weeks of term time
        ("start: 2026-09-07\n", "2026-12-07", TODAY),
        # counted in term time: the Christmas holiday does not count
        ("start: 2026-11-02\n", "2027-02-18", TODAY),
        # annually, from 29 February: 28 February next year
        ("review: annually\nstart: 2024-02-29\n", "2025-02-28", TODAY),
        # the latest entry counts, wherever it sits in the list
        (
            "review: weekly\nprogress:\n  - {date: 2026-11-19, note: b}\n"
            "  - {date: 2026-11-05, note: a}\n",
            "2026-11-26",
            TODAY,
        ),
    ],
)
def test_goal_rhythms(body: str, due: str, today: date) -> None:
    assert goal_review_due(goal(body), SCHOOL, today) == D(due)


def test_goal_entries_dated_in_the_future_do_not_count() -> None:
    g = goal("review: weekly\nstart: 2026-11-02\nprogress: [{date: 2026-12-01, note: typo}]\n")
    assert goal_review_due(g, SCHOOL, TODAY) == D("2026-11-09")


@pytest.mark.parametrize(
    "body",
    [
        "status: achieved\nachieved_on: 2026-10-01\nstart: 2026-09-07\n",
        "status: dropped\nstart: 2026-09-07\n",
        "status: paused\nstart: 2026-09-07\n",
        "review: weekly\n",  # no start and nothing logged: nothing to count from
    ],
)
def test_goals_that_are_not_checked(body: str) -> None:
    assert goal_review_due(goal(body), SCHOOL, TODAY) is None


def test_add_years() -> None:
    assert add_years(D("2024-02-29")) == D("2025-02-28")
    assert add_years(D("2024-02-29"), 4) == D("2028-02-29")
    assert add_years(D("2026-08-31")) == D("2027-08-31")


# --- actions ------------------------------------------------------------------------------


def test_open_actions() -> None:
    pupil = record(
        """
        reviews:
          - date: 2026-07-08
            actions:
              - {what: Done one, who: A, by: 2026-09-01, done: 2026-08-30}
              - {what: Open one, who: B, by: 2026-10-30}
          - date: 2026-07-08
            kind: interim
            actions:
              - {what: Same day, who: C, by: 2026-10-01}
          - date: 2026-12-02
            actions:
              - {what: Planned at a future meeting, who: D, by: 2027-01-10}
        """
    )
    every = open_actions(pupil)
    assert [a.action.what for a in every] == ["Same day", "Open one", "Planned at a future meeting"]
    assert [a.key for a in every] == [
        "sam-lee-action-2026-07-08-r2-1",
        "sam-lee-action-2026-07-08-r1-2",
        "sam-lee-action-2026-12-02-1",
    ]
    assert [a.is_overdue(TODAY) for a in every] == [True, True, False]
    before = open_actions(pupil, before=D("2026-12-02"))
    assert [a.action.what for a in before] == ["Same day", "Open one"]


def test_reviews_in_term_orders_pupils_by_date_and_picks_the_annual_review() -> None:
    celine = record(
        """
        cadence: {annual_review: 2026-11-04}
        reviews:
          - {date: 2025-11-05, kind: annual}
          - {date: 2026-07-08}
        """,
        status="E",
    )
    celine = celine.model_copy(update={"pupil": celine.pupil.model_copy(update={"id": "celine"})})
    sam = record("cadence: {next_review: 2026-10-01}\nreviews:\n  - {date: 2026-07-01}\n")
    due = reviews_in_term([sam, celine], AUTUMN, SCHOOL, TODAY)
    assert [r.record.pupil.id for r in due] == ["sam-lee", "celine"]
    # Celine's annual review is overdue: it is this term's review, not the termly slot.
    assert due[1].main.kind == "annual"
    assert due[1].others == ()
    assert due[0].main.booked == D("2026-10-01")
