"""The validation cache on disk: what pcplan found in each file the last time it read it.

The cache lives in ``.pcplan-cache/`` at the root of the records repository (git ignores
it: ``pcplan init`` and ``pcplan git-setup`` add it to ``.gitignore``). It holds, for each
record file, its stat and a hash of its bytes, the diagnostics pcplan printed for it (line,
column, field, message, code: nothing a report does not already show), the small key the
checks across records need (the pupil id and a salted hash of the UPN, never the UPN), the
files the record reads (its photo) and the days on which the result holds.

Whether a file is unchanged follows git's index rule: the same mtime, size, inode and
ctime is a match without reading the file; any difference reads and hashes it, and the same
hash only refreshes the stored stat. A file changed within a moment of the last save could
share its stat with the old bytes (git calls it "racily clean"), so it is hashed again.

The cache is a convenience, never trusted: a file that is corrupt, written by another
pcplan, made for another repository (a copy, or one committed by mistake and cloned) or
unreadable is ignored and written afresh. It is read with the standard library only, so a
command answered from it imports neither the YAML reader nor the models.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import pcplan
from pcplan.diagnostics.core import Diagnostic

try:  # CPython's own BLAKE2, without loading OpenSSL as hashlib does (a cost at every start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b

CACHE_DIR = ".pcplan-cache"
"""The cache folder at the root of a records repository; git ignores it."""

_MAGIC = b"pcplan validation cache\n"
_FORMAT = 1
# A file whose mtime falls this close to the moment the cache was saved may have changed
# again within the same clock tick without changing its stat: it is hashed, not trusted.
_RACY_NS = 3_000_000_000

Stat = tuple[int, int, int, int]
"""A file's mtime_ns, size, inode and ctime_ns: git's test of an unchanged file."""

StoredDiagnostic = tuple[int, int, tuple[str | int, ...], str, str, str]
"""A diagnostic without its file name: line, column, field path, message, code, severity."""


def stored(diagnostic: Diagnostic) -> StoredDiagnostic:
    """A diagnostic as the cache keeps it (without its file name)."""
    return (
        diagnostic.line,
        diagnostic.column,
        diagnostic.path,
        diagnostic.message,
        diagnostic.code,
        diagnostic.severity,
    )


def restored(display: str, item: StoredDiagnostic) -> Diagnostic:
    """A stored diagnostic again, in the file named ``display``."""
    line, column, path, message, code, severity = item
    return Diagnostic(display, line, column, path, message, code, severity)  # type: ignore[arg-type]


def relative_name(path: Path, root: Path) -> str | None:
    """How the cache names the file at ``path``: relative to the repository root (None
    when it lies outside)."""
    try:
        absolute = path if path.is_absolute() else Path.cwd() / path
        return Path(os.path.normpath(absolute)).relative_to(root).as_posix()
    except ValueError:
        return None


def stat_of(result: os.stat_result) -> Stat:
    return (result.st_mtime_ns, result.st_size, result.st_ino, result.st_ctime_ns)


def digest(data: bytes) -> bytes:
    """The hash that stands for a file's bytes."""
    return blake2b(data, digest_size=16).digest()


def _hash_file(path: Path | str, within: Path | None) -> bytes | None:
    """The hash of a regular file (inside ``within``), read as a record is read."""
    from pcplan.fileio import FileRefused, read_regular_file
    from pcplan.loading.files import MAX_FILE_BYTES

    try:
        return digest(read_regular_file(Path(path), MAX_FILE_BYTES, within=within))
    except (FileRefused, OSError):
        return None


def code_fingerprint() -> str:
    """This pcplan: its version and the stat of each of its own files.

    A new version, or any change to pcplan's code in a source checkout, makes every stored
    result stale.
    """
    package = Path(pcplan.__file__).parent
    parts = [pcplan.__version__, sys.version]
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".j2", ".css", ".json")):
                path = os.path.join(folder, name)
                with contextlib.suppress(OSError):
                    st = os.stat(path)
                    parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


