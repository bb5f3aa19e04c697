"""Checking a repository's records with the validation cache (what `pcplan validate` runs).

Records whose stored result still holds are not read; the others are read, checked and
stored (over several processes for a large batch). The checks across records (one pupil
id and one UPN per record) run every time over every record's key, so naming one record
still finds a UPN that another file already uses.

Commands that need the records themselves (``check``, ``due``, ``review``, ``calendar``,
``register``, ``provision``) pass a ``summarise`` function: each valid record is then read
and handed to it, but a record whose stored result still holds is not checked again (its
rules are not run and its stored diagnostics are reported), so such a command reports
exactly what ``validate`` reports, and costs little more.

Only the standard library and the light parts of pcplan are imported here: the YAML reader
and the models are imported when some record has to be read.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pcplan.cache.store import Entry, Stat, ValidationCache, digest, stat_of
from pcplan.cache.store import relative_name as relative_name
from pcplan.cache.store import restored as restored
from pcplan.cache.store import stored as stored
from pcplan.diagnostics.across import check_across
from pcplan.diagnostics.core import Diagnostic
from pcplan.diagnostics.core import Path as FieldPath
from pcplan.loading.files import display_path, record_names, repository_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from pcplan.loading.records import LoadedRecord
    from pcplan.loading.repo import Repository

    Summarise = Callable[[LoadedRecord], Any]


# The classes of this module are written out rather than made by dataclasses: an editor's
# check of one record, answered from the cache, would spend a tenth of its time importing
# that module.


class Checked:
    """The outcome of checking some records: every diagnostic, and how many files.

    - ``names``: the record files checked, relative to the repository root;
    - ``settings``: the problems in pcplan.yaml (also among ``diagnostics``);
    - ``summaries``: what ``summarise`` made of each reported record with no error of its
      own, by name (a problem found across records can still make it invalid: see
      ``invalid_names``).
    """

    __slots__ = (
        "diagnostics",
        "entries",
        "files",
        "invalid_names",
        "names",
        "settings",
        "summaries",
    )

    def __init__(self, files: int = 0) -> None:
        self.files = files
        self.diagnostics: list[Diagnostic] = []
        self.names: list[str] = []
        self.invalid_names: set[str] = set()
        self.entries: dict[str, Entry] = {}
        self.settings: list[Diagnostic] = []
        self.summaries: dict[str, Any] = {}

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def invalid_files(self) -> set[str]:
        return {d.file for d in self.errors}

    @property
    def valid_names(self) -> list[str]:
        return [name for name in self.names if name not in self.invalid_names]

    def source_key(self, name: str) -> str | None:
        """What a record's documents are made from, besides the run: its bytes and photo."""
        entry = self.entries.get(name)
        if entry is None:
            return None
        return f"{entry.digest.hex()} {entry.reads!r}"


class CachedKey:
    """A record's key for the checks across records, with the positions they point at."""

    __slots__ = ("_display", "id_at", "name", "path", "pupil_id", "upn", "upn_at")

    def __init__(
        self,
        name: str,
        path: Path,
        pupil_id: str,
        upn: str | None,
        id_at: tuple[int, int],
        upn_at: tuple[int, int],
    ) -> None:
        self.name = name
        self.path = path
        self.pupil_id = pupil_id
        self.upn = upn
        self.id_at = id_at
        self.upn_at = upn_at
        self._display: str | None = None

    @property
    def display(self) -> str:
        if self._display is None:
            self._display = display_path(self.path)
        return self._display

    def diagnostic(self, path: FieldPath, message: str, code: str) -> Diagnostic:
        line, column = self.upn_at if path[-1:] == ("upn",) else self.id_at
        return Diagnostic(self.display, line, column, path, message, code)


class Fresh:
    """A record file just read and checked: its entry, or only its diagnostics when the
    file could not be read as a regular file (such a result is not stored). ``loaded`` is
    the record itself while it is at hand (never kept, passed back or stored)."""

    __slots__ = ("diagnostics", "entry", "loaded", "path", "reads", "upn")

    def __init__(
        self,
        path: Path,
        entry: Entry | None,
        diagnostics: list[Diagnostic],
        upn: str | None = None,
        reads: list[tuple[Path, Stat | None]] | None = None,
        loaded: LoadedRecord | None = None,
    ) -> None:
        self.path = path
        self.entry = entry
        self.diagnostics = diagnostics
        self.upn = upn
        self.reads = reads if reads is not None else []
        self.loaded = loaded


