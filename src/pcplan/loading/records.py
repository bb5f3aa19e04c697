"""Reading record files into validated models, collecting every problem on the way."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from pcplan.diagnostics.core import Diagnostic, Severity, cap_per_file
from pcplan.diagnostics.core import Path as FieldPath
from pcplan.diagnostics.schema_errors import diagnostics_from
from pcplan.fileio import FileRefused, FileTooLarge, read_regular_file
from pcplan.loading.files import display_path as display_path
from pcplan.loading.files import folders_resolved_once
from pcplan.loading.files import record_files as record_files
from pcplan.loading.files import repository_of as repository_of
from pcplan.loading.yamlstrict import (
    MAX_FILE_BYTES,
    YamlDocument,
    YamlError,
    check_text,
    parse,
    too_large_message,
)
from pcplan.models.record import Record, Settings

if TYPE_CHECKING:
    from pcplan.loading.repo import Repository

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class RecordKey:
    """What the checks across records need of one record: small enough to pass between
    processes. Positions are found by reading the file again, which only a problem needs."""

    path: Path
    display: str
    pupil_id: str
    upn: str | None

    def diagnostic(self, path: FieldPath, message: str, code: str) -> Diagnostic:
        document, _, _ = read_document(self.path, self.display)
        line, column = document.position(path) if document is not None else (1, 1)
        return Diagnostic(self.display, line, column, path, message, code)


@dataclass(slots=True)
class LoadedRecord:
    """A valid record together with where it came from, so checks can point at lines."""

    path: Path
    display: str
    record: Record
    document: YamlDocument | None
    text: str

    @property
    def pupil_id(self) -> str:
        return self.record.pupil.id

    def position(self, path: FieldPath, key: bool = False) -> tuple[int, int]:
        if self.document is None:  # released after loading a batch: re-read on demand
            document, _, _ = read_document(self.path, self.display)
            if document is None:
                return (1, 1)
            return document.position(path, key=key)
        return self.document.position(path, key=key)

    @property
    def tree(self) -> YamlDocument:
        """The parsed document with its node tree (for edits); only before :meth:`release`."""
        if self.document is None:
            raise RuntimeError("the record's node tree was released after loading")
        return self.document

    def key(self) -> RecordKey:
        return RecordKey(self.path, self.display, self.pupil_id, self.record.pupil.upn)

    def release(self) -> None:
        """Drop the node tree and text (most of a record's memory) once checks are done."""
        self.document = None
        self.text = ""

    def diagnostic(
        self,
        path: FieldPath,
        message: str,
        code: str,
        *,
        severity: Severity = "error",
        key: bool = False,
    ) -> Diagnostic:
        line, column = self.position(path, key)
        return Diagnostic(self.display, line, column, path, message, code, severity)


@dataclass(slots=True)
class LoadResult:
    """The records that loaded, and every problem found on the way."""

    records: list[LoadedRecord] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def invalid_files(self) -> set[str]:
        return {d.file for d in self.errors}


def read_document(
    path: Path, display: str, *, confined: bool = True
) -> tuple[YamlDocument | None, str, list[Diagnostic]]:
    """Read and parse one YAML file strictly; problems come back as diagnostics.

    The file is refused, unread, when it is not a regular file, when it is larger than a
    record may be, or (when ``confined``) when it is a link to a file outside its repository.
    """
    try:
        raw = read_regular_file(
            path, MAX_FILE_BYTES, within=repository_of(path) if confined else None
        )
    except FileTooLarge as exc:
        return None, "", [Diagnostic(display, 1, 1, (), too_large_message(exc.size), "too-large")]
    except FileRefused as exc:
        return None, "", [Diagnostic(display, 1, 1, (), exc.message, exc.code)]
    except FileNotFoundError:
        return None, "", [Diagnostic(display, 1, 1, (), "the file does not exist", "no-file")]
    except OSError as exc:
        return (
            None,
            "",
            [
                Diagnostic(
                    display,
                    1,
                    1,
                    (),
                    f"the file cannot be read ({exc.strerror or 'unreadable'})",
                    "unreadable",
                )
            ],
        )
    return document_from_bytes(raw, display)


def document_from_bytes(
    raw: bytes, display: str, *, fast: bool = False
) -> tuple[YamlDocument | None, str, list[Diagnostic]]:
    """Check and parse a file's bytes strictly; problems come back as diagnostics.

    With ``fast``, a plain file is read by the fast parser (:mod:`pcplan.loading.fastyaml`):
    the same data, and a node tree only when a position is asked for.
    """
    try:
        text = check_text(raw)
        document = (_parse_fast(text) if fast else None) or parse(text)
    except YamlError as exc:
        p = exc.problem
        if p.code == "merge-conflict":
            from pcplan.history.conflicts import describe_conflicts

            explained = describe_conflicts(
                raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace"), display
            )
            if explained:
                return None, "", explained
        return None, "", [Diagnostic(display, p.line, p.column, p.path, p.message, p.code)]
    return document, text, []


def validate_data(
    model: type[M], document: YamlDocument, display: str, context: dict[str, Any] | None = None
) -> tuple[M | None, list[Diagnostic]]:
    """Validate parsed data against ``model``; every schema problem as a diagnostic."""
    data = document.data
    if data is None:
        return None, [
            Diagnostic(
                display,
                1,
                1,
                (),
                "the file is empty; a record starts with 'schema_version: 1'",
                "empty",
            )
        ]
    if not isinstance(data, dict):
        line, column = document.position(())
        return None, [
            Diagnostic(
                display,
                line,
                column,
                (),
                "the file must be a set of 'key: value' lines, starting with 'schema_version: 1'",
                "not-a-mapping",
            )
        ]
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as exc:
        return None, diagnostics_from(
            exc, data, model, display, lambda p, k: document.position(p, key=k)
        )


def load_record(
    path: Path, display: str, today: date, *, fast: bool = False
) -> tuple[LoadedRecord | None, list[Diagnostic]]:
    """Load one record file, run the single-record checks, and return every problem.

    ``fast`` reads a plain file with the fast parser (worth it in a batch: it costs a few
    milliseconds to load); the record and every diagnostic are the same.
    """
    if not fast:
        document, text, problems = read_document(path, display)
        return _record_from_document(path, display, document, text, problems, today)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES, within=repository_of(path))
    except (FileRefused, OSError):  # said as the strict reading says it
        return load_record(path, display, today)
    return load_record_bytes(path, display, raw, today, fast=True)


