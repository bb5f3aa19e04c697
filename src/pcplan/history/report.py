"""A pupil's history: each commit that touched the record, and what it changed.

Each version is read with the same strict loader as ``pcplan validate`` and compared with
the version before it as models (see :mod:`pcplan.history.diff`). A version that does not
load (an unresolved merge, a typo that was committed) is named and skipped: the next
version that loads is compared with the last one that did.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pcplan.errors import PcplanError
from pcplan.history.change import Change
from pcplan.history.git import Commit, NotInGit, RecordHistory, record_history, resolve_commit
from pcplan.history.memo import HistoryMemo

if TYPE_CHECKING:
    from pcplan.models import Record

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One commit in a pupil's history and what it changed."""

    commit: Commit
    changes: list[Change]
    layout_only: bool = False
    """The text changed but not what it says (layout or comments)."""
    not_loaded: str | None = None
    """Why this version was skipped: it does not load as a record."""


@dataclass(slots=True)
class History:
    """What changed in one record over a span of commits, oldest first."""

    display: str
    pupil_name: str
    entries: list[Entry] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    never_committed: bool = False
    """No commit holds the record at all (it is new, or git does not track it)."""

    def meaningful(self) -> History:
        """The same history without commits that changed only layout or comments."""
        kept = [e for e in self.entries if not e.layout_only]
        return History(
            self.display, self.pupil_name, kept, self.since, self.until, self.never_committed
        )

    @property
    def change_count(self) -> int:
        return sum(len(e.changes) for e in self.entries)


@dataclass(frozen=True, slots=True)
class Bound:
    """Where a span of history starts or ends: a date, or a commit."""

    day: date | None = None
    commit: str | None = None
    shown: str = ""


def parse_bound(top: Path, value: str | None, option: str) -> Bound | None:
    """``--since``/``--until`` as a date (YYYY-MM-DD) or a commit git knows."""
    if value is None or value == "":
        return None
    if _DAY.match(value):
        try:
            return Bound(day=date.fromisoformat(value), shown=value)
        except ValueError:
            raise PcplanError(f"{option} {value} is not a real date") from None
    commit = resolve_commit(top, value)
    if commit is None:
        from pcplan.english_dates import iso_suggestion

        raise PcplanError(
            f"{option} must be a date written YYYY-MM-DD or a commit git knows "
            f"(got '{value[:40]}'){iso_suggestion(value)}",
            hint="git log --oneline lists the commits",
        )
    return Bound(commit=commit, shown=value[:40])


def _load(raw: bytes | None, display: str) -> tuple[Record | None, str | None]:
    """A version's record, or why it does not load (None, None: the file is not there)."""
    from pcplan.loading.records import document_from_bytes, validate_data
    from pcplan.models import Record

    if raw is None:
        return None, None
    document, _, problems = document_from_bytes(raw, display)
    if document is None:
        return None, _reason(problems)
    record, problems = validate_data(Record, document, display)
    if record is None:
        return None, _reason(problems)
    return record, None


def _reason(problems: Sequence[object]) -> str:
    first = problems[0] if problems else None
    line = getattr(first, "line", 0)
    message = str(getattr(first, "message", "it cannot be read"))
    where = f"line {line}: " if line else ""
    count = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}{message}{count}" or "it cannot be read"


def _name_of(record: Record) -> str:
    pupil = record.pupil
    return " ".join((pupil.known_as or pupil.name or "").split())


Job = tuple[bytes | None, bytes | None, bool]
"""One commit to compare: its version, its first parent's, whether the parent had the file."""
Outcome = tuple[bool, str | None, list[Change] | None]
"""Whether the version loads, why not, and its changes (None: the parent does not load)."""

PARALLEL_FROM = 64
"""From this many versions not in the memo, they are read on every core: parsing is
nearly all the work."""


