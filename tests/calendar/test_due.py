"""The list of what is due, over the example records and over small made-up ones."""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

import pytest

from conftest import PROJECT, TODAY
from pcplan.calendar.due import (
    DueItem,
    calendar_items,
    describe,
    display_names,
    due_items,
    event_summary,
    shorten,
)
from pcplan.calendar.terms import TermCalendar
from pcplan.loading.records import load_repository
from pcplan.loading.repo import find_repository
from pcplan.loading.yamlstrict import parse
from pcplan.models import Record

D = date.fromisoformat


@pytest.fixture(scope="module")
def examples() -> tuple[list[Record], TermCalendar]:
    repo = find_repository(PROJECT)
    result = load_repository(repo, D(TODAY))
    assert not result.errors
    return [r.record for r in result.records], TermCalendar.from_settings(repo.settings)


def rows(items: list[DueItem]) -> list[tuple[str, str, str, str]]:
    return [(i.date.isoformat(), i.pupil_id, i.kind, i.review_kind or "") for i in items]


def test_reviews_and_paperwork_over_the_example_records(
    examples: tuple[list[Record], TermCalendar],
) -> None:
    records, calendar = examples
    items = due_items(records, calendar, D(TODAY), D("2027-03-31"), goals=False)
    reviews = [r for r in rows(items) if r[2] not in ("action",)]
    assert reviews == [
        ("2026-12-03", "maisie-kowalczyk", "review", "booked"),
        ("2026-12-09", "celine-m", "review", "termly"),
        ("2026-12-09", "siobhan-ni-bhriain", "review", "half-termly"),
        ("2026-12-18", "ffion-davies", "review", "termly"),
        ("2027-01-20", "ffion-davies", "review", "termly"),
        ("2027-01-20", "jamal-haddad", "papers-out", "annual"),
        ("2027-01-21", "ruby-thompson", "review", "booked"),
        ("2027-02-03", "jamal-haddad", "annual-review", "annual"),
        ("2027-02-14", "siobhan-ni-bhriain", "review", "half-termly"),
        ("2027-02-17", "jamal-haddad", "la-report", "annual"),
        ("2027-02-24", "celine-m", "papers-out", "annual"),
        ("2027-03-10", "celine-m", "annual-review", "annual"),
        ("2027-03-24", "celine-m", "la-report", "annual"),
        ("2027-03-26", "maisie-kowalczyk", "review", "termly"),
        ("2027-03-26", "siobhan-ni-bhriain", "review", "half-termly"),
    ]


def test_open_actions_over_the_example_records(
    examples: tuple[list[Record], TermCalendar],
) -> None:
    records, calendar = examples
    items = due_items(records, calendar, D(TODAY), D("2027-12-31"), goals=False)
    actions = [
        (i.date.isoformat(), i.pupil_id, i.status(D(TODAY))) for i in items if i.kind == "action"
    ]
    assert actions == [
        ("2026-07-17", "jamal-haddad", "overdue"),
        ("2026-10-30", "celine-m", "overdue"),
        ("2026-11-06", "ffion-davies", "overdue"),
        ("2026-12-11", "jamal-haddad", "due"),
        ("2027-01-29", "celine-m", "due"),
        ("2027-03-19", "siobhan-ni-bhriain", "due"),
    ]


def test_sorted_by_date_then_pupil_and_windowed(
    examples: tuple[list[Record], TermCalendar],
) -> None:
    records, calendar = examples
    today = D(TODAY)
    items = due_items(records, calendar, today, today + timedelta(days=30))
    assert items == sorted(items, key=DueItem.sort_key)
    assert all(i.date <= today + timedelta(days=30) for i in items)
    assert any(i.status(today) == "overdue" for i in items)
    # Finished actions and goals that are achieved, dropped or paused never appear.
    texts = {i.text for i in items}
    assert "Add Siobhán to the worry-busters group from September" not in texts
    goals = {(i.pupil_id, i.goal_id) for i in items if i.kind == "goal"}
    assert ("siobhan-ni-bhriain", "reading-ruler") not in goals  # achieved
    assert ("maisie-kowalczyk", "movers-club") not in goals  # paused
    assert ("ruby-thompson", "book-club") not in goals  # achieved
    assert not any(i.pupil_id == "kwame-asante" for i in items)  # no SEN, nothing booked


def test_calendar_items_leave_out_goal_check_ins(
    examples: tuple[list[Record], TermCalendar],
) -> None:
    records, calendar = examples
    items = calendar_items(records, calendar, D(TODAY))
    assert items and all(i.in_calendar for i in items)
    assert {i.kind for i in items} == {
        "review",
        "annual-review",
        "papers-out",
        "la-report",
        "action",
    }


