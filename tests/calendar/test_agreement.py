"""`due`, `calendar` and the term's reviews agree on every date, over the example records."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest

from conftest import PROJECT, RunCli
from pcplan.calendar.due import due_items
from pcplan.calendar.schedule import term_occasions
from pcplan.calendar.terms import TermCalendar, UnknownTerm, resolve_term
from pcplan.loading.records import load_repository
from pcplan.loading.repo import find_repository

D = date.fromisoformat
# Term days, holidays, a term's last day and the change of school year.
PINNED = ["2026-09-01", "2026-10-26", "2026-11-22", "2026-12-18", "2026-12-19", "2027-02-20"]


@pytest.mark.parametrize("today", PINNED)
def test_due_and_calendar_agree(run_cli: RunCli, today: str) -> None:
    within = 60
    due = run_cli("due", "--repo", str(PROJECT), "--today", today, "--within", str(within))
    feed = run_cli("calendar", "--repo", str(PROJECT), "--today", today)
    assert due.exit_code == feed.exit_code == 0, due.output + feed.output
    listed = {
        item["uid"]: item["date"]
        for item in json.loads(
            run_cli(
                "due",
                "--repo",
                str(PROJECT),
                "--today",
                today,
                "--within",
                str(within),
                "--format",
                "json",
            ).stdout
        )["items"]
        if item["kind"] != "goal"
    }
    until = D(today) + timedelta(days=within)
    events = {
        str(e["UID"]): e.decoded("DTSTART").isoformat()
        for e in icalendar.Calendar.from_ical(feed.stdout).walk("VEVENT")
        if e.decoded("DTSTART") <= until
    }
    assert listed == events


@pytest.mark.parametrize("today", PINNED)
@pytest.mark.parametrize("season", ["autumn", "spring", "summer"])
def test_the_terms_reviews_are_the_review_items_of_due(today: str, season: str) -> None:
    repo = find_repository(PROJECT)
    day = D(today)
    calendar = TermCalendar.from_settings(repo.settings)
    records = [r.record for r in load_repository(repo, day).records]
    try:
        term = resolve_term(season, calendar, day)
    except UnknownTerm as exc:
        # The example school lists terms up to the summer of 2027 only.
        assert exc.message == "pcplan.yaml has no dates for the term 2027-autumn"
        return
    items = due_items(records, calendar, day, term.end, goals=False)
    review_items = {
        (i.pupil_id, i.key, i.date)
        for i in items
        if i.kind in ("review", "annual-review")
        and (
            calendar.window_term(i.date) == term
            or (term == calendar.window_term(day) and i.date < day)
        )
    }
    occasions = {
        (r.pupil.id, o.key, o.date) for r in records for o in term_occasions(r, term, calendar, day)
    }
    assert occasions == review_items


@pytest.mark.parametrize("today", PINNED)
@pytest.mark.parametrize("season", ["autumn", "spring"])
def test_agendas_due_and_calendar_agree(
    run_cli: RunCli, tmp_path: Path, today: str, season: str
) -> None:
    """The agendas written are those of the pupils `due` lists a review for in the term,
    with the same dates as `due` and the calendar, and the same open actions."""
    from pcplan.calendar.schedule import reviews_in_term
    from pcplan.render.agenda_view import agenda_view
    from pcplan.render.views import short_date
    from pcplan.schoolyear import long_date

    repo = find_repository(PROJECT)
    day = D(today)
    calendar = TermCalendar.from_settings(repo.settings)
    try:
        term = resolve_term(season, calendar, day)
    except UnknownTerm:
        return  # beyond the terms the example school lists (checked above)
    written = run_cli(
        "review", "--term", season, "--repo", str(PROJECT), "--today", today,
        "--format", "md", "-o", str(tmp_path),
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    agenda_pupils = {p.stem for p in tmp_path.glob("*.md")} - {"index"}

    records = [r.record for r in load_repository(repo, day).records]
    far = day + timedelta(days=3650)
    items = due_items(records, calendar, day, far)
    by_key = {i.key: i for i in items}
    feed = run_cli("calendar", "--repo", str(PROJECT), "--today", today)
    events = {
        str(e["UID"]): e.decoded("DTSTART")
        for e in icalendar.Calendar.from_ical(feed.stdout).walk("VEVENT")
    }
    reviews = reviews_in_term(records, term, calendar, day)
    assert {r.record.pupil.id for r in reviews} == agenda_pupils
    for due in reviews:
        view = agenda_view(due, term, day)
        pid = due.record.pupil.id
        item = by_key[due.main.key]
        assert events[item.uid] == item.date  # the calendar has the same day
        if item.booked:
            assert view.occasion.meeting == long_date(item.date)
        else:
            assert view.occasion.meeting == ""
            assert view.occasion.due_by == long_date(item.date)
        # The agenda's actions are those agreed before its meeting (a review entry written
        # ahead for the meeting itself is not an earlier review).
        meeting = due.main.booked if due.main.booked and due.main.booked > day else None
        mine = [i for i in items if i.pupil_id == pid]
        actions = {
            (i.text, short_date(i.date))
            for i in mine
            if i.kind == "action" and (meeting is None or (i.since and i.since < meeting))
        }
        assert {(a.what, a.by) for a in view.open_actions} == actions
        horizon = day + timedelta(days=366)
        assert all(events[i.uid] == i.date for i in mine if i.in_calendar and i.date <= horizon)
        text = (tmp_path / f"{pid}.md").read_text(encoding="utf-8")
        assert (view.occasion.meeting or view.occasion.due_by) in text
