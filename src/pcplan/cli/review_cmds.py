"""Commands about reviews and dates: due, calendar, review."""

from __future__ import annotations

import functools
import json
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pcplan.calendar.terms import TermCalendar
from pcplan.cli.app import app
from pcplan.cli.options import (
    DocFormat,
    NoCacheOption,
    PupilsArgument,
    RepoOption,
    ReportFormat,
    TodayOption,
    require_records,
    resolve_repo,
    resolve_today,
)
from pcplan.errors import InvalidRecordError, PcplanError

if TYPE_CHECKING:
    from collections.abc import Callable

    from pcplan.calendar.due import DueItem, PupilDue
    from pcplan.calendar.schedule import TermReview
    from pcplan.loading.records import LoadedRecord
    from pcplan.loading.repo import Repository
    from pcplan.render.documents import OutputFormat

MAX_WITHIN_DAYS = 3660


@dataclass
class Loaded:
    """The repository, its valid records and its terms, ready for date work."""

    repository: Repository
    records: list[LoadedRecord]
    calendar: TermCalendar


def checked_for_dates(
    repository: Repository,
    day: date,
    pupils: list[str] | None,
    summarise: Callable[[LoadedRecord], Any],
    *,
    use_cache: bool = True,
    parallel: bool = True,
) -> list[Any]:
    """What ``summarise`` makes of each record, refusing when any is invalid: a missing
    pupil is a slipped review.

    Records are checked as ``pcplan validate`` checks them, through the validation cache: a
    record it knows to be valid and unchanged is read but not checked again.
    """
    from pcplan.cache.validation import check_with_cache, record_name

    if not pupils:
        require_records(repository)
    paths = [repository.resolve_pupil(p) for p in pupils] if pupils else None
    checked = check_with_cache(
        repository, day, paths, use_cache=use_cache, summarise=summarise, parallel=parallel
    )
    errors = checked.errors
    if errors:
        files = sorted({d.file for d in errors})
        raise InvalidRecordError(
            f"{len(files)} file{'s' if len(files) != 1 else ''} with problems, so the dates "
            "would be incomplete; fix them first (pcplan validate lists every problem)",
            diagnostics=list(errors),
        )
    if paths is None:
        names = checked.names
    else:  # in the order the pupils were named
        names = list(dict.fromkeys(record_name(path, repository.root) for path in paths))
    return [checked.summaries[name] for name in names]


def load_for_dates(
    repository: Repository,
    day: date,
    pupils: list[str] | None = None,
    *,
    use_cache: bool = True,
) -> Loaded:
    """Load the records (see :func:`checked_for_dates`) and terms."""
    from pcplan.cache.validation import keep_record

    calendar = TermCalendar.of_repository(repository)
    records = checked_for_dates(
        repository, day, pupils, keep_record, use_cache=use_cache, parallel=False
    )
    return Loaded(repository, records, calendar)


def _pupil_due(
    loaded: LoadedRecord, *, calendar: TermCalendar, today: date, until: date, goals: bool
) -> PupilDue:
    from pcplan.calendar.due import pupil_due

    return pupil_due(loaded.record, calendar, today, until, goals=goals)


def due_for(
    repository: Repository,
    day: date,
    until: date,
    pupils: list[str] | None = None,
    *,
    goals: bool = True,
    use_cache: bool = True,
) -> list[PupilDue]:
    """Each pupil's due items up to ``until``, worked out where each record is read."""
    calendar = TermCalendar.of_repository(repository)
    work = functools.partial(_pupil_due, calendar=calendar, today=day, until=until, goals=goals)
    return checked_for_dates(repository, day, pupils, work, use_cache=use_cache)


