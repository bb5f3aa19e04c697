"""The iCalendar feed: RFC 5545 text, read back with the icalendar library."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest

from conftest import PROJECT, TODAY
from pcplan.calendar.due import DueItem, calendar_items
from pcplan.calendar.ics import LINE_OCTETS, calendar_text, escape_text, fold
from pcplan.calendar.terms import TermCalendar
from pcplan.loading.records import load_repository
from pcplan.loading.repo import find_repository

D = date.fromisoformat


def example_feed(today: str = TODAY) -> tuple[str, list[DueItem]]:
    repo = find_repository(PROJECT)
    day = D(today)
    result = load_repository(repo, day)
    items = calendar_items(
        [r.record for r in result.records], TermCalendar.from_settings(repo.settings), day
    )
    return calendar_text(items, day, repo.settings.school), items


def events(text: str) -> list[icalendar.Component]:
    cal = icalendar.Calendar.from_ical(text)
    return list(cal.walk("VEVENT"))


def test_escape_text() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("line\r\nbreak\rend") == "line\\nbreak\\nend"
    assert escape_text("bell\x07 and tab\t") == "bell and tab "


@pytest.mark.parametrize("text", ["x" * 200, "é" * 100, "Siobhán " * 30, "a" * 74 + "€" * 3])
def test_fold_keeps_lines_within_75_octets_and_characters_whole(text: str) -> None:
    lines = fold("SUMMARY:" + text)
    assert all(len(line.encode("utf-8")) <= LINE_OCTETS for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join([lines[0], *(line[1:] for line in lines[1:])]) == "SUMMARY:" + text


def test_feed_is_crlf_text_with_every_line_folded() -> None:
    text, _ = example_feed()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= LINE_OCTETS


def test_events_parse_as_all_day_events_with_stable_unique_uids() -> None:
    first, items = example_feed()
    second, _ = example_feed()
    assert first == second  # same records, same day: same bytes
    parsed = events(first)
    assert len(parsed) == len(items)
    uids = [str(e["UID"]) for e in parsed]
    assert len(set(uids)) == len(uids)
    for event, item in zip(parsed, items, strict=True):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        assert type(start) is date and type(end) is date  # all-day, not date-time
        assert start == item.date and end == start + timedelta(days=1)
        assert str(event["UID"]) == item.uid
        assert event.decoded("DTSTAMP").date() == D(TODAY)


def test_uids_stay_the_same_on_another_day() -> None:
    today, _ = example_feed()
    later, _ = example_feed("2026-12-01")
    uids_today = {str(e["UID"]): e.decoded("DTSTART") for e in events(today)}
    uids_later = {str(e["UID"]): e.decoded("DTSTART") for e in events(later)}
    shared = set(uids_today) & set(uids_later)
    assert "celine-m-annual-review-2@pcplan" in shared
    assert "celine-m-review-2026-autumn@pcplan" in shared
    assert all(uids_today[uid] == uids_later[uid] for uid in shared)


def test_paperwork_deadlines_have_a_reminder() -> None:
    text, _ = example_feed()
    by_uid = {str(e["UID"]): e for e in events(text)}
    papers = by_uid["celine-m-annual-review-2-papers-out@pcplan"]
    assert str(papers["SUMMARY"]) == "Papers out for Celine's annual review"
    assert papers.decoded("DTSTART") == D("2027-02-24")
    (alarm,) = papers.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(days=-3)
    report = by_uid["celine-m-annual-review-2-la-report@pcplan"]
    assert report.decoded("DTSTART") == D("2027-03-24")
    assert len(report.walk("VALARM")) == 1
    meeting = by_uid["celine-m-annual-review-2@pcplan"]
    assert str(meeting["SUMMARY"]) == "Annual review: Celine"
    assert meeting.walk("VALARM") == []


def test_summaries_say_who_and_what_and_no_more() -> None:
    text, _ = example_feed()
    summaries = {str(e["UID"]): str(e["SUMMARY"]) for e in events(text)}
    assert summaries["ffion-davies-review-2026-autumn@pcplan"] == (
        "Termly review: Ffion Davies (to book)"
    )
    assert summaries["celine-m-review-2026-autumn@pcplan"] == "Termly review: Celine"
    assert summaries["celine-m-action-2026-07-08-2@pcplan"] == (
        "Action due (Celine): Book a visit to the leisure centre crèche with Celine"
    )
    assert all(len(s) < 110 for s in summaries.values())
    description = next(
        str(e["DESCRIPTION"]) for e in events(text) if "2026-07-08-2" in str(e["UID"])
    )
    assert description.splitlines() == [
        "Book a visit to the leisure centre crèche with Celine",
        "Who: Ms Pritchard. Agreed at the review on 8 July 2026.",
        "Record: records/celine-m.yaml",
    ]


def test_a_booked_meeting_reads_once_and_guesses_no_pronoun() -> None:
    text, _ = example_feed("2026-11-30")
    descriptions = [str(e["DESCRIPTION"]) for e in events(text)]
    meetings = [d for d in descriptions if " meeting with " in d]
    assert meetings, "the examples have booked review meetings"
    for description in descriptions:
        assert "meeting meeting" not in description.lower()
        assert " them" not in description and " their " not in description
    assert any(d.startswith("Review meeting with ") for d in meetings)  # a meeting of no kind
    assert any(d.startswith("Termly review meeting with ") for d in meetings)