def load_record_bytes(
    path: Path, display: str, raw: bytes, today: date, *, fast: bool = False
) -> tuple[LoadedRecord | None, list[Diagnostic]]:
    """Like :func:`load_record`, for the bytes a record at ``path`` holds or is about to hold."""
    document, text, problems = document_from_bytes(raw, display, fast=fast)
    if document is not None and not document.has_tree:
        loaded, problems = _record_from_document(path, display, document, text, problems, today)
        if loaded is not None and not problems:
            return loaded, problems
        # A record with any problem is read again the strict way, which every message
        # (its line and column) comes from.
        document, text, problems = document_from_bytes(raw, display)
    return _record_from_document(path, display, document, text, problems, today)


def _record_from_document(
    path: Path,
    display: str,
    document: YamlDocument | None,
    text: str,
    problems: list[Diagnostic],
    today: date,
) -> tuple[LoadedRecord | None, list[Diagnostic]]:
    from pcplan.diagnostics.rules import check_record

    if document is None:
        return None, problems
    record, problems = validate_data(Record, document, display)
    if record is None:
        return None, problems
    loaded = LoadedRecord(path, display, record, document, text)
    return loaded, cap_per_file(check_record(loaded, today))


def load_settings(path: Path, display: str) -> tuple[Settings, list[Diagnostic]]:
    """Load ``pcplan.yaml``; defaults apply when the file is absent."""
    if not os.path.lexists(path):
        return Settings(), []
    document, _, problems = read_document(path, display, confined=False)
    if document is None:
        return Settings(), problems
    if document.data is None:
        return Settings(), []
    settings, problems = validate_data(Settings, document, display)
    if settings is None:
        return Settings(), problems
    from pcplan.diagnostics.rules import check_settings

    return settings, check_settings(settings, document, display)


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    # Records are trees: the cyclic collector only costs time while a batch loads.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


PARALLEL_FROM = 400
"""From this many files, checking uses a process per core: parsing is nearly all the work."""

FAST_FROM = 32
"""From this many files, a batch is read with the fast parser (loading it takes a few ms)."""


def fast_batch(files: int) -> bool:
    """Whether a batch of ``files`` records is read with the fast parser (when installed).

    Asked before a pool of processes starts, so that each one inherits the loaded parser.
    """
    if files < FAST_FROM:
        return False
    from pcplan.loading.fastyaml import fast_loader

    return fast_loader() is not None