def _when(item: DueItem, today: date) -> str:
    days = (item.date - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "today"
    return f"in {days} day{'s' if days != 1 else ''}"


def _item_json(item: DueItem, today: date) -> dict[str, object]:
    from pcplan.calendar.due import describe

    payload: dict[str, object] = {
        "date": item.date.isoformat(),
        "status": item.status(today),
        "days": (item.date - today).days,
        "pupil": item.pupil_id,
        "name": item.pupil_name,
        "kind": item.kind,
        "what": describe(item),
        "uid": item.uid,
    }
    optional: dict[str, object | None] = {
        "review": item.review_kind,
        "booked": item.booked if item.kind in ("review", "annual-review") else None,
        "due_by": item.due_by.isoformat() if item.due_by else None,
        "meeting": item.meeting.isoformat() if item.meeting else None,
        "text": item.text,
        "who": item.who,
        "goal": item.goal_id,
        "area": item.area,
        "since": item.since.isoformat() if item.since else None,
    }
    payload.update({k: v for k, v in optional.items() if v is not None})
    return payload


def _given_to(item: DueItem, name: str) -> bool:
    """Whether an action is given to ``name``: every word of it appears in the action's
    'who', ignoring case ("begum" finds "Mrs Begum and Celine")."""
    if item.kind != "action" or not item.who:
        return False
    words = re.findall(r"\w+", item.who.casefold())
    return all(w in words for w in re.findall(r"\w+", name.casefold()))


def _print_due_table(items: list[DueItem], today: date, until: date, names: dict[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from pcplan.calendar.due import describe

    table = Table(title=f"Due or overdue up to {until.isoformat()}", title_justify="left")
    for column in ("Date", "When", "Pupil", "What"):
        table.add_column(column, overflow="fold")
    for item in items:
        overdue = item.status(today) == "overdue"
        # Record text goes in as Text, so that '[' in it is never read as markup.
        table.add_row(
            item.date.isoformat(),
            Text(_when(item, today), style="bold red" if overdue else ""),
            Text(names[item.pupil_id]),
            Text(describe(item)),
        )
    Console().print(table)


def _print_due_plain(items: list[DueItem], today: date, names: dict[str, str]) -> None:
    from pcplan.calendar.due import describe

    when = [_when(item, today) for item in items]
    when_width = max((len(w) for w in when), default=0)
    name_width = max((len(names[item.pupil_id]) for item in items), default=0)
    for item, words in zip(items, when, strict=True):
        typer.echo(
            f"{item.date.isoformat()}  {words:<{when_width}}  "
            f"{names[item.pupil_id]:<{name_width}}  {describe(item)}"
        )


@app.command(short_help="What is due or overdue, by date.")
def due(
    pupils: PupilsArgument = None,
    who: Annotated[
        str | None,
        typer.Option(
            "--who",
            metavar="NAME",
            help="Only the actions given to NAME (as written in the actions' 'who').",
        ),
    ] = None,
    within: Annotated[
        int,
        typer.Option(
            "--within",
            metavar="DAYS",
            min=0,
            max=MAX_WITHIN_DAYS,
            help="Show what falls due in the next DAYS days, as well as everything overdue.",
        ),
    ] = 30,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="text or json.")
    ] = ReportFormat.text,
    no_cache: NoCacheOption = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """List reviews, paperwork, goal check-ins and actions that are due or overdue, by date."""
    from pcplan.calendar.due import named_items, staff_names

    day = resolve_today(today)
    until = day + timedelta(days=within)
    due_pupils = due_for(resolve_repo(repo), day, until, pupils, use_cache=not no_cache)
    items = named_items(due_pupils)
    if who is not None:
        items = [item for item in items if _given_to(item, who)]
    names = staff_names(due_pupils)
    overdue = sum(1 for item in items if item.status(day) == "overdue")
    if output_format is ReportFormat.json:
        payload = {
            "today": day.isoformat(),
            "until": until.isoformat(),
            "within_days": within,
            "overdue": overdue,
            "items": [_item_json(item, day) for item in items],
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if not items and who is not None:
        typer.echo(
            f"No action given to '{who[:40]}' is due or overdue up to {until.isoformat()} "
            "(--who finds the names as the actions' 'who' writes them)."
        )
        return
    if not items:
        typer.echo(f"Nothing is due or overdue up to {until.isoformat()}.")
        return
    if sys.stdout.isatty():
        _print_due_table(items, day, until, names)
    else:
        _print_due_plain(items, day, names)
    things = f"{len(items)} thing{'s' if len(items) != 1 else ''}"
    typer.echo(f"{things} due or overdue up to {until.isoformat()}: {overdue} overdue.")


@app.command("calendar", short_help="Meetings, deadlines and actions as .ics.")
def calendar_feed(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the .ics file here instead of printing it."),
    ] = None,
    no_cache: NoCacheOption = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Write review meetings, paperwork deadlines and action dates as an iCalendar (.ics) feed."""
    from pcplan.calendar.due import CALENDAR_HORIZON, named_items
    from pcplan.calendar.ics import calendar_text
    from pcplan.fileio import atomic_write_text

    day = resolve_today(today)
    repository = resolve_repo(repo)
    until = day + CALENDAR_HORIZON
    due_pupils = due_for(repository, day, until, goals=False, use_cache=not no_cache)
    items = named_items(due_pupils)
    text = calendar_text(items, day, repository.settings.school)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    changed = atomic_write_text(output, text)
    events = sum(1 for item in items if item.in_calendar)
    state = "Wrote" if changed else "Unchanged:"
    typer.echo(f"{state} {output} ({events} event{'s' if events != 1 else ''})", err=True)


def _review_rows(reviews: list[TermReview], paths: dict[str, Path], today: date) -> list[list[str]]:
    from pcplan.calendar.due import list_names
    from pcplan.loading.records import display_path
    from pcplan.render.agenda_view import occasion_words

    names = list_names([r.record for r in reviews])
    rows = []
    for due in reviews:
        occasion = due.main
        kind = occasion_words(occasion.kind)
        if len(due.occasions) > 1:
            kind += f" (+{len(due.occasions) - 1} more)"
        if any(o.is_overdue(today) for o in due.occasions):
            kind += ", overdue"
        path = paths.get(due.record.pupil.id)
        rows.append(
            [
                names[due.record.pupil.id],
                kind,
                occasion.booked.isoformat() if occasion.booked else "not booked",
                occasion.due_by.isoformat(),
                display_path(path) if path else "",
            ]
        )
    return rows


def _print_rows(headers: list[str], rows: list[list[str]]) -> None:
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table()
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        Console().print(table)
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for row in [headers, *rows]:
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


@app.command(short_help="Agendas for the reviews due in a term.")
def review(
    pupils: Annotated[
        list[str] | None,
        typer.Argument(
            help="Only these pupils, by id or path (default: everyone due).", show_default=False
        ),
    ] = None,
    term: Annotated[
        str,
        typer.Option(
            "--term",
            metavar="TERM",
            help="autumn, spring or summer (the current or next of that name), current, or a "
            "term's name such as 2027-spring.",
        ),
    ] = ...,  # type: ignore[assignment]
    output_format: Annotated[
        DocFormat, typer.Option("--format", help="html, md, docx (Word) or pdf.")
    ] = DocFormat.html,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="The folder for the agendas (default: out/reviews/TERM), or - to print the "
            "agenda of one pupil.",
        ),
    ] = None,
    with_history: Annotated[
        bool,
        typer.Option(
            "--history/--no-history",
            help="Show what changed in each record since its last review, from git.",
        ),
    ] = True,
    no_cache: NoCacheOption = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Write the review agenda of every pupil due in TERM, an index, and a summary table."""
    from pcplan.calendar.schedule import reviews_in_term
    from pcplan.calendar.terms import resolve_term
    from pcplan.render.agendas import agenda_document, agendas_dir, changes_for, write_agendas
    from pcplan.render.documents import Renderer

    day = resolve_today(today)
    repository = resolve_repo(repo)
    chosen_term = resolve_term(term, TermCalendar.of_repository(repository), day)
    to_stdout = output is not None and str(output) == "-"
    if output is not None and not to_stdout and output.exists() and not output.is_dir():
        raise PcplanError(
            f"-o {output} is a file: give a folder for the agendas, or - to print one agenda"
        )
    loaded = load_for_dates(repository, day, pupils, use_cache=not no_cache)
    records = [r.record for r in loaded.records]
    reviews = reviews_in_term(records, chosen_term, loaded.calendar, day)
    if pupils:
        due_ids = {r.record.pupil.id for r in reviews}
        for record in records:
            if record.pupil.id not in due_ids:
                typer.echo(
                    f"{record.pupil.staff_name} has no review due in the "
                    f"{chosen_term.phrase}; book one under cadence: next_review to make an "
                    "agenda for it.",
                    err=True,
                )
    fmt: OutputFormat = output_format.value
    if fmt == "pdf":
        from pcplan.render.pdf import require_weasyprint

        require_weasyprint()
    renderer = Renderer(repository, day)
    changes = None
    if with_history:
        paths = {r.record.pupil.id: r.path for r in loaded.records}
        changes = changes_for(reviews, paths, day)
        if reviews and not changes:
            typer.echo(
                "pcplan: note: the records have no history in git, so the agendas leave out "
                "what has changed since the last review",
                err=True,
            )
    if to_stdout:
        if len(reviews) != 1:
            raise PcplanError(
                f"-o - prints one agenda, and {len(reviews)} pupils are due in the "
                f"{chosen_term.phrase}: name one pupil, or give a folder"
            )
        document = agenda_document(renderer, reviews[0], chosen_term, fmt, changes=changes)
        sys.stdout.buffer.write(document.encode() if isinstance(document, str) else document)
        sys.stdout.flush()
        return
    folder = output if output is not None else agendas_dir(repository.out_dir, chosen_term)
    # The overview (out/index.html) links to the agendas in their usual place, and back.
    overview = f"../../index.{fmt}" if output is None else None
    batch = write_agendas(
        renderer,
        reviews,
        chosen_term,
        fmt,
        folder,
        with_index=not pupils,
        changes=changes,
        overview=overview,
    )

    start, end = chosen_term.start.isoformat(), chosen_term.end.isoformat()
    typer.echo(
        f"Reviews due in the {chosen_term.phrase} ({start} to {end}), as of {day.isoformat()}:"
    )
    if reviews:
        _print_rows(
            ["Pupil", "Review", "Booked for", "To be held by", "Agenda"],
            _review_rows(reviews, batch.agendas, day),
        )
    else:
        typer.echo("  none")
    from pcplan.loading.records import display_path

    agendas = f"{len(reviews)} agenda{'s' if len(reviews) != 1 else ''}"
    where = display_path(folder)
    if batch.index is not None:
        typer.echo(f"{agendas} and the index in {where}/ (open {display_path(batch.index)})")
    elif not reviews:
        typer.echo("No agenda to write.")
    else:
        typer.echo(f"{agendas} in {where}/")
