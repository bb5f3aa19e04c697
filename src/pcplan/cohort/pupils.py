"""What the whole-school views need of each pupil, worked out once per record.

A :class:`CohortPupil` is small and made only of plain values, so that worker processes
can hand it back cheaply: the register, the provision map and the school overview are all
built from a list of them, never from the records themselves.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from pcplan.calendar.schedule import last_review, open_actions, review_occasions
from pcplan.cohort.costing import SchoolYear, cost_per_pupil, hours_per_week
from pcplan.schoolyear import year_group
from pcplan.vocabulary import AREA_OF_NEED, VALUES

if TYPE_CHECKING:
    from pcplan.calendar.terms import TermCalendar
    from pcplan.loading.records import LoadedRecord
    from pcplan.models.plan import Resource
    from pcplan.models.record import Record

SURNAME_PARTICLES = frozenset(
    {
        # Irish and Scottish Gaelic: Ní Bhriain, Nic Dhòmhnaill, Ó Súilleabháin, Mac Giolla
        "ní", "nic", "ó", "o", "ua", "uí", "mac", "mhic", "mc",
        # Welsh: ap Rhys, ab Owen, ferch Dafydd
        "ap", "ab", "ferch", "verch",
        # Dutch, German, French, Italian, Spanish, Portuguese
        "van", "von", "der", "den", "de", "del", "della", "des", "du", "da", "das", "dos",
        "di", "la", "le", "ter", "ten", "zu",
        # Arabic and Malay, written apart: Al Rashid, bin Laden, ibn Khaldun
        "al", "el", "bin", "binti", "bint", "ibn",
    }
)  # fmt: skip
"""Words that belong to the surname that follows them when written apart. Joined forms
("al-Rashid", "McDonald", "O'Brien") are one word already."""


def split_name(name: str) -> tuple[str, str]:
    """A full name as forename(s) and surname, the surname keeping its particles:
    "Siobhán Ní Bhriain" is ("Siobhán", "Ní Bhriain"), "Anna van der Berg" ("Anna",
    "van der Berg"). The first word is always a forename; one word is a surname alone."""
    words = name.split()
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in SURNAME_PARTICLES:
        start -= 1
    if start < 0:
        return ("", "")
    return (" ".join(words[:start]), " ".join(words[start:]))


def name_sort_key(name: str) -> str:
    """A name as schools sort it: by its letters as written, particle and all ("Ní Bhriain"
    under N), ignoring case, accents and apostrophes ("Ó" with "O", "O'Brien" as "OBrien")."""
    letters = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in letters if ch.isalnum() or ch == " ")


NEXT_REVIEW_HORIZON = timedelta(days=400)
"""How far ahead the register looks for a pupil's next review (beyond a year's rhythm)."""
DUE_WITHIN = timedelta(days=30)
"""The overview lists what is overdue and what falls due in the next 30 days, as `due`."""


@dataclass(frozen=True, slots=True)
class ProvisionRow:
    """One resource of one pupil on the provision map."""

    resource_id: str
    provision: str
    kind: str | None
    wave: int | None
    staff: str | None
    group_size: int | None
    sessions_per_week: Decimal | None
    minutes: int | None
    hours_per_week: Decimal | None
    start: date | None
    end: date | None
    cost: Decimal | None
    cost_per: str | None
    cost_per_pupil_per_year: Decimal | None
    share: Decimal | None
    note: str
    goals: tuple[str, ...]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # A worker process passes rows back as tuples of plain values, its Decimals as
        # their exact text: that pickles in half the time of the fields' names and Decimals.
        values = list(_row_values(self))
        for i in _ROW_DECIMALS:
            if values[i] is not None:
                values[i] = str(values[i])
        return (_unpickle_row, tuple(values))


_row_values = attrgetter(*(f.name for f in fields(ProvisionRow)))
_ROW_DECIMALS = tuple(i for i, f in enumerate(fields(ProvisionRow)) if "Decimal" in str(f.type))
"""The positions of the Decimal fields of a :class:`ProvisionRow`."""


def _unpickle_row(*packed: Any) -> ProvisionRow:
    values = list(packed)
    for i in _ROW_DECIMALS:
        if values[i] is not None:
            values[i] = Decimal(values[i])
    return ProvisionRow(*values)


@dataclass(frozen=True, slots=True)
class DueLine:
    """One thing overdue or due soon, for the overview (as ``pcplan due`` lists it)."""

    date: dt.date
    status: str
    pupil_id: str
    pupil: str
    what: str
    sort_key: tuple[dt.date, str, int, str]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (DueLine, _due_values(self))


_due_values = attrgetter(*(f.name for f in fields(DueLine)))


@dataclass(frozen=True, slots=True)
class CohortPupil:
    """One pupil as the whole-school views see them.

    The reviews (``last_review``, ``next_review*``) and the ``provision`` are worked out
    only when the :class:`CohortContext` asks for them (each view asks for what it shows);
    otherwise they are empty.
    """

    id: str
    file: str
    name: str
    known_as: str | None
    staff_name: str
    upn: str | None
    date_of_birth: date | None
    year_group: str | None
    sen_status: str
    primary_need: str | None
    secondary_needs: tuple[str, ...]
    area: str | None
    last_review: date | None
    next_review: date | None
    next_review_kind: str | None
    next_review_booked: bool
    open_actions: int
    active_goals: int
    goals_by_value: tuple[int, ...]
    goals_serving_no_value: int
    provision: tuple[ProvisionRow, ...]
    due: tuple[DueLine, ...]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Passed back from a worker process as a tuple of its values: no field names.
        return (CohortPupil, _pupil_values(self))

    @property
    def surname(self) -> str:
        """The surname, with its particle ("Ní Bhriain", "van der Berg"): see :func:`split_name`."""
        return split_name(self.name)[1]

    @property
    def forename(self) -> str:
        """The words of the full name before the surname."""
        return split_name(self.name)[0]

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (name_sort_key(self.surname), name_sort_key(self.forename), self.id)

    @property
    def needs(self) -> tuple[str, ...]:
        """Every need code, primary first."""
        first = (self.primary_need,) if self.primary_need else ()
        return first + tuple(c for c in self.secondary_needs if c != self.primary_need)


_pupil_values = attrgetter(*(f.name for f in fields(CohortPupil)))


@dataclass(frozen=True, slots=True)
class CohortContext:
    """What summarising a record needs besides the record: the date, terms and costing."""

    today: date
    calendar: TermCalendar
    year: SchoolYear
    with_due: bool = False
    with_reviews: bool = True
    """Work out the last and next review (the register, the overview)."""
    with_provision: bool = True
    """Work out the provision rows and their costs (the provision map, the overview)."""


def provision_row(resource: Resource, year: SchoolYear) -> ProvisionRow:
    """A resource's line on the provision map, with its cost per pupil in ``year``."""
    costing = cost_per_pupil(resource, year)
    sessions = resource.sessions_per_week
    return ProvisionRow(
        resource_id=resource.id,
        provision=resource.text,
        kind=resource.kind,
        wave=resource.wave,
        staff=resource.who,
        group_size=resource.group_size,
        sessions_per_week=Decimal(str(sessions)).normalize() if sessions is not None else None,
        minutes=resource.minutes,
        hours_per_week=hours_per_week(resource),
        start=resource.start,
        end=resource.end,
        cost=resource.cost.amount if resource.cost else None,
        cost_per=resource.cost.per if resource.cost else None,
        cost_per_pupil_per_year=costing.per_pupil_per_year,
        share=costing.share,
        note=costing.note,
        goals=tuple(resource.goals),
    )


