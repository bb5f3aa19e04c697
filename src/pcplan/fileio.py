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
    fd, tmp_name = _temp_beside(path)
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
    fd, tmp_name = _temp_beside(path)
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


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in the target's folder; errors name the target, not the temp."""
    try:
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class AtomicBatch:
    """Many files replaced together, with one flush to disk for all of them.

    ``write`` puts each changed file's new content in a temporary file beside it; leaving
    the ``with`` block flushes them all to disk at once, moves each into place (a reader
    sees the old file or the new one, never half of one), and flushes again. If the block
    is left by an exception, nothing is replaced and the temporary files are removed.
    Unchanged files are not touched. Flushing once per batch instead of once per file is
    what keeps writing a thousand documents quick.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[str, Path]] = []
        self._folders: set[Path] = set()

    def __enter__(self) -> AtomicBatch:
        return self

    def write(self, path: Path, content: str | bytes) -> bool:
        """Stage text (as UTF-8) or bytes for ``path``; False when the file holds them already."""
        if isinstance(content, str):
            return self.write_text(path, content)
        return self.write_bytes(path, content)

    def write_text(self, path: Path, text: str) -> bool:
        """Stage ``text`` for ``path``; return False when the file already holds it."""
        return self.write_bytes(path, text.encode("utf-8"))

    def write_bytes(self, path: Path, content: bytes) -> bool:
        """Stage ``content`` for ``path``; return False when the file already holds it."""
        mode = None
        try:
            info = path.stat()
        except OSError:
            pass
        else:
            if info.st_size == len(content) and path.read_bytes() == content:
                return False
            mode = info.st_mode & 0o7777
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        fd, tmp_name = _temp_beside(path)
        self._pending.append((tmp_name, path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp_name, mode if mode is not None else 0o644)
        return True

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self._discard()
            return
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        replaced = 0
        try:
            os.sync()
            for tmp_name, path in pending:
                os.replace(tmp_name, path)
                replaced += 1
            os.sync()
        finally:
            self._pending = pending[replaced:]
            self._discard()

    def _discard(self) -> None:
        for tmp_name, _ in self._pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        self._pending.clear()
