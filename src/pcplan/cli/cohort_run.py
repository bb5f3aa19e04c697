"""What `pcplan register` and `pcplan provision` do once their command line is read.

Shared by the Typer commands (:mod:`pcplan.cli.cohort_cmds`) and by
:mod:`pcplan.cli.quick_views`, which answers their plain command lines without importing
the command-line framework: a whole-school view should cost little more than `validate`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pcplan.errors import EXIT_FINDINGS, EXIT_OK, PcplanError

if TYPE_CHECKING:
    from pcplan.cohort.load import Cohort
    from pcplan.cohort.outputs import ViewFormat
    from pcplan.cohort.pupils import CohortContext
    from pcplan.cohort.register import RegisterFilter
    from pcplan.loading.repo import Repository
    from pcplan.render.pages import PageRenderer

STATUS_CODES = ("E", "K", "N")


def _codes(values: list[str], known: Iterable[str], wrong: str) -> frozenset[str]:
    """``values`` as codes (in any case) among ``known``; ``wrong`` says what to write."""
    codes = set()
    for value in values:
        code = value.strip().upper()
        if code not in known:
            raise PcplanError(f"{wrong} (got '{value[:10]}')")
        codes.add(code)
    return frozenset(codes)


def statuses(values: list[str]) -> frozenset[str]:
    """``--status`` values as SEN status codes, or a clear error."""
    return _codes(values, STATUS_CODES, "--status must be E, K or N")


def need_codes(values: list[str]) -> frozenset[str]:
    """``--need`` values as need codes, or a clear error."""
    from pcplan.vocabulary import NEEDS

    return _codes(values, NEEDS, f"--need must be a need code: {' '.join(NEEDS)}")


def year_groups(values: list[str]) -> frozenset[str]:
    """``--year`` values as year groups (as schools write them: Y7, Year 7, Reception)."""
    from pcplan.models.pupil import YEAR_GROUPS

    groups = set()
    for value in values:
        group = value.strip().upper()
        if group not in YEAR_GROUPS:
            from pcplan.interop.values import CellProblem, read_year

            try:
                group = read_year(value)
            except CellProblem:
                raise PcplanError(
                    f"--year must be N1, N2, R or 1-14 (got '{value[:10]}')"
                ) from None
        groups.add(group)
    return frozenset(groups)


def register_filter(status: list[str], need: list[str], year: list[str]) -> RegisterFilter:
    from pcplan.cohort.register import RegisterFilter

    return RegisterFilter(statuses(status), need_codes(need), year_groups(year))


@dataclass
class View:
    """A whole-school view, made and ready to write."""

    repository: Repository
    cohort: Cohort
    content: bytes
    name: str
    fmt: ViewFormat
    summary: str
    """What ``Wrote ...`` says of it: "12 pupils", "30 rows, school year 2026-27"."""


Reported = Callable[["Cohort"], None]
"""Called once the records are read, before the view is made: reports the records left out."""


def _read(
    repository: Repository,
    context: CohortContext,
    view: str,
    fmt: ViewFormat,
    no_cache: bool,
    reported: Reported,
) -> tuple[Cohort, PageRenderer | None]:
    """Every record read for ``view`` (the problems of those left out reported), and what
    making the view in ``fmt`` needs, prepared while the records are read."""
    from pcplan.cohort.load import load_cohort
    from pcplan.cohort.outputs import prepare

    prepared: list[PageRenderer | None] = [None]

    def meanwhile() -> None:
        prepared[0] = prepare(repository, context.today, view, fmt)

    cohort = load_cohort(repository, context, use_cache=not no_cache, meanwhile=meanwhile)
    reported(cohort)
    return cohort, prepared[0]


def register_view(
    repository: Repository,
    day: date,
    chosen: RegisterFilter,
    fmt: ViewFormat,
    *,
    no_cache: bool,
    reported: Reported,
) -> View:
    """The register of the pupils ``chosen`` keeps, in ``fmt``."""
    from pcplan.cohort.load import cohort_context
    from pcplan.cohort.outputs import register_output
    from pcplan.loading.records import no_cyclic_gc

    with no_cyclic_gc():
        # The register shows no provision: its rows are not worked out.
        context = cohort_context(repository, day, with_provision=False)
        cohort, renderer = _read(repository, context, "register", fmt, no_cache, reported)
        pupils = chosen.apply(cohort.pupils)
        content = register_output(repository, cohort, pupils, chosen, fmt, renderer)
    summary = f"{len(pupils)} {'pupil' if len(pupils) == 1 else 'pupils'}"
    return View(repository, cohort, content, "register", fmt, summary)


def provision_view(
    repository: Repository,
    day: date,
    year: int | None,
    fmt: ViewFormat,
    *,
    no_cache: bool,
    reported: Reported,
) -> View:
    """The provision map of the school year from 1 September ``year`` (default: now)."""
    from pcplan.cohort.load import cohort_context
    from pcplan.cohort.outputs import provision_output
    from pcplan.cohort.provision import provision_lines
    from pcplan.loading.records import no_cyclic_gc

    # The provision map shows no reviews, actions or goals: they are not worked out.
    context = cohort_context(repository, day, year, with_reviews=False, with_goals=False)
    with no_cyclic_gc():
        cohort, renderer = _read(repository, context, "provision", fmt, no_cache, reported)
        lines = provision_lines(cohort.pupils)
        content = provision_output(repository, cohort, lines, fmt, renderer)
    rows = f"{len(lines)} {'row' if len(lines) == 1 else 'rows'}"
    summary = f"{rows}, school year {cohort.context.year.label}"
    return View(repository, cohort, content, "provision", fmt, summary)


def left_out_lines(cohort: Cohort) -> list[str]:
    """The problems of the records left out, as ``validate`` prints them."""
    return [d.as_text() for diagnostics in cohort.problems.values() for d in diagnostics]


def write_view(view: View, output: Path | None) -> Path | None:
    """Write a view to ``output`` (a file, a folder, or - for standard output) or out/;
    the file written, or None for standard output."""
    from pcplan.fileio import atomic_write_bytes

    if output is not None and str(output) == "-":
        if view.fmt in ("xlsx", "docx") and sys.stdout.isatty():
            what = "an xlsx workbook" if view.fmt == "xlsx" else "a Word document"
            raise PcplanError(
                f"{what} cannot be shown on a terminal",
                hint=f"give -o a file name, e.g. -o {view.name}.xlsx",
            )
        sys.stdout.buffer.write(view.content)
        sys.stdout.flush()
        return None
    if output is None:
        target = view.repository.out_dir / f"{view.name}.{view.fmt}"
    elif output.is_dir():
        target = output / f"{view.name}.{view.fmt}"
    else:
        target = output
    try:
        atomic_write_bytes(target, view.content)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise PcplanError(
            f"cannot write{where} ({exc.strerror or 'not writable'})",
            hint="check that the folder exists and you may write to it, or choose another -o",
        ) from None
    return target


def finish(view: View, target: Path | None) -> tuple[list[str], list[str], int]:
    """What the command prints last (on standard output, on standard error) and its exit
    code: 1 when records were left out."""
    from pcplan.loading.records import display_path

    out = [f"Wrote {display_path(target)}: {view.summary}"] if target is not None else []
    left = len(view.cohort.left_out)
    if not left:
        return out, [], EXIT_OK
    return (
        out,
        [
            f"{left} {'record was' if left == 1 else 'records were'} left out of every total: "
            "fix the problems above (pcplan validate lists them), then run this again."
        ],
        EXIT_FINDINGS,
    )
