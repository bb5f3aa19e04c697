"""Terms: defaults, the school's own dates, windows, half-terms and naming a term."""

from __future__ import annotations

from datetime import date

import pytest

from pcplan.calendar.terms import (
    Term,
    TermCalendar,
    TermDatesError,
    UnknownTerm,
    check_terms,
    default_term,
    resolve_term,
)

D = date.fromisoformat

# The example school's 2026-27 dates (pcplan.yaml at the project root).
SCHOOL = TermCalendar(
    (
        Term(D("2025-09-03"), D("2025-12-19"), "2025-autumn"),
        Term(D("2026-01-05"), D("2026-03-27"), "2026-spring"),
        Term(D("2026-04-13"), D("2026-07-22"), "2026-summer"),
        Term(D("2026-09-02"), D("2026-12-18"), "2026-autumn"),
        Term(D("2027-01-05"), D("2027-03-26"), "2027-spring"),
        Term(D("2027-04-12"), D("2027-07-21"), "2027-summer"),
    )
)
DEFAULTS = TermCalendar()


def test_default_terms_follow_record_format() -> None:
    assert default_term(2026, "autumn") == Term(D("2026-09-01"), D("2026-12-31"), "2026-autumn")
    assert default_term(2027, "spring") == Term(D("2027-01-01"), D("2027-03-31"), "2027-spring")
    assert default_term(2027, "summer") == Term(D("2027-04-01"), D("2027-07-31"), "2027-summer")


@pytest.mark.parametrize(
    ("day", "term"),
    [
        ("2026-07-31", "2026-summer"),  # last day of the summer term
        ("2026-08-01", "2026-autumn"),  # the summer holiday belongs to the autumn term's window
        ("2026-08-31", "2026-autumn"),  # the day before the school year changes
        ("2026-09-01", "2026-autumn"),
        ("2026-12-31", "2026-autumn"),
        ("2027-01-01", "2027-spring"),
        ("2027-03-31", "2027-spring"),
        ("2027-04-01", "2027-summer"),
        ("2028-02-29", "2028-spring"),
    ],
)
def test_default_windows_at_the_boundaries(day: str, term: str) -> None:
    assert DEFAULTS.window_term(D(day)).name == term


@pytest.mark.parametrize(
    ("day", "term", "in_term"),
    [
        ("2026-12-18", "2026-autumn", True),  # last day of term
        ("2026-12-19", "2027-spring", False),  # first day of the Christmas holiday
        ("2027-01-04", "2027-spring", False),
        ("2027-01-05", "2027-spring", True),
        ("2026-07-23", "2026-autumn", False),  # summer holiday: counts for the autumn term
    ],
)
def test_school_windows_include_the_holiday_before(day: str, term: str, in_term: bool) -> None:
    assert SCHOOL.window_term(D(day)).name == term
    assert (SCHOOL.term_of(D(day)) is not None) is in_term


def test_defaults_fill_the_years_the_school_has_not_listed() -> None:
    after = SCHOOL.next_term(SCHOOL.named("2027-summer"))
    assert after == default_term(2027, "autumn")
    before = SCHOOL.previous_term(SCHOOL.named("2025-autumn"))
    assert before == default_term(2025, "summer")


def test_a_default_that_would_overlap_a_listed_term_is_left_out() -> None:
    # The school lists only an autumn term that runs into January.
    calendar = TermCalendar((Term(D("2026-09-02"), D("2027-01-08"), "2026-autumn"),))
    names = [t.name for t in calendar.terms_starting_in(2027)]
    assert "2027-spring" not in names  # 1 Jan would overlap the listed autumn term
    assert calendar.next_term(calendar.named("2026-autumn")).name == "2027-summer"


def test_half_terms_split_at_the_midpoint() -> None:
    first, second = SCHOOL.named("2026-autumn").halves()
    assert (first.start, first.end) == (D("2026-09-02"), D("2026-10-25"))
    assert (second.start, second.end) == (D("2026-10-26"), D("2026-12-18"))
    assert second.label == "second half of the autumn term 2026"
    assert SCHOOL.half_term_of(D("2026-10-25")).number == 1
    assert SCHOOL.half_term_of(D("2026-10-26")).number == 2
    # The holiday before a term counts for its first half.
    assert SCHOOL.half_term_of(D("2026-08-20")) == first


def test_a_one_day_term_has_one_half() -> None:
    assert len(Term(D("2026-09-01"), D("2026-09-01"), "2026-autumn").halves()) == 1


def test_term_time_skips_the_holidays() -> None:
    # Friday 18 December is the last day of term; a week of term time ends after Christmas.
    assert SCHOOL.add_term_days(D("2026-12-18"), 7) == D("2027-01-11")
    assert SCHOOL.add_term_days(D("2026-12-11"), 7) == D("2026-12-18")
    assert SCHOOL.add_term_days(D("2026-12-11"), 8) == D("2027-01-05")
    assert SCHOOL.add_term_days(D("2026-11-20"), 0) == D("2026-11-20")