def _stat_or_none(path: Path) -> Stat | None:
    try:
        return stat_of(os.stat(path))
    except OSError:
        return None


def check_file(path: Path, today: date, *, fast: bool = False) -> Fresh:
    """Read and check one record file: what the cache stores about it.

    ``fast`` reads a plain file with the fast parser (see :func:`load_record`). Then the
    positions of the pupil's id and UPN are left unknown, :data:`UNPLACED`: finding them
    costs a second parse, and only a clash between two records needs them.
    """
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
    loaded, problems = load_record_bytes(path, display, raw, today, fast=fast)
    return fresh_result(path, raw, file_stat, loaded, problems, today)


def fresh_result(
    path: Path,
    raw: bytes,
    file_stat: os.stat_result,
    loaded: LoadedRecord | None,
    problems: list[Diagnostic],
    today: date,
) -> Fresh:
    """What the cache stores about the record file at ``path``, which held ``raw`` (with
    ``file_stat``) and was read as ``loaded`` with ``problems``."""
    from pcplan.diagnostics.rules import files_read, valid_days

    entry = Entry(
        stat_of(file_stat),
        digest(raw),
        tuple(stored(d) for d in problems),
        valid_from=date.min.toordinal(),  # a record the schema refuses: no rule ran
        valid_until=date.max.toordinal(),
    )
    if loaded is None:
        return Fresh(path, entry, problems)
    start, until = valid_days(loaded, today)
    placed = loaded.document is not None and loaded.document.has_tree
    entry = entry._replace(
        pupil_id=loaded.pupil_id,
        id_at=loaded.position(("pupil", "id")) if placed else UNPLACED,
        upn_at=loaded.position(("pupil", "upn")) if placed else UNPLACED,
        valid_from=start.toordinal(),
        valid_until=until.toordinal(),
    )
    reads = [(read, _stat_or_none(read)) for read in files_read(loaded)]
    return Fresh(path, entry, problems, loaded.record.pupil.upn, reads, loaded)


UNPLACED = (0, 0)
"""The stored position of a pupil's id or UPN when it is not known yet (lines count from 1)."""


def place(entry: Entry, path: Path) -> Entry:
    """``entry`` with the positions of the pupil's id and UPN, read from the file."""
    from pcplan.loading.records import read_document

    document, _, _ = read_document(path, display_path(path))
    if document is None:
        return entry._replace(id_at=(1, 1), upn_at=(1, 1))
    return entry._replace(
        id_at=document.position(("pupil", "id")), upn_at=document.position(("pupil", "upn"))
    )


def read_known(path: Path, today: date, known: bytes, *, fast: bool = False) -> LoadedRecord | None:
    """Read a record the cache knows to be valid: its data, without checking it again.

    None when the file no longer holds the bytes the cache knows (it changed a moment
    ago), or cannot be read: it is then checked as any changed file is.
    """
    from pcplan.fileio import FileRefused, read_regular_file
    from pcplan.loading.records import LoadedRecord, document_from_bytes, validate_data
    from pcplan.loading.yamlstrict import MAX_FILE_BYTES
    from pcplan.models.record import Record

    try:
        raw = read_regular_file(path, MAX_FILE_BYTES, within=repository_of(path))
    except (FileRefused, OSError):
        return None
    if digest(raw) != known:
        return None
    display = display_path(path)
    document, text, _ = document_from_bytes(raw, display, fast=fast)
    if document is None:
        return None
    record, _ = validate_data(Record, document, display)
    if record is None:
        return None
    return LoadedRecord(path, display, record, document, text)


def keep_record(loaded: LoadedRecord) -> LoadedRecord:
    """The ``summarise`` of commands that need the records themselves: the record (its
    node tree is released once it has been read, as :func:`load_many` releases it). A
    record costs more to pass between processes than to read: use it with
    ``parallel=False``."""
    return loaded


def record_name(path: Path, root: Path) -> str:
    """How :func:`check_with_cache` names a record file: relative to the repository root,
    or by its absolute path when it lies outside."""
    name = relative_name(path, root)
    return name if name is not None else str(path.absolute())


class _Reading(NamedTuple):
    """What the workers of one batch need besides the files: which records the cache
    already knows (a path, and the hash of the bytes it knows valid), which are wanted
    summarised, how, and whether plain files are read with the fast parser (see
    :func:`load_record`)."""

    today: date
    known: dict[str, bytes]
    wanted: frozenset[str]
    summarise: Summarise | None
    fast: bool = False


