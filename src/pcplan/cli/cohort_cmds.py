"""The whole school at a glance: the SEN register and the provision map."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pcplan.cli.app import app
from pcplan.cli.options import (
    NoCacheOption,
    RepoOption,
    TodayOption,
    check_output_name,
    resolve_repo,
    resolve_today,
)
from pcplan.errors import EXIT_FINDINGS, PcplanError

if TYPE_CHECKING:
    from pcplan.cohort.load import Cohort
    from pcplan.cohort.outputs import ViewFormat
    from pcplan.loading.repo import Repository


class ViewFormatOption(StrEnum):
    html = "html"
    md = "md"
    docx = "docx"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


FormatOption = Annotated[
    ViewFormatOption,
    typer.Option(
        "--format",
        help="html (a page to print), md (Markdown), docx (Word), csv, xlsx (a spreadsheet) "
        "or json.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Write to PATH (a file or a folder) instead of out/, or - for standard output.",
        show_default=False,
    ),
]


def _view_format(option: ViewFormatOption) -> ViewFormat:
    formats: dict[ViewFormatOption, ViewFormat] = {
        ViewFormatOption.html: "html",
        ViewFormatOption.md: "md",
        ViewFormatOption.docx: "docx",
        ViewFormatOption.csv: "csv",
        ViewFormatOption.xlsx: "xlsx",
        ViewFormatOption.json: "json",
    }
    return formats[option]


def _check_settings(repository: Repository) -> None:
    repository.require_sound_settings()


def _report_left_out(cohort: Cohort) -> None:
    for diagnostics in cohort.problems.values():
        for diagnostic in diagnostics:
            typer.echo(diagnostic.as_text(), err=True)


def _write(
    content: bytes, repository: Repository, name: str, fmt: str, output: Path | None
) -> Path | None:
    """Write a view to ``output`` (a file, a folder, or - for standard output) or out/."""
    from pcplan.fileio import atomic_write_bytes

    if output is not None and str(output) == "-":
        if fmt in ("xlsx", "docx") and sys.stdout.isatty():
            what = "an xlsx workbook" if fmt == "xlsx" else "a Word document"
            raise PcplanError(
                f"{what} cannot be shown on a terminal",
                hint=f"give -o a file name, e.g. -o {name}.xlsx",
            )
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return None
    if output is None:
        target = repository.out_dir / f"{name}.{fmt}"
    elif output.is_dir():
        target = output / f"{name}.{fmt}"
    else:
        target = output
    try:
        atomic_write_bytes(target, content)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise PcplanError(
            f"cannot write{where} ({exc.strerror or 'not writable'})",
            hint="check that the folder exists and you may write to it, or choose another -o",
        ) from None
    return target


def _finish(cohort: Cohort, target: Path | None, summary: str) -> None:
    from pcplan.loading.records import display_path

    if target is not None:
        typer.echo(f"Wrote {display_path(target)}: {summary}")
    left = len(cohort.left_out)
    if left:
        typer.echo(
            f"{left} {'record was' if left == 1 else 'records were'} left out of every total: "
            "fix the problems above (pcplan validate lists them), then run this again.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


class StatusChoice(StrEnum):
    E = "E"
    K = "K"
    N = "N"


def _statuses(values: list[str]) -> frozenset[str]:
    statuses = set()
    for value in values:
        code = value.strip().upper()
        if code not in StatusChoice.__members__:
            raise PcplanError(f"--status must be E, K or N (got '{value[:10]}')")
        statuses.add(code)
    return frozenset(statuses)


def _need_codes(values: list[str]) -> frozenset[str]:
    from pcplan.vocabulary import NEEDS

    codes = set()
    for value in values:
        code = value.strip().upper()
        if code not in NEEDS:
            raise PcplanError(f"--need must be a need code: {' '.join(NEEDS)} (got '{value[:10]}')")
        codes.add(code)
    return frozenset(codes)


def _year_groups(values: list[str]) -> frozenset[str]:
    from pcplan.models.pupil import YEAR_GROUPS

    groups = set()
    for value in values:
        group = value.strip().upper()
        if group not in YEAR_GROUPS:
            from pcplan.interop.values import CellProblem, read_year

            try:  # as schools write it: Y7, Year 7, Reception
                group = read_year(value)
            except CellProblem:
                raise PcplanError(
                    f"--year must be N1, N2, R or 1-14 (got '{value[:10]}')"
                ) from None
        groups.add(group)
    return frozenset(groups)


@app.command(short_help="The SEN register, with counts.")
def register(
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="<E|K|N>",
            help="Only pupils with this SEN status: E, K or N (repeatable).",
        ),
    ] = None,
    need: Annotated[
        list[str] | None,
        typer.Option(
            "--need", metavar="CODE", help="Only pupils with this need, e.g. SLCN (repeatable)."
        ),
    ] = None,
    year: Annotated[
        list[str] | None,
        typer.Option("--year", metavar="YEAR", help="Only this year group: N1, N2, R or 1-14."),
    ] = None,
    output_format: FormatOption = ViewFormatOption.html,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """The SEN register: one row per pupil, then counts by status, area of need and year.

    A record with problems is reported as 'pcplan validate' reports it and left out of the
    register and every count; the page says so, and the exit code is 1.
    """
    from pcplan.cohort.load import cohort_context, load_cohort
    from pcplan.cohort.outputs import register_output
    from pcplan.cohort.register import RegisterFilter
    from pcplan.loading.records import no_cyclic_gc

    chosen = RegisterFilter(
        _statuses(status or []),
        _need_codes(need or []),
        _year_groups(year or []),
    )
    day = resolve_today(today)
    repository = resolve_repo(repo)
    _check_settings(repository)
    fmt = _view_format(output_format)
    check_output_name(output, fmt)
    with no_cyclic_gc():
        # The register shows no provision: its rows are not worked out.
        context = cohort_context(repository, day, with_provision=False)
        cohort = load_cohort(repository, context, use_cache=not no_cache)
        _report_left_out(cohort)
        pupils = chosen.apply(cohort.pupils)
        content = register_output(repository, cohort, pupils, chosen, fmt)
    target = _write(content, repository, "register", fmt, output)
    _finish(cohort, target, f"{len(pupils)} {'pupil' if len(pupils) == 1 else 'pupils'}")


@app.command(short_help="The provision map, with costs.")
def provision(
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YYYY",
            min=1900,
            max=2998,
            help="The school year that begins on 1 September YYYY (default: the current one).",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = ViewFormatOption.html,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """The provision map: each pupil's provision, its cost per pupil per year, and totals.

    A record with problems is reported as 'pcplan validate' reports it and left out of the
    map and every total; the page says so, and the exit code is 1.
    """
    from pcplan.cohort.load import cohort_context, load_cohort
    from pcplan.cohort.outputs import provision_output
    from pcplan.cohort.provision import provision_lines
    from pcplan.loading.records import no_cyclic_gc

    day = resolve_today(today)
    repository = resolve_repo(repo)
    _check_settings(repository)
    # The provision map shows no reviews: they are not worked out.
    context = cohort_context(repository, day, year, with_reviews=False)
    fmt = _view_format(output_format)
    check_output_name(output, fmt)
    with no_cyclic_gc():
        cohort = load_cohort(repository, context, use_cache=not no_cache)
        _report_left_out(cohort)
        lines = provision_lines(cohort.pupils)
        content = provision_output(repository, cohort, lines, fmt)
    target = _write(content, repository, "provision", fmt, output)
    rows = f"{len(lines)} {'row' if len(lines) == 1 else 'rows'}"
    _finish(cohort, target, f"{rows}, school year {cohort.context.year.label}")
