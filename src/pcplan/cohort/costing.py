"""What a resource costs a pupil in a school year.

A school year runs from 1 September to 31 August and has the terms that start in it
(listed in ``pcplan.yaml``, or the defaults). It has ``provision.weeks_per_year``
teaching weeks (38 by default: 190 school days). A resource's cost becomes a cost per
pupil per year like this, ``group`` being its group size (1 when not given):

* per session: amount x sessions per week x weeks / group
* per week: amount x weeks / group
* per term: amount x the number of terms in the year / group
* per year: amount / group
* once: amount / group, in the school year the resource starts (the current year when
  it has no start date), and nothing in other years.

A resource that starts or ends inside the school year counts for the share of the year's
term days (weekdays in term) that it covers. Money is held as :class:`~decimal.Decimal`
and each row is rounded to the penny, half up; totals add the rounded rows, so a table
adds up when checked with a calculator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from pcplan.schoolyear import school_year_start

if TYPE_CHECKING:
    from pcplan.calendar.terms import Term, TermCalendar
    from pcplan.models.plan import Resource

PENNY = Decimal("0.01")
DEFAULT_WEEKS = Decimal(38)


def pounds(amount: Decimal) -> Decimal:
    """An amount rounded to the penny, half up (as a bank or a calculator would)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def money(amount: Decimal | None) -> str:
    """An amount as people write it: £1,234.50; nothing when there is no amount."""
    if amount is None:
        return ""
    return f"£{pounds(amount):,.2f}"


def weekdays_between(first: date, last: date) -> int:
    """The number of weekdays (Monday to Friday) from ``first`` to ``last``, both included."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    start = first.weekday()
    count += sum(1 for offset in range(extra) if (start + offset) % 7 < 5)
    return count


@dataclass(frozen=True, slots=True)
class SchoolYear:
    """A school year's terms and teaching weeks, for costing."""

    start_year: int
    terms: tuple[Term, ...]
    weeks: Decimal
    current: bool

    @property
    def first_day(self) -> date:
        return date(self.start_year, 9, 1)

    @property
    def last_day(self) -> date:
        return date(self.start_year + 1, 8, 31)

    @property
    def label(self) -> str:
        """``2026-27``."""
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def term_days(self) -> int:
        """The weekdays in the year's terms."""
        return sum(weekdays_between(t.start, t.end) for t in self.terms)

    def covered_days(self, start: date | None, end: date | None) -> int:
        """The weekdays in the year's terms from ``start`` to ``end`` (open when None)."""
        total = 0
        for term in self.terms:
            first = max(term.start, start) if start else term.start
            last = min(term.end, end) if end else term.end
            total += weekdays_between(first, last)
        return total


def school_year(calendar: TermCalendar, start_year: int, weeks: Decimal, today: date) -> SchoolYear:
    """The school year that begins on 1 September ``start_year``."""
    first, last = date(start_year, 9, 1), date(start_year + 1, 8, 31)
    terms = tuple(
        t
        for year in (start_year, start_year + 1)
        for t in calendar.terms_starting_in(year)
        if first <= t.start <= last
    )
    return SchoolYear(start_year, terms, weeks, school_year_start(today) == start_year)


@dataclass(frozen=True, slots=True)
class Costing:
    """A resource's cost per pupil per year, or why it has none."""

    per_pupil_per_year: Decimal | None
    share: Decimal | None = None
    """The share of the year's term days it runs (None when it runs all year)."""
    note: str = ""


def _share(resource: Resource, year: SchoolYear) -> Decimal | None:
    inside = any(
        d is not None and year.first_day <= d <= year.last_day
        for d in (resource.start, resource.end)
    )
    outside = (resource.end is not None and resource.end < year.first_day) or (
        resource.start is not None and resource.start > year.last_day
    )
    if outside:
        return Decimal(0)
    if not inside:
        return None
    total = year.term_days
    if total == 0:
        return Decimal(0)
    return Decimal(year.covered_days(resource.start, resource.end)) / Decimal(total)


def cost_per_pupil(resource: Resource, year: SchoolYear) -> Costing:
    """What ``resource`` costs one pupil in ``year`` (see the module's rules)."""
    cost = resource.cost
    if cost is None:
        return Costing(None, note="no cost recorded")
    group = Decimal(resource.group_size or 1)
    amount = cost.amount
    if cost.per == "once":
        starts_in = (
            school_year_start(resource.start) == year.start_year
            if resource.start is not None
            else year.current
        )
        if not starts_in:
            return Costing(Decimal("0.00"), note="paid once, in another school year")
        return Costing(pounds(amount / group))
    if cost.per == "session":
        if resource.sessions_per_week is None:
            return Costing(None, note="a cost per session needs sessions_per_week")
        sessions = Decimal(str(resource.sessions_per_week))
        yearly = amount * sessions * year.weeks
    elif cost.per == "week":
        yearly = amount * year.weeks
    elif cost.per == "term":
        yearly = amount * len(year.terms)
    else:
        yearly = amount
    share = _share(resource, year)
    if share is not None:
        yearly = yearly * share
    return Costing(pounds(yearly / group), share)


def hours_per_week(resource: Resource) -> Decimal | None:
    """Sessions a week x minutes a session, in hours to the hundredth; None when unknown."""
    if resource.sessions_per_week is None or resource.minutes is None:
        return None
    minutes = Decimal(str(resource.sessions_per_week)) * resource.minutes
    return (minutes / 60).quantize(PENNY, rounding=ROUND_HALF_UP)
