"""Reading every record of a school into the whole-school views' summaries.

It checks exactly as ``pcplan validate`` does (each record's own checks, then the checks
across records), and on as many processes, through the validation cache. Each worker hands
back only the small :class:`~pcplan.cohort.pupils.CohortPupil` of each record, not the
record, so the views cost little more than validating.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from pcplan.calendar.terms import TermCalendar
from pcplan.cohort.costing import school_year
from pcplan.cohort.pupils import CohortContext, CohortPupil, summarise
from pcplan.diagnostics.core import Diagnostic
from pcplan.errors import PcplanError

if TYPE_CHECKING:
    from collections.abc import Callable

    from pcplan.loading.repo import Repository


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A record left out of the views because it has problems: its file (as messages name
    it), the file within the repository (as pages name it) and how many problems."""

    file: str
    problems: int
    name: str


@dataclass
class Cohort:
    """The valid pupils of a school, and the records left out of every total, and why."""

    context: CohortContext
    pupils: list[CohortPupil] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def problems(self) -> dict[str, list[Diagnostic]]:
        """The errors of each record left out, by file (as ``validate`` prints them)."""
        out: dict[str, list[Diagnostic]] = {}
        left = {item.file for item in self.left_out}
        for diagnostic in self.diagnostics:
            if diagnostic.file in left:
                out.setdefault(diagnostic.file, []).append(diagnostic)
        return out


def cohort_context(
    repository: Repository,
    today: date,
    start_year: int | None = None,
    *,
    with_due: bool = False,
    with_reviews: bool = True,
    with_provision: bool = True,
    calendar: TermCalendar | None = None,
) -> CohortContext:
    """The date, terms and school year (default: the current one) for a whole-school view,
    and what of each pupil it shows (see :class:`CohortContext`)."""
    from pcplan.schoolyear import school_year_start

    calendar = calendar if calendar is not None else TermCalendar.of_repository(repository)
    weeks: Decimal = repository.settings.provision.weeks_per_year
    first = start_year if start_year is not None else school_year_start(today)
    year = school_year(calendar, first, weeks, today)
    return CohortContext(today, calendar, year, with_due, with_reviews, with_provision)


def load_cohort(
    repository: Repository,
    context: CohortContext,
    *,
    use_cache: bool = True,
    meanwhile: Callable[[], object] | None = None,
) -> Cohort:
    """Check every record as ``pcplan validate`` does, and summarise the valid ones.

    A record the validation cache knows to be valid and unchanged is read but not checked
    again; ``use_cache=False`` reads and checks every record, with the same result.
    ``meanwhile`` is called while the worker processes read the records (see
    :func:`~pcplan.cache.validation.check_with_cache`).
    """
    from pcplan.cache.validation import check_with_cache
    from pcplan.loading.files import has_records

    if not has_records(repository.records_dir):
        raise PcplanError(
            f"there are no records in {repository.records_dir}",
            hint='add one with: pcplan new-pupil "Full Name" --status K --need SLCN',
        )
    checked = check_with_cache(
        repository,
        context.today,
        use_cache=use_cache,
        summarise=functools.partial(summarise, context=context),
        meanwhile=meanwhile,
    )
    cohort = Cohort(context, files=checked.files)
    cohort.diagnostics = [d for d in checked.diagnostics if d not in checked.settings]
    pupils = [checked.summaries[name] for name in checked.valid_names if name in checked.summaries]
    root = repository.root
    add_left_out(cohort, pupils, root, [root / name for name in checked.names])
    return cohort


def add_left_out(cohort: Cohort, pupils: list[CohortPupil], root: Path, files: list[Path]) -> None:
    """Keep the pupils whose records are valid; note the others, with their problem count."""
    from pcplan.loading.files import display_path

    counts: dict[str, int] = {}
    for diagnostic in cohort.diagnostics:
        if diagnostic.severity == "error":
            counts[diagnostic.file] = counts.get(diagnostic.file, 0) + 1
    cohort.pupils = sorted((p for p in pupils if p.file not in counts), key=lambda p: p.sort_key)
    names = {}
    if counts:
        names = {display_path(f): display_path(f, root) for f in files}
    cohort.left_out = [
        LeftOut(file, n, names.get(file, file)) for file, n in sorted(counts.items())
    ]
