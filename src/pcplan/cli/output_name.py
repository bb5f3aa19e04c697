"""Refusing an output file named as another format than the one asked for.

Kept apart from the command-line framework, so that a command answered without it
(:mod:`pcplan.cli.quick_views`) checks exactly as the Typer commands do.
"""

from __future__ import annotations

from pathlib import Path

from pcplan.errors import PcplanError

# What a file's name says it holds, for the formats pcplan writes.
_SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".json": "json",
}


def check_output_name(output: Path | None, fmt: str) -> None:
    """Refuse ``-o map.xlsx`` with the default ``--format html`` (exit 2) before any work:
    Excel or Word would refuse the file that came out."""
    if output is None or str(output) == "-" or output.is_dir():
        return
    meant = _SUFFIX_FORMATS.get(output.suffix.lower())
    if meant is not None and meant != fmt:
        raise PcplanError(
            f"-o {output.name[:60]} is named as {meant} but the format is {fmt}, so the file "
            f"would not open as {output.suffix}",
            hint=f"add --format {meant}, or give the file a name ending in "
            f".{'txt' if fmt == 'text' else fmt}",
        )
