"""View models of the whole-school pages: what the templates show, already in words.

Like :mod:`pcplan.render.views`, these are plain dataclasses of text and numbers, so the
templates stay simple and the sandbox reads their fields quickly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pcplan.cohort.costing import money
from pcplan.cohort.load import Cohort, LeftOut
from pcplan.cohort.provision import ProvisionLine, all_totals, summary
from pcplan.cohort.pupils import CohortPupil, ProvisionRow
from pcplan.cohort.register import (
    RegisterFilter,
    Table,
    counts,
    status_by_area,
    year_by_status,
    year_words,
)
from pcplan.schoolyear import long_date
from pcplan.vocabulary import AREAS, NEEDS, RESOURCE_KINDS, SEN_STATUS_SHORT

_REVIEW_KIND_WORDS = {
    "annual": "annual review",
    "termly": "termly review",
    "half-termly": "half-termly review",
    "annually": "yearly review",
    "booked": "review",
}


@dataclass(frozen=True, slots=True)
class NeedWords:
    code: str
    words: str


@dataclass(frozen=True, slots=True)
class RegisterLine:
    """One pupil's row of the register, in words."""

    name: str
    upn: str
    year: str
    status: str
    primary: NeedWords | None
    secondary: list[NeedWords]
    area: str
    last_review: str
    next_review: str
    next_review_note: str
    overdue: bool
    open_actions: int
    active_goals: int


@dataclass(frozen=True, slots=True)
class CountLine:
    status: str
    area: str
    year: str
    pupils: int


@dataclass(frozen=True, slots=True)
class RegisterPage:
    """The SEN register page."""

    title: str
    intro: str
    filter_words: str
    lines: list[RegisterLine]
    tables: list[Table]
    counts: list[CountLine]
    left_out: list[LeftOut]


def _need(code: str | None) -> NeedWords | None:
    return NeedWords(code, NEEDS[code]) if code else None


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def register_line(pupil: CohortPupil, today: date) -> RegisterLine:
    note = ""
    if pupil.next_review_kind is not None:
        note = _REVIEW_KIND_WORDS.get(pupil.next_review_kind, "review")
        note += ", booked" if pupil.next_review_booked else ", not booked yet"
    return RegisterLine(
        name=pupil.staff_name,
        upn=pupil.upn or "",
        year=year_words(pupil.year_group),
        status=SEN_STATUS_SHORT[pupil.sen_status],
        primary=_need(pupil.primary_need),
        secondary=[NeedWords(c, NEEDS[c]) for c in pupil.secondary_needs],
        area=AREAS[pupil.area] if pupil.area else "",
        last_review=_iso(pupil.last_review),
        next_review=_iso(pupil.next_review),
        next_review_note=note,
        overdue=pupil.next_review is not None and pupil.next_review < today,
        open_actions=pupil.open_actions,
        active_goals=pupil.active_goals,
    )


def register_page(
    cohort: Cohort, pupils: Sequence[CohortPupil], chosen: RegisterFilter
) -> RegisterPage:
    """The register of ``pupils`` (the cohort after ``chosen``), with its counts."""
    today = cohort.context.today
    return RegisterPage(
        title="SEN register",
        intro=(
            f"Only the pupils in the records on {long_date(today)} with"
            if chosen.words
            else f"Every pupil in the records on {long_date(today)}"
        ),
        filter_words=chosen.words,
        lines=[register_line(p, today) for p in pupils],
        tables=[status_by_area(pupils), year_by_status(pupils)],
        counts=[
            CountLine(
                SEN_STATUS_SHORT[c.status],
                AREAS[c.area] if c.area else "None recorded",
                year_words(c.year_group),
                c.pupils,
            )
            for c in counts(pupils)
        ],
        left_out=cohort.left_out,
    )


# --- The provision map -------------------------------------------------------------------


@dataclass(slots=True)  # not frozen: thousands are made, and frozen ones are 6x slower to make
class ProvisionLineView:
    """One row of the provision map, in words."""

    pupil: str
    upn: str
    year: str
    area: str
    provision: str
    kind: str
    wave: str
    staff: str
    time: str
    dates: str
    cost: str
    per_pupil: str
    note: str
    goals: str
    detail: str
    """The kind and the dates, shown after the provision: "intervention, from 2026-09-01"."""


@dataclass(frozen=True, slots=True)
class TotalLine:
    label: str
    pupils: int
    resources: int
    cost: str


@dataclass(frozen=True, slots=True)
class TotalsView:
    key: str
    caption: str
    heading: str
    lines: list[TotalLine]
    total: str


@dataclass(frozen=True, slots=True)
class ProvisionPage:
    """The provision map page."""

    title: str
    intro: str
    basis: str
    lines: list[ProvisionLineView]
    totals: list[TotalsView]
    total: str
    pupils_with_provision: int
    pupils_without_provision: int
    mean_per_pupil: str
    largest_per_pupil: str
    largest_pupil: str
    resources: int
    not_costed: int
    cannot_cost: int
    left_out: list[LeftOut]


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


