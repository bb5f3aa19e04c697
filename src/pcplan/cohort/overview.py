"""The school overview: the page a SENCO opens first (``out/index.html`` of ``render all``).

It counts the pupils by SEN status, area of need and year group, lists what is overdue
and due in the next 30 days (from the schedule ``pcplan due`` uses), sums the provision,
counts the active goals serving each of the four values, and links every pupil's
documents and this term's review agendas. Charts are drawn here as geometry for inline
SVG, each with the numbers beside it as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pcplan.cohort.costing import money
from pcplan.cohort.load import LeftOut
from pcplan.cohort.provision import all_totals, provision_lines, summary
from pcplan.cohort.pupils import DUE_WITHIN, CohortContext, CohortPupil, DueLine
from pcplan.cohort.register import STATUS_ORDER, year_sort_key, year_words
from pcplan.schoolyear import long_date
from pcplan.vocabulary import AREAS, SEN_STATUS_SHORT, VALUES

CHART_WIDTH = 600
LABEL_WIDTH = 260
BAR_SPACE = 260
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value_text: str
    y: int
    text_y: int
    width: str
    value_x: str


@dataclass(frozen=True, slots=True)
class BarChart:
    """A horizontal bar chart: a title, a description, bars, and its numbers."""

    id: str
    title: str
    description: str
    label_heading: str
    value_heading: str
    bars: list[Bar]
    width: int
    height: int
    label_x: int
    bar_x: int
    bar_height: int


def bar_chart(
    chart_id: str,
    title: str,
    label_heading: str,
    value_heading: str,
    items: Sequence[tuple[str, Decimal | int, str]],
) -> BarChart:
    """A chart of ``items`` (label, value, value as text), scaled to the largest value."""
    largest = max((value for _, value, _ in items), default=0) or 1
    bars = []
    for row, (label, value, text) in enumerate(items):
        width = Decimal(value) * BAR_SPACE / Decimal(largest)
        y = 4 + row * ROW_HEIGHT
        bars.append(
            Bar(
                label=label,
                value_text=text,
                y=y,
                text_y=y + BAR_HEIGHT - 4,
                width=f"{width:.1f}",
                value_x=f"{LABEL_WIDTH + width + 6:.1f}",
            )
        )
    description = "; ".join(f"{label}: {text}" for label, _, text in items) + "."
    return BarChart(
        id=chart_id,
        title=title,
        description=description,
        label_heading=label_heading,
        value_heading=value_heading,
        bars=bars,
        width=CHART_WIDTH,
        height=8 + len(items) * ROW_HEIGHT,
        label_x=LABEL_WIDTH - 8,
        bar_x=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )


@dataclass(frozen=True, slots=True)
class DueEntry:
    date: str
    when: str
    pupil: str
    what: str


@dataclass(frozen=True, slots=True)
class ValueCount:
    value: str
    goals: int


@dataclass(frozen=True, slots=True)
class AgendasLink:
    term: str
    href: str | None
    command: str


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything on the overview except the list of pupils' documents."""

    pupils: int
    pupils_with_sen: int
    status_chart: BarChart
    area_chart: BarChart
    year_chart: BarChart
    wave_chart: BarChart | None
    overdue: list[DueEntry]
    due_soon: list[DueEntry]
    within_days: int
    school_year: str
    total_cost: str
    pupils_with_provision: int
    mean_per_pupil: str
    largest_per_pupil: str
    not_costed: int
    active_goals: int
    values: list[ValueCount]
    goals_serving_no_value: int
    agendas: AgendasLink
    left_out: list[LeftOut]


def _when(day: date, today: date) -> str:
    days = (day - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "today"
    return f"in {days} day{'s' if days != 1 else ''}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def overview(
    pupils: Sequence[CohortPupil],
    context: CohortContext,
    agendas: AgendasLink,
    left_out: Sequence[LeftOut] = (),
) -> Overview:
    """The overview of ``pupils`` (the valid records) on the context's date."""
    today = context.today
    with_sen = [p for p in pupils if p.sen_status != "N"]
    status_chart = bar_chart(
        "chart-status",
        "Pupils by SEN status",
        "SEN status",
        "Pupils",
        [
            (SEN_STATUS_SHORT[s], n, str(n))
            for s in STATUS_ORDER
            for n in [sum(1 for p in pupils if p.sen_status == s)]
        ],
    )
    area_chart = bar_chart(
        "chart-area",
        "Pupils with SEN by area of need",
        "Area of need",
        "Pupils",
        [
            (words, n, str(n))
            for key, words in AREAS.items()
            for n in [sum(1 for p in with_sen if p.area == key)]
        ],
    )
    years = sorted({p.year_group for p in pupils}, key=year_sort_key)
    year_chart = bar_chart(
        "chart-year",
        "Pupils by year group",
        "Year group",
        "Pupils",
        [
            (year_words(y), n, str(n))
            for y in years
            for n in [sum(1 for p in pupils if p.year_group == y)]
        ],
    )
    lines = provision_lines(pupils)
    costs = summary(pupils, lines)
    by_wave = next(t for t in all_totals(lines) if t.key == "wave")
    wave_chart = None
    if lines:
        wave_chart = bar_chart(
            "chart-wave",
            f"Cost of provision by wave, {context.year.label}",
            "Wave",
            "Cost per year",
            [(t.label, t.cost, money(t.cost)) for t in by_wave.lines],
        )
    due = sorted((line for p in pupils for line in p.due), key=lambda d: d.sort_key)

    def entry(line: DueLine) -> DueEntry:
        return DueEntry(line.date.isoformat(), _when(line.date, today), line.pupil, line.what)

    active = sum(p.active_goals for p in pupils)
    return Overview(
        pupils=len(pupils),
        pupils_with_sen=len(with_sen),
        status_chart=status_chart,
        area_chart=area_chart,
        year_chart=year_chart,
        wave_chart=wave_chart,
        overdue=[entry(d) for d in due if d.status == "overdue"],
        due_soon=[entry(d) for d in due if d.status != "overdue"],
        within_days=DUE_WITHIN.days,
        school_year=f"{context.year.label} ({long_date(context.year.first_day)} to "
        f"{long_date(context.year.last_day)})",
        total_cost=money(costs.total),
        pupils_with_provision=costs.pupils_with_provision,
        mean_per_pupil=money(costs.mean_per_pupil),
        largest_per_pupil=money(costs.largest_per_pupil),
        not_costed=costs.not_costed + costs.cannot_cost,
        active_goals=active,
        values=[
            ValueCount(words, sum(p.goals_by_value[i] for p in pupils))
            for i, words in enumerate(VALUES.values())
        ],
        goals_serving_no_value=sum(p.goals_serving_no_value for p in pupils),
        agendas=agendas,
        left_out=list(left_out),
    )
