"""Finding the records repository and the pupils in it."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pcplan.errors import RepositoryNotFound, UnknownPupil

if TYPE_CHECKING:
    from pcplan.diagnostics.core import Diagnostic
    from pcplan.models.record import Settings

SETTINGS_FILE = "pcplan.yaml"
RECORDS_DIR = "records"
TEMPLATES_DIR = "templates"
OUT_DIR = "out"
SCHEMA_FILE = "pcplan-record.schema.json"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Repository:
    """A records repository: ``pcplan.yaml``, ``records/``, ``templates/``, ``out/``."""

    root: Path
    _settings: Settings | None = field(default=None, repr=False)
    _settings_diagnostics: list[Diagnostic] = field(default_factory=list, repr=False)

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
        shown = f"'{name[:40]}'" + ("" if name == wanted else f" (id {wanted})")
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
