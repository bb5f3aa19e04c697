"""Atomic writes: a reader never sees half a file, and an unchanged file is not touched."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, content: bytes, *, skip_unchanged: bool = True) -> bool:
    """Write ``content`` to ``path`` atomically; return False when nothing needed writing.

    The bytes go to a temporary file in the same folder, are flushed to disk, and then
    replace the target in one step, so an interrupted write leaves the old file intact.
    """
    if skip_unchanged:
        try:
            if path.stat().st_size == len(content) and path.read_bytes() == content:
                return False
        except OSError:
            pass
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = None
    with contextlib.suppress(OSError):
        mode = path.stat().st_mode & 0o7777
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode if mode is not None else 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)
    return True


def atomic_write_text(path: Path, text: str, *, skip_unchanged: bool = True) -> bool:
    """Write UTF-8 text atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode("utf-8"), skip_unchanged=skip_unchanged)


def create_exclusive(path: Path, text: str) -> None:
    """Create a new file with ``text``; fail with FileExistsError if it is already there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        # link() refuses to replace an existing file, so a racing writer cannot be overwritten.
        os.link(tmp_name, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
