"""`render all` without re-rendering what has not changed.

A pupil's documents are a pure function of their record, its photo, the settings, the
templates (built-in and the school's), the format, the date of the run and this pcplan.
The output folder keeps a small manifest of what each pupil's documents were made from,
and of the documents as they were written. A pupil whose inputs are all the same, and
whose documents are still as written, is not read or rendered again; their documents are
already byte for byte what rendering them would give. The index is rendered again only
when its list of pupils changes.

The manifest lives in the repository's cache folder, one for each output folder and
format. Like the validation cache it holds no text about a pupil: hashes, stats, file names
and pupil ids. So when the index must change, the records of the pupils not rendered again
are read for their line on it. A manifest that is missing, damaged or made for another run
simply means rendering every pupil.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pcplan.cache.store import CACHE_DIR, Stat, code_fingerprint, stat_of

if TYPE_CHECKING:
    from pcplan.cache.validation import Checked
    from pcplan.diagnostics.core import Diagnostic
    from pcplan.loading.repo import Repository
    from pcplan.render.documents import PupilOutput
    from pcplan.render.layout import BatchResult, Format
    from pcplan.render.views import Audience, IndexEntry
    from pcplan.render.written import Written

MANIFEST_PREFIX = ".pcplan-render"
_FORMAT = 1


def _stat(path: Path) -> Stat | None:
    try:
        return stat_of(os.stat(path))
    except OSError:
        return None


def _folder_stats(folder: Path) -> list[str]:
    out: list[str] = []
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(current, name)
            with contextlib.suppress(OSError):
                st = os.stat(path)
                out.append(f"{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_ctime_ns}")
    return out


def run_key(
    repository: Repository,
    today: date,
    fmt: Format,
    out_dir: Path,
    audiences: Sequence[Audience],
) -> str:
    """What every document of a run depends on, besides the pupil's own record."""
    from pcplan.render.layout import builtin_templates_dir

    settings = repository.settings_path
    try:
        settings_bytes = settings.read_bytes()
    except OSError:
        settings_bytes = b"(none)"
    parts = [
        f"format {_FORMAT}",
        code_fingerprint(),
        str(repository.root),
        str(out_dir.absolute()),
        fmt,
        " ".join(audiences),
        today.isoformat(),
        hashlib.blake2b(settings_bytes, digest_size=16).hexdigest(),
        *_folder_stats(builtin_templates_dir()),
        *_folder_stats(repository.templates_dir),
    ]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


@dataclass(slots=True)
class Done:
    """A pupil rendered by an earlier run: what it was made from and what was written."""

    source: str
    pupil_id: str
    documents: list[tuple[str, Stat | None]]


