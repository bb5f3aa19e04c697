"""Dates typed the English way (``07/09/2026``), read so that a message can say what to
write instead. pcplan itself only ever reads ``YYYY-MM-DD``: day-first dates are ambiguous
to an editor, a spreadsheet and a reader abroad, so they are suggested, never accepted."""

from __future__ import annotations

import re
from datetime import date

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\s*$")


def day_first_date(text: str) -> date | None:
    """The date that ``text`` means when written day first (``7/9/26`` is 7 September 2026),
    or None when it is not a real date written that way."""
    m = _DAY_FIRST.match(text)
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    if len(m.group(3)) == 2:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


_YEAR_FIRST = re.compile(r"^\s*(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})\s*$")


def _year_first_date(text: str) -> date | None:
    """The date of ``2026-9-7`` or ``2026/09/07``: year first, but not as YYYY-MM-DD."""
    m = _YEAR_FIRST.match(text)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iso_suggestion(text: str) -> str:
    """``; for 07/09/2026 write 2026-09-07`` when ``text`` is a day-first date (or a
    year-first one not written YYYY-MM-DD, such as 2026-9-7), else ''."""
    day = day_first_date(text) or _year_first_date(text)
    return f"; for {text.strip()} write {day.isoformat()}" if day else ""
