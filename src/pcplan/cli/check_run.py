"""What `pcplan check` does once its command line is read.

Shared by the Typer command (:mod:`pcplan.cli.check_cmds`) and by :mod:`pcplan.cli.quick`,
which answers its plain command lines without importing the command-line framework:
`check` over a school's records should cost little more than `validate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from pcplan.errors import EXIT_FINDINGS, EXIT_OK, PcplanError

if TYPE_CHECKING:
    from pcplan.diagnostics.core import Diagnostic
    from pcplan.loading.repo import Repository


def check_lines(
    repository: Repository,
    day: date,
    pupils: Sequence[str],
    select: Sequence[str],
    ignore: Sequence[str],
    *,
    strict: bool,
    no_cache: bool,
    json_format: bool,
) -> tuple[list[str], int]:
    """What `check` prints (one text per line) and its exit code: 1 on any error, and on
    any warning with ``strict``."""
    from pcplan.checks.registry import DISCLAIMER
    from pcplan.checks.runner import lint_setup, lint_with_cache
    from pcplan.loading.files import display_path, has_records

    paths = None
    if pupils:
        paths = [repository.resolve_pupil(p) for p in pupils]
    elif not has_records(repository.records_dir):
        raise PcplanError(
            f"there are no records in {repository.records_dir}",
            hint='add one with: pcplan new-pupil "Full Name" --status K --need SLCN',
        )
    setup = lint_setup(repository.settings, day, select, ignore)
    result = lint_with_cache(repository, paths, setup, use_cache=not no_cache)
    counts = {s: 0 for s in ("error", "warning", "info")}
    for diagnostic in result.diagnostics:
        counts[diagnostic.severity] += 1
    invalid = len(_invalid_files(result.diagnostics) - {display_path(repository.settings_path)})
    failed = counts["error"] > 0 or (strict and counts["warning"] > 0)
    code = EXIT_FINDINGS if failed else EXIT_OK
    if json_format:
        from pcplan.jsontext import dumps

        payload = {
            "files": result.files,
            "not_linted": invalid,
            "errors": counts["error"],
            "warnings": counts["warning"],
            "info": counts["info"],
            "diagnostics": [d.as_json() for d in result.diagnostics],
            "note": DISCLAIMER,
        }
        return [dumps(payload)], code
    lines = [diagnostic.as_lint_text() for diagnostic in result.diagnostics]
    lines += [_summary(result.files, invalid, counts), DISCLAIMER]
    return lines, code


def _invalid_files(diagnostics: list[Diagnostic]) -> set[str]:
    """Files with an error from validation: not well formed, so not linted."""
    from pcplan.checks.registry import REGISTRY

    return {
        d.file
        for d in diagnostics
        if d.severity == "error"
        and (d.code not in REGISTRY or REGISTRY[d.code].stage == "validate")
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(files: int, invalid: int, counts: dict[str, int]) -> str:
    """The last line: how many records, and how many findings of each severity."""
    checked = _plural(files, "record")
    if invalid:
        checked += f" ({invalid} not valid, so not checked further)"
    found = f"{_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, "
    found += f"{counts['info']} info"
    return f"Checked {checked}: {found}."