# What a forked worker reads with: set in the parent before forking.
_FORKED: _Reading | None = None


def _read_file(path: Path, reading: _Reading) -> tuple[Fresh | None, Any]:
    """One file of a batch: checked (None when the cache's result holds), and summarised
    when wanted and valid."""
    key = str(path)
    summarise = reading.summarise
    known = reading.known.get(key)
    if known is not None and summarise is not None:
        loaded = read_known(path, reading.today, known, fast=reading.fast)
        if loaded is not None:
            summary = summarise(loaded)
            loaded.release()
            return None, summary
    fresh = check_file(path, reading.today, fast=reading.fast)
    loaded, fresh.loaded = fresh.loaded, None
    summary = None
    if (
        loaded is not None
        and summarise is not None
        and key in reading.wanted
        and not any(d.severity == "error" for d in fresh.diagnostics)
    ):
        summary = summarise(loaded)
    if loaded is not None:
        loaded.release()
    return fresh, summary


def _read_chunk(paths: list[Path], today: date) -> list[tuple[Fresh | None, Any]]:
    from pcplan.loading.files import folders_resolved_once
    from pcplan.loading.records import no_cyclic_gc

    assert _FORKED is not None
    with no_cyclic_gc(), folders_resolved_once():
        return [_read_file(path, _FORKED) for path in paths]


def _read_all(
    paths: list[Path],
    reading: _Reading,
    parallel: bool,
    meanwhile: Callable[[], object] | None = None,
    node_trees: bool = False,
) -> list[tuple[Fresh | None, Any]]:
    global _FORKED
    if not paths:
        if meanwhile is not None:
            meanwhile()
        return []
    from pcplan.loading.records import fast_batch, map_chunks, workers_for

    # Decided here, before any worker is forked, so that each inherits the loaded parser.
    _FORKED = reading._replace(fast=not node_trees and fast_batch(len(paths)))
    reading = _FORKED
    try:
        workers = workers_for(len(paths)) if parallel else 1
        if workers == 1:
            if meanwhile is not None:
                meanwhile()
            return _read_chunk(paths, reading.today)
        out: list[tuple[Fresh | None, Any]] = []
        for chunk in map_chunks(_read_chunk, paths, reading.today, workers, meanwhile):
            out.extend(chunk)
        return out
    finally:
        _FORKED = None


