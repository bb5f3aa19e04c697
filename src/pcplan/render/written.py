"""Which documents pcplan wrote into an output folder, so that those of a pupil whose record
is gone can be removed after ``render all``, and nothing else ever is.

The folder keeps a list, ``.pcplan-written.json``, of every pupil's document that
``render`` wrote there: its path inside the folder, the pupil's id, a hash of its bytes,
and (for a folder outside the records repository, which two repositories could share)
the repository it came from.
The list lives in the output folder itself, not in the cache, so deleting the cache never
loses it, and each output folder (``out/`` or one given with ``-o``) has its own. Like the
cache it holds no text about a pupil: ids, file names and hashes. A list that is missing
or damaged means that no document is known to be pcplan's, so none is removed.

A document is removed only when all of these hold:

- the list says pcplan wrote it, and the file still holds exactly those bytes (a file of
  the teacher's own, or one changed since, stays);
- it came from this repository, and no file in its ``records/`` has the pupil's id as its
  name: a record that does not load still exists, so its pupil's documents stay;
- it is a regular file reached through real folders inside the output folder: a symbolic
  link on the way, or the file itself being one, is never followed.

The pupil's folder then goes too, when nothing else is left in it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pcplan.fileio import FileRefused, atomic_write_text, read_regular_file

LIST_NAME = ".pcplan-written.json"
_FORMAT = 1
_MAX_LIST_BYTES = 64 * 1024 * 1024
_MAX_DOCUMENT_BYTES = 1024 * 1024 * 1024


def digest(content: bytes) -> str:
    """The hash a document's bytes are known by."""
    return hashlib.blake2b(content, digest_size=16).hexdigest()


@dataclass
class Written:
    """The documents pcplan wrote into one output folder: path inside it → (pupil, hash,
    repository), the repository being empty for a folder inside it."""

    folder: Path
    source: str = ""
    documents: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    _saved: dict[str, tuple[str, str, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, folder: Path, repository: Path) -> Written:
        """The list kept in ``folder`` (empty when there is none or it is damaged), for
        documents made from the records repository at ``repository``."""
        root = repository.resolve()
        source = "" if folder.absolute().resolve().is_relative_to(root) else str(root)
        written = cls(folder, source)
        try:
            raw = json.loads(read_regular_file(folder / LIST_NAME, _MAX_LIST_BYTES, within=folder))
            if raw.get("format") != _FORMAT:
                return written
            for name, (pupil_id, known, came_from) in raw["documents"].items():
                written.documents[str(name)] = (str(pupil_id), str(known), str(came_from))
        except (OSError, FileRefused, ValueError, KeyError, TypeError, AttributeError):
            return cls(folder, source)
        written._saved = dict(written.documents)
        return written

    def add(self, path: Path, pupil_id: str, content: str | bytes) -> None:
        """Note that ``path`` (inside the folder) now holds ``content``, a document of
        ``pupil_id``. A path outside the folder is not noted."""
        try:
            name = path.relative_to(self.folder).as_posix()
        except ValueError:
            return
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.documents[name] = (pupil_id, digest(data), self.source)

    def knows(self, path: Path) -> bool:
        """Whether ``path`` (inside the folder) is on the list."""
        try:
            return path.relative_to(self.folder).as_posix() in self.documents
        except ValueError:
            return False

    def save(self) -> None:
        """Write the list atomically when it changed. A list that cannot be written only
        means that these documents will not be known as pcplan's next time."""
        if self.documents == self._saved:
            return
        content = {
            "format": _FORMAT,
            "about": "The documents pcplan wrote in this folder, so that those of a pupil "
            "with no record can be removed. Delete it and pcplan removes none.",
            "documents": {name: list(value) for name, value in sorted(self.documents.items())},
        }
        with contextlib.suppress(OSError):
            atomic_write_text(self.folder / LIST_NAME, json.dumps(content, indent=0) + "\n")
            self._saved = dict(self.documents)


@dataclass
class Removed:
    """What :func:`remove_documents_without_record` did."""

    pupils: list[str] = field(default_factory=list)
    """The ids of the pupils whose documents were removed."""
    folders: list[Path] = field(default_factory=list)
    """The folders those documents were in (removed when nothing else was left)."""
    kept: dict[Path, list[Path]] = field(default_factory=dict)
    """Folders of pupils with no record that stay, with what is left in them."""
    changed: set[Path] = field(default_factory=set)
    """Documents pcplan wrote for them that were changed since, and so stay."""
    links: list[Path] = field(default_factory=list)
    """Links on the way to their documents, left alone: pcplan never follows them."""


def _records_named(records_dir: Path) -> set[str] | None:
    """The ids that files in ``records/`` are named by (valid or not); None when the folder
    cannot be listed, so that nothing is taken for gone."""
    try:
        names = os.listdir(records_dir)
    except OSError:
        return None
    return {name.rsplit(".", 1)[0] for name in names if name.endswith((".yaml", ".yml"))}


def _link_on_the_way(folder: Path, parts: tuple[str, ...]) -> Path | None:
    """The first of ``parts`` below ``folder`` that is a link (or not a folder), if any."""
    current = folder
    for part in parts:
        current = current / part
        try:
            if not stat.S_ISDIR(os.lstat(current).st_mode):
                return current
        except OSError:
            return current
    return None


def _holds(path: Path, known: str) -> bool:
    """Whether ``path`` is a regular file (not a link) that still holds the bytes known."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_DOCUMENT_BYTES:
            return False
        return digest(handle.read()) == known


def remove_documents_without_record(written: Written, records_dir: Path) -> Removed:
    """Remove the documents pcplan wrote for pupils who no longer have a record (see the
    module's docstring for exactly which), and their folders when left empty."""
    removed = Removed()
    named = _records_named(records_dir)
    if named is None:
        return removed
    folder = written.folder
    touched: list[Path] = []
    for name, (pupil_id, known, came_from) in sorted(written.documents.items()):
        if pupil_id in named or came_from != written.source:
            continue
        parts = tuple(name.split("/"))
        if any(part in ("", ".", "..") for part in parts):
            del written.documents[name]  # not a path pcplan writes: dropped, never followed
            continue
        where = folder.joinpath(*parts[:-1])
        path = where / parts[-1]
        if not os.path.lexists(path):
            del written.documents[name]  # removed by someone already
            continue
        link = _link_on_the_way(folder, parts[:-1])
        if link is not None:  # what is behind a link is not this folder's: never followed
            if os.path.islink(link) and link not in removed.links:
                removed.links.append(link)
            continue
        if where not in touched:
            touched.append(where)
        if not _holds(path, known):
            if not os.path.islink(path):
                removed.changed.add(path)
            continue
        try:
            os.unlink(path)
        except OSError:
            continue
        del written.documents[name]
        if pupil_id not in removed.pupils:
            removed.pupils.append(pupil_id)
        if where not in removed.folders:
            removed.folders.append(where)
    for where in touched:
        try:
            left = sorted(os.listdir(where))
        except OSError:
            continue
        if left:
            removed.kept[where] = [where / entry for entry in left]
            continue
        with contextlib.suppress(OSError):
            where.rmdir()
    return removed
