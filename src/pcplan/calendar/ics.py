"""An iCalendar (RFC 5545) feed of review meetings, paperwork deadlines and action dates.

Written by hand, in plain text: every event is an all-day event, its UID comes from the
record (never from the clock), and ``DTSTAMP`` is ``--today``, so the same records on the
same day give the same bytes. Importing a newer file updates the events rather than
adding copies. Paperwork deadlines carry a reminder a few days before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from pcplan import __version__
from pcplan.calendar.due import DueItem, event_summary, review_words, shorten
from pcplan.calendar.schedule import PAPERS_BEFORE, REPORT_AFTER
from pcplan.schoolyear import long_date

REMINDER_DAYS = 3
"""How many days before a paperwork deadline the calendar reminds."""
LINE_OCTETS = 75
DESCRIPTION_TEXT_CHARS = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.replace("\t", " "))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> list[str]:
    """Split a content line into lines of at most 75 octets (RFC 5545 3.1).

    Continuation lines start with one space, which counts towards their 75 octets, and a
    UTF-8 character is never split.
    """
    out: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current = " "
            size = 1
        current += char
        size += width
    out.append(current)
    return out


def _date_value(day: date) -> str:
    return day.strftime("%Y%m%d")


def event_description(item: DueItem) -> str:
    """The longer words of an event: what it is, when it is due, where to look."""
    name = item.pupil_name
    record = f"Record: records/{item.pupil_id}.yaml"
    if item.kind == "annual-review":
        if not item.booked:
            return (
                f"{name}'s annual review is due by this date, twelve months after the last "
                f"one. Set the date under cadence: annual_review.\n{record}"
            )
        papers = long_date(item.date - PAPERS_BEFORE)
        report = long_date(item.date + REPORT_AFTER)
        return (
            f"Annual review of {name}'s EHC plan. Papers out by {papers}; the report to "
            f"the local authority by {report}.\n{record}"
        )
    if item.kind == "review":
        words = review_words(item.review_kind)
        if item.booked:
            # "Review meeting" already says meeting; and no pronoun is guessed.
            meeting = words if words.endswith("meeting") else f"{words} meeting"
            return f"{meeting} with {name}, the family and staff.\n{record}"
        period = f" by the end of the {item.period}" if item.period else ""
        return (
            f"{name}'s {words.lower()} is due{period} and is not booked yet. Record the "
            f"date under cadence: next_review.\n{record}"
        )
    if item.kind == "papers-out":
        assert item.meeting is not None
        return (
            f"Send out the papers for {name}'s annual review on {long_date(item.meeting)}: "
            f"at least two weeks before the meeting.\n{record}"
        )
    if item.kind == "la-report":
        assert item.meeting is not None
        return (
            f"Send the school's report on {name}'s annual review of "
            f"{long_date(item.meeting)} to the local authority: within two weeks of the "
            f"meeting.\n{record}"
        )
    if item.kind == "action":
        who = f"Who: {item.who}." if item.who else ""
        agreed = f"Agreed at the review on {long_date(item.since)}." if item.since else ""
        text = shorten(item.text or "", DESCRIPTION_TEXT_CHARS)
        details = " ".join(part for part in (who, agreed) if part)
        return "\n".join(part for part in (text, details, record) if part)
    return f"Progress check on {item.area}.\n{record}"  # pragma: no cover (not in calendars)


def _category(item: DueItem) -> str:
    if item.kind in ("review", "annual-review"):
        return "Review meeting"
    if item.is_paperwork:
        return "Paperwork deadline"
    return "Action"


def _event_lines(item: DueItem, stamp: str) -> list[str]:
    summary = event_summary(item)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{item.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date_value(item.date)}",
        f"DTEND;VALUE=DATE:{_date_value(item.date + timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(event_description(item))}",
        f"CATEGORIES:{escape_text(_category(item))}",
        "CLASS:CONFIDENTIAL",
        "TRANSP:TRANSPARENT",
    ]
    if item.is_paperwork:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text('Coming up: ' + summary)}",
            f"TRIGGER:-P{REMINDER_DAYS}D",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar_text(items: Iterable[DueItem], today: date, school: str | None = None) -> str:
    """The whole feed as text with CRLF line ends, folded at 75 octets."""
    stamp = f"{_date_value(today)}T000000Z"
    title = "Reviews and deadlines" + (f": {school}" if school else "")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//pcplan//pcplan {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(title)}",
    ]
    for item in items:
        if item.in_calendar:
            lines.extend(_event_lines(item, stamp))
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in fold(line))
