"""One safe edit of a record: lock, check, change, check again, write atomically, commit.

The order matters. The record is locked before it is read and until it is written (and
committed), so parallel edits queue instead of overwriting each other. A record that is
not valid before the edit is refused: pcplan would only be guessing where things are.
The new text must read back as exactly the old data plus the change, and pass every check,
before it replaces the file in one step.

When the validation cache vouches for the bytes read, neither check needs the models for
a change that only appends an entry it has checked (see :mod:`pcplan.editing.known`).
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pcplan.diagnostics.core import Diagnostic, Severity
from pcplan.editing.commands import Change, Editable, Origin
from pcplan.editing.known import KnownRecord, Voucher, check_appended
from pcplan.editing.locking import record_lock
from pcplan.errors import EXIT_INTERNAL, InvalidRecordError, PcplanError
from pcplan.fileio import FileRefused, atomic_write_bytes, read_regular_file
from pcplan.loading.files import repository_of
from pcplan.loading.yamlstrict import MAX_FILE_BYTES

if TYPE_CHECKING:  # git is needed only with --commit
    from pcplan.editing.gitcommit import GitTarget, NoCommit
    from pcplan.loading.records import LoadedRecord

BOM = b"\xef\xbb\xbf"
STALE_TEMP_SECONDS = 60


class EditWouldGarble(PcplanError):
    """The new text would not read back as the old data plus the change: a bug in pcplan."""

    exit_code = EXIT_INTERNAL


@dataclass(slots=True)
class EditResult:
    """What an edit did, for the command line to report."""

    display: str
    change: Change
    warnings: list[Diagnostic]
    commit: str | None = None
    """The short id of the commit, when the change was committed."""
    not_committed: NoCommit | None = None
    """Why the change was not committed, when --commit was asked for but git was not there."""
    included_earlier: bool = False
    """Whether the commit also holds changes made to the record before this one."""


def _errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def _remove_stale_temp_files(path: Path) -> None:
    # A write killed before its rename leaves `.<name>.<random>.tmp` behind: harmless (never
    # read as a record) but untidy. Under the lock no edit of ours can be writing one.
    pattern = str(path.parent / f".{glob.escape(path.name)}.*.tmp")
    cutoff = time.time() - STALE_TEMP_SECONDS
    for name in glob.glob(pattern):
        with contextlib.suppress(OSError):
            if os.stat(name).st_mtime < cutoff:
                os.unlink(name)


def _fields(d: Diagnostic) -> tuple[int, int, tuple[str | int, ...], str, str, Severity]:
    return (d.line, d.column, d.path, d.message, d.code, d.severity)


def _point_at_origin(diagnostics: list[Diagnostic], origin: Origin | None) -> list[Diagnostic]:
    """Problems inside an entry copied from another file are shown at that file's lines."""
    if origin is None:
        return diagnostics
    size = len(origin.path)
    out = []
    for d in diagnostics:
        if d.path[:size] == origin.path:
            rest = d.path[size:]
            line, column = origin.document.position(rest)
            out.append(
                Diagnostic(origin.display, line, column, rest, d.message, d.code, d.severity)
            )
        else:
            out.append(d)
    return out


def checked_bytes(
    path: Path,
    display: str,
    raw: bytes,
    before: list[Diagnostic],
    change: Change,
    today: date,
) -> tuple[bytes, list[Diagnostic]]:
    """The bytes to write for ``change`` and the warnings it brings, once it is safe.

    The new text must pass every check, and read back as exactly the data the change
    promised; otherwise nothing is returned and the reason is raised.
    """
    checked = _checked_in_full(path, display, raw, before, change, today)
    return checked.raw, checked.warnings


class _CheckedInFull(NamedTuple):
    """New bytes that passed every check: the record they hold, every problem in them,
    and the warnings the change brings."""

    raw: bytes
    warnings: list[Diagnostic]
    record: LoadedRecord
    problems: list[Diagnostic]


def _checked_in_full(
    path: Path,
    display: str,
    raw: bytes,
    before: list[Diagnostic],
    change: Change,
    today: date,
) -> _CheckedInFull:
    from pcplan.loading.records import load_record_bytes

    new_raw = (BOM if raw.startswith(BOM) else b"") + change.text.encode("utf-8")
    shown = f"{display} (as it would be)"
    edited, after = load_record_bytes(path, shown, new_raw, today)
    problems = _point_at_origin(_errors(after), change.origin)
    if edited is None or problems:
        raise InvalidRecordError(
            f"the change would leave {display} with problems, so the file was not changed",
            problems,
        )
    if edited.tree.data != change.expected:
        raise EditWouldGarble(
            f"pcplan could not make this change to {display} without disturbing what is "
            "already there, so the file was not changed",
            hint="this is a bug in pcplan: please report it (without the record)",
        )
    known = {(d.code, d.path, d.message) for d in before}
    warnings = [
        d if d.file != shown else Diagnostic(display, *_fields(d))
        for d in _point_at_origin(after, change.origin)
        if d.severity == "warning" and (d.code, d.path, d.message) not in known
    ]
    return _CheckedInFull(new_raw, warnings, edited, after)


