"""Commands that change a record for the teacher: log, record-review, action-done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pcplan.cli.app import app
from pcplan.cli.options import (
    PupilArgument,
    RepoOption,
    TodayOption,
    parse_date_option,
    resolve_repo,
    resolve_today,
)
from pcplan.errors import InvalidRecordError, PcplanError

if TYPE_CHECKING:
    from pcplan.editing.commands import Change, Editable
    from pcplan.editing.session import EditResult
    from pcplan.loading.yamlstrict import YamlDocument
    from pcplan.models.reviews import Review


class Rating(StrEnum):
    emerging = "emerging"
    developing = "developing"
    secure = "secure"
    achieved = "achieved"


class ReviewKind(StrEnum):
    termly = "termly"
    annual = "annual"
    interim = "interim"
    transition = "transition"


DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="YYYY-MM-DD", help="The date to record (default: today)."),
]
CommitOption = Annotated[
    bool,
    typer.Option("--commit", help="Commit the record to git: that file alone, nothing else."),
]
EarlierOption = Annotated[
    bool,
    typer.Option(
        "--include-earlier",
        help="With --commit: also commit changes already made to the record and not "
        "committed yet (the message says so).",
    ),
]


def _edit(
    pupil: str,
    repo: Path | None,
    today: str | None,
    make_change: Callable[[Editable], Change],
    commit: bool,
    include_earlier: bool = False,
) -> EditResult | None:
    """Run one edit; print what changed, any new warnings, and the commit."""
    from pcplan.cli.edit_run import report_edit, run_edit

    if include_earlier and not commit:
        raise PcplanError("--include-earlier goes with --commit: add --commit too")
    report = report_edit(
        run_edit(
            resolve_repo(repo), pupil, resolve_today(today), make_change, commit, include_earlier
        )
    )
    for line in report.out:
        typer.echo(line)
    for line in report.err:
        typer.echo(line, err=True)
    return report.result


@app.command("log", short_help="Log progress on a goal.")
def log(
    pupil: PupilArgument,
    goal: Annotated[str, typer.Argument(help="The goal's id, e.g. read-aloud.")],
    note: Annotated[str, typer.Argument(help="What happened, in a sentence or two.")],
    on: DateOption = None,
    by: Annotated[str | None, typer.Option("--by", help="Who saw it or is recording it.")] = None,
    rating: Annotated[
        Rating | None,
        typer.Option("--rating", help="emerging, developing, secure or achieved."),
    ] = None,
    commit: CommitOption = False,
    include_earlier: EarlierOption = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Add a dated progress entry to one of a pupil's goals."""
    from pcplan.editing.commands import log_progress

    when = parse_date_option(on, "--date") if on else resolve_today(today)
    _edit(
        pupil,
        repo,
        today,
        lambda loaded: log_progress(
            loaded, goal, note, when, by, rating.value if rating is not None else None
        ),
        commit,
        include_earlier,
    )


