"""The SEN register: one row per pupil, and the counts by status, area of need and year.

The CSV columns are the ones ``pcplan import`` reads back, so that a register exported
and imported again changes nothing: :data:`REGISTER_COLUMNS` and :func:`register_cells`
are the one definition of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from pcplan.cohort.pupils import CohortPupil
from pcplan.schoolyear import year_label, year_number
from pcplan.vocabulary import AREAS, NEEDS, SEN_STATUS_SHORT

REGISTER_COLUMNS = (
    "Pupil",
    "UPN",
    "Surname",
    "Forename",
    "Preferred Forename",
    "DOB",
    "Year Group",
    "SEN Status",
    "Primary Need",
    "Secondary Need",
    "Area of Need",
    "Last Review",
    "Next Review",
    "Open Actions",
    "Active Goals",
)
SECONDARY_SEPARATOR = "; "
STATUS_ORDER = ("E", "K", "N")

Cell = str | int | date | None


def register_cells(pupil: CohortPupil) -> list[Cell]:
    """A pupil's register row, in the order of :data:`REGISTER_COLUMNS`.

    Text, dates and counts as values; a spreadsheet writer turns them into cells.
    """
    return [
        pupil.staff_name,
        pupil.upn,
        pupil.surname,
        pupil.forename,
        pupil.known_as,
        pupil.date_of_birth,
        pupil.year_group,
        SEN_STATUS_SHORT[pupil.sen_status],
        pupil.primary_need,
        SECONDARY_SEPARATOR.join(pupil.secondary_needs),
        AREAS[pupil.area] if pupil.area else None,
        pupil.last_review,
        pupil.next_review,
        pupil.open_actions,
        pupil.active_goals,
    ]


def year_sort_key(group: str | None) -> tuple[int, int]:
    """Nursery, Reception, Years 1 to 14, then pupils with no year group known."""
    number = year_number(group)
    return (1, 0) if number is None else (0, number)


def year_words(group: str | None) -> str:
    """A year group in words; never blank ('Not known' when neither it nor the date of
    birth is recorded)."""
    return year_label(group) or "Not known"


@dataclass(frozen=True)
class RegisterFilter:
    """Which pupils a register shows: by SEN status, need code and year group."""

    statuses: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()

    def keeps(self, pupil: CohortPupil) -> bool:
        if self.statuses and pupil.sen_status not in self.statuses:
            return False
        if self.needs and not self.needs.intersection(pupil.needs):
            return False
        return not self.years or (pupil.year_group or "") in self.years

    @property
    def words(self) -> str:
        """The filter in words, for a page's introduction ('' when it keeps everyone)."""
        parts = []
        if self.statuses:
            parts.append(
                " or ".join(SEN_STATUS_SHORT[s] for s in STATUS_ORDER if s in self.statuses)
            )
        if self.needs:
            parts.append("need " + " or ".join(c for c in NEEDS if c in self.needs))
        if self.years:
            years = sorted(self.years, key=year_sort_key)
            parts.append(" or ".join(year_words(y) for y in years))
        return "; ".join(parts)

    def apply(self, pupils: Iterable[CohortPupil]) -> list[CohortPupil]:
        return [p for p in pupils if self.keeps(p)]


@dataclass(frozen=True)
class Count:
    """How many pupils share a status, an area of need and a year group."""

    status: str
    area: str | None
    year_group: str | None
    pupils: int


@dataclass(frozen=True)
class Table:
    """A table of counts: a caption, column headings, and rows (a heading, then numbers)."""

    caption: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]


def counts(pupils: Sequence[CohortPupil]) -> list[Count]:
    """The pupils counted by status x area of need x year group (only the non-empty cells)."""
    tally = Counter((p.sen_status, p.area, p.year_group) for p in pupils)
    area_order = {key: i for i, key in enumerate(AREAS)}
    ordered = sorted(
        tally.items(),
        key=lambda item: (
            STATUS_ORDER.index(item[0][0]),
            area_order.get(item[0][1] or "", len(area_order)),
            year_sort_key(item[0][2]),
        ),
    )
    return [Count(status, area, year, n) for (status, area, year), n in ordered]


def status_by_area(pupils: Sequence[CohortPupil]) -> Table:
    """Pupils with SEN by area of need (rows) and status (columns), with totals."""
    statuses = ("E", "K")
    rows = []
    for key, words in AREAS.items():
        numbers = [sum(1 for p in pupils if p.sen_status == s and p.area == key) for s in statuses]
        rows.append((words, (*numbers, sum(numbers))))
    totals = [sum(1 for p in pupils if p.sen_status == s) for s in statuses]
    rows.append(("All areas", (*totals, sum(totals))))
    return Table(
        "Pupils with SEN by area of need and status",
        "Area of need",
        (*(SEN_STATUS_SHORT[s] for s in statuses), "Total"),
        tuple(rows),
    )


def year_by_status(pupils: Sequence[CohortPupil]) -> Table:
    """Pupils by year group (rows) and status (columns), with totals."""
    years = sorted({p.year_group for p in pupils}, key=year_sort_key)
    rows = []
    for group in years:
        numbers = [
            sum(1 for p in pupils if p.year_group == group and p.sen_status == s)
            for s in STATUS_ORDER
        ]
        rows.append((year_words(group), (*numbers, sum(numbers))))
    totals = [sum(1 for p in pupils if p.sen_status == s) for s in STATUS_ORDER]
    rows.append(("All years", (*totals, sum(totals))))
    return Table(
        "Pupils by year group and status",
        "Year group",
        (*(SEN_STATUS_SHORT[s] for s in STATUS_ORDER), "Total"),
        tuple(rows),
    )
