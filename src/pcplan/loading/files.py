"""Which files are records, and how a file is named in messages.

Kept apart from :mod:`pcplan.loading.records` so that commands answered from the
validation cache can list and name files without importing the YAML reader or the models.
"""

from __future__ import annotations

import os
from pathlib import Path

RECORD_SUFFIXES = (".yaml", ".yml")


def record_names(records_dir: Path) -> list[str]:
    """The names of every record file in ``records/``, in name order."""
    try:
        entries = os.scandir(records_dir)
    except (FileNotFoundError, NotADirectoryError):
        return []
    with entries:
        return sorted(
            entry.name
            for entry in entries
            if entry.name.endswith(RECORD_SUFFIXES) and not entry.name.startswith(".")
        )


def record_files(records_dir: Path) -> list[Path]:
    """Every record file in ``records/``, in name order."""
    if not records_dir.is_dir():
        return []
    return [records_dir / name for name in record_names(records_dir)]


def display_path(path: Path, base: Path | None = None) -> str:
    """How a file is named in messages: relative to the working directory when inside it."""
    for anchor in (base, Path.cwd()):
        if anchor is None:
            continue
        try:
            return path.resolve().relative_to(anchor.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