class Entry(NamedTuple):
    """What the cache knows about one record file (see the module docstring)."""

    stat: Stat
    digest: bytes
    diagnostics: tuple[StoredDiagnostic, ...]
    pupil_id: str | None = None
    upn: str | None = None
    id_at: tuple[int, int] = (0, 0)
    upn_at: tuple[int, int] = (0, 0)
    reads: tuple[tuple[str, Stat | None], ...] = ()
    valid_from: int = 0
    valid_until: int = 0


def _sound(entry: Entry) -> bool:
    """Whether a stored entry has the shape pcplan writes (a damaged one is not used)."""
    if not entry.diagnostics and not entry.reads:  # nearly every record: the quick test
        return (
            type(entry.digest) is bytes
            and type(entry.valid_from) is int
            and type(entry.valid_until) is int
            and (entry.pupil_id is None or type(entry.pupil_id) is str)
            and (entry.upn is None or type(entry.upn) is str)
            and type(entry.id_at) is tuple
            and type(entry.upn_at) is tuple
            and len(entry.id_at) == len(entry.upn_at) == 2
        )
    if not (
        type(entry.digest) is bytes
        and type(entry.diagnostics) is tuple
        and type(entry.reads) is tuple
        and type(entry.valid_from) is int
        and type(entry.valid_until) is int
        and (entry.pupil_id is None or type(entry.pupil_id) is str)
        and (entry.upn is None or type(entry.upn) is str)
    ):
        return False
    for item in entry.diagnostics:
        if not (
            type(item) is tuple
            and len(item) == 6
            and type(item[0]) is int
            and type(item[1]) is int
            and type(item[2]) is tuple
            and all(type(p) in (str, int) for p in item[2])
            and type(item[3]) is str
            and type(item[4]) is str
            and item[5] in ("error", "warning", "info")
        ):
            return False
    for read in entry.reads:
        if not (type(read) is tuple and len(read) == 2 and type(read[0]) is str):
            return False
    if entry.pupil_id is not None:
        id_at, upn_at = entry.id_at, entry.upn_at
        return (
            type(id_at) is tuple
            and type(upn_at) is tuple
            and len(id_at) == len(upn_at) == 2
            and type(id_at[0]) is type(id_at[1]) is type(upn_at[0]) is type(upn_at[1]) is int
        )
    return True


