"""Where documents go and what a batch of them did: light enough for `render all` to
decide what to keep before loading the template engine or the models."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pcplan.render.views import Audience, NotRendered

Format = Literal["html", "md"]
"""The formats made from templates."""
OutputFormat = Literal["html", "md", "docx", "pdf"]
"""Every format a document can be written in: Word and PDF are made from the same views."""
BINARY_FORMATS = ("docx", "pdf")
STAFF_ONLY: tuple[Audience, ...] = ("staff",)
DocumentKind = Literal["profile", "plan"]
KINDS: tuple[DocumentKind, ...] = ("profile", "plan")
INDEX_NAME = "index"


def builtin_templates_dir() -> Path:
    """The built-in templates: inside the installed package, else the project's templates/.

    A wheel carries them as ``pcplan/templates``; an editable install from a source
    checkout reads the project's own ``templates/`` folder.
    """
    from importlib.resources import files

    packaged = files("pcplan") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[3] / "templates"
    if (source / "base.html.j2").is_file():
        return source
    raise RuntimeError("pcplan's built-in templates are missing from this installation")


def document_path(
    out_dir: Path,
    pupil_id: str,
    kind: str,
    fmt: OutputFormat,
    audience: Audience = "staff",
) -> Path:
    """Where a pupil's document goes: ``out/<pupil-id>/<kind>.<fmt>`` for staff, and
    ``out/<audience>/<pupil-id>/<kind>.<fmt>`` for the family's and the pupil's versions."""
    if audience == "staff":
        return out_dir / pupil_id / f"{kind}.{fmt}"
    return out_dir / audience / pupil_id / f"{kind}.{fmt}"


def index_format(fmt: OutputFormat) -> Format:
    """The format of the index page: Markdown for Markdown, else HTML (that links to Word
    files or PDFs)."""
    return "md" if fmt == "md" else "html"


def index_path(out_dir: Path, fmt: OutputFormat) -> Path:
    return out_dir / f"{INDEX_NAME}.{index_format(fmt)}"


@dataclass
class BatchResult:
    """What ``render all`` did: files written or unchanged, pupils done, records skipped."""

    index: Path
    written: int = 0
    unchanged: int = 0
    pupils: int = 0
    not_rendered: list[NotRendered] = field(default_factory=list)
    audiences: int = 1
    too_long: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.pupils * len(KINDS) * self.audiences