class Versions:
    """The versions of a record, each read at most once however many commits share it, and
    not at all when the memo already knows what it needs about it."""

    def __init__(self, display: str, memo: HistoryMemo) -> None:
        self.display = display
        self.memo = memo
        self.records: dict[bytes, Record | None] = {}
        self.keys: dict[int, bytes] = {}
        self.parses = 0
        """How many versions were read and checked (the rest came from the memo)."""

    def key(self, raw: bytes) -> bytes:
        found = self.keys.get(id(raw))
        if found is None:
            found = self.keys[id(raw)] = self.memo.key(raw)
        return found

    def record(self, raw: bytes) -> Record | None:
        """The version's record (read now, once), or None when it does not load."""
        key = self.key(raw)
        if key not in self.records:
            self.parses += 1
            record, problem = _load(raw, self.display)
            self.records[key] = record
            name = _name_of(record) if record is not None else ""
            self.memo.remember_status(key, (problem or "", name))
        return self.records[key]

    def problem(self, raw: bytes) -> str | None:
        """Why the version does not load, or None when it loads."""
        status = self.memo.status(self.key(raw))
        if status is None:
            self.record(raw)
            status = self.memo.status(self.key(raw))
            assert status is not None
        return status[0] or None

    def changes(self, before: bytes | None, after: bytes) -> list[Change]:
        """What changed from ``before`` (None: nothing yet) to ``after``; both load."""
        pair = self.memo.pair_key(None if before is None else self.key(before), self.key(after))
        stored = self.memo.changes(pair)
        if stored is None:
            from pcplan.history.diff import diff_records

            new = self.record(after)
            old = None if before is None else self.record(before)
            assert new is not None and (before is None or old is not None)
            found = diff_records(old, new)
            self.memo.remember_changes(pair, tuple(c.key() for c in found))
            return found
        return [Change(*c) for c in stored]

    def compare(self, job: Job) -> Outcome:
        raw, parent_raw, has_parent = job
        if raw is None:
            return False, None, []
        problem = self.problem(raw)
        if problem is not None:
            return False, problem, []
        if has_parent:
            if parent_raw is None or self.problem(parent_raw) is not None:
                return True, None, None
            return True, None, self.changes(parent_raw, raw)
        return True, None, self.changes(None, raw)


def _learn(jobs: list[Job], display: str) -> tuple[HistoryMemo, int]:
    """What a share of the jobs teaches the memo (run on another core), and how many
    versions it read."""
    memo = HistoryMemo(None)
    versions = Versions(display, memo)
    with _no_cyclic_gc():
        for job in jobs:
            versions.compare(job)
    return memo, versions.parses


