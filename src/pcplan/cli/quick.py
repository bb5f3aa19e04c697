"""`pcplan validate` and `pcplan log` answered before the command-line framework is imported.

An editor checks a record on every save and a pre-commit hook on every commit, and a
teacher logs progress many times a day: most of such a run, once the validation cache
answers, would be spent importing and building the command-line framework. This module
reads the plain forms of those command lines itself and runs the very same code as the
Typer commands (:mod:`pcplan.cli.validate_run`, :mod:`pcplan.cli.check_run`,
:mod:`pcplan.cli.edit_run`):

- validate: pupils, ``--repo``, ``--today``, ``--format``, ``--strict``, ``--no-cache``;
- check: the same, and ``--select`` and ``--ignore``;
- log: the pupil, the goal and the note, ``--date``, ``--by``, ``--rating``, ``--repo``,
  ``--today``;

and the same environment variables. Anything else (``--help``, ``--commit``, an unknown
option, a usage error, any problem at all) is left to Typer, which then says it as it
always does. An edit is left to Typer only before anything is written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from pcplan.cli.plain import PlainLine, day_given, from_environment, read_plain
from pcplan.vocabulary import PROGRESS_RATINGS

if TYPE_CHECKING:
    from datetime import date

    from pcplan.editing.session import EditResult
    from pcplan.loading.repo import Repository


class Options:
    """A validate or check command line in its plain forms."""

    __slots__ = ("format", "ignore", "no_cache", "pupils", "repo", "select", "strict", "today")

    def __init__(self, line: PlainLine) -> None:
        self.pupils = line.words
        self.repo = line.last("--repo", from_environment("PCPLAN_REPO"))
        self.today = line.last("--today", from_environment("PCPLAN_TODAY"))
        given = line.last("--format")
        self.format = "text" if given is None else given
        strictness = [flag for flag in line.flags if flag.endswith("strict")]
        self.strict = bool(strictness) and strictness[-1] == "--strict"
        self.no_cache = "--no-cache" in line.flags
        self.select = line.values.get("--select", [])
        self.ignore = line.values.get("--ignore", [])


_VALUES = {
    "validate": ("--repo", "--today", "--format"),
    "check": ("--repo", "--today", "--format", "--select", "--ignore"),
}


def parse(argv: list[str], command: str = "validate") -> Options | None:
    """The options of ``validate ARGV`` (or ``check ARGV``) when they are all in a plain
    form, else None."""
    line = read_plain(argv, _VALUES[command], ("--strict", "--no-strict", "--no-cache"))
    if line is None:
        return None
    options = Options(line)
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


def parse_log(argv: list[str]) -> LogOptions | None:
    """The options of ``log ARGV`` when they are all in a plain form, else None."""
    line = read_plain(argv, ("--date", "--by", "--rating", "--repo", "--today"))
    if line is None or len(line.words) != 3 or not all(line.words[:2]):
        return None
    rating = line.last("--rating")
    if rating is not None and rating not in PROGRESS_RATINGS:
        return None
    pupil, goal, note = line.words
    return LogOptions(
        pupil,
        goal,
        note,
        on=line.last("--date"),
        by=line.last("--by"),
        rating=rating,
        repo=line.last("--repo", from_environment("PCPLAN_REPO")),
        today=line.last("--today", from_environment("PCPLAN_TODAY")),
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


def _log(options: LogOptions) -> EditResult | str | None:
    from pcplan.cli.edit_run import run_edit
    from pcplan.editing.commands import log_progress
    from pcplan.loading.repo import find_repository

    day = day_given(options.today)
    when = day_given(options.on) if options.on else day
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


Report = tuple[list[str], int]
"""What a checking command prints (a text per line) and its exit code."""


def validate(argv: list[str]) -> int | None:
    """Run ``pcplan validate ARGV`` and return its exit code, or None to leave it to Typer."""
    return _print_report(parse(argv), _validate)


def check(argv: list[str]) -> int | None:
    """Run ``pcplan check ARGV`` and return its exit code, or None to leave it to Typer."""
    return _print_report(parse(argv, "check"), _check)


def _print_report(options: Options | None, run: Callable[[Options], Report | None]) -> int | None:
    if options is None:
        return None
    report = _answered(run, options)
    if report is None or isinstance(report, _Stopped):
        return None if report is None else 130
    lines, code = report
    out = sys.stdout
    for line in lines:
        out.write(line + "\n")
    return code


def _where(options: Options) -> tuple[Repository, date] | None:
    """The repository and the day a command line names, or None when Typer would refuse
    the day."""
    from pcplan.loading.repo import find_repository

    day = day_given(options.today)
    if day is None:
        return None
    return find_repository(Path(options.repo) if options.repo is not None else None), day


def _check(options: Options) -> Report | None:
    from pcplan.cli.check_run import check_lines

    where = _where(options)
    if where is None:
        return None
    repository, day = where
    return check_lines(
        repository,
        day,
        options.pupils,
        options.select,
        options.ignore,
        strict=options.strict,
        no_cache=options.no_cache,
        json_format=options.format == "json",
    )


def _validate(options: Options) -> Report | None:
    from pcplan.cli.validate_run import check_records, report_lines
    from pcplan.loading.files import has_records

    where = _where(options)
    if where is None:
        return None
    repository, day = where
    if not options.pupils and not has_records(repository.records_dir):
        return None
    result = check_records(repository, options.pupils, day, no_cache=options.no_cache)
    return report_lines(result, options.format, options.strict)