def record(pupil_id: str, name: str, known_as: str | None = None) -> Record:
    text = textwrap.dedent(
        f"""\
        schema_version: 1
        pupil:
          id: {pupil_id}
          name: {name}
          sen_status: N
        """
    )
    if known_as:
        text += f"  known_as: {known_as}\n"
    return Record.model_validate(parse(text).data)


def test_display_names_are_known_as_names_made_unique() -> None:
    records = [
        record("sam-lee", "Samuel Lee", "Sam"),
        record("sam-patel", "Samira Patel", "Sam"),
        record("jo-bloggs", "Jo Bloggs"),
        record("jo-bloggs-2", "Jo Bloggs"),
        record("amy-wu", "Amy Wu", "Amy"),
    ]
    assert display_names(records) == {
        "sam-lee": "Samuel Lee",
        "sam-patel": "Samira Patel",
        "jo-bloggs": "Jo Bloggs (jo-bloggs)",
        "jo-bloggs-2": "Jo Bloggs (jo-bloggs-2)",
        "amy-wu": "Amy",
    }


def test_words() -> None:
    action = DueItem(
        D("2026-10-30"),
        "action",
        "celine-m",
        "Celine",
        "k",
        text="Book a visit to the leisure centre crèche with Celine, and tell her mum about it",
        who="Ms Pritchard",
    )
    assert (
        event_summary(action)
        == "Action due (Celine): Book a visit to the leisure centre crèche with Celine, and…"
    )
    assert describe(action).endswith("(Ms Pritchard)")
    papers = DueItem(
        D("2027-02-24"), "papers-out", "celine-m", "Celine", "k", meeting=D("2027-03-10")
    )
    assert event_summary(papers) == "Papers out for Celine's annual review"
    assert "2027-03-10" in describe(papers)
    assert shorten("short") == "short"
    assert len(shorten("word " * 40)) <= 60


def test_papers_due_inside_the_window_for_a_meeting_after_it() -> None:
    pupil = Record.model_validate(
        parse(
            textwrap.dedent(
                """\
                schema_version: 1
                pupil: {id: jo, name: Jo Hill, sen_status: E, needs: {primary: ASD}}
                cadence: {annual_review: 2027-02-03}
                reviews:
                  - {date: 2026-10-14}
                """
            )
        ).data
    )
    calendar = TermCalendar()
    items = due_items([pupil], calendar, D("2026-11-22"), D("2027-01-21"), goals=False)
    assert rows(items) == [("2027-01-20", "jo", "papers-out", "annual")]
    items = due_items([pupil], calendar, D("2026-11-22"), D("2027-02-16"), goals=False)
    assert [i.kind for i in items] == ["papers-out", "annual-review"]  # report is on 17 Feb


def _jo(reviews: str) -> Record:
    text = (
        "schema_version: 1\n"
        "pupil: {id: jo, name: Jo Hill, sen_status: E, needs: {primary: ASD}}\n"
        "cadence: {annual_review: 2027-02-03}\n"
        "reviews:\n" + textwrap.dedent(reviews)
    )
    return Record.model_validate(parse(text).data)


def test_paperwork_recorded_as_sent_is_no_longer_due() -> None:
    calendar = TermCalendar()
    until = D("2027-02-28")
    booked = "  - {date: 2026-10-14}\n  - {date: 2027-02-03, kind: annual%s}\n"
    waiting = due_items([_jo(booked % "")], calendar, D("2027-01-25"), until, goals=False)
    assert [(i.kind, i.status(D("2027-01-25"))) for i in waiting] == [
        ("papers-out", "overdue"),
        ("annual-review", "due"),
        ("la-report", "due"),
    ]
    sent = _jo(booked % ", papers_sent: 2027-01-18")
    items = due_items([sent], calendar, D("2027-01-25"), until, goals=False)
    assert [i.kind for i in items] == ["annual-review", "la-report"]
    # After the meeting the report stays due until it is recorded as sent.
    held = "  - {date: 2027-02-03, kind: annual, papers_sent: 2027-01-18%s}\n"
    items = due_items([_jo(held % "")], calendar, D("2027-02-10"), until, goals=False)
    assert "la-report" in [i.kind for i in items]
    items = due_items(
        [_jo(held % ", report_sent: 2027-02-09")], calendar, D("2027-02-10"), until, goals=False
    )
    assert "la-report" not in [i.kind for i in items]
