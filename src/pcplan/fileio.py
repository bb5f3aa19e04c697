"""Atomic writes: a reader never sees half a file, and an unchanged file is not touched."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from pcplan.realpaths import real_file, real_folder


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
    created = make_folders(path.parent)
    mode = None
    with contextlib.suppress(OSError):
        mode = path.stat().st_mode & 0o7777
    try:
        fd, tmp_name = _temp_beside(path)
    except BaseException:
        remove_empty_folders(created)
        raise
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode if mode is not None else 0o644)
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        remove_empty_folders(created)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from None
        raise
    _fsync_dir(path.parent)
    return True


def make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and any missing parents; return those created, outermost first."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        remove_empty_folders(list(reversed(missing)))
        raise _naming(exc, folder) from None
    return list(reversed(missing))


def remove_empty_folders(created: list[Path]) -> None:
    """Remove folders made for a write that failed, innermost first, if they are empty."""
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _naming(exc: OSError, path: Path) -> OSError:
    """The same error, naming the file it concerns (a full disk names none)."""
    if exc.filename:
        return exc
    return OSError(exc.errno, exc.strerror, str(path))


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
        self._created: list[Path] = []

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
            self._created.extend(make_folders(path.parent))
            self._folders.add(path.parent)
        fd, tmp_name = _temp_beside(path)
        self._pending.append((tmp_name, path))
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.chmod(tmp_name, mode if mode is not None else 0o644)
        except OSError as exc:
            raise _naming(exc, path) from None
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
            self._created.clear()  # every folder made now holds its files
        finally:
            self._pending = pending[replaced:]
            self._discard()

    def _discard(self) -> None:
        for tmp_name, _ in self._pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        self._pending.clear()
        # Folders made for this batch that stayed empty (nothing was moved into them).
        remove_empty_folders(self._created)
        self._created.clear()


class FileRefused(Exception):
    """A file pcplan will not read, with the reason in plain words and a stable code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class FileTooLarge(FileRefused):
    """A file larger than pcplan reads; ``size`` is its size in bytes."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"the file is {size_words(size)}; at most {size_words(limit)} can be read",
            "too-large",
        )
        self.size = size
        self.limit = limit


MIB = 1024 * 1024


def size_words(size: int) -> str:
    """A file size a teacher can compare with a limit: exact bytes near the limits."""
    if size < 10 * MIB:
        return f"{size:,} bytes"
    return f"{size / MIB:,.0f} MiB"


def read_regular_file(path: Path, limit: int, *, within: Path | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (see :func:`read_regular_file_stat`)."""
    return read_regular_file_stat(path, limit, within=within)[0]


def read_regular_file_stat(
    path: Path, limit: int, *, within: Path | None = None
) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at ``path``, read once and never more than ``limit``,
    with the stat of the open file taken before reading.

    A device, FIFO or socket (``records/x.yaml -> /dev/zero``) is refused before a byte is
    read, so nothing can hang or fill memory: the open file is checked with ``fstat``, and
    at most ``limit + 1`` bytes are read. With ``within``, a file whose real path lies
    outside that folder (a symbolic link to ``/etc/passwd``) is refused too.

    Raises :class:`FileRefused` with the reason (:class:`FileTooLarge` over ``limit``), or
    ``OSError`` when the file cannot be opened at all (missing, no permission).
    """
    # stat first, so that a device or FIFO is not even opened; the open file is checked again.
    link = os.lstat(path)
    _refuse_unless_regular((os.stat(path) if stat.S_ISLNK(link.st_mode) else link).st_mode)
    if within is not None:
        real = Path(real_file(path, link))
        if not real.is_relative_to(real_folder(within)):
            raise FileRefused(
                "this is a link to a file outside the records repository; pcplan reads only "
                "files inside it: copy the file in, in place of the link",
                "outside-repository",
            )
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        _refuse_unless_regular(info.st_mode)
        if info.st_size > limit:
            raise FileTooLarge(info.st_size, limit)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # the file grew after fstat
        raise FileTooLarge(len(data), limit)
    return data, info


def _refuse_unless_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise FileRefused("this is a folder, not a file", "not-a-file")
    if not stat.S_ISREG(mode):
        raise FileRefused("this is not a regular file", "not-a-file")