class _Paths(dict[str, Path]):
    """Record names to paths, made when first asked for (most runs need only a few)."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def __missing__(self, name: str) -> Path:
        path = self[name] = self.root / name
        return path


def check_with_cache(
    repository: Repository,
    today: date,
    named: list[Path] | None = None,
    *,
    use_cache: bool = True,
    summarise: Summarise | None = None,
    parallel: bool = True,
    meanwhile: Callable[[], object] | None = None,
    node_trees: bool = False,
) -> Checked:
    """Check the named record files (default: all) and ``pcplan.yaml``.

    Every record in ``records/`` takes part in the checks across records; only problems in
    the named files (and the settings) are reported. With ``use_cache=False`` nothing is
    read from or written to the cache, and the result is the same.

    With ``summarise``, every named record with no error of its own is also read and
    passed to it (in a worker process, for a large batch: it must be a module-level
    function or a ``functools.partial`` of one, and what it returns is passed back), while
    its node tree is still at hand; the results are in ``Checked.summaries``. With
    ``parallel=False`` every file is read in this process (for summaries too large to pass
    back cheaply, such as whole records).

    ``meanwhile`` is called once, while the worker processes read (or before this process
    reads): a command prepares there what it needs afterwards (templates, say).

    ``node_trees`` is for a ``summarise`` that points at lines in most records (``check``'s
    findings): every file is then read with its node tree at once, where the fast reader
    (which keeps none) would have the file read a second time for its first position.
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
        relative = [(relative_name(path, root), path) for path in named]
        reported = {name for name, _ in relative if name is not None}
        wanted = list(dict.fromkeys([*all_names, *sorted(reported)]))
        outside = [path for name, path in relative if name is None]

    entries, missing = cache.lookup_many(wanted, f"{root}{os.sep}", today.toordinal(), reported)
    storable = set(entries)
    paths = _Paths(root)
    # Files outside the repository are checked every time, under their absolute path.
    outside_keys = {str(path.absolute()): path for path in outside}
    paths.update(outside_keys)
    uncached: dict[str, list[Diagnostic]] = {}
    report = wanted if reported is None else [*sorted(reported), *outside_keys]
    to_check = [*missing, *outside_keys]
    to_read: list[str] = []
    if summarise is not None:
        # Records the cache knows to be valid are read for their data, not checked again.
        to_read = [
            key
            for key in report
            if key in entries and not any(d[5] == "error" for d in entries[key].diagnostics)
        ]
    jobs = [*to_check, *to_read]
    summarised: frozenset[str] = frozenset()
    if summarise is not None and jobs:
        in_report = set(report)
        summarised = frozenset(str(paths[key]) for key in jobs if key in in_report)
    reading = _Reading(
        today, {str(paths[key]): entries[key].digest for key in to_read}, summarised, summarise
    )
    summaries: dict[str, Any] = {}
    for key, (fresh, summary) in zip(
        jobs,
        _read_all([paths[k] for k in jobs], reading, parallel, meanwhile, node_trees),
        strict=True,
    ):
        if summary is not None:
            summaries[key] = summary
        if fresh is None:
            continue
        if fresh.entry is None:
            uncached[key] = fresh.diagnostics
            entries.pop(key, None)
            continue
        reads = tuple(
            (rel, read_stat)
            for read, read_stat in fresh.reads
            if (rel := relative_name(read, root)) is not None
        )
        entry = fresh.entry._replace(upn=cache.upn_key(fresh.upn), reads=reads)
        entries[key] = entry
        # A file outside the repository, or a photo outside it: read every time.
        if key not in outside_keys and len(reads) == len(fresh.reads):
            cache.store(key, entry)
            storable.add(key)

    result = Checked(files=len(wanted) if named is None else len(named))
    result.settings = [restored(settings_display, d) for d in settings]
    result.diagnostics.extend(result.settings)
    result.names = report
    result.entries = entries
    result.summaries = {key: summaries[key] for key in report if key in summaries}
    for key in report:
        if key in uncached:
            result.diagnostics.extend(uncached[key])
            if any(d.severity == "error" for d in uncached[key]):
                result.invalid_names.add(key)
        elif key in entries and entries[key].diagnostics:
            shown = display_path(paths[key])
            result.diagnostics.extend(restored(shown, d) for d in entries[key].diagnostics)
            if any(d[5] == "error" for d in entries[key].diagnostics):
                result.invalid_names.add(key)

    across, placed = _across(entries, paths)
    for key in placed & storable:
        cache.store(key, entries[key])
    for key, diagnostic in across:
        if reported is None or key in reported or key in outside_keys:
            result.diagnostics.append(diagnostic)
            if diagnostic.severity == "error":
                result.invalid_names.add(key)
    result.diagnostics.sort(key=Diagnostic.sort_key)

    cache.forget_unseen(all_names)
    cache.save()
    return result


def _across(
    entries: dict[str, Entry], paths: dict[str, Path]
) -> tuple[list[tuple[str, Diagnostic]], set[str]]:
    """The checks across records, over the keys of every record; each problem with the
    record it is in. Only records that share an id or a UPN can have one, so only their
    keys are made (a school has thousands of records and rarely any such problem).

    Also returns the records whose positions were found (:func:`place`) for these checks:
    their entries in ``entries`` now hold them."""
    from collections import Counter
    from operator import attrgetter

    # Counted without a Python loop over thousands of records (None: no key, no UPN).
    ids = Counter(map(attrgetter("pupil_id"), entries.values()))
    upns = Counter(map(attrgetter("upn"), entries.values()))
    shared_ids = {pupil_id for pupil_id, n in ids.items() if n > 1 and pupil_id is not None}
    shared_upns = {upn for upn, n in upns.items() if n > 1 and upn}
    if not shared_ids and not shared_upns:
        return [], set()
    clashing = [
        key
        for key, entry in entries.items()
        if entry.pupil_id is not None and (entry.pupil_id in shared_ids or entry.upn in shared_upns)
    ]
    placed: set[str] = set()
    for key in clashing:
        if UNPLACED in (entries[key].id_at, entries[key].upn_at):
            entries[key] = place(entries[key], paths[key])
            placed.add(key)
    keys = []
    for key in clashing:
        entry = entries[key]
        assert entry.pupil_id is not None
        keys.append(
            CachedKey(key, paths[key], entry.pupil_id, entry.upn, entry.id_at, entry.upn_at)
        )
    by_display = {key.display: key.name for key in keys}
    return [(by_display[d.file], d) for d in check_across(keys)], placed