def _parse_fast(text: str) -> YamlDocument | None:
    from pcplan.loading.fastyaml import parse_fast

    return parse_fast(text)


def _check_chunk(paths: list[Path], today: date) -> tuple[list[Diagnostic], list[RecordKey]]:
    # Only the keys go back from a worker: whole records would cost time to pass over.
    diagnostics, loaded_records = load_chunk(paths, today)
    return diagnostics, [loaded.key() for loaded in loaded_records]


def workers_for(files: int) -> int:
    """How many processes to use for ``files`` records: one per core for large batches."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, 8) if files >= PARALLEL_FROM else 1


T = TypeVar("T")


def map_chunks(
    work: Callable[[list[Path], date], T],
    paths: list[Path],
    today: date,
    workers: int,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[T]:
    """``work`` over slices of ``paths`` in a pool of forked processes, results in order.

    Forking lets each worker inherit what the parent has already prepared (compiled
    templates, imported models) instead of building it again. ``meanwhile`` is called
    once the workers have started, so that what only this process needs is done while
    it would otherwise wait for them.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, len(paths) // (workers * 4))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    fast_batch(len(paths))  # the fast parser is loaded here, inherited by every worker
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = pool.map(work, chunks, [today] * len(chunks))
        if meanwhile is not None:
            meanwhile()
        yield from results


def check_many(paths: list[Path], today: date) -> LoadResult:
    """Check files without keeping their records (what `pcplan validate` needs).

    Large batches are spread over the machine's cores; the diagnostics are the same.
    """
    from pcplan.diagnostics.rules import check_across

    result = LoadResult(files=len(paths))
    workers = workers_for(len(paths))
    keys: list[RecordKey] = []
    if workers == 1:
        diagnostics, keys = _check_chunk(paths, today)
        result.diagnostics.extend(diagnostics)
    else:
        for diagnostics, chunk_keys in map_chunks(_check_chunk, paths, today, workers):
            result.diagnostics.extend(diagnostics)
            keys.extend(chunk_keys)
    result.diagnostics.extend(check_across(keys))
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def load_chunk(paths: list[Path], today: date) -> tuple[list[Diagnostic], list[LoadedRecord]]:
    """Load files with each record's own checks (not those across records), trees released."""
    diagnostics: list[Diagnostic] = []
    loaded_records: list[LoadedRecord] = []
    fast = fast_batch(len(paths))
    with no_cyclic_gc(), folders_resolved_once():
        for path in paths:
            loaded, problems = load_record(path, display_path(path), today, fast=fast)
            diagnostics.extend(problems)
            if loaded is not None:
                loaded.release()
                loaded_records.append(loaded)
    return diagnostics, loaded_records


def load_many(paths: Iterable[Path], today: date, *, keep_documents: bool = False) -> LoadResult:
    """Load every file into records, then run the checks across records.

    Node trees take most of a loaded record's memory; they are released once the record's
    own checks have run, unless ``keep_documents`` is set. Positions stay available (the
    file is read again on demand, which only a rare cross-record problem needs).
    """
    from pcplan.diagnostics.rules import check_across

    result = LoadResult()
    paths = list(paths)
    fast = fast_batch(len(paths))
    with no_cyclic_gc(), folders_resolved_once():
        for path in paths:
            result.files += 1
            display = display_path(path)
            loaded, problems = load_record(path, display, today, fast=fast)
            result.diagnostics.extend(problems)
            if loaded is not None:
                if not keep_documents:
                    loaded.release()
                result.records.append(loaded)
        result.diagnostics.extend(check_across([r.key() for r in result.records]))
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def load_repository(repo: Repository, today: date, paths: list[Path] | None = None) -> LoadResult:
    """Load the named record files (default: all) of a repository, and its settings."""
    files = record_files(repo.records_dir) if paths is None else paths
    return with_settings(repo, load_many(files, today))


def check_repository(repo: Repository, today: date, paths: list[Path] | None = None) -> LoadResult:
    """Check the named record files (default: all) and the settings, keeping no records."""
    files = record_files(repo.records_dir) if paths is None else paths
    return with_settings(repo, check_many(files, today))


def with_settings(repo: Repository, result: LoadResult) -> LoadResult:
    """Add the problems in pcplan.yaml to a batch's diagnostics."""
    if repo.settings_diagnostics:
        result.diagnostics = sorted(
            [*repo.settings_diagnostics, *result.diagnostics], key=Diagnostic.sort_key
        )
    return result
