"""The days on which a record's checks give the same result, worked out from its data.

Kept apart from the rules (and the models they need) so that an edit the validation cache
vouches for (``pcplan log``) can store the result of the record it wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from pcplan.schoolyear import school_year_start

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid_days_of(data: object, today: date) -> tuple[date, date]:
    """The days around ``today`` on which every rule gives the same result for a record
    holding ``data``.

    The rules use today only through the school year it falls in (year groups) and by
    comparing it with dates written in the record (a progress entry in the future). So the
    result holds within today's school year and until today passes, or goes back past, any
    date in the record.
    """
    start = date(school_year_start(today), 9, 1)
    until = date(start.year + 1, 8, 31)
    # Each distinct date once: a record repeats its dates (reviews, progress entries).
    for value in set(_day_like(data, [])):
        if not _ISO_DAY.match(value):
            continue
        try:
            day = date.fromisoformat(value)
        except ValueError:
            continue
        if day > today:
            until = min(until, day - timedelta(days=1))
        elif day < today:
            start = max(start, day + timedelta(days=1))
        else:
            start = until = today
    return start, until


def _day_like(data: object, out: list[str]) -> list[str]:
    """Every text of ten characters among the values in ``data`` (the dates among them),
    added to ``out``. Records nest a few levels only (the reader refuses deep nesting)."""
    values: Iterable[object]
    if type(data) is dict:
        values = data.values()
    elif type(data) is list:
        values = data
    else:
        values = (data,)
    for value in values:
        if type(value) is str:
            if len(value) == 10:
                out.append(value)
        elif type(value) is dict or type(value) is list:
            _day_like(value, out)
    return out