@dataclass
class Manifest:
    """What the documents in one output folder were made from."""

    path: Path
    key: str
    pupils: dict[str, Done] = field(default_factory=dict)
    index: tuple[str, Stat | None] | None = None

    @classmethod
    def open(cls, root: Path, out_dir: Path, fmt: Format, key: str) -> Manifest:
        where = f"{out_dir.absolute()}\n{fmt}".encode()
        name = hashlib.blake2b(where, digest_size=8).hexdigest()
        path = root / CACHE_DIR / f"render-{name}.json"
        manifest = cls(path, key)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw["key"] != key:
                return manifest
            for name, (source, pupil_id, documents) in raw["pupils"].items():
                manifest.pupils[str(name)] = Done(
                    str(source),
                    str(pupil_id),
                    [(str(doc), _as_stat(doc_stat)) for doc, doc_stat in documents],
                )
            index_key, index_stat = raw["index"]
            manifest.index = (str(index_key), _as_stat(index_stat))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path, key)
        return manifest

    def unchanged(self, name: str, source: str, out_dir: Path) -> Done | None:
        """The earlier result for the record ``name`` if it still stands."""
        done = self.pupils.get(name)
        if done is None or done.source != source:
            return None
        for document, written in done.documents:
            if written is None or _stat(out_dir / document) != written:
                return None
        return done

    def save(self) -> None:
        content = {
            "key": self.key,
            "pupils": {
                name: [done.source, done.pupil_id, done.documents]
                for name, done in self.pupils.items()
            },
            "index": self.index,
        }
        from pcplan.fileio import atomic_write_text

        with contextlib.suppress(OSError):
            if not self.path.parent.is_dir():
                self.path.parent.mkdir()
                (self.path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
            atomic_write_text(self.path, json.dumps(content, separators=(",", ":")) + "\n")


def _as_stat(value: Any) -> Stat | None:
    if value is None:
        return None
    a, b, c, d = (int(n) for n in value)
    return (a, b, c, d)


def render_all_incremental(
    repository: Repository,
    checked: Checked,
    today: date,
    fmt: Format,
    out_dir: Path,
    *,
    report: Callable[[list[Diagnostic]], None],
    advance: Callable[[], None],
    use_manifest: bool = True,
    audiences: Sequence[Audience] = ("staff",),
    written: Written | None = None,
) -> BatchResult:
    """Every document of every valid record, and the index, re-rendering only what changed.

    ``checked`` is the validation of every record (from the cache where it holds). Records
    with errors are handed to ``report`` and left out, as :func:`render_batch` does. Each
    pupil's document, made now or kept, is noted in ``written``.
    """
    from pcplan.render.layout import STAFF_ONLY, BatchResult, document_path, index_path

    invalid = checked.invalid_files
    problems: dict[str, list[Diagnostic]] = {}
    for diagnostic in checked.diagnostics:
        if diagnostic.file in invalid:
            problems.setdefault(diagnostic.file, []).append(diagnostic)
    for file in sorted(problems):
        report(problems[file])

    key = run_key(repository, today, fmt, out_dir, audiences)
    nested = tuple(audiences) != STAFF_ONLY
    old = Manifest.open(repository.root, out_dir, fmt, key)
    if not use_manifest:
        old.pupils.clear()
        old.index = None
    new = Manifest(old.path, key)
    batch = BatchResult(index=index_path(out_dir, fmt), audiences=len(audiences))
    kept: list[str] = []
    to_render: list[str] = []
    for name in checked.valid_names:
        source = checked.source_key(name)
        done = old.unchanged(name, source, out_dir) if source is not None else None
        if done is None:
            to_render.append(name)
            continue
        new.pupils[name] = done
        kept.append(name)
        batch.unchanged += len(done.documents)
        if written is not None:
            _note_kept(written, out_dir, done)
        advance()
    for _ in range(len(checked.names) - len(checked.valid_names)):
        advance()

    renderer: Any = None
    entries: dict[str, IndexEntry] = {}
    summaries: dict[str, Any] = {}
    failed: set[str] = set()
    if to_render:
        from pcplan.fileio import AtomicBatch
        from pcplan.render.documents import RecordProblem

        renderer = _renderer(repository, today)
        made: dict[str, list[str]] = {}
        with AtomicBatch() as files:
            for name, output in _render(renderer, repository, to_render, today, fmt, audiences):
                if isinstance(output.done, RecordProblem):
                    problems[output.display] = list(output.done.diagnostics)
                    report(output.done.diagnostics)
                    failed.add(name)
                    advance()
                    continue
                documents: list[str] = []
                for audience, kind, text in output.done:
                    folder = out_dir / audience if nested else out_dir
                    path = document_path(folder, output.pupil_id, kind, fmt)
                    wrote = (
                        files.write_bytes(path, text)
                        if isinstance(text, bytes)
                        else files.write_text(path, text)
                    )
                    if wrote:
                        batch.written += 1
                    else:
                        batch.unchanged += 1
                    if written is not None:
                        written.add(path, output.pupil_id, text)
                    documents.append(path.relative_to(out_dir).as_posix())
                made[name] = documents
                entries[name] = output.entry
                summaries[name] = output.summary
                source = checked.source_key(name)
                if source is not None:
                    new.pupils[name] = Done(source, output.pupil_id, [])
                advance()
        for name, documents in made.items():
            if name in new.pupils:
                new.pupils[name].documents = [(doc, _stat(out_dir / doc)) for doc in documents]
    batch.pupils = len(kept) + len(entries)
    if problems:
        from pcplan.render.views import NotRendered

        batch.not_rendered = [
            NotRendered(file, sum(1 for d in found if d.severity == "error"))
            for file, found in sorted(problems.items())
        ]
    # The index lists every pupil rendered and every record not: its key is theirs.
    index_key = hashlib.blake2b(
        json.dumps(
            [
                [[name, checked.source_key(name)] for name in [*kept, *entries]],
                [[n.file, n.problems] for n in batch.not_rendered],
                _agendas_made(out_dir, fmt),
            ],
            sort_keys=True,
        ).encode(),
        digest_size=16,
    ).hexdigest()
    if old.index is not None and old.index == (index_key, _stat(batch.index)):
        batch.unchanged += 1
        new.index = old.index
    else:
        from pcplan.fileio import atomic_write_text

        if renderer is None:
            renderer = _renderer(repository, today)
        for name, (entry, summary) in _index_entries(
            renderer, repository, kept, today, fmt, audiences
        ).items():
            entries[name] = entry
            summaries[name] = summary
        order = [name for name in checked.valid_names if name in summaries]
        text = renderer.index_page(
            list(entries.values()),
            batch.not_rendered,
            fmt,
            [summaries[name] for name in order],
            out_dir,
            audiences,
        )
        if atomic_write_text(batch.index, text):
            batch.written += 1
        else:
            batch.unchanged += 1
        new.index = (index_key, _stat(batch.index))
    if use_manifest and (new.pupils != old.pupils or new.index != old.index):
        new.save()
    return batch


def _note_kept(written: Written, out_dir: Path, done: Done) -> None:
    """Note a kept pupil's documents as pcplan's when the list lacks them (it was deleted,
    or they were made before it was kept): their stats show they are as pcplan wrote them."""
    from pcplan.fileio import FileRefused, read_regular_file

    for document, _ in done.documents:
        path = out_dir / document
        if written.knows(path):
            continue
        with contextlib.suppress(OSError, FileRefused):
            written.add(path, done.pupil_id, read_regular_file(path, 1 << 30, within=out_dir))


def _renderer(repository: Repository, today: date) -> Any:
    from pcplan.render.documents import Renderer

    return Renderer(repository, today)


def _render(
    renderer: Any,
    repository: Repository,
    names: list[str],
    today: date,
    fmt: Format,
    audiences: Sequence[Audience],
) -> list[tuple[str, PupilOutput]]:
    """Load and render the records ``names`` (over several processes for many)."""
    from pcplan.loading.files import display_path
    from pcplan.loading.records import load_many, workers_for
    from pcplan.render.documents import load_and_render, prepare

    paths = [repository.root / name for name in names]
    workers = workers_for(len(paths))
    if workers > 1:
        _, outputs = load_and_render(renderer, paths, today, fmt, workers, audiences)
    else:
        loaded = load_many(paths, today)
        outputs = [prepare(renderer, record, fmt, audiences) for record in loaded.records]
    by_display = {display_path(path): name for name, path in zip(names, paths, strict=True)}
    return [(by_display[output.display], output) for output in outputs]


# What a forked worker of _index_entries renders with: set in the parent before forking.
_FORKED: tuple[Any, Format, Sequence[Audience]] | None = None


def _agendas_made(out_dir: Path, fmt: Format) -> list[str]:
    """Which terms' review agendas are in the output folder: the overview links them."""
    try:
        terms = sorted(os.listdir(out_dir / "reviews"))
    except OSError:
        return []
    return [t for t in terms if (out_dir / "reviews" / t / f"index.{fmt}").is_file()]


def _entries_chunk(paths: list[Path], today: date) -> list[tuple[str, IndexEntry, Any]]:
    from pcplan.loading.records import load_chunk

    assert _FORKED is not None
    renderer, fmt, audiences = _FORKED
    _, loaded_records = load_chunk(paths, today)
    return [
        (str(loaded.path), renderer.index_entry(loaded, fmt, audiences), renderer.summarise(loaded))
        for loaded in loaded_records
    ]


def _index_entries(
    renderer: Any,
    repository: Repository,
    names: list[str],
    today: date,
    fmt: Format,
    audiences: Sequence[Audience],
) -> dict[str, tuple[IndexEntry, Any]]:
    """The index lines and overview summaries of the pupils whose documents were kept:
    their records are read."""
    global _FORKED
    from pcplan.loading.records import map_chunks, workers_for

    paths = {str(repository.root / name): name for name in names}
    chunks: list[list[tuple[str, IndexEntry, Any]]]
    workers = workers_for(len(paths))
    renderer.cohort_context()  # made before the workers fork, so that each inherits it
    _FORKED = (renderer, fmt, audiences)
    try:
        if workers > 1:
            chunks = list(map_chunks(_entries_chunk, [Path(p) for p in paths], today, workers))
        else:
            chunks = [_entries_chunk([Path(p) for p in paths], today)]
    finally:
        _FORKED = None
    return {paths[path]: (entry, summary) for chunk in chunks for path, entry, summary in chunk}
