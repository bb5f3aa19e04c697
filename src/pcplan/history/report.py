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

from pcplan.errors import PcplanError
from pcplan.history.diff import Change, diff_records
from pcplan.history.git import Commit, NotInGit, RecordHistory, record_history, resolve_commit
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
        raise PcplanError(
            f"{option} must be a date written YYYY-MM-DD or a commit git knows "
            f"(got '{value[:40]}')",
            hint="git log --oneline lists the commits",
        )
    return Bound(commit=commit, shown=value[:40])


def _load(raw: bytes | None, display: str) -> tuple[Record | None, str | None]:
    """A version's record, or why it does not load (None, None: the file is not there)."""
    from pcplan.loading.records import document_from_bytes, validate_data

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
    return f"{where}{message}{count}"


Job = tuple[bytes | None, bytes | None, bool]
"""One commit to compare: its version, its first parent's, whether the parent had the file."""
Outcome = tuple[bool, str | None, list[Change] | None]
"""Whether the version loads, why not, and its changes (None: the parent does not load)."""

PARALLEL_FROM = 64
"""From this many versions, they are read on every core: parsing is nearly all the work."""


class _Versions:
    """Versions of one record loaded once each, however many commits share them."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.cache: dict[bytes, tuple[Record | None, str | None]] = {}

    def load(self, raw: bytes | None) -> tuple[Record | None, str | None]:
        if raw is None:
            return None, None
        found = self.cache.get(raw)
        if found is None:
            found = self.cache[raw] = _load(raw, self.display)
        return found

    def compare(self, job: Job) -> Outcome:
        raw, parent_raw, has_parent = job
        record, problem = self.load(raw)
        if record is None:
            return False, problem, []
        before = self.load(parent_raw)[0] if has_parent else None
        if has_parent and before is None:
            return True, None, None
        return True, None, diff_records(before, record)


def _compare_chunk(jobs: list[Job], display: str) -> list[Outcome]:
    versions = _Versions(display)
    with _no_cyclic_gc():
        return [versions.compare(job) for job in jobs]


def _compare_all(jobs: list[Job], display: str) -> list[Outcome]:
    """Each job's outcome, in order; many jobs are shared between the machine's cores."""
    from pcplan.loading.records import workers_for

    workers = min(workers_for(10**6), 4) if len(jobs) >= PARALLEL_FROM else 1
    if workers == 1:
        return _compare_chunk(jobs, display)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(jobs) // workers)
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = list(pool.map(_compare_chunk, chunks, [display] * len(chunks)))
    return [outcome for part in parts for outcome in part]


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
) -> History:
    """Compare each version with the one before it, within ``since``..``until`` (dates).

    Only the commits in the span are read. A version whose parent does not load is
    compared with the newest earlier version that does.
    """
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
    outcomes = _compare_all(jobs, display)
    versions = _Versions(display)
    reported: set[tuple[str, str, str | None, str | None]] = set()
    for i, job, (loaded, problem, found) in zip(positions, jobs, outcomes, strict=True):
        commit = history.commits[i]
        raw, parent_raw, _ = job
        if not loaded:
            if problem is not None:
                out.entries.append(Entry(commit, [], not_loaded=problem))
            continue
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
    history: RecordHistory, index: int, raw: bytes | None, versions: _Versions
) -> list[Change]:
    """Changes from the newest version before ``index`` that loads (the parent does not)."""
    record, _ = versions.load(raw)
    assert record is not None
    for commit in reversed(history.commits[:index]):
        before, _ = versions.load(history.version(commit.sha, commit.path))
        if before is not None:
            return diff_records(before, record)
    return diff_records(None, record)


def _in_span(commit: Commit, since: Bound | None, until: Bound | None) -> bool:
    if since is not None and since.day is not None and commit.day < since.day:
        return False
    return not (until is not None and until.day is not None and commit.day > until.day)


def pupil_history(
    record_path: Path,
    display: str,
    pupil_name: str,
    since: str | None = None,
    until: str | None = None,
) -> History:
    """The history of the record at ``record_path``, for ``pcplan history``."""
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
    found = build_history(history, display, pupil_name, start, end)
    found.never_committed = not history.commits and not _committed(history)
    return found


def changes_since(
    record_path: Path, display: str, pupil_name: str, day: date | None
) -> History | None:
    """What changed in a record after ``day`` (all of it when None), without layout-only
    commits; None when the record has no history in git."""
    after = date.fromordinal(day.toordinal() + 1) if day else None
    try:
        history = record_history(record_path, after=after)
    except PcplanError:
        return None
    if not history.commits and not _committed(history):
        return None
    bound = Bound(day=after, shown=day.isoformat()) if after and day else None
    return build_history(history, display, pupil_name, bound, None).meaningful()


def _committed(history: RecordHistory) -> bool:
    """Whether the record is in git at all (it may just not have changed lately)."""
    from pcplan.history.git import run_git

    done = run_git(history.top, "ls-files", "--error-unmatch", "--", history.path, check=False)
    return done.returncode == 0
