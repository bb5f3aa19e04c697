"""Checking a repository's records with the validation cache (what `pcplan validate` runs).

Records whose stored result still holds are not read; the others are read, checked and
stored (over several processes for a large batch). The checks across records (one pupil
id and one UPN per record) run every time over every record's key, so naming one record
still finds a UPN that another file already uses.

Only the standard library and the light parts of pcplan are imported here: the YAML reader
and the models are imported when some record has to be read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pcplan.cache.store import Entry, Stat, StoredDiagnostic, ValidationCache, digest, stat_of
from pcplan.diagnostics.across import check_across
from pcplan.diagnostics.core import Diagnostic
from pcplan.diagnostics.core import Path as FieldPath
from pcplan.loading.files import display_path, record_names, repository_of

if TYPE_CHECKING:
    from pcplan.loading.repo import Repository


@dataclass(slots=True)
class Checked:
    """The outcome of checking some records: every diagnostic, and how many files."""

    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def invalid_files(self) -> set[str]:
        return {d.file for d in self.errors}


def stored(diagnostic: Diagnostic) -> StoredDiagnostic:
    return (
        diagnostic.line,
        diagnostic.column,
        diagnostic.path,
        diagnostic.message,
        diagnostic.code,
        diagnostic.severity,
    )


def restored(display: str, item: StoredDiagnostic) -> Diagnostic:
    line, column, path, message, code, severity = item
    return Diagnostic(display, line, column, path, message, code, severity)  # type: ignore[arg-type]


@dataclass(slots=True)
class CachedKey:
    """A record's key for the checks across records, with the positions they point at."""

    path: Path
    pupil_id: str
    upn: str | None
    id_at: tuple[int, int]
    upn_at: tuple[int, int]
    _display: str | None = None

    @property
    def display(self) -> str:
        if self._display is None:
            self._display = display_path(self.path)
        return self._display

    def diagnostic(self, path: FieldPath, message: str, code: str) -> Diagnostic:
        line, column = self.upn_at if path[-1:] == ("upn",) else self.id_at
        return Diagnostic(self.display, line, column, path, message, code)


@dataclass(slots=True)
class Fresh:
    """A record file just read and checked: its entry, or only its diagnostics when the
    file could not be read as a regular file (such a result is not stored)."""

    path: Path
    entry: Entry | None
    diagnostics: list[Diagnostic]
    upn: str | None = None
    reads: list[tuple[Path, Stat | None]] = field(default_factory=list)


def _stat_or_none(path: Path) -> Stat | None:
    try:
        return stat_of(os.stat(path))
    except OSError:
        return None


def check_file(path: Path, today: date) -> Fresh:
    """Read and check one record file: what the cache stores about it."""
    from pcplan.diagnostics.rules import files_read, valid_days
    from pcplan.fileio import FileRefused, read_regular_file_stat
    from pcplan.loading.records import load_record, load_record_bytes
    from pcplan.loading.yamlstrict import MAX_FILE_BYTES

    display = display_path(path)
    try:
        # The stat from before reading: a change made while reading shows next time.
        raw, file_stat = read_regular_file_stat(path, MAX_FILE_BYTES, within=repository_of(path))
    except (FileRefused, OSError):  # said as loading says it, and not stored
        _, problems = load_record(path, display, today)
        return Fresh(path, None, problems)
    loaded, problems = load_record_bytes(path, display, raw, today)
    entry = Entry(stat_of(file_stat), digest(raw), tuple(stored(d) for d in problems))
    fresh = Fresh(path, entry, problems)
    forever = (date.min.toordinal(), date.max.toordinal())
    entry.valid_from, entry.valid_until = forever
    if loaded is not None:
        entry.pupil_id = loaded.pupil_id
        fresh.upn = loaded.record.pupil.upn
        entry.id_at = loaded.position(("pupil", "id"))
        entry.upn_at = loaded.position(("pupil", "upn"))
        start, until = valid_days(loaded, today)
        entry.valid_from, entry.valid_until = start.toordinal(), until.toordinal()
        fresh.reads = [(read, _stat_or_none(read)) for read in files_read(loaded)]
    return fresh


def _check_files(paths: list[Path], today: date) -> list[Fresh]:
    from pcplan.loading.records import no_cyclic_gc

    with no_cyclic_gc():
        return [check_file(path, today) for path in paths]


