"""Finding the records repository and the pupils in it."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from pcplan.errors import InvalidRecordError, RepositoryNotFound, UnknownPupil

if TYPE_CHECKING:
    from pcplan.diagnostics.core import Diagnostic
    from pcplan.models.record import Settings

SETTINGS_FILE = "pcplan.yaml"
RECORDS_DIR = "records"
TEMPLATES_DIR = "templates"
OUT_DIR = "out"
SCHEMA_FILE = "pcplan-record.schema.json"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# What a broken setting puts at stake, by the key of pcplan.yaml it is under.
_AT_STAKE = (("terms", "the term dates"), ("provision", "the costs"))


class Repository:
    """A records repository: ``pcplan.yaml``, ``records/``, ``templates/``, ``out/``."""

    __slots__ = ("_settings", "_settings_diagnostics", "root")

    def __init__(self, root: Path) -> None:
        self.root = root
        self._settings: Settings | None = None
        self._settings_diagnostics: list[Diagnostic] = []

    def __repr__(self) -> str:
        return f"Repository({self.root!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Repository):
            return NotImplemented
        return self.root == other.root

    def __hash__(self) -> int:
        return hash(self.root)

    @property
    def records_dir(self) -> Path:
        return self.root / RECORDS_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR

    @property
    def out_dir(self) -> Path:
        return self.root / OUT_DIR

    @property
    def settings_path(self) -> Path:
        return self.root / SETTINGS_FILE

    def _load_settings(self) -> None:
        from pcplan.loading.records import display_path, load_settings

        settings, problems = load_settings(self.settings_path, display_path(self.settings_path))
        self._settings = settings
        self._settings_diagnostics = problems

    @property
    def settings(self) -> Settings:
        """School settings (defaults when ``pcplan.yaml`` is absent or invalid)."""
        if self._settings is None:
            self._load_settings()
        assert self._settings is not None
        return self._settings

    @property
    def settings_diagnostics(self) -> list[Diagnostic]:
        if self._settings is None:
            self._load_settings()
        return self._settings_diagnostics

    def require_sound_settings(self) -> None:
        """Refuse to work anything out from a ``pcplan.yaml`` with errors, saying what is
        at stake: the term dates or the costs when those are what is wrong."""
        errors = [d for d in self.settings_diagnostics if d.severity == "error"]
        if not errors:
            return
        keys = {str(d.path[0]) for d in errors if d.path}
        at_stake = [words for key, words in _AT_STAKE if key in keys]
        because = f", so {' and '.join(at_stake)} cannot be trusted" if at_stake else ""
        raise InvalidRecordError(
            f"pcplan.yaml has problems{because}; fix it first", diagnostics=list(errors)
        )

    def record_path(self, pupil_id: str) -> Path:
        return self.records_dir / f"{pupil_id}.yaml"

    def pupil_ids(self) -> list[str]:
        from pcplan.loading.records import record_files

        return [p.stem for p in record_files(self.records_dir)]

    def resolve_pupil(self, name: str) -> Path:
        """The record file of a pupil named by id (``celine-m``), by path
        (``records/celine-m.yaml``), by file name (``celine-m.yaml``), by name as the teacher
        says it ("Celine M") or by the start of an id (``celine``), when only one fits."""
        looks_like_path = name.endswith((".yaml", ".yml")) or "/" in name or os.sep in name
        if looks_like_path:
            candidate = Path(name)
            if not candidate.is_absolute():
                cwd_candidate = Path.cwd() / candidate
                candidate = cwd_candidate if cwd_candidate.exists() else self.root / candidate
                if not os.path.lexists(candidate) and candidate.parent == self.root:
                    # `celine-m.yaml`, the file's name without records/
                    candidate = self.records_dir / Path(name).name
            if _names_a_file(candidate):
                return candidate
            raise UnknownPupil(f"no record file at '{name[:60]}'")
        wanted = name if _SLUG.match(name) else _id_from_words(name)
        if not wanted:
            raise UnknownPupil(
                f"'{name[:40]}' is not a pupil's id or name: ids are lower-case letters, "
                "digits and '-' (e.g. celine-m)"
            )
        path = self.record_path(wanted)
        if _names_a_file(path):
            return path
        known = self.pupil_ids()
        # A first name stands for the whole id (`zoe` for zoe-smith), word by word only, so
        # that a slip of the keyboard never picks somebody else's record.
        starting = [i for i in known if i.startswith(wanted + "-")]
        if len(starting) == 1:
            return self.record_path(starting[0])
        by_name = self._pupils_named(wanted)
        if len(by_name) == 1:
            return self.record_path(by_name[0])
        shown = f"'{name[:40]}'" + ("" if name == wanted else f" (id {wanted})")
        if len(by_name) > 1 and not starting:
            raise UnknownPupil(
                f"'{name[:40]}' could be {len(by_name)} pupils: {', '.join(by_name[:8])}"
                f"{' …' if len(by_name) > 8 else ''}; give the id"
            )
        if len(starting) > 1:
            raise UnknownPupil(
                f"{shown} could be {len(starting)} pupils: {', '.join(starting[:8])}"
                f"{' …' if len(starting) > 8 else ''}; give the whole id"
            )
        close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.6)
        hint = (
            f"; did you mean {', '.join(close)}?"
            if close
            else (f"; there is no records/{wanted}.yaml (add one with 'pcplan new-pupil')")
        )
        raise UnknownPupil(f"no pupil {shown} in {self.records_dir}{hint}")

    def _pupils_named(self, wanted: str) -> list[str]:
        """Ids of the pupils whose ``name`` or ``known_as`` is ``wanted`` (an id-like form of
        what was typed, so case and accents do not matter); failing that, of the pupils whose
        first name it is. Only those two lines of each record are read."""
        from pcplan.loading.records import record_files

        whole: list[str] = []
        first: list[str] = []
        for path in record_files(self.records_dir):
            names = _pupil_names(path)
            slugs = {_id_from_words(n) for n in names}
            if wanted in slugs:
                whole.append(path.stem)
            elif wanted in {_id_from_words(n.split()[0]) for n in names if n.split()}:
                first.append(path.stem)
        return sorted(whole) if whole else sorted(first)


_NAME_LINE = re.compile(r"^[ \t]+(name|known_as):[ \t]*(.*?)[ \t]*$")
_NAME_SCAN_LIMIT = 64 * 1024
"""The pupil's names come near the top of a record: a name search reads no further."""


