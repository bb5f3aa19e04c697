"""Real paths of folders, looked up once within a batch of files.

Resolving a path reads every folder on the way (a system call each). A batch of records
lies in one folder, so within :func:`folders_resolved_once` each folder's real path is
looked up once, not once a file. Outside such a block every lookup is fresh.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_folders: dict[str, str] | None = None


@contextmanager
def folders_resolved_once() -> Iterator[None]:
    """Within this block, each folder's real path is looked up once (a batch takes
    seconds; a folder moved or linked elsewhere meanwhile is seen by the next run)."""
    global _folders
    outer = _folders
    if outer is None:
        _folders = {}
    try:
        yield
    finally:
        _folders = outer


def real_folder(folder: Path | str) -> str:
    """``os.path.realpath(folder)``, looked up once within :func:`folders_resolved_once`."""
    if _folders is None:
        return os.path.realpath(folder)
    key = os.fspath(folder)
    if not os.path.isabs(key):
        key = os.path.join(os.getcwd(), key)
    real = _folders.get(key)
    if real is None:
        real = _folders[key] = os.path.realpath(key)
    return real


def real_file(path: Path | str, lstat: os.stat_result) -> str:
    """``os.path.realpath(path)`` for a file whose ``os.lstat`` is ``lstat``: a file that is
    not a link is where its folder really is."""
    if stat.S_ISLNK(lstat.st_mode):
        return os.path.realpath(path)
    folder, name = os.path.split(os.fspath(path))
    if name in ("", ".", ".."):
        return os.path.realpath(path)
    return os.path.join(real_folder(folder or "."), name)
