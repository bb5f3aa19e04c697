"""`pcplan validate` and `pcplan log` answered before the command-line framework is imported.

An editor checks a record on every save and a pre-commit hook on every commit, and a
teacher logs progress many times a day: most of such a run, once the validation cache
answers, would be spent importing and building the command-line framework. This module
reads the plain forms of those command lines itself and runs the very same code as the
Typer commands (:mod:`pcplan.cli.validate_run`, :mod:`pcplan.cli.edit_run`):

- validate: pupils, ``--repo``, ``--today``, ``--format``, ``--strict``, ``--no-cache``;
- log: the pupil, the goal and the note, ``--date``, ``--by``, ``--rating``, ``--repo``,
  ``--today``;

and the same environment variables. Anything else (``--help``, ``--commit``, an unknown
option, a usage error, any problem at all) is left to Typer, which then says it as it
always does. An edit is left to Typer only before anything is written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from pcplan.vocabulary import PROGRESS_RATINGS

if TYPE_CHECKING:
    from pcplan.editing.session import EditResult

_VALUES = ("--repo", "--today", "--format")


class Options:
    """A validate command line in its plain forms."""

    __slots__ = ("format", "no_cache", "pupils", "repo", "strict", "today")

    def __init__(self, repo: str | None = None, today: str | None = None) -> None:
        self.pupils: list[str] = []
        self.repo = repo
        self.today = today
        self.format = "text"
        self.strict = False
        self.no_cache = False


def parse(argv: list[str]) -> Options | None:
    """The options of ``validate ARGV`` when they are all in a plain form, else None."""
    options = Options(
        repo=os.environ.get("PCPLAN_REPO") or None,
        today=os.environ.get("PCPLAN_TODAY") or None,
    )
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            options.pupils.extend(argv[i + 1 :])
            break
        if not arg.startswith("-"):
            options.pupils.append(arg)
        elif arg.partition("=")[0] in _VALUES:
            name, has_value, value = arg.partition("=")
            if not has_value:
                i += 1
                if i >= len(argv):
                    return None
                value = argv[i]
            if name == "--repo":
                options.repo = value
            elif name == "--today":
                options.today = value
            else:
                options.format = value
        elif arg in ("--strict", "--no-strict"):
            options.strict = arg == "--strict"
        elif arg == "--no-cache":
            options.no_cache = True
        else:
            return None
        i += 1
    if options.format not in ("text", "json") or not all(options.pupils):
        return None
    return options


class LogOptions(NamedTuple):
    """A log command line in its plain form."""

    pupil: str
    goal: str
    note: str
    on: str | None = None
    by: str | None = None
    rating: str | None = None
    repo: str | None = None
    today: str | None = None


_LOG_VALUES = ("--date", "--by", "--rating", "--repo", "--today")


def parse_log(argv: list[str]) -> LogOptions | None:
    """The options of ``log ARGV`` when they are all in a plain form, else None."""
    values: dict[str, str] = {}
    words: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            words.extend(argv[i + 1 :])
            break
        if not arg.startswith("-"):
            words.append(arg)
        elif arg.partition("=")[0] in _LOG_VALUES:
            name, has_value, value = arg.partition("=")
            if not has_value:
                i += 1
                if i >= len(argv) or argv[i].startswith("-"):
                    return None
                value = argv[i]
            values[name] = value
        else:
            return None
        i += 1
    if len(words) != 3 or not all(words[:2]):
        return None
    rating = values.get("--rating")
    if rating is not None and rating not in PROGRESS_RATINGS:
        return None
    pupil, goal, note = words
    return LogOptions(
        pupil,
        goal,
        note,
        on=values.get("--date"),
        by=values.get("--by"),
        rating=rating,
        repo=values.get("--repo", os.environ.get("PCPLAN_REPO") or None),
        today=values.get("--today", os.environ.get("PCPLAN_TODAY") or None),
    )


def log(argv: list[str]) -> int | None:
    """Run ``pcplan log ARGV`` and return its exit code, or None to leave it to Typer.

    Left to Typer only when nothing was written: every refusal comes before the write."""
    options = parse_log(argv)
    if options is None:
        return None
    done = _answered(_log, options)  # refused before writing: Typer runs it again
    if done is None or isinstance(done, _Stopped):
        return None if done is None else 130
    from pcplan.cli.edit_run import report_edit

    report = report_edit(done)
    for line in report.out:
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    for line in report.err:
        sys.stderr.write(line + "\n")
    return 0


class _Stopped:
    """What :func:`_answered` gives for a run stopped with Ctrl-C."""


T = TypeVar("T")
Given = TypeVar("Given")


def _answered(run: Callable[[Given], T], options: Given) -> T | _Stopped | None:
    """``run(options)``; None when it fails in any way (Typer then runs the command again
    and says what is wrong in its own words), :class:`_Stopped` when stopped with Ctrl-C."""
    try:
        return run(options)
    except KeyboardInterrupt:
        sys.stderr.write("pcplan: stopped; no file was left half-written\n")
        return _Stopped()
    except Exception:
        return None


def _day(text: str | None) -> date | None:
    """A date as the Typer commands read it (None when they would refuse it)."""
    if text is None or text == "":
        return date.today()
    return date.fromisoformat(text) if len(text) == 10 else None


def _log(options: LogOptions) -> EditResult | str | None:
    from pcplan.cli.edit_run import run_edit
    from pcplan.editing.commands import log_progress
    from pcplan.loading.repo import find_repository

    day = _day(options.today)
    when = _day(options.on) if options.on else day
    if day is None or when is None:
        return None
    repository = find_repository(Path(options.repo) if options.repo is not None else None)
    goal, note, by, rating = options.goal, options.note, options.by, options.rating
    return run_edit(
        repository,
        options.pupil,
        day,
        lambda loaded: log_progress(loaded, goal, note, when, by, rating),
        commit=False,
    )


def validate(argv: list[str]) -> int | None:
    """Run ``pcplan validate ARGV`` and return its exit code, or None to leave it to Typer."""
    options = parse(argv)
    if options is None:
        return None
    report = _answered(_validate, options)
    if report is None or isinstance(report, _Stopped):
        return None if report is None else 130
    lines, code = report
    out = sys.stdout
    for line in lines:
        out.write(line + "\n")
    return code


def _validate(options: Options) -> tuple[list[str], int] | None:
    from pcplan.cli.validate_run import check_records, report_lines
    from pcplan.loading.files import has_records
    from pcplan.loading.repo import find_repository

    day = _day(options.today)
    if day is None:
        return None
    repository = find_repository(Path(options.repo) if options.repo is not None else None)
    if not options.pupils and not has_records(repository.records_dir):
        return None
    result = check_records(repository, options.pupils, day, no_cache=options.no_cache)
    return report_lines(result, options.format, options.strict)
