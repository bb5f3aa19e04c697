"""Commands about reviews and dates: due, calendar, review."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pcplan.cli.app import app
from pcplan.cli.options import (
    RepoOption,
    ReportFormat,
    TodayOption,
    resolve_repo,
    resolve_today,
)
from pcplan.errors import InvalidRecordError

if TYPE_CHECKING:
    from pcplan.calendar.due import DueItem
    from pcplan.calendar.terms import TermCalendar
    from pcplan.loading.records import LoadedRecord
    from pcplan.loading.repo import Repository

MAX_WITHIN_DAYS = 3660


@dataclass
class Loaded:
    """The repository, its valid records and its terms, ready for date work."""

    repository: Repository
    records: list[LoadedRecord]
    calendar: TermCalendar


def load_for_dates(repo: Path | None, day: date, pupils: list[str] | None = None) -> Loaded:
    """Load records and terms, refusing when any is invalid: a missing pupil is a slipped review."""
    from pcplan.calendar.terms import TermCalendar
    from pcplan.loading.records import load_repository

    repository = resolve_repo(repo)
    paths = [repository.resolve_pupil(p) for p in pupils] if pupils else None
    result = load_repository(repository, day, paths)
    errors = result.errors
    if errors:
        files = sorted({d.file for d in errors})
        raise InvalidRecordError(
            f"{len(files)} file{'s' if len(files) != 1 else ''} with problems, so the dates "
            "would be incomplete; fix them first (pcplan validate lists every problem)",
            diagnostics=list(errors),
        )
    calendar = TermCalendar.from_settings(repository.settings)
    return Loaded(repository, result.records, calendar)


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


def _print_due_table(items: list[DueItem], today: date, until: date) -> None:
    from rich.console import Console
    from rich.table import Table

    from pcplan.calendar.due import describe

    table = Table(title=f"Due or overdue up to {until.isoformat()}", title_justify="left")
    for column in ("Date", "When", "Pupil", "What"):
        table.add_column(column, overflow="fold")
    for item in items:
        overdue = item.status(today) == "overdue"
        table.add_row(
            item.date.isoformat(),
            f"[bold red]{_when(item, today)}[/]" if overdue else _when(item, today),
            item.pupil_name,
            describe(item),
        )
    Console().print(table)


def _print_due_plain(items: list[DueItem], today: date) -> None:
    from pcplan.calendar.due import describe

    when = [_when(item, today) for item in items]
    when_width = max((len(w) for w in when), default=0)
    name_width = max((len(item.pupil_name) for item in items), default=0)
    for item, words in zip(items, when, strict=True):
        typer.echo(
            f"{item.date.isoformat()}  {words:<{when_width}}  "
            f"{item.pupil_name:<{name_width}}  {describe(item)}"
        )


@app.command()
def due(
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
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """List reviews, paperwork, goal check-ins and actions that are due or overdue, by date."""
    from pcplan.calendar.due import due_items

    day = resolve_today(today)
    loaded = load_for_dates(repo, day)
    until = day + timedelta(days=within)
    items = due_items([r.record for r in loaded.records], loaded.calendar, day, until)
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
    if not items:
        typer.echo(f"Nothing is due or overdue up to {until.isoformat()}.")
        return
    if sys.stdout.isatty():
        _print_due_table(items, day, until)
    else:
        _print_due_plain(items, day)
    things = f"{len(items)} thing{'s' if len(items) != 1 else ''}"
    typer.echo(f"{things} due or overdue up to {until.isoformat()}: {overdue} overdue.")


@app.command("calendar")
def calendar_feed(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the .ics file here instead of printing it."),
    ] = None,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Write review meetings, paperwork deadlines and action dates as an iCalendar (.ics) feed."""
    from pcplan.calendar.due import calendar_items
    from pcplan.calendar.ics import calendar_text
    from pcplan.fileio import atomic_write_text

    day = resolve_today(today)
    loaded = load_for_dates(repo, day)
    items = calendar_items([r.record for r in loaded.records], loaded.calendar, day)
    text = calendar_text(items, day, loaded.repository.settings.school)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    changed = atomic_write_text(output, text)
    events = sum(1 for item in items if item.in_calendar)
    state = "Wrote" if changed else "Unchanged:"
    typer.echo(f"{state} {output} ({events} event{'s' if events != 1 else ''})", err=True)