def _pupil_names(path: Path) -> list[str]:
    """The ``name`` and ``known_as`` under ``pupil:`` in a record file, read line by line
    (no YAML parse); nothing for a file that is not a readable regular file."""
    try:
        if not path.is_file() or path.is_symlink():
            return []
        with path.open("rb") as handle:
            text = handle.read(_NAME_SCAN_LIMIT).decode("utf-8", errors="replace")
    except OSError:
        return []
    names: list[str] = []
    in_pupil = False
    for line in text.splitlines():
        if line[:1] not in ("", " ", "\t", "#"):
            if in_pupil:
                break
            in_pupil = line.rstrip() == "pupil:" or line.startswith("pupil: #")
            continue
        match = _NAME_LINE.match(line) if in_pupil else None
        if match:
            names.append(_plain_scalar(match.group(2)))
    return [n for n in names if n]


def _plain_scalar(value: str) -> str:
    if value[:1] in ("'", '"'):
        end = value.rfind(value[0])
        return value[1:end] if end > 0 else value[1:]
    return value.split(" #", 1)[0].strip()


def _id_from_words(name: str) -> str:
    """The id a name would have ("Łucja Żak" is lucja-zak), as new-pupil and import make it."""
    from pcplan.scaffold import slugify

    return slugify(name)


def _names_a_file(path: Path) -> bool:
    # Anything there but a folder: reading it says why a link, device or FIFO is refused.
    return os.path.lexists(path) and not path.is_dir()


def find_repository(explicit: Path | None = None, start: Path | None = None) -> Repository:
    """Find the records repository.

    ``--repo``/``PCPLAN_REPO`` wins; otherwise walk up from the working directory to the
    nearest ``pcplan.yaml``; failing that, the working directory if it has ``records/``.
    """
    if explicit is not None:
        root = explicit.expanduser()
        if not root.is_dir():
            raise RepositoryNotFound(
                f"the records repository '{explicit}' does not exist or is not a folder",
                hint="check --repo (or PCPLAN_REPO), or create one with 'pcplan init DIR'",
            )
        if not (root / SETTINGS_FILE).is_file() and not (root / RECORDS_DIR).is_dir():
            raise RepositoryNotFound(
                f"'{explicit}' is not a records repository (it has no pcplan.yaml and no "
                "records/ folder)",
                hint=f"start one there with 'pcplan init {explicit}'",
            )
        return Repository(root.resolve())
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return Repository(folder)
    if (here / RECORDS_DIR).is_dir():
        return Repository(here)
    raise RepositoryNotFound(
        "no records repository here (no pcplan.yaml in this folder or above it, and no "
        "records/ folder)",
        hint="run 'pcplan init DIR' to start one, or pass --repo DIR",
    )
