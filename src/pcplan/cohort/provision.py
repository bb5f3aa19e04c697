"""The provision map: one row per pupil and resource, its cost per pupil per year, totals.

The CSV and xlsx columns are :data:`PROVISION_COLUMNS`, in that order. Totals add the
rows' rounded costs (see :mod:`pcplan.cohort.costing`), so every table adds up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pcplan.cohort.pupils import CohortPupil, ProvisionRow
from pcplan.cohort.register import year_sort_key, year_words
from pcplan.cohort.spreadsheet import ColumnKind, Value
from pcplan.vocabulary import AREAS, RESOURCE_KINDS, SEN_STATUS_SHORT, WAVES

PROVISION_COLUMNS = (
    "UPN",
    "Pupil",
    "Year",
    "SEN status",
    "Primary need",
    "Area of need",
    "Provision",
    "Kind",
    "Wave",
    "Staff",
    "Group size",
    "Sessions per week",
    "Minutes per session",
    "Hours per week",
    "Start",
    "End",
    "Cost",
    "Cost per",
    "Cost per pupil per year",
    "Goals",
)
PROVISION_KINDS: tuple[ColumnKind, ...] = (
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "integer",
    "text",
    "integer",
    "number",
    "integer",
    "number",
    "date",
    "date",
    "money",
    "text",
    "money",
    "text",
)
GOAL_SEPARATOR = "; "
NOT_GIVEN = "Not recorded"


@dataclass(frozen=True, slots=True)
class ProvisionLine:
    """One row of the map: a pupil and one of their resources."""

    pupil: CohortPupil
    row: ProvisionRow

    @property
    def cost(self) -> Decimal | None:
        return self.row.cost_per_pupil_per_year


def provision_lines(pupils: Sequence[CohortPupil]) -> list[ProvisionLine]:
    """Every pupil's resources, pupil by pupil, in the order of their records."""
    return [ProvisionLine(p, row) for p in pupils for row in p.provision]


def provision_cells(line: ProvisionLine) -> list[Value]:
    """A row of the map, in the order of :data:`PROVISION_COLUMNS`."""
    pupil, row = line.pupil, line.row
    return [
        pupil.upn,
        pupil.staff_name,
        pupil.year_group,
        SEN_STATUS_SHORT[pupil.sen_status],
        pupil.primary_need,
        AREAS[pupil.area] if pupil.area else None,
        row.provision,
        row.kind,
        row.wave,
        row.staff,
        row.group_size,
        row.sessions_per_week,
        row.minutes,
        row.hours_per_week,
        row.start,
        row.end,
        row.cost,
        row.cost_per,
        row.cost_per_pupil_per_year,
        GOAL_SEPARATOR.join(row.goals),
    ]


@dataclass(frozen=True, slots=True)
class Total:
    """One line of a table of totals: a group, its pupils, its resources and their cost."""

    label: str
    pupils: int
    resources: int
    cost: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    """Totals grouped one way (by area of need, wave, year group, kind or staff member)."""

    key: str
    caption: str
    heading: str
    lines: tuple[Total, ...]


def _group(
    lines: Sequence[ProvisionLine],
    label: Callable[[ProvisionLine], str],
    order: Callable[[str], object] | None = None,
) -> tuple[Total, ...]:
    groups: dict[str, list[ProvisionLine]] = {}
    for line in lines:
        groups.setdefault(label(line), []).append(line)
    names = list(groups)
    if order is not None:
        names.sort(key=order)  # type: ignore[arg-type]
    return tuple(
        Total(
            name,
            len({line.pupil.id for line in groups[name]}),
            len(groups[name]),
            sum((line.cost or Decimal("0.00") for line in groups[name]), Decimal("0.00")),
        )
        for name in names
    )


def _area(line: ProvisionLine) -> str:
    return AREAS[line.pupil.area] if line.pupil.area else "No SEN recorded"


def _wave(line: ProvisionLine) -> str:
    return WAVES[line.row.wave] if line.row.wave else NOT_GIVEN


def _kind(line: ProvisionLine) -> str:
    return RESOURCE_KINDS[line.row.kind] if line.row.kind else NOT_GIVEN


def _staff(line: ProvisionLine) -> str:
    return line.row.staff or NOT_GIVEN


def all_totals(lines: Sequence[ProvisionLine]) -> list[Totals]:
    """The totals by area of need, wave, year group, kind and staff member."""
    area_order = [*AREAS.values(), "No SEN recorded"]
    wave_order = [*WAVES.values(), NOT_GIVEN]
    kind_order = [*RESOURCE_KINDS.values(), NOT_GIVEN]
    years = {year_words(line.pupil.year_group): line.pupil.year_group for line in lines}
    return [
        Totals(
            "area",
            "Cost by area of need",
            "Area of need",
            _group(lines, _area, area_order.index),
        ),
        Totals("wave", "Cost by wave", "Wave", _group(lines, _wave, wave_order.index)),
        Totals(
            "year",
            "Cost by year group",
            "Year group",
            _group(
                lines,
                lambda line: year_words(line.pupil.year_group),
                lambda name: year_sort_key(years[name]),
            ),
        ),
        Totals("kind", "Cost by kind of provision", "Kind", _group(lines, _kind, kind_order.index)),
        Totals(
            "staff",
            "Cost by staff member or provider",
            "Staff",
            _group(lines, _staff, lambda name: (name == NOT_GIVEN, name.casefold())),
        ),
    ]


@dataclass(frozen=True, slots=True)
class Summary:
    """The school's total, and the mean and the largest cost per pupil."""

    total: Decimal
    pupils_with_provision: int
    pupils_without_provision: int
    mean_per_pupil: Decimal | None
    largest_per_pupil: Decimal | None
    largest_pupil: str
    resources: int
    not_costed: int
    cannot_cost: int


def summary(pupils: Sequence[CohortPupil], lines: Sequence[ProvisionLine]) -> Summary:
    """What the provision map adds up to."""
    from pcplan.cohort.costing import pounds

    per_pupil: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for line in lines:
        per_pupil[line.pupil.id] = per_pupil.get(line.pupil.id, Decimal("0.00")) + (
            line.cost or Decimal("0.00")
        )
        names[line.pupil.id] = line.pupil.staff_name
    total = sum(per_pupil.values(), Decimal("0.00"))
    largest_id = max(per_pupil, key=lambda pid: (per_pupil[pid], pid), default=None)
    return Summary(
        total=total,
        pupils_with_provision=len(per_pupil),
        pupils_without_provision=sum(1 for p in pupils if not p.provision),
        mean_per_pupil=pounds(total / len(per_pupil)) if per_pupil else None,
        largest_per_pupil=per_pupil[largest_id] if largest_id else None,
        largest_pupil=names[largest_id] if largest_id else "",
        resources=len(lines),
        not_costed=sum(1 for line in lines if line.row.cost is None),
        cannot_cost=sum(1 for line in lines if line.row.cost is not None and line.cost is None),
    )
