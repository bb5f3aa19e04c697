"""Edits the validation cache vouches for: no model is loaded to change a known record.

When the cache holds a result for exactly the bytes an edit read (the same hash, the same
settings, a result that holds today) and that result has no error, the record is not
checked again: its node tree is read, and the models are loaded only if the change asks
for the validated record (:class:`KnownRecord`).

A change that only appends one entry it has checked itself (a progress entry: see
:class:`~pcplan.editing.commands.Appended`) is then checked by reading the new text back
strictly and comparing its data, with the list's length limit and the entry's date rule
applied, instead of by every rule again: the rest of the record is unchanged and was
valid. Its result is stored in the cache in turn (the old problems at their new lines, the
new entry's warning, the days it holds), so the next edit of that record is vouched for
too. So ``pcplan log`` on a record that ``validate`` (or an editor's check) has seen loads
neither the models nor pydantic, time after time.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pcplan.cache.store import (
    Entry,
    StoredDiagnostic,
    ValidationCache,
    digest,
    relative_name,
    restored,
    stat_of,
)
from pcplan.diagnostics.core import MAX_PROBLEMS_PER_FILE, Diagnostic
from pcplan.editing.commands import Change
from pcplan.errors import InvalidRecordError
from pcplan.loading.yamlstrict import MAX_FILE_BYTES, YamlDocument, YamlError, check_text, parse

if TYPE_CHECKING:
    from pcplan.loading.records import LoadedRecord
    from pcplan.models.record import Record

BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class KnownRecord:
    """A record whose bytes the validation cache knows to be valid today: its text and node
    tree, read without the models. The validated record is made when a change asks for it."""

    path: Path
    display: str
    raw: bytes
    document: YamlDocument
    text: str
    today: date
    _record: Record | None = None

    @property
    def tree(self) -> YamlDocument:
        return self.document

    @property
    def pupil_id(self) -> str:
        pupil_id: str = self.document.data["pupil"]["id"]
        return pupil_id

    @property
    def record(self) -> Record:
        if self._record is None:
            from pcplan.loading.records import load_record_bytes

            loaded, problems = load_record_bytes(self.path, self.display, self.raw, self.today)
            errors = [d for d in problems if d.severity == "error"]
            if loaded is None or errors:  # the cache vouched wrongly: say so, change nothing
                raise InvalidRecordError(
                    f"{self.display} is not valid, so pcplan will not change it; fix these "
                    "problems first (pcplan validate lists them), then try again",
                    errors,
                )
            self._record = loaded.record
        return self._record

    def position(self, path: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        return self.document.position(path, key=key)


@dataclass(slots=True)
class Voucher:
    """The validation cache of a records repository, opened for one edit of one record."""

    cache: ValidationCache
    name: str
    """The record file, relative to the repository root (as the cache names it)."""
    entry: Entry | None
    """The stored result for exactly the bytes read, when it holds today and found no
    error; else None, and the record is checked in full."""

    settings_known: bool
    """Whether the cache holds the result of the settings as they are (if not, it holds
    no record's either)."""

    @classmethod
    def open(cls, root: Path, path: Path, raw: bytes, today: date) -> Voucher | None:
        """The cache of the repository at ``root`` for the record at ``path``, which holds
        ``raw``; None when the record lies outside the repository."""
        from pcplan.loading.repo import SETTINGS_FILE

        name = relative_name(path, root)
        if name is None:
            return None
        cache = ValidationCache.open(root)
        if cache.settings_diagnostics(root / SETTINGS_FILE) is None:
            return cls(cache, name, None, False)
        entry = cache.lookup(name, str(path), today.toordinal())
        if entry is not None and (
            entry.digest != digest(raw)
            or any(d[5] == "error" for d in entry.diagnostics)
            # Near the limit of problems shown, the checks in full say which are shown.
            or len(entry.diagnostics) >= MAX_PROBLEMS_PER_FILE - 1
        ):
            entry = None
        return cls(cache, name, entry, True)

    def known(
        self, path: Path, display: str, raw: bytes, today: date
    ) -> tuple[KnownRecord, list[Diagnostic]] | None:
        """The record as the cache vouches for it, and its problems (warnings only)."""
        if self.entry is None:
            return None
        try:
            text = check_text(raw)
            document = parse(text)
        except YamlError:  # not what the cache knew after all: checked in full
            return None
        problems = [restored(display, d) for d in self.entry.diagnostics]
        return KnownRecord(path, display, raw, document, text, today), problems

    def store_appended(
        self, path: Path, before: YamlDocument, written: AppendChecked, today: date
    ) -> None:
        """Keep the result of the record just written by an appending change, so that the
        next edit is vouched for too (nothing is kept when an old problem cannot be placed
        in the new text; a failure to save is harmless)."""
        from pcplan.diagnostics.days import valid_days_of

        assert self.entry is not None
        after = written.document
        moved: list[StoredDiagnostic] = []
        for line, column, field, message, code, severity in self.entry.diagnostics:
            if before.position(field) == (line, column):
                line, column = after.position(field)
            elif before.position(field, key=True) == (line, column):
                line, column = after.position(field, key=True)
            else:
                return
            moved.append((line, column, field, message, code, severity))
        moved.extend(
            (d.line, d.column, d.path, d.message, d.code, d.severity) for d in written.warnings
        )
        start, until = valid_days_of(after.data, today)
        entry = self.entry._replace(
            digest=digest(written.raw),
            diagnostics=tuple(moved),
            valid_from=start.toordinal(),
            valid_until=until.toordinal(),
        )
        if self.entry.id_at != (0, 0):  # placed: the pupil's lines may have moved
            entry = entry._replace(
                id_at=after.position(("pupil", "id")), upn_at=after.position(("pupil", "upn"))
            )
        with contextlib.suppress(OSError):
            self._keep(entry._replace(stat=stat_of(os.stat(path))))

    def store_checked(
        self, path: Path, raw: bytes, record: LoadedRecord, problems: list[Diagnostic], today: date
    ) -> None:
        """Keep the result of the record just written and checked in full (``record``,
        with ``problems``), as ``validate`` would keep it."""
        from pcplan.cache.validation import fresh_result

        try:
            fresh = fresh_result(path, raw, os.stat(path), record, problems, today)
        except OSError:
            return
        root = self.cache.root
        reads = tuple(
            (name, stat) for read, stat in fresh.reads if (name := relative_name(read, root))
        )
        if fresh.entry is None or len(reads) != len(fresh.reads):
            return  # a picture outside the repository: checked every time, never kept
        if not self.settings_known:
            from pcplan.cache.store import stored
            from pcplan.loading.files import display_path
            from pcplan.loading.records import load_settings
            from pcplan.loading.repo import SETTINGS_FILE

            settings = root / SETTINGS_FILE
            _, found = load_settings(settings, display_path(settings))
            self.cache.store_settings(settings, tuple(stored(d) for d in found))
        self._keep(fresh.entry._replace(upn=self.cache.upn_key(fresh.upn), reads=reads))

    def _keep(self, entry: Entry) -> None:
        # The entry holds the stat taken after writing: a file changed again since has
        # another hash, and one changed within the same moment is hashed again (see the
        # cache's racy rule).
        self.cache.store(self.name, entry)
        with contextlib.suppress(OSError):
            self.cache.save()


@dataclass(frozen=True, slots=True)
class AppendChecked:
    """The new bytes of a record after an appending change, read back, and the warnings
    the change brings."""

    raw: bytes
    document: YamlDocument
    warnings: list[Diagnostic]


def check_appended(display: str, raw: bytes, change: Change, today: date) -> AppendChecked | None:
    """Check the new text of a change that appends one checked entry to a record known to
    be valid (see the module docstring); None to check it in full, which also says what is
    wrong."""
    appended = change.appended
    if appended is None:
        return None
    new_raw = (BOM if raw.startswith(BOM) else b"") + change.text.encode("utf-8")
    if len(new_raw) > MAX_FILE_BYTES:
        return None
    try:
        document = parse(check_text(new_raw))
    except YamlError:
        return None
    if document.data != change.expected:
        return None
    entries = document.data
    for key in appended.at:
        entries = entries[key]
    if len(entries) > appended.limit:
        return None
    warnings = []
    if appended.dated > today:
        where = (*appended.at, len(entries) - 1, "date")
        line, column = document.position(where)
        message, code = appended.future
        warnings.append(Diagnostic(display, line, column, where, message, code, "warning"))
    return AppendChecked(new_raw, document, warnings)
