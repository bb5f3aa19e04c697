"""One edit of a record at a time, so that parallel edits never lose an entry.

The lock is taken on the record file itself (no lock files to clutter ``records/``). An
edit replaces the file with a new one, so after taking the lock we check that the path
still names the file we locked; if another edit replaced it meanwhile, we lock again.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from pcplan.errors import PcplanError

LOCK_TIMEOUT = 30.0


class RecordBusy(PcplanError):
    """Another edit of the same record did not finish in time."""


def _open(path: Path) -> int:
    # Never follow a link or wait on a FIFO: the edit checks what the path is before locking.
    flags = os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        # Network file systems emulate flock with write locks, which need a writable handle.
        return os.open(path, os.O_RDWR | flags)
    except PermissionError:
        return os.open(path, os.O_RDONLY | flags)


@contextlib.contextmanager
def record_lock(path: Path, display: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on the record at ``path`` for the duration of the block."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: edits are not serialised
        yield
        return
    deadline = time.monotonic() + timeout
    delay = 0.002
    while True:
        try:
            fd = _open(path)
        except FileNotFoundError:
            raise PcplanError(f"{display} is no longer there (was it moved or renamed?)") from None
        except OSError as exc:
            raise PcplanError(
                f"{display} cannot be opened ({exc.strerror or 'unreadable'})"
            ) from None
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise RecordBusy(
                            f"{display} is being changed by another pcplan command; "
                            "try again in a moment"
                        ) from None
                    time.sleep(delay)
                    delay = min(delay * 2, 0.05)
            try:
                now = os.stat(path)
            except FileNotFoundError:
                now = None
            held = os.fstat(fd)
            if now is not None and (now.st_ino, now.st_dev) == (held.st_ino, held.st_dev):
                yield
                return
        finally:
            os.close(fd)  # closing the handle releases the lock
        if now is None:
            raise PcplanError(f"{display} is no longer there (was it moved or renamed?)")
        # Another edit replaced the file while we waited: lock the new one.
