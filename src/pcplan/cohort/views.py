"""View models of the whole-school pages: what the templates show, already in words.

Like :mod:`pcplan.render.views`, these are plain dataclasses of text and numbers, so the
templates stay simple and the sandbox reads their fields quickly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pcplan.cohort.load import Cohort, LeftOut
from pcplan.cohort.pupils import CohortPupil
from pcplan.cohort.register import (
    RegisterFilter,
    Table,
    counts,
    status_by_area,
    year_by_status,
    year_words,
)
from pcplan.schoolyear import long_date
from pcplan.vocabulary import AREAS, NEEDS, SEN_STATUS_SHORT

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
        intro=f"Every pupil in the records on {long_date(today)}",
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
