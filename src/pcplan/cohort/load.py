"""Reading every record of a school into the whole-school views' summaries.

It checks exactly as ``pcplan validate`` does (each record's own checks, then the checks
across records), and on as many processes. Each worker hands back only the small
:class:`~pcplan.cohort.pupils.CohortPupil` of each record, not the record, so the views
cost little more than validating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from pcplan.cohort.costing import school_year
from pcplan.cohort.pupils import CohortContext, CohortPupil, summarise
from pcplan.diagnostics.core import Diagnostic
from pcplan.errors import InvalidRecordError, PcplanError
from pcplan.loading.records import (
    LoadedRecord,
    RecordKey,
    load_chunk,
    map_chunks,
    record_files,
    workers_for,
)

if TYPE_CHECKING:
    from pcplan.calendar.terms import TermCalendar
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


def term_calendar(repository: Repository) -> TermCalendar:
    """The school's terms; a ``pcplan.yaml`` with problems is refused rather than guessed."""
    from pcplan.calendar.terms import TermCalendar

    errors = [d for d in repository.settings_diagnostics if d.severity == "error"]
    if errors:
        raise InvalidRecordError(
            "pcplan.yaml has problems, so term dates and costs cannot be trusted; fix it first",
            diagnostics=list(errors),
        )
    return TermCalendar.from_settings(repository.settings)


def cohort_context(
    repository: Repository,
    today: date,
    start_year: int | None = None,
    *,
    with_due: bool = False,
    calendar: TermCalendar | None = None,
) -> CohortContext:
    """The date, terms and school year (default: the current one) for a whole-school view."""
    from pcplan.schoolyear import school_year_start

    calendar = calendar if calendar is not None else term_calendar(repository)
    weeks: Decimal = repository.settings.provision.weeks_per_year
    first = start_year if start_year is not None else school_year_start(today)
    return CohortContext(today, calendar, school_year(calendar, first, weeks, today), with_due)


# What a forked worker summarises with: set in the parent before forking.
_FORKED: CohortContext | None = None


def _summarise_chunk(
    paths: list[Path], today: date
) -> tuple[list[Diagnostic], list[RecordKey], list[CohortPupil]]:
    assert _FORKED is not None
    diagnostics, loaded = load_chunk(paths, today)
    return diagnostics, *_summaries(diagnostics, loaded, _FORKED)


def _summaries(
    diagnostics: list[Diagnostic], loaded: list[LoadedRecord], context: CohortContext
) -> tuple[list[RecordKey], list[CohortPupil]]:
    invalid = {d.file for d in diagnostics if d.severity == "error"}
    pupils = [summarise(r, context) for r in loaded if r.display not in invalid]
    return [r.key() for r in loaded], pupils


def load_cohort(
    repository: Repository, context: CohortContext, paths: list[Path] | None = None
) -> Cohort:
    """Check every record (or those in ``paths``) and summarise the valid ones."""
    from pcplan.diagnostics.rules import check_across

    global _FORKED
    files = record_files(repository.records_dir) if paths is None else paths
    if not files:
        raise PcplanError(
            f"there are no records in {repository.records_dir}",
            hint='add one with: pcplan new-pupil "Full Name" --status K --need SLCN',
        )
    cohort = Cohort(context, files=len(files))
    keys: list[RecordKey] = []
    pupils: list[CohortPupil] = []
    workers = workers_for(len(files))
    if workers == 1:
        diagnostics, loaded = load_chunk(files, context.today)
        cohort.diagnostics.extend(diagnostics)
        keys, pupils = _summaries(diagnostics, loaded, context)
    else:
        _FORKED = context
        try:
            for diagnostics, chunk_keys, chunk in map_chunks(
                _summarise_chunk, files, context.today, workers
            ):
                cohort.diagnostics.extend(diagnostics)
                keys.extend(chunk_keys)
                pupils.extend(chunk)
        finally:
            _FORKED = None
    cohort.diagnostics.extend(check_across(keys))
    cohort.diagnostics.sort(key=Diagnostic.sort_key)
    add_left_out(cohort, pupils, repository.root, files)
    return cohort


def add_left_out(cohort: Cohort, pupils: list[CohortPupil], root: Path, files: list[Path]) -> None:
    """Keep the pupils whose records are valid; note the others, with their problem count."""
    from pcplan.loading.records import display_path

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
