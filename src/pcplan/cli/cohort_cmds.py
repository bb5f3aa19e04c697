"""The whole school at a glance: the SEN register and the provision map."""

from __future__ import annotations

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

if TYPE_CHECKING:
    from pcplan.cli.cohort_run import View
    from pcplan.cohort.load import Cohort
    from pcplan.cohort.outputs import ViewFormat


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


def _report_left_out(cohort: Cohort) -> None:
    from pcplan.cli.cohort_run import left_out_lines

    for line in left_out_lines(cohort):
        typer.echo(line, err=True)


def _write_and_finish(view: View, output: Path | None) -> None:
    from pcplan.cli.cohort_run import finish, write_view

    target = write_view(view, output)
    out, err, code = finish(view, target)
    for line in out:
        typer.echo(line)
    for line in err:
        typer.echo(line, err=True)
    if code:
        raise typer.Exit(code)


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
    from pcplan.cli.cohort_run import register_filter, register_view

    chosen = register_filter(status or [], need or [], year or [])
    day = resolve_today(today)
    repository = resolve_repo(repo)
    repository.require_sound_settings()
    fmt = _view_format(output_format)
    check_output_name(output, fmt)
    view = register_view(repository, day, chosen, fmt, no_cache=no_cache, reported=_report_left_out)
    _write_and_finish(view, output)


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
    from pcplan.cli.cohort_run import provision_view

    day = resolve_today(today)
    repository = resolve_repo(repo)
    repository.require_sound_settings()
    fmt = _view_format(output_format)
    check_output_name(output, fmt)
    view = provision_view(repository, day, year, fmt, no_cache=no_cache, reported=_report_left_out)
    _write_and_finish(view, output)
