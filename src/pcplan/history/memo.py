"""What pcplan worked out about earlier versions of records, kept for the next history.

A version of a record never changes: its bytes are its identity. So what ``history`` finds
about a version (whether it loads, and if not why; the pupil's name in it) and about a
pair of versions (what changed from one to the other) holds for ever, for every record
that ever holds those bytes. It is kept in ``.pcplan-cache/history`` beside the validation
cache, one small file for each record (named by a hash of the record's file name), keyed
by a hash of the bytes, so a second ``history`` of a pupil (or an agenda's "what has
changed" section) reads only the versions it has not seen before: after the first run, a
record with 200 commits costs two git commands and no parsing.

Like the validation cache, the memo is a convenience, never trusted: it is read with
``marshal`` (data only, never code) and only used when it was written by this pcplan (the
same code fingerprint) and has the shape pcplan writes; otherwise it is ignored and
written afresh. Only what the history shows is kept (the words of changes), never a
record's bytes. It keeps the entries learnt most recently, at most :data:`MAX_ENTRIES`.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
from dataclasses import dataclass, field
from pathlib import Path

from pcplan.cache.store import CACHE_DIR, code_fingerprint, digest

_MAGIC = b"pcplan history memo\n"
_FORMAT = 1
MAX_ENTRIES = 5_000
"""Versions and pairs of versions kept for one record: years of commits, a megabyte at most."""


@functools.cache
def _fingerprint() -> str:
    # Once a run: an agenda for every pupil opens one memo each.
    return code_fingerprint()


StoredChange = tuple[str, str, str | None, str | None]
"""A change as kind, words, old words, new words (see :class:`pcplan.history.change.Change`)."""
Status = tuple[str, str]
"""Why a version does not load ("" when it loads), and the pupil's name in it ("": none)."""


def _is_text(value: object) -> bool:
    return type(value) is str


def _sound_status(value: object) -> bool:
    return type(value) is tuple and len(value) == 2 and all(map(_is_text, value))


def _sound_changes(value: object) -> bool:
    return type(value) is tuple and all(
        type(c) is tuple
        and len(c) == 4
        and _is_text(c[0])
        and _is_text(c[1])
        and (c[2] is None or _is_text(c[2]))
        and (c[3] is None or _is_text(c[3]))
        for c in value
    )


@dataclass
class HistoryMemo:
    """The memo of one record in a records repository (when ``root`` is None, nothing is
    kept after the command)."""

    root: Path | None
    record: str = ""
    """The record's file name (``celine-m.yaml``)."""
    fingerprint: str = ""
    versions: dict[bytes, Status] = field(default_factory=dict)
    pairs: dict[bytes, tuple[StoredChange, ...]] = field(default_factory=dict)
    dirty: bool = False

    @property
    def path(self) -> Path | None:
        if self.root is None:
            return None
        name = digest(self.record.encode("utf-8", "surrogateescape")).hex()
        return self.root / CACHE_DIR / "history" / name

    @classmethod
    def open(cls, root: Path | None, record: str = "") -> HistoryMemo:
        """The memo of the record named ``record`` in the repository at ``root``."""
        if root is None:
            return cls(None)
        memo = cls(root, record, _fingerprint())
        path = memo.path
        assert path is not None
        try:
            content = path.read_bytes()
        except OSError:
            return memo
        with contextlib.suppress(ValueError, TypeError, EOFError):
            memo._load(content)
        return memo

    def _load(self, content: bytes) -> None:
        if not content.startswith(_MAGIC):
            return
        data = marshal.loads(content[len(_MAGIC) :])
        if not (
            type(data) is tuple
            and len(data) == 4
            and data[0] == _FORMAT
            and data[1] == self.fingerprint
            and type(data[2]) is dict
            and type(data[3]) is dict
        ):
            return
        versions = {k: v for k, v in data[2].items() if type(k) is bytes and _sound_status(v)}
        pairs = {k: v for k, v in data[3].items() if type(k) is bytes and _sound_changes(v)}
        self.versions, self.pairs = versions, pairs

    # --- versions and pairs ----------------------------------------------------------------

    @staticmethod
    def key(raw: bytes) -> bytes:
        return digest(raw)

    @staticmethod
    def pair_key(before: bytes | None, after: bytes) -> bytes:
        """The key of a pair of versions' keys (``before`` None: the record was created)."""
        return (before or b"\0" * 16) + after

    def status(self, key: bytes) -> Status | None:
        return self.versions.get(key)

    def changes(self, key: bytes) -> tuple[StoredChange, ...] | None:
        return self.pairs.get(key)

    def remember_status(self, key: bytes, status: Status) -> None:
        if self.versions.get(key) != status:
            self.versions[key] = status
            self.dirty = True

    def remember_changes(self, key: bytes, changes: tuple[StoredChange, ...]) -> None:
        if self.pairs.get(key) != changes:
            self.pairs[key] = changes
            self.dirty = True

    def save(self) -> None:
        """Write the memo when it learnt something (quietly not, when it cannot)."""
        path = self.path
        if path is None or not self.dirty:
            return
        from pcplan.fileio import atomic_write_bytes

        versions = dict(list(self.versions.items())[-MAX_ENTRIES:])
        pairs = dict(list(self.pairs.items())[-MAX_ENTRIES:])
        content = _MAGIC + marshal.dumps((_FORMAT, self.fingerprint, versions, pairs))
        with contextlib.suppress(OSError):
            cache = path.parent.parent
            if not cache.is_dir():
                cache.mkdir()
                # git ignores the folder even where .gitignore does not name it.
                (cache / ".gitignore").write_text("*\n", encoding="utf-8")
            path.parent.mkdir(exist_ok=True)
            atomic_write_bytes(path, content, skip_unchanged=False)
        self.dirty = False