def summarise(loaded: LoadedRecord, context: CohortContext) -> CohortPupil:
    """Everything the register, the provision map and the overview need of one record."""
    record: Record = loaded.record
    pupil = record.pupil
    today = context.today
    needs = pupil.needs
    primary = needs.primary if needs else None
    secondary = tuple(needs.secondary) if needs else ()
    area = AREA_OF_NEED.get(primary) if primary else None
    if area is None and pupil.sen_status != "N":
        area = "unknown"
    last = upcoming = None
    if context.with_reviews:
        last = last_review(record, today)
        horizon = today + NEXT_REVIEW_HORIZON
        occasions = review_occasions(record, context.calendar, today, horizon)
        upcoming = occasions[0] if occasions else None
    active = [g for g in record.goals if g.status == "active"]
    by_value = tuple(sum(1 for g in active if value in g.values) for value in VALUES)
    due: tuple[DueLine, ...] = ()
    if context.with_due:
        due = _due_lines(record, pupil.staff_name, context)
    return CohortPupil(
        id=pupil.id,
        file=loaded.display,
        name=pupil.name,
        known_as=pupil.known_as,
        staff_name=pupil.staff_name,
        upn=pupil.upn,
        date_of_birth=pupil.date_of_birth,
        year_group=year_group(pupil, today),
        sen_status=pupil.sen_status,
        primary_need=primary,
        secondary_needs=secondary,
        area=area,
        last_review=last.date if last else None,
        next_review=upcoming.date if upcoming else None,
        next_review_kind=upcoming.kind if upcoming else None,
        next_review_booked=bool(upcoming and upcoming.booked),
        open_actions=len(open_actions(record)),
        active_goals=len(active),
        goals_by_value=by_value,
        goals_serving_no_value=sum(1 for g in active if not g.values),
        provision=(
            tuple(provision_row(r, context.year) for r in record.resources)
            if context.with_provision
            else ()
        ),
        due=due,
    )


def _due_lines(record: Record, name: str, context: CohortContext) -> tuple[DueLine, ...]:
    from pcplan.calendar.due import describe, pupil_items

    today = context.today
    items = pupil_items(record, name, context.calendar, today, today + DUE_WITHIN)
    return tuple(
        DueLine(
            item.date,
            item.status(today),
            item.pupil_id,
            item.pupil_name,
            describe(item),
            item.sort_key(),
        )
        for item in items
    )