def _learn_all(jobs: list[Job], versions: Versions) -> None:
    """Read the versions the memo does not know yet, on every core when there are many."""
    memo = versions.memo
    unknown = [job for job in jobs if not _known(job, versions)]
    workers = 1
    if len(unknown) >= PARALLEL_FROM:
        from pcplan.loading.records import workers_for

        workers = min(workers_for(10**6), 4)
    if workers == 1:
        with _no_cyclic_gc():
            for job in unknown:
                versions.compare(job)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(unknown) // workers)
    chunks = [unknown[i : i + size] for i in range(0, len(unknown), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for learnt, parses in pool.map(_learn, chunks, [versions.display] * len(chunks)):
            for key, status in learnt.versions.items():
                memo.remember_status(key, status)
            for pair, changes in learnt.pairs.items():
                memo.remember_changes(pair, changes)
            versions.parses += parses


def _known(job: Job, versions: Versions) -> bool:
    """Whether the memo answers a job without reading any version."""
    raw, parent_raw, has_parent = job
    if raw is None:
        return True
    memo = versions.memo
    status = memo.status(versions.key(raw))
    if status is None:
        return False
    if status[0]:
        return True
    if not has_parent or parent_raw is None:
        return not has_parent or memo.changes(memo.pair_key(None, versions.key(raw))) is not None
    parent = memo.status(versions.key(parent_raw))
    if parent is None:
        return False
    if parent[0]:
        return True
    pair = memo.pair_key(versions.key(parent_raw), versions.key(raw))
    return memo.changes(pair) is not None


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    # Records are trees: the cyclic collector only costs time while versions load.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_history(
    history: RecordHistory,
    display: str,
    pupil_name: str,
    since: Bound | None = None,
    until: Bound | None = None,
    versions: Versions | None = None,
) -> History:
    """Compare each version with the one before it, within ``since``..``until`` (dates).

    Only the commits in the span are read, and of those only the versions ``versions``'
    memo does not know yet. A version whose parent does not load is compared with the
    newest earlier version that does.
    """
    if versions is None:
        versions = Versions(display, HistoryMemo(None))
    out = History(
        display,
        pupil_name,
        since=since.shown if since else None,
        until=until.shown if until else None,
    )
    positions = [i for i, c in enumerate(history.commits) if _in_span(c, since, until)]
    jobs: list[Job] = []
    for i in positions:
        commit = history.commits[i]
        has_parent = bool(commit.parents) and commit.parent_path is not None
        parent_raw = history.version(commit.parents[0], commit.parent_path) if has_parent else None
        jobs.append((history.version(commit.sha, commit.path), parent_raw, has_parent))
    _learn_all(jobs, versions)
    reported: set[tuple[str, str, str | None, str | None]] = set()
    for i, job in zip(positions, jobs, strict=True):
        loaded, problem, found = versions.compare(job)
        commit = history.commits[i]
        raw, parent_raw, _ = job
        if not loaded:
            if problem is not None:
                out.entries.append(Entry(commit, [], not_loaded=problem))
            continue
        assert raw is not None
        changes = found if found is not None else _against_earlier(history, i, raw, versions)
        if commit.is_merge:
            # A merge repeats the changes of the commits it brings in; keep only its own.
            changes = [c for c in changes if c.key() not in reported]
            if not changes:
                continue
        reported.update(c.key() for c in changes)
        layout_only = not changes and raw != parent_raw
        if not changes and not layout_only:
            continue
        out.entries.append(Entry(commit, changes, layout_only=layout_only))
    return out


def _against_earlier(
    history: RecordHistory, index: int, raw: bytes, versions: Versions
) -> list[Change]:
    """Changes from the newest version before ``index`` that loads (the parent does not)."""
    for commit in reversed(history.commits[:index]):
        before = history.version(commit.sha, commit.path)
        if before is not None and versions.problem(before) is None:
            return versions.changes(before, raw)
    return versions.changes(None, raw)


def _in_span(commit: Commit, since: Bound | None, until: Bound | None) -> bool:
    if since is not None and since.day is not None and commit.day < since.day:
        return False
    return not (until is not None and until.day is not None and commit.day > until.day)


def pupil_history(
    record_path: Path,
    display: str,
    pupil_name: str | None = None,
    since: str | None = None,
    until: str | None = None,
    *,
    memo_root: Path | None = None,
) -> History:
    """The history of the record at ``record_path``, for ``pcplan history``.

    With ``memo_root`` (the records repository), what is learnt about each version is kept
    in its ``.pcplan-cache/history/`` (see :mod:`pcplan.history.memo`) and read from there
    next time. Without ``pupil_name``, the name is the one in the record as it is now.
    """
    from pcplan.history.git import git_top

    top = git_top(record_path.parent)
    if top is None:
        raise NotInGit(
            f"{display} is not in a git repository, so pcplan has no history to read",
            hint="keep the records in git (pcplan init does this) to see what changed",
        )
    start = parse_bound(top, since, "--since")
    end = parse_bound(top, until, "--until")
    history = record_history(
        record_path,
        tip=end.commit if end and end.commit else "HEAD",
        start=start.commit if start and start.commit else None,
    )
    memo = HistoryMemo.open(memo_root, record_path.name)
    versions = Versions(display, memo)
    found = build_history(history, display, pupil_name or "", start, end, versions)
    if pupil_name is None:
        found.pupil_name = current_name(record_path, display, versions)
    memo.save()
    found.never_committed = not history.commits and not _committed(history)
    return found


def current_name(path: Path, display: str, versions: Versions | None = None) -> str:
    """The pupil's name in the record as it is now (from the memo when it knows these
    bytes), or the file's name if it does not load."""
    from pcplan.fileio import FileRefused, read_regular_file
    from pcplan.loading.files import MAX_FILE_BYTES, repository_of

    try:
        raw = read_regular_file(path, MAX_FILE_BYTES, within=repository_of(path))
    except (FileRefused, OSError):
        return path.stem
    if versions is not None:
        status = versions.memo.status(versions.key(raw))
        if status is not None and status[1]:
            return status[1]
    from pcplan.loading.records import document_from_bytes

    document, _, _ = document_from_bytes(raw, display)
    data = document.data if document is not None else None
    if isinstance(data, dict) and isinstance(data.get("pupil"), dict):
        pupil = data["pupil"]
        name = pupil.get("known_as") or pupil.get("name")
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())
    return path.stem


def changes_since(
    record_path: Path,
    display: str,
    pupil_name: str,
    day: date | None,
    *,
    memo_root: Path | None = None,
) -> History | None:
    """What changed in a record after ``day`` (all of it when None), without layout-only
    commits; None when the record has no history in git. ``memo_root`` as for
    :func:`pupil_history`."""
    after = date.fromordinal(day.toordinal() + 1) if day else None
    try:
        history = record_history(record_path, after=after)
    except PcplanError:
        return None
    if not history.commits and not _committed(history):
        return None
    bound = Bound(day=after, shown=day.isoformat()) if after and day else None
    memo = HistoryMemo.open(memo_root, record_path.name)
    found = build_history(history, display, pupil_name, bound, None, Versions(display, memo))
    memo.save()
    return found.meaningful()


def _committed(history: RecordHistory) -> bool:
    """Whether the record is in git at all (it may just not have changed lately)."""
    from pcplan.history.git import run_git

    done = run_git(history.top, "ls-files", "--error-unmatch", "--", history.path, check=False)
    return done.returncode == 0
