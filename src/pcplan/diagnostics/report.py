"""Words for the end of a report."""

from __future__ import annotations


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(files: int, invalid: int, errors: int, warnings: int) -> str:
    """The last line of `pcplan validate`: how many records, how many problems."""
    checked = _plural(files, "record")
    extra = f", {_plural(warnings, 'warning')}" if warnings else ""
    if errors == 0:
        every = "it is" if files == 1 else "all are"
        return f"Checked {checked}: {every} valid{extra}."
    return (
        f"Checked {checked}: {_plural(invalid, 'file')} with problems, "
        f"{_plural(errors, 'error')}{extra}."
    )