def test_next_school_day_skips_weekends_and_holidays() -> None:
    assert SCHOOL.next_school_day(D("2026-11-20")) == D("2026-11-23")  # Friday to Monday
    assert SCHOOL.next_school_day(D("2026-11-23")) == D("2026-11-24")
    assert SCHOOL.next_school_day(D("2026-12-18")) == D("2027-01-05")  # end of term
    assert SCHOOL.school_day_on_or_after(D("2026-08-10")) == D("2026-09-02")


@pytest.mark.parametrize(
    ("today", "word", "expected"),
    [
        ("2026-11-22", "autumn", "2026-autumn"),  # in it: the current one
        ("2026-11-22", "spring", "2027-spring"),
        ("2026-11-22", "summer", "2027-summer"),
        ("2026-11-22", "current", "2026-autumn"),
        ("2026-09-02", "autumn", "2026-autumn"),  # first day of term
        ("2026-12-18", "autumn", "2026-autumn"),  # last day of term
        ("2026-08-31", "autumn", "2026-autumn"),  # holiday before it: the next one
        ("2026-08-31", "current", "2026-autumn"),
        ("2026-12-19", "current", "2027-spring"),
        ("2026-07-22", "summer", "2026-summer"),
        ("2026-01-04", "spring", "2026-spring"),
        ("2026-11-22", "2027-spring", "2027-spring"),
        ("2026-11-22", " Spring ", "2027-spring"),
    ],
)
def test_resolve_term(today: str, word: str, expected: str) -> None:
    assert resolve_term(word, SCHOOL, D(today)).name == expected


def test_resolve_term_with_defaults_across_the_school_year() -> None:
    assert resolve_term("autumn", DEFAULTS, D("2026-08-31")).name == "2026-autumn"
    assert resolve_term("summer", DEFAULTS, D("2026-08-31")).name == "2027-summer"
    assert resolve_term("autumn", DEFAULTS, D("2027-01-01")).name == "2027-autumn"
    assert resolve_term("2031-spring", DEFAULTS, D("2026-11-22")) == default_term(2031, "spring")


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("autum", "did you mean 'autumn'?"),
        ("2026-autum", "did you mean '2026-autumn'?"),
        ("autumn 2026", "did you mean '2026-autumn'?"),
        ("Spring-2027", "did you mean '2027-spring'?"),
        ("winter", "'winter' is not a term"),
        ("2027-winter", "is not a term"),
        ("27-spring", "is not a term"),
        ("2027-Spring-1", "is not a term"),
        ("0000-spring", "is not a term"),
        ("", "is not a term"),
    ],
)
def test_malformed_terms_are_clear_errors(word: str, message: str) -> None:
    with pytest.raises(UnknownTerm) as caught:
        resolve_term(word, SCHOOL, D("2026-11-22"))
    assert message in caught.value.message


def test_a_term_the_school_has_not_listed_is_an_error() -> None:
    with pytest.raises(UnknownTerm) as caught:
        resolve_term("2028-spring", SCHOOL, D("2026-11-22"))
    assert caught.value.message == "pcplan.yaml has no dates for the term 2028-spring"
    assert caught.value.hint is not None
    assert "2025-autumn to 2027-summer" in caught.value.hint
    with pytest.raises(UnknownTerm, match="2027-autumn"):
        resolve_term("autumn", SCHOOL, D("2027-01-10"))


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (
            [Term(D("2026-12-18"), D("2026-09-02"), "2026-autumn")],
            "ends (2026-09-02) before it starts",
        ),
        (
            [
                Term(D("2026-09-02"), D("2026-12-18"), "2026-autumn"),
                Term(D("2026-12-18"), D("2027-03-26"), "2026-spring"),
            ],
            "overlap",
        ),
        ([Term(D("2027-01-05"), D("2027-03-26"), "2026-spring")], "starts in 2027"),
        (
            [
                Term(D("2026-09-02"), D("2026-12-18"), "2026-autumn"),
                Term(D("2026-09-02"), D("2026-12-18"), "2026-autumn"),
            ],
            "listed twice",
        ),
        ([Term(D("2026-09-02"), D("2026-12-18"), "autumn")], "not a term name"),
    ],
)
def test_unusable_term_dates_are_refused(terms: list[Term], message: str) -> None:
    with pytest.raises(TermDatesError) as caught:
        check_terms(terms)
    assert message in caught.value.message
    with pytest.raises(TermDatesError):
        TermCalendar(tuple(terms))


def test_labels() -> None:
    term = SCHOOL.named("2027-spring")
    assert (term.label, term.phrase, term.school_year) == (
        "Spring term 2027",
        "spring term 2027",
        "2026-27",
    )
    assert SCHOOL.named("2026-autumn").school_year == "2026-27"