class ValidationCache:
    """The stored results of one records repository, loaded at the start of a command.

    ``persist=False`` (``--no-cache``) gives an empty cache that is never written.
    """

    __slots__ = (
        "_seen",
        "dirty",
        "entries",
        "fingerprint",
        "persist",
        "root",
        "salt",
        "saved_ns",
        "settings",
    )

    def __init__(
        self,
        root: Path,
        fingerprint: str,
        salt: bytes,
        persist: bool = True,
        *,
        dirty: bool = False,
    ) -> None:
        self.root = root
        self.fingerprint = fingerprint
        self.salt = salt
        self.persist = persist
        self.entries: dict[str, Entry] = {}
        self.settings: tuple[Stat, bytes, tuple[StoredDiagnostic, ...]] | None = None
        self.saved_ns = 0
        self.dirty = dirty
        self._seen: set[str] = set()

    @property
    def path(self) -> Path:
        return self.root / CACHE_DIR / "validation"

    @classmethod
    def open(cls, root: Path, *, persist: bool = True) -> ValidationCache:
        """The cache of the repository at ``root`` (an empty one if it is missing or unusable)."""
        fingerprint = code_fingerprint()
        fresh = cls(root, fingerprint, os.urandom(16), persist, dirty=persist)
        if not persist:
            return fresh
        try:
            with open(fresh.path, "rb") as handle:
                content = handle.read()
            loaded = cls._parse(root, fingerprint, content)
        except (OSError, ValueError, TypeError, EOFError, KeyError):
            return fresh
        return loaded if loaded is not None else fresh

    @classmethod
    def _parse(cls, root: Path, fingerprint: str, content: bytes) -> ValidationCache | None:
        if not content.startswith(_MAGIC):
            return None
        header_end = content.index(b"\n", len(_MAGIC))
        header = json.loads(content[len(_MAGIC) : header_end])
        root_stat = os.stat(root)
        # A cache made for another repository, copied, or cloned from git: never trusted.
        if (
            header.get("format") != _FORMAT
            or header.get("pcplan") != fingerprint
            or header.get("root") != str(root)
            or header.get("root_id") != [root_stat.st_dev, root_stat.st_ino]
        ):
            return None
        body = content[header_end + 1 :]
        if digest(body).hex() != header.get("checksum"):
            return None
        settings_raw, entries_raw = marshal.loads(body)
        cache = cls(root, fingerprint, bytes.fromhex(header["salt"]))
        cache.saved_ns = int(header["saved_ns"])
        if settings_raw is not None:
            settings_stat, settings_digest, settings_diagnostics = settings_raw
            if not _sound(Entry(settings_stat, settings_digest, settings_diagnostics)):
                return None
            cache.settings = (settings_stat, settings_digest, settings_diagnostics)
        if type(entries_raw) is not dict:
            return None
        make = Entry._make
        # Each entry's shape is checked when it is used (see lookup), not all up front.
        cache.entries = {name: make(raw) for name, raw in entries_raw.items()}
        return cache

    # -- the hit test ---------------------------------------------------------------------

    def _unchanged(
        self,
        path: Path | str,
        stat: Stat,
        stored: Stat,
        stored_digest: bytes,
        confined: bool = True,
    ) -> bool:
        """Git's rule: the same stat is a match unless racy; else the same hash is."""
        if stat == stored and stat[0] < self.saved_ns - _RACY_NS:
            return True
        return _hash_file(path, self.root if confined else None) == stored_digest

    def settings_diagnostics(self, path: Path) -> tuple[StoredDiagnostic, ...] | None:
        """The stored problems of ``pcplan.yaml`` if it is unchanged, else None.

        A changed settings file also forgets every record's result: the key of each
        result includes the settings.
        """
        stat = _stat_or_none(path)
        if self.settings is not None:
            stored_stat, stored_digest, diagnostics = self.settings
            if stat is None and stored_stat == _MISSING:
                return diagnostics
            if stat is not None and self._unchanged(
                path, stat, stored_stat, stored_digest, confined=False
            ):
                if stat != stored_stat or stat[0] >= self.saved_ns - _RACY_NS:
                    self.settings = (stat, stored_digest, diagnostics)
                    self.dirty = True
                return diagnostics
        if self.entries or self.settings is not None:
            self.entries.clear()
            self.dirty = True
        self.settings = None
        return None

    def store_settings(self, path: Path, diagnostics: tuple[StoredDiagnostic, ...]) -> None:
        stat = _stat_or_none(path)
        if stat is None:
            self.settings = (_MISSING, b"", diagnostics)
        else:
            file_digest = _hash_file(path, None)
            if file_digest is None:
                return
            self.settings = (stat, file_digest, diagnostics)
        self.dirty = True

    def lookup(self, name: str, path: str, today: int) -> Entry | None:
        """The stored result for the file ``name`` (relative to the root) if still true."""
        self._seen.add(name)
        entry = self.entries.get(name)
        if entry is None or not _sound(entry):
            return None
        if not entry.valid_from <= today <= entry.valid_until:
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        stat = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
        racy = stat[0] >= self.saved_ns - _RACY_NS
        if (stat != entry.stat or racy) and not self._unchanged(
            path, stat, entry.stat, entry.digest
        ):
            return None
        for read, read_stat in entry.reads:
            if _stat_or_none(self.root / read) != read_stat:
                return None
        if stat != entry.stat or stat[0] >= self.saved_ns - _RACY_NS:
            # Store the new stat, or save again so that a racy entry stops being one.
            entry = self.entries[name] = entry._replace(stat=stat)
            self.dirty = True
        return entry

    def lookup_many(
        self, names: list[str], base: str, today: int, reported: set[str] | None = None
    ) -> tuple[dict[str, Entry], list[str]]:
        """The stored results that still hold for the files ``names`` (relative to the root,
        which ``base`` is with a separator at its end), and the names that have none.

        A file outside ``reported`` (None: every file is reported) takes part only in the
        checks across records, which need its key alone: that depends on its bytes, not on
        the day or on the files it reads. The common case, a file whose stat matches and
        is not racy, is decided here in one pass; any other goes through :meth:`lookup`.
        """
        self._seen.update(names)
        found: dict[str, Entry] = {}
        missing: list[str] = []
        stored = self.entries
        cut = self.saved_ns - _RACY_NS
        stat = os.stat
        with _folder_fd(base + "records") as records:
            for name in names:
                entry = stored.get(name)
                if entry is None:
                    missing.append(name)
                    continue
                try:
                    # Named within records/ when it is open: the kernel walks one name, not
                    # the whole path, for each of thousands of files.
                    if records is not None and name.startswith("records/") and name.count("/") == 1:
                        st = stat(name[8:], dir_fd=records)
                    else:
                        st = stat(base + name)
                except OSError:
                    missing.append(name)
                    continue
                if (
                    st.st_mtime_ns < cut
                    and (
                        st.st_mtime_ns,
                        st.st_size,
                        st.st_ino,
                        st.st_ctime_ns,
                    )
                    == entry.stat
                ):
                    if reported is not None and name not in reported:
                        # Only the key is used: its two values must be what pcplan stores.
                        pupil_id, upn = entry.pupil_id, entry.upn
                        if (pupil_id is None or type(pupil_id) is str) and (
                            upn is None or type(upn) is str
                        ):
                            found[name] = entry
                            continue
                    elif (
                        not entry.reads
                        and entry.valid_from <= today <= entry.valid_until
                        and _sound(entry)
                    ):
                        found[name] = entry
                        continue
                careful = self.lookup(name, base + name, today)
                if careful is None:
                    missing.append(name)
                else:
                    found[name] = careful
        return found, missing

    def store(self, name: str, entry: Entry) -> None:
        self._seen.add(name)
        self.entries[name] = entry
        self.dirty = True

    def upn_key(self, upn: str | None) -> str | None:
        """A UPN as the cache keeps it: a salted hash, equal only for equal UPNs."""
        if upn is None:
            return None
        return blake2b(upn.encode(), key=self.salt, digest_size=16).hexdigest()

    # -- saving ---------------------------------------------------------------------------

    def forget_unseen(self, names: Iterable[str]) -> None:
        """Drop the entries of files that are gone (``names`` are every file that exists)."""
        gone = self.entries.keys() - self._seen
        if gone:
            gone -= set(names)
        for name in gone:
            del self.entries[name]
            self.dirty = True

    def save(self) -> None:
        """Write the cache atomically if anything changed; a failure to write is harmless."""
        if not self.persist or not self.dirty:
            return
        with contextlib.suppress(OSError):
            self._write()

    def _write(self) -> None:
        from pcplan.fileio import atomic_write_bytes

        folder = self.root / CACHE_DIR
        if not folder.is_dir():
            folder.mkdir()
            # git ignores the folder even where .gitignore does not name it.
            (folder / ".gitignore").write_text("*\n", encoding="utf-8")
        root_stat = os.stat(self.root)
        body = marshal.dumps(
            (
                self.settings,
                {name: tuple(entry) for name, entry in self.entries.items()},
            )
        )
        header = {
            "format": _FORMAT,
            "pcplan": self.fingerprint,
            "root": str(self.root),
            "root_id": [root_stat.st_dev, root_stat.st_ino],
            "salt": self.salt.hex(),
            "saved_ns": time.time_ns(),
            "checksum": digest(body).hex(),
        }
        content = _MAGIC + json.dumps(header).encode() + b"\n" + body
        atomic_write_bytes(self.path, content, skip_unchanged=False)
        self.dirty = False


_MISSING: Stat = (-1, -1, -1, -1)


@contextlib.contextmanager
def _folder_fd(folder: str) -> Iterator[int | None]:
    """A descriptor of ``folder`` to name files in it by, or None where it cannot be had."""
    if os.stat not in os.supports_dir_fd:
        yield None
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield None
        return
    try:
        yield fd
    finally:
        os.close(fd)


def _stat_or_none(path: Path) -> Stat | None:
    try:
        return stat_of(os.stat(path))
    except OSError:
        return None
