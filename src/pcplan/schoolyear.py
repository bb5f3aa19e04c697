"""Year groups and the school year: pure functions of dates."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pcplan.models.pupil import Pupil

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date | None) -> str:
    """A date as people write it in a letter: 3 February 2026."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# A year group as a number: N1 is -2, N2 is -1, Reception 0, then Years 1 to 14.
_NUMBERS = {"N1": -2, "N2": -1, "R": 0}


def school_year_start(today: date) -> int:
    """The calendar year in which the current school year began (it begins on 1 September)."""
    return today.year if today.month >= 9 else today.year - 1


def derived_year_group(date_of_birth: date, today: date) -> str | None:
    """The year group that follows from the date of birth against 1 September.

    A child's age on 1 September at the start of the school year decides it: 4 is
    Reception, 5 is Year 1, 15 is Year 11. A child born on 1 September is the oldest in
    their year. Ages outside nursery to Year 14 give ``None``.
    """
    start = school_year_start(today)
    age = (
        start - date_of_birth.year - (1 if (date_of_birth.month, date_of_birth.day) > (9, 1) else 0)
    )
    number = age - 4
    if number < -2 or number > 14:
        return None
    return {-2: "N1", -1: "N2", 0: "R"}.get(number, str(number))


def year_group(pupil: Pupil, today: date) -> str | None:
    """The pupil's year group: as recorded, else derived from the date of birth."""
    if pupil.year_group is not None:
        return pupil.year_group
    if pupil.date_of_birth is not None:
        return derived_year_group(pupil.date_of_birth, today)
    return None


def year_number(group: str | None) -> int | None:
    """A year group as a number (N1 -2, N2 -1, R 0, Year 9 is 9) for comparisons."""
    if group is None:
        return None
    return _NUMBERS.get(group, int(group) if group.isdigit() else None)


def year_label(group: str | None) -> str:
    """How a year group reads in a document: 'Reception', 'Nursery (N2)', 'Year 11'."""
    if group is None:
        return ""
    if group == "R":
        return "Reception"
    if group in ("N1", "N2"):
        return f"Nursery ({group})"
    return f"Year {group}"


def key_stage(group: str | None) -> str | None:
    """The key stage of a year group: EYFS, KS1 to KS4, or post-16."""
    n = year_number(group)
    if n is None:
        return None
    if n <= 0:
        return "EYFS"
    if n <= 2:
        return "KS1"
    if n <= 6:
        return "KS2"
    if n <= 9:
        return "KS3"
    if n <= 11:
        return "KS4"
    return "post-16"