def _refuse_links_and_devices(path: Path, display: str) -> None:
    """Refuse, before locking (which opens the file), anything but a plain record file.

    Writing replaces the file, so an edit through a symbolic link would silently turn the
    link into a copy that drifts apart from the file it pointed to.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        raise PcplanError(f"{display} is no longer there (was it moved or renamed?)") from None
    except OSError as exc:
        raise PcplanError(f"{display} cannot be read ({exc.strerror or 'unreadable'})") from None
    if stat.S_ISLNK(mode):
        raise PcplanError(
            f"{display} is a symbolic link; pcplan will not replace a link with a file, "
            "so nothing was changed",
            hint="edit the file it points to, or put the record itself in records/",
        )
    if not stat.S_ISREG(mode):
        raise PcplanError(f"{display}: this is not a regular file")


def edit_record(
    path: Path,
    display: str,
    today: date,
    make_change: Callable[[Editable], Change],
    *,
    commit: bool = False,
    include_earlier: bool = False,
    cache_root: Path | None = None,
) -> EditResult:
    """Make one change to the record at ``path`` safely; see the module's docstring.

    ``cache_root`` is the records repository whose validation cache may vouch for the
    record (see :class:`pcplan.editing.known.Voucher`)."""
    _refuse_links_and_devices(path, display)
    with record_lock(path, display):
        _remove_stale_temp_files(path)
        target: GitTarget | NoCommit | None = None
        if commit:
            from pcplan.editing.gitcommit import prepare_commit

            target = prepare_commit(path, display, include_earlier)
        try:
            raw = read_regular_file(path, MAX_FILE_BYTES, within=repository_of(path))
        except FileRefused as exc:
            raise PcplanError(f"{display}: {exc.message}") from None
        except OSError as exc:
            raise PcplanError(
                f"{display} cannot be read ({exc.strerror or 'unreadable'})"
            ) from None
        voucher = Voucher.open(cache_root, path, raw, today) if cache_root else None
        source, before = _source(voucher, path, display, raw, today)
        change = make_change(source)
        appended = (
            check_appended(display, raw, change, today) if isinstance(source, KnownRecord) else None
        )
        in_full = None
        if appended is not None:
            new_raw, warnings = appended.raw, appended.warnings
        else:
            in_full = _checked_in_full(path, display, raw, before, change, today)
            new_raw, warnings = in_full.raw, in_full.warnings
        try:
            atomic_write_bytes(path, new_raw, skip_unchanged=False)
        except OSError as exc:
            raise PcplanError(
                f"{display} could not be saved ({exc.strerror or 'write failed'}); it is unchanged",
                hint="check that you may write to the records folder and that the disk has room",
            ) from None
        if voucher is not None:  # what was written is known valid: the next edit need not check
            if in_full is not None:
                voucher.store_checked(path, in_full.raw, in_full.record, in_full.problems, today)
            elif appended is not None and isinstance(source, KnownRecord):
                voucher.store_appended(path, source.document, appended, today)
        result = EditResult(display, change, warnings)
        if target is not None:
            from pcplan.editing.gitcommit import GitTarget, commit_record

            if isinstance(target, GitTarget):
                result.commit = commit_record(target, change.description)
                result.included_earlier = bool(target.earlier)
            else:
                result.not_committed = target
        return result


def _source(
    voucher: Voucher | None, path: Path, display: str, raw: bytes, today: date
) -> tuple[Editable, list[Diagnostic]]:
    """The record to change, and its problems now; refused when it is not valid."""
    known = voucher.known(path, display, raw, today) if voucher is not None else None
    if known is not None:
        return known
    from pcplan.loading.records import load_record_bytes

    loaded, before = load_record_bytes(path, display, raw, today)
    if loaded is None or _errors(before):
        raise InvalidRecordError(
            f"{display} is not valid, so pcplan will not change it; fix these problems "
            "first (pcplan validate lists them), then try again",
            _errors(before),
        )
    return loaded, before


@dataclass(frozen=True, slots=True)
class PlannedWrite:
    """One file of a change to many records: its bytes before (None: a new record) and after."""

    path: Path
    display: str
    before: bytes | None
    after: bytes


def write_together(writes: list[PlannedWrite]) -> None:
    """Write every file of a change to many records, or none of them.

    Each existing record is locked (in name order, so two such changes cannot wait on
    each other) and must still hold the bytes the change was made from: if anything edited
    it meanwhile, nothing is written. The files are then replaced together (see
    :class:`~pcplan.fileio.AtomicBatch`); a new record never replaces a file that appeared.
    """
    from pcplan.fileio import AtomicBatch

    ordered = sorted(writes, key=lambda w: str(w.path))
    with contextlib.ExitStack() as locks:
        for write in ordered:
            if write.before is None:
                if write.path.exists():
                    raise PcplanError(
                        f"{write.display} appeared while pcplan was working; nothing was written",
                        hint="run the command again",
                    )
                continue
            _refuse_links_and_devices(write.path, write.display)
            locks.enter_context(record_lock(write.path, write.display))
            try:
                now = read_regular_file(
                    write.path, MAX_FILE_BYTES, within=repository_of(write.path)
                )
            except FileRefused as exc:
                raise PcplanError(f"{write.display}: {exc.message}") from None
            except OSError as exc:
                raise PcplanError(
                    f"{write.display} cannot be read ({exc.strerror or 'unreadable'})"
                ) from None
            if now != write.before:
                raise PcplanError(
                    f"{write.display} was changed by someone else while pcplan was working; "
                    "nothing was written",
                    hint="run the command again",
                )
        try:
            with AtomicBatch() as batch:
                for write in ordered:
                    batch.write_bytes(write.path, write.after)
        except OSError as exc:
            raise PcplanError(
                f"the records could not be saved ({exc.strerror or 'write failed'}); "
                "none was changed",
                hint="check that you may write to the records folder and that the disk has room",
            ) from None