def _time_words(row: ProvisionRow) -> str:
    parts = []
    if row.sessions_per_week is not None:
        sessions = _number(row.sessions_per_week)
        per = "session" if row.sessions_per_week == 1 else "sessions"
        minutes = f" of {row.minutes} min" if row.minutes else ""
        parts.append(f"{sessions} {per}{minutes} a week")
        if row.hours_per_week is not None:
            parts.append(f"{_number(row.hours_per_week)} h a week")
    elif row.minutes:
        parts.append(f"{row.minutes} min a session")
    if row.group_size is not None:
        parts.append("one to one" if row.group_size == 1 else f"group of {row.group_size}")
    return "; ".join(parts)


def _dates(row: ProvisionRow) -> str:
    if row.start and row.end:
        return f"{row.start.isoformat()} to {row.end.isoformat()}"
    if row.start:
        return f"from {row.start.isoformat()}"
    if row.end:
        return f"until {row.end.isoformat()}"
    return ""


def _cost_words(row: ProvisionRow) -> str:
    if row.cost is None or row.cost_per is None:
        return ""
    if row.cost_per == "once":
        return f"{money(row.cost)} once"
    return f"{money(row.cost)} a {row.cost_per}"


def _row_note(row: ProvisionRow) -> str:
    if row.note:
        return row.note
    if row.share is not None and row.share != 1:
        share = (row.share * 100).quantize(Decimal("1"))
        return f"runs for {share}% of the year's term days"
    return ""


def _line_views(lines: Sequence[ProvisionLine]) -> list[ProvisionLineView]:
    """The map's rows in words. What a pupil's rows share is worked out once per pupil,
    and the words of a time, a cost or an amount once per run: a school's thousands of
    rows repeat a few dozen of each."""
    out = []
    pupil: CohortPupil | None = None
    upn = year_group = area = ""
    times: dict[tuple[object, ...], str] = {}
    costs: dict[tuple[object, ...], str] = {}
    amounts: dict[Decimal | None, str] = {}
    for line in lines:
        if line.pupil is not pupil:
            pupil = line.pupil
            upn = pupil.upn or ""
            year_group = year_words(pupil.year_group)
            area = AREAS[pupil.area] if pupil.area else ""
        row = line.row
        time_key = (row.sessions_per_week, row.minutes, row.hours_per_week, row.group_size)
        time = times.get(time_key)
        if time is None:
            time = times[time_key] = _time_words(row)
        cost_key = (row.cost, row.cost_per)
        cost = costs.get(cost_key)
        if cost is None:
            cost = costs[cost_key] = _cost_words(row)
        per_pupil = amounts.get(row.cost_per_pupil_per_year)
        if per_pupil is None:
            per_pupil = amounts[row.cost_per_pupil_per_year] = money(row.cost_per_pupil_per_year)
        kind = RESOURCE_KINDS.get(row.kind or "", "")
        dates = _dates(row)
        out.append(
            ProvisionLineView(
                pupil.staff_name,
                upn,
                year_group,
                area,
                row.provision,
                kind,
                str(row.wave) if row.wave else "",
                row.staff or "",
                time,
                dates,
                cost,
                per_pupil,
                _row_note(row),
                ", ".join(row.goals),
                f"{kind}, {dates}" if kind and dates else kind or dates,
            )
        )
    return out


def provision_page(
    cohort: Cohort, pupils: Sequence[CohortPupil], lines: Sequence[ProvisionLine]
) -> ProvisionPage:
    """The provision map of ``pupils`` in the cohort's school year."""
    year = cohort.context.year
    totals = summary(pupils, lines)
    weeks = _number(year.weeks)
    terms = len(year.terms)
    return ProvisionPage(
        title=f"Provision map {year.label}",
        intro=(
            f"What each pupil receives in the school year {year.label} "
            f"({long_date(year.first_day)} to {long_date(year.last_day)}), and what it "
            f"costs, from the records on {long_date(cohort.context.today)}."
        ),
        basis=(
            f"Costs per pupil per year count {weeks} teaching weeks and {terms} "
            f"{'term' if terms == 1 else 'terms'}, divided by the group size; provision "
            "that starts or ends during the year counts for the share of term days it "
            "runs. Each row is rounded to the penny and the totals add the rows."
        ),
        lines=_line_views(lines),
        totals=[
            TotalsView(
                t.key,
                t.caption,
                t.heading,
                [TotalLine(x.label, x.pupils, x.resources, money(x.cost)) for x in t.lines],
                money(sum((x.cost for x in t.lines), Decimal("0.00"))),
            )
            for t in all_totals(lines)
        ],
        total=money(totals.total),
        pupils_with_provision=totals.pupils_with_provision,
        pupils_without_provision=totals.pupils_without_provision,
        mean_per_pupil=money(totals.mean_per_pupil),
        largest_per_pupil=money(totals.largest_per_pupil),
        largest_pupil=totals.largest_pupil,
        resources=totals.resources,
        not_costed=totals.not_costed,
        cannot_cost=totals.cannot_cost,
        left_out=cohort.left_out,
    )
