"""Which files are records, and how a file is named in messages.

Kept apart from :mod:`pcplan.loading.records` so that commands answered from the
validation cache can list and name files without importing the YAML reader or the models.
"""

from __future__ import annotations

import os
from pathlib import Path

from pcplan.loading.repo import RECORDS_DIR
from pcplan.realpaths import folders_resolved_once as folders_resolved_once
from pcplan.realpaths import real_folder

RECORD_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 1024 * 1024
"""The largest record pcplan reads: 40 times the largest realistic record."""


def record_names(records_dir: Path) -> list[str]:
    """The names of every record file in ``records/``, in name order."""
    try:
        names = os.listdir(records_dir)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names.sort()
    return [name for name in names if name.endswith(RECORD_SUFFIXES) and name[0] != "."]


def has_records(records_dir: Path) -> bool:
    """Whether ``records/`` holds any record file (found without listing them all)."""
    try:
        entries = os.scandir(records_dir)
    except (FileNotFoundError, NotADirectoryError):
        return False
    with entries:
        return any(
            entry.name.endswith(RECORD_SUFFIXES) and not entry.name.startswith(".")
            for entry in entries
        )


def record_files(records_dir: Path) -> list[Path]:
    """Every record file in ``records/``, in name order."""
    if not records_dir.is_dir():
        return []
    return [records_dir / name for name in record_names(records_dir)]


def display_path(path: Path, base: Path | None = None) -> str:
    """How a file is named in messages: relative to the working directory when inside it."""
    # The folder is resolved, not the file: a linked file is named where the link is.
    where = Path(real_folder(path.parent)) / path.name
    for anchor in (base, Path.cwd()):
        if anchor is None:
            continue
        try:
            return where.relative_to(real_folder(anchor.absolute())).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def repository_of(path: Path) -> Path:
    """The folder a record file must really live in: its repository (``records/``'s parent).

    Found from where the file is named, so a ``records/`` folder that is itself a link
    (to a shared drive) is followed, but a record file linked to elsewhere is not.
    """
    folder = Path(real_folder(path.absolute().parent))
    return folder.parent if path.absolute().parent.name == RECORDS_DIR else folder
