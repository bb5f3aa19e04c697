"""`pcplan register` and `pcplan provision` answered before the command-line framework is
imported.

A whole-school view should cost little more than `validate`, and importing and building
the command-line framework is a fixed cost of its own. This module reads the plain forms
of these command lines itself (``--status``, ``--need``, ``--year``, ``--format``, ``-o``,
``--no-cache``, ``--repo``, ``--today`` and the same environment variables) and runs the
very same code as the Typer commands (:mod:`pcplan.cli.cohort_run`). Anything else
(``--help``, an unknown option, a value the command refuses, any problem before the view
is written) is left to Typer, which then runs the command and says it as it always does:
nothing is printed here until the view has been made.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pcplan.cli.plain import PlainLine, day_given, from_environment, read_plain

if TYPE_CHECKING:
    from pcplan.cli.cohort_run import Reported, View
    from pcplan.cohort.load import Cohort
    from pcplan.cohort.outputs import ViewFormat

FORMATS = ("html", "md", "docx", "csv", "xlsx", "json")
_VALUES = {
    "register": ("--status", "--need", "--year", "--format", "-o", "--output", "--repo", "--today"),
    "provision": ("--year", "--format", "-o", "--output", "--repo", "--today"),
}
_FIRST_YEAR, _LAST_YEAR = 1900, 2998  # as the provision command's --year allows


class Options:
    """A register or provision command line in its plain forms."""

    __slots__ = (
        "command",
        "format",
        "need",
        "no_cache",
        "output",
        "repo",
        "status",
        "today",
        "year",
    )

    def __init__(self, command: str, line: PlainLine) -> None:
        self.command = command
        self.status = line.values.get("--status", [])
        self.need = line.values.get("--need", [])
        years = line.values.get("--year", [])
        # The register takes several years; the provision map one (the last, as Typer).
        self.year = years if command == "register" else years[-1:]
        given = line.last("--format")
        self.format = "html" if given is None else given
        self.output = line.last("-o", line.last("--output"))
        self.repo = line.last("--repo", from_environment("PCPLAN_REPO"))
        self.today = line.last("--today", from_environment("PCPLAN_TODAY"))
        self.no_cache = "--no-cache" in line.flags


def parse(command: str, argv: list[str]) -> Options | None:
    """The options of ``command ARGV`` when they are all in a plain form, else None."""
    names = _VALUES.get(command)
    if names is None:
        return None
    line = read_plain(argv, names, ("--no-cache",))
    # Both spellings of the output: which came last is for Typer to say.
    if line is None or line.words or {"-o", "--output"} <= line.values.keys():
        return None
    options = Options(command, line)
    if options.format not in FORMATS or "" in (options.output, options.repo):
        return None
    if command == "provision" and options.year:
        year = options.year[0]
        if not (year.isascii() and year.isdigit() and _FIRST_YEAR <= int(year) <= _LAST_YEAR):
            return None
    return options


def run_view(command: str, argv: list[str]) -> int | None:
    """Run ``pcplan COMMAND ARGV`` and return its exit code, or None to leave it to Typer."""
    options = parse(command, argv)
    if options is None:
        return None
    try:
        return _run(options)
    except KeyboardInterrupt:
        sys.stderr.write("pcplan: stopped; no file was left half-written\n")
        return 130


def _run(options: Options) -> int | None:
    from pcplan.cli import EXIT_CLOSED_PIPE, quiet_closed_pipe
    from pcplan.cli.cohort_run import finish, left_out_lines, write_view

    output = Path(options.output) if options.output is not None else None
    to_stdout = options.output == "-"
    left: list[str] = []

    def reported(cohort: Cohort) -> None:
        left.extend(left_out_lines(cohort))

    try:
        view = _make(options, output, reported)
        if view is None:
            return None
        # A file is written before anything is said, so that Typer can still say it all
        # when it cannot be written; standard output gets the view after the problems.
        target = None if to_stdout else write_view(view, output)
    except Exception:  # Typer runs the command again and reports it in its own words
        return None
    err = sys.stderr
    for line in left:
        err.write(line + "\n")
    err.flush()
    try:
        if to_stdout:
            write_view(view, output)
        out, last, code = finish(view, target)
        for line in out:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`pcplan register -o - | head`)
        quiet_closed_pipe()
        return EXIT_CLOSED_PIPE
    for line in last:
        err.write(line + "\n")
    return code


def _make(options: Options, output: Path | None, reported: Reported) -> View | None:
    from pcplan.cli.cohort_run import provision_view, register_filter, register_view
    from pcplan.cli.output_name import check_output_name
    from pcplan.loading.repo import find_repository

    day = day_given(options.today)
    if day is None:
        return None
    fmt = cast("ViewFormat", options.format)  # one of FORMATS: parse() saw to it
    if options.output == "-" and fmt in ("xlsx", "docx") and sys.stdout.isatty():
        return None
    if options.command == "register":
        chosen = register_filter(options.status, options.need, options.year)
    repository = find_repository(Path(options.repo) if options.repo is not None else None)
    repository.require_sound_settings()
    check_output_name(output, fmt)
    if options.command == "register":
        return register_view(
            repository, day, chosen, fmt, no_cache=options.no_cache, reported=reported
        )
    year = int(options.year[0]) if options.year else None
    return provision_view(repository, day, year, fmt, no_cache=options.no_cache, reported=reported)
