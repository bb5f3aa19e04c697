"""Rendering pages from templates: the part of :class:`~pcplan.render.documents.Renderer`
that the whole-school views need, without the machinery of the pupils' documents.

A register or provision map is one page made from summaries; importing the view models
and helpers of every pupil document would cost it more than its template does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pcplan.render.environment import make_environment, render_template, school_templates_dir
from pcplan.render.layout import Format
from pcplan.schoolyear import long_date

if TYPE_CHECKING:
    from pcplan.loading.repo import Repository
    from pcplan.models.record import Settings


@dataclass(frozen=True, slots=True)
class SchoolView:
    name: str
    marking: str


def school_view(settings: Settings) -> SchoolView:
    return SchoolView(name=settings.school or "", marking=settings.marking)


class PageRenderer:
    """Renders pages for one repository and one date, compiling each template once."""

    def __init__(self, repository: Repository, today: date) -> None:
        self.repository = repository
        self.today = today
        self.school_templates = school_templates_dir(repository.templates_dir)
        self._environments: dict[str, Any] = {}
        self.school = school_view(repository.settings)

    def environment(self, fmt: Format) -> Any:
        """The template environment of a format, made on first use and kept for the run."""
        env = self._environments.get(fmt)
        if env is None:
            env = self._environments[fmt] = make_environment(fmt, self.school_templates)
        return env

    def render(self, name: str, fmt: Format, **context: Any) -> str:
        """Render a template with the school, the date of the run and ``context``."""
        return render_template(
            self.environment(fmt),
            name,
            self.school_templates,
            school=self.school,
            today=long_date(self.today),
            **context,
        )