@app.command("record-review", short_help="Add a review meeting to a record.")
def record_review(
    pupil: PupilArgument,
    on: DateOption = None,
    kind: Annotated[
        ReviewKind | None,
        typer.Option("--kind", help="termly, annual, interim or transition (default: termly)."),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Take the filled-in review from this YAML file instead of a blank one.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="With --from: add a review dated after today all the same."),
    ] = False,
    commit: CommitOption = False,
    include_earlier: EarlierOption = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Add a review meeting to a record: ready to fill in, or filled in from a file."""
    from pcplan.editing import commands

    day = resolve_today(today)
    if from_file is not None:
        if on is not None or kind is not None:
            raise PcplanError("with --from, the date and kind of review come from the file")
        document, text, review, display = _read_review(from_file)
        if review.date > day and not force:
            raise PcplanError(
                f"the review in {display} is dated {review.date.isoformat()}, after today "
                f"({day.isoformat()}); a review is recorded once it has been held",
                hint="check the date in the file, or add --force if it is right",
            )
        done = _edit(
            pupil,
            repo,
            today,
            lambda loaded: commands.record_review_from(loaded, review, document, text, display),
            commit,
            include_earlier,
        )
        if done is not None:
            typer.echo(_family_record_hint(pupil, review.date, filled_in=True))
        return
    when = parse_date_option(on, "--date") if on else day
    if when > day:
        typer.echo(
            f"pcplan: warning: {when.isoformat()} is after today ({day.isoformat()}); "
            "the review is added for that date. To book a meeting instead, set "
            "cadence.next_review.",
            err=True,
        )
    chosen = (kind or ReviewKind.termly).value
    done = _edit(
        pupil,
        repo,
        today,
        lambda loaded: commands.record_review(loaded, when, chosen),
        commit,
        include_earlier,
    )
    if done is not None:
        typer.echo(_family_record_hint(pupil, when, filled_in=False))


def _family_record_hint(pupil: str, on: date, *, filled_in: bool) -> str:
    import shlex

    command = f"pcplan render review {shlex.quote(pupil)} --date {on.isoformat()}"
    when = (
        "The record of this review for the family"
        if filled_in
        else ("Once it is filled in, the record of this review for the family")
    )
    return f"{when}: {command} (add --format docx for Word)"


def _read_review(file: Path) -> tuple[YamlDocument, str, Review, str]:
    """Read and check a review written in its own file; problems are reported with its lines."""
    from pcplan.loading.records import display_path, read_document, validate_data
    from pcplan.models.reviews import Review

    display = display_path(file)
    if not file.is_file():
        raise PcplanError(f"there is no file '{display}' to take the review from")
    document, text, problems = read_document(file, display)
    if document is None:
        raise InvalidRecordError(f"{display} cannot be read as a review", problems)
    if not isinstance(document.data, dict):
        raise PcplanError(
            f"{display} must hold one review as 'key: value' lines, starting with 'date:'"
        )
    review, problems = validate_data(Review, document, display)
    if review is None:
        raise InvalidRecordError(f"{display} is not a valid review", problems)
    return document, text, review, display


@app.command("action-done", short_help="Mark an action from a review as done.")
def action_done(
    pupil: PupilArgument,
    action: Annotated[
        str,
        typer.Argument(
            help="The open action: a few words of it, or its number as REVIEW.ACTION (e.g. 2.1)."
        ),
    ],
    on: DateOption = None,
    commit: CommitOption = False,
    include_earlier: EarlierOption = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Mark an open action from a review as done."""
    from pcplan.editing.commands import action_done as mark_done

    when = parse_date_option(on, "--date") if on else resolve_today(today)
    _edit(
        pupil, repo, today, lambda loaded: mark_done(loaded, action, when), commit, include_earlier
    )


@app.command("actions", short_help="List a pupil's open actions, numbered.")
def actions(
    pupil: PupilArgument,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """List the open actions from a pupil's reviews: number, due date, who and what.

    The numbers are the ones action-done takes (e.g. pcplan action-done celine-m 2.3).
    """
    from pcplan.editing.commands import open_actions
    from pcplan.loading.records import display_path, load_repository

    def one_line(text: str) -> str:
        return " ".join(text.split())

    repository = resolve_repo(repo)
    day = resolve_today(today)
    path = repository.resolve_pupil(pupil)
    display = display_path(path)
    result = load_repository(repository, day, [path])
    if result.errors or not result.records:
        raise InvalidRecordError(
            f"{display} has problems, so its actions cannot be listed; fix them and try again",
            [d for d in result.diagnostics if d.severity == "error"],
        )
    loaded = result.records[0]
    rows = open_actions(loaded)
    if not rows:
        typer.echo(f"No open actions in {display}.")
        return
    typer.echo(f"Open actions in {display}:")
    for position, action, _ in rows:
        late = "  (overdue)" if action.by < day else ""
        typer.echo(
            f"  {position:<5} due {action.by.isoformat()}  {one_line(action.who)}: "
            f"{one_line(action.what)}{late}"
        )
    typer.echo(f"Mark one done with: pcplan action-done {loaded.pupil_id} NUMBER")
