"""`pcplan validate` answered before the command-line framework is imported.

An editor checks a record on every save and a pre-commit hook on every commit: most of
such a run, once the validation cache answers, would be spent importing and building the
command-line framework. This module reads the common forms of a validate command line
itself (pupils, ``--repo``, ``--today``, ``--format``, ``--strict``, ``--no-cache``,
and the same environment variables) and runs the very same code as the Typer command
(:mod:`pcplan.cli.validate_run`). Anything else (``--help``, an unknown option, a usage error, any
problem at all) is left to Typer, which then says it as it always does.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

_VALUES = ("--repo", "--today", "--format")


@dataclass
class Options:
    """A validate command line in its plain forms."""

    pupils: list[str] = field(default_factory=list)
    repo: str | None = None
    today: str | None = None
    format: str = "text"
    strict: bool = False
    no_cache: bool = False


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


def validate(argv: list[str]) -> int | None:
    """Run ``pcplan validate ARGV`` and return its exit code, or None to leave it to Typer."""
    options = parse(argv)
    if options is None:
        return None
    try:
        report = _validate(options)
    except KeyboardInterrupt:
        sys.stderr.write("pcplan: stopped; no file was left half-written\n")
        return 130
    except Exception:  # Typer runs the command again and reports it in its own words
        return None
    if report is None:
        return None
    lines, code = report
    out = sys.stdout
    for line in lines:
        out.write(line + "\n")
    return code


def _validate(options: Options) -> tuple[list[str], int] | None:
    from pcplan.cli.validate_run import check_records, report_lines
    from pcplan.loading.files import has_records
    from pcplan.loading.repo import find_repository

    if options.today is None:
        day = date.today()
    elif len(options.today) == 10:
        day = date.fromisoformat(options.today)
    else:
        return None
    repository = find_repository(Path(options.repo) if options.repo is not None else None)
    if not options.pupils and not has_records(repository.records_dir):
        return None
    result = check_records(repository, options.pupils, day, no_cache=options.no_cache)
    return report_lines(result, options.format, options.strict)
