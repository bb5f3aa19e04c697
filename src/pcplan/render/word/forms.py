"""A school's own Word form as the layout of a document: ``templates/<document>.docx``.

A local authority publishes its annual review form as a Word file and wants it back
filled in. Put it in the records repository as ``templates/review.docx`` (or
``profile.docx``, ``plan.docx``, ``agenda.docx``) with Jinja tags where the answers go,
and pcplan fills it in with docxtpl: ``{{ pupil.name }}`` in a paragraph, ``{%tr for goal
in review.goals %}`` in a table row to repeat the row.

The form runs in the same immutable sandbox as the HTML templates, sees the same view
data under the same names, and escapes every value for XML, so a record's text stays
text. A tag that names something that does not exist is an error naming the form and
the tag, never a blank.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pcplan.render.environment import DocumentSandbox, TemplateProblem, upper_first
from pcplan.render.word.builder import stable_zip, word_text

FORM_DOCUMENTS = ("profile", "plan", "agenda", "review")
MAX_FORM_BYTES = 20 * 1024 * 1024
_TAG = re.compile(r"\{[{%].*?[}%]\}", re.DOTALL)
_MISSING = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def form_environment() -> Any:
    """The immutable sandbox for Word forms: XML-escaped values, strict undefined."""
    from jinja2 import StrictUndefined

    env = DocumentSandbox(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
    env.filters.update(upper_first=upper_first)
    return env


def _finalize(value: Any) -> Any:
    # Values go into XML: None prints as nothing, and characters XML cannot hold as symbols.
    if value is None:
        return ""
    if isinstance(value, str):
        return word_text(value)
    return value


class WordForm:
    """One school's Word form, read once and filled in for each pupil."""

    def __init__(self, path: Path, shown_as: str) -> None:
        self.path = path
        self.shown_as = shown_as
        try:
            if path.stat().st_size > MAX_FORM_BYTES:
                raise TemplateProblem(f"{shown_as} is larger than 20 MB; it is not a form")
            self.data = path.read_bytes()
        except OSError as exc:
            raise TemplateProblem(
                f"{shown_as} cannot be read ({exc.strerror or 'unreadable'})"
            ) from None
        if not zipfile.is_zipfile(io.BytesIO(self.data)):
            raise TemplateProblem(
                f"{shown_as} is not a Word document (.docx)",
                hint="save the form from Word as 'Word Document (*.docx)'",
            )
        self._env = form_environment()

    def _tags(self) -> list[str]:
        with zipfile.ZipFile(io.BytesIO(self.data)) as package:
            texts = [
                re.sub(r"<[^>]+>", "", package.read(name).decode("utf-8", "replace"))
                for name in package.namelist()
                if name.startswith("word/") and name.endswith(".xml")
            ]
        return [tag for text in texts for tag in _TAG.findall(text)]

    def _problem(self, exc: Exception) -> TemplateProblem:
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        found = _MISSING.search(message)
        name = next((g for g in found.groups() if g), "") if found else ""
        tag = next(
            (t for t in self._tags() if name and re.search(rf"\b{re.escape(name)}\b", t)), ""
        )
        where = f" in the tag {tag}" if tag else ""
        return TemplateProblem(
            f"{self.shown_as}: {message}{where}",
            hint="fix the tag in the form (the README lists the names a form can use), or "
            "remove the form to use pcplan's own layout",
        )

    def render(self, context: dict[str, Any], day: date) -> bytes:
        """The form filled in with ``context``, as the bytes of a .docx file."""
        from docxtpl import DocxTemplate
        from jinja2 import TemplateError

        try:
            template = DocxTemplate(io.BytesIO(self.data))
            template.render(context, jinja_env=self._env, autoescape=True)
        except TemplateError as exc:
            raise self._problem(exc) from None
        except (KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise TemplateProblem(
                f"{self.shown_as} cannot be read as a Word form ({type(exc).__name__})"
            ) from None
        props = template.docx.core_properties
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
        props.created = moment
        props.modified = moment
        props.last_modified_by = ""
        props.revision = 1
        out = io.BytesIO()
        template.save(out)
        return stable_zip(out.getvalue())


def find_form(templates_dir: Path, document: str) -> WordForm | None:
    """The school's form for ``document`` (``templates/<document>.docx``), or None."""
    path = templates_dir / f"{document}.docx"
    if not path.is_file():
        return None
    return WordForm(path, f"templates/{document}.docx")
