"""What `pcplan validate` does once its command line is read: check, then report.

Shared by the Typer command and by :mod:`pcplan.cli.quick`, which answers the common forms
of the command line without importing the command-line framework. Imports only what a run
answered from the validation cache needs.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from pcplan.errors import EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from pcplan.cache.validation import Checked
    from pcplan.loading.records import LoadResult
    from pcplan.loading.repo import Repository


def check_records(
    repository: Repository, pupils: list[str], day: date, *, no_cache: bool
) -> Checked:
    """Check the named pupils' records (default: all), every record taking part in the
    checks across records."""
    from pcplan.cache.validation import check_with_cache

    if pupils:
        named = [repository.resolve_pupil(p) for p in pupils]
        return check_with_cache(repository, day, named, use_cache=not no_cache)
    return check_with_cache(repository, day, use_cache=not no_cache)


def report_lines(
    result: Checked | LoadResult, output_format: str, strict: bool
) -> tuple[list[str], int]:
    """The lines `pcplan validate` prints, and its exit code."""
    from pcplan.diagnostics.report import summary_line

    errors = len(result.errors)
    warnings = len(result.diagnostics) - errors
    failed = errors > 0 or (strict and warnings > 0)
    if output_format == "json":
        payload = {
            "files": result.files,
            "valid": result.files - len(result.invalid_files),
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.as_json() for d in result.diagnostics],
        }
        lines = [json.dumps(payload, indent=2, ensure_ascii=False)]
    else:
        lines = [diagnostic.as_text() for diagnostic in result.diagnostics]
        lines.append(summary_line(result.files, len(result.invalid_files), errors, warnings))
    return lines, EXIT_FINDINGS if failed else EXIT_OK