def _check_all(paths: list[Path], today: date) -> list[Fresh]:
    if not paths:
        return []
    from pcplan.loading.records import map_chunks, workers_for

    workers = workers_for(len(paths))
    if workers == 1:
        return _check_files(paths, today)
    out: list[Fresh] = []
    for chunk in map_chunks(_check_files, paths, today, workers):
        out.extend(chunk)
    return out


def _relative(path: Path, root: Path) -> str | None:
    """``path`` relative to the repository root, or None when it lies outside."""
    try:
        absolute = path if path.is_absolute() else Path.cwd() / path
        return Path(os.path.normpath(absolute)).relative_to(root).as_posix()
    except ValueError:
        return None


def check_with_cache(
    repository: Repository,
    today: date,
    named: list[Path] | None = None,
    *,
    use_cache: bool = True,
) -> Checked:
    """Check the named record files (default: all) and ``pcplan.yaml``.

    Every record in ``records/`` takes part in the checks across records; only problems in
    the named files (and the settings) are reported. With ``use_cache=False`` nothing is
    read from or written to the cache, and the result is the same.
    """
    root = repository.root
    cache = ValidationCache.open(root, persist=use_cache)
    settings = cache.settings_diagnostics(repository.settings_path)
    settings_display = display_path(repository.settings_path)
    if settings is None:
        found = repository.settings_diagnostics
        settings = tuple(stored(d) for d in found)
        cache.store_settings(repository.settings_path, settings)

    all_names = [f"records/{name}" for name in record_names(repository.records_dir)]
    if named is None:
        wanted = all_names
        reported: set[str] | None = None
        outside: list[Path] = []
    else:
        relative = [(_relative(path, root), path) for path in named]
        reported = {name for name, _ in relative if name is not None}
        wanted = list(dict.fromkeys([*all_names, *sorted(reported)]))
        outside = [path for name, path in relative if name is None]

    day = today.toordinal()
    entries: dict[str, Entry] = {}
    missing: list[str] = []
    for name in wanted:
        entry = cache.lookup(name, root / name, day)
        if entry is None:
            missing.append(name)
        else:
            entries[name] = entry
    paths = {name: root / name for name in wanted}
    # Files outside the repository are checked every time, under their absolute path.
    outside_keys = {str(path.absolute()): path for path in outside}
    paths.update(outside_keys)
    uncached: dict[str, list[Diagnostic]] = {}
    to_check = [*missing, *outside_keys]
    for key, fresh in zip(to_check, _check_all([paths[k] for k in to_check], today), strict=True):
        if fresh.entry is None:
            uncached[key] = fresh.diagnostics
            continue
        entry = fresh.entry
        entry.upn = cache.upn_key(fresh.upn)
        entries[key] = entry
        if key not in outside_keys:
            entry.reads = tuple(
                (rel, read_stat)
                for read, read_stat in fresh.reads
                if (rel := _relative(read, root)) is not None
            )
            if len(entry.reads) == len(fresh.reads):  # a photo outside: read it every time
                cache.store(key, entry)

    result = Checked(files=len(wanted) if named is None else len(named))
    result.diagnostics.extend(restored(settings_display, d) for d in settings)
    displays: dict[str, str] = {}

    def shown(key: str) -> str:
        if key not in displays:
            displays[key] = display_path(root / key)
        return displays[key]

    report = wanted if reported is None else [*sorted(reported), *outside_keys]
    for key in report:
        if key in uncached:
            result.diagnostics.extend(uncached[key])
        elif key in entries and entries[key].diagnostics:
            result.diagnostics.extend(restored(shown(key), d) for d in entries[key].diagnostics)

    keys = [
        CachedKey(paths[key], entry.pupil_id, entry.upn, entry.id_at, entry.upn_at)
        for key, entry in entries.items()
        if entry.pupil_id is not None
    ]
    across = check_across(keys)
    if reported is not None:
        named_displays = {shown(key) for key in reported} | {display_path(p) for p in outside}
        across = [d for d in across if d.file in named_displays]
    result.diagnostics.extend(across)
    result.diagnostics.sort(key=Diagnostic.sort_key)

    cache.forget_unseen(all_names)
    cache.save()
    return result
