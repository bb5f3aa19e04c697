"""`due`, `calendar` and the term's reviews agree on every date, over the example records."""

from __future__ import annotations

import json
from datetime import date, timedelta

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
