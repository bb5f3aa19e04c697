"""Commands that read git: a pupil's history, setting up merges, and the merge driver."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pcplan.cli.app import app
from pcplan.cli.options import (
    RepoOption,
    TodayOption,
    check_output_name,
    resolve_repo,
    resolve_today,
)
from pcplan.errors import PcplanError


class HistoryFormat(StrEnum):
    text = "text"
    md = "md"
    html = "html"
    json = "json"
    docx = "docx"


@app.command("history", short_help="What changed in a pupil's record, from git.")
def history(
    pupil: Annotated[str, typer.Argument(help="The pupil: an id (celine-m) or a path.")],
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE|COMMIT", help="Only changes after this date or commit."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="DATE|COMMIT", help="Only changes up to this date or commit."
        ),
    ] = None,
    fmt: Annotated[
        HistoryFormat,
        typer.Option("--format", help="text, md, html or json (docx with --proposed)."),
    ] = HistoryFormat.text,
    meaningful: Annotated[
        bool,
        typer.Option("--meaningful", help="Hide commits that changed only layout or comments."),
    ] = False,
    proposed: Annotated[
        bool,
        typer.Option(
            "--proposed",
            help="The plan with the text added since --since in bold and the text removed "
            "struck through, for the local authority.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="PATH", help="Write to this file ('-': screen)."),
    ] = None,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Say what changed in a pupil's record, commit by commit, with the date and author."""
    from pcplan.fileio import atomic_write_text
    from pcplan.history.report import pupil_history
    from pcplan.loading.files import display_path

    check_output_name(output, fmt.value)
    repository = resolve_repo(repo)
    day = resolve_today(today)
    path = repository.resolve_pupil(pupil)
    display = display_path(path)
    if proposed:
        _proposed(repository, path, display, since, fmt, output, day)
        return
    if fmt is HistoryFormat.docx:
        raise PcplanError("--format docx makes the plan with proposed changes: add --proposed")
    found = pupil_history(path, display, None, since, until, memo_root=repository.root)
    if meaningful:
        found = found.meaningful()
    text = _history_text(repository, found, fmt, day)
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
        return
    atomic_write_text(output, text)
    typer.echo(f"Wrote {display_path(output)}")


def _history_text(repository: object, found: object, fmt: HistoryFormat, day: object) -> str:
    from datetime import date

    from pcplan.history.report import History
    from pcplan.history.view import history_json, history_text, history_view
    from pcplan.loading.repo import Repository

    assert isinstance(found, History)
    assert isinstance(repository, Repository)
    assert isinstance(day, date)
    if fmt is HistoryFormat.text:
        return history_text(found)
    if fmt is HistoryFormat.json:
        return history_json(found)
    from pcplan.render.documents import Renderer

    view = history_view(found)
    renderer = Renderer(repository, day)
    return str(
        renderer.render(
            f"history.{fmt.value}.j2",
            "html" if fmt is HistoryFormat.html else "md",
            history=view,
            subject=view.pupil,
            nav=[],
        )
    )


def _proposed(
    repository: object,
    path: Path,
    display: str,
    since: str | None,
    fmt: HistoryFormat,
    output: Path | None,
    day: object,
) -> None:
    from datetime import date

    from pcplan.fileio import atomic_write_bytes
    from pcplan.history.proposed import proposed_plan_docx, proposed_plan_html
    from pcplan.loading.records import display_path
    from pcplan.loading.repo import Repository

    assert isinstance(repository, Repository)
    assert isinstance(day, date)
    if since is None:
        raise PcplanError(
            "--proposed needs --since COMMIT (or a date): the version the changes are "
            "proposed against",
            hint="git log --oneline lists the commits, e.g. the one the local authority has",
        )
    if fmt not in (HistoryFormat.html, HistoryFormat.docx):
        raise PcplanError("--proposed makes a document: add --format html or --format docx")
    content: str | bytes
    if fmt is HistoryFormat.docx:
        content = proposed_plan_docx(repository, path, display, since, day)
    else:
        content = proposed_plan_html(repository, path, display, since, day)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is not None and str(output) == "-":
        if fmt is HistoryFormat.docx and sys.stdout.isatty():
            raise PcplanError(
                "a Word document cannot be shown on a terminal",
                hint=f"give -o a file name, e.g. -o {path.stem}-proposed-changes.docx",
            )
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = output or repository.out_dir / f"{path.stem}-proposed-changes.{fmt.value}"
    atomic_write_bytes(target, data)
    typer.echo(f"Wrote {display_path(target)}")


@app.command("git-setup", short_help="Set up git to merge records without losing entries.")
def git_setup(repo: RepoOption = None) -> None:
    """Register pcplan's record merge driver in an existing records repository."""
    from pcplan.history.setup import git_setup as setup

    repository = resolve_repo(repo)
    result = setup(repository.root)
    if result.changed:
        typer.echo(f"Set up the record merge driver: changed {', '.join(result.changed)}.")
        if ".gitattributes" in result.changed:
            typer.echo("Commit .gitattributes so that every computer uses it.")
    else:
        typer.echo("The record merge driver was already set up; nothing changed.")


@app.command("merge-record", hidden=True)
def merge_record(
    base: Path,
    ours: Path,
    theirs: Path,
    marker_size: Annotated[str, typer.Argument()] = "7",
    record: Annotated[str, typer.Argument()] = "record",
    today: TodayOption = None,
) -> None:
    """git's merge driver for records (git runs it; people do not)."""
    from pcplan.history.merge import merge_files, text_merge

    try:
        clean, why = merge_files(base, ours, theirs, record, resolve_today(today))
    except Exception as exc:  # never a traceback inside git pull: fall back to git's merge
        clean, why = False, f"pcplan could not merge it ({type(exc).__name__})"
    if clean:
        typer.echo(f"pcplan: {record}: {why}", err=True)
        return
    conflicts = text_merge(base, ours, theirs, marker_size)
    if conflicts == 0:
        typer.echo(f"pcplan: {record}: merged by git's text merge", err=True)
        return
    typer.echo(
        f"pcplan: {record}: {why}; git marked the conflict in the file, and "
        "pcplan validate says which field and where each side is",
        err=True,
    )
    raise typer.Exit(1)
