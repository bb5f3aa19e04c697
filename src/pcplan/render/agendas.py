"""Making the review agendas of a term, and their index, as HTML or Markdown.

The agendas use the same template environment, school settings and date as the other
documents (one :class:`~pcplan.render.documents.Renderer` per run), so a school's
template overrides and the escaping rules apply to them in the same way.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pcplan.calendar.schedule import TermReview
from pcplan.calendar.terms import Term
from pcplan.fileio import AtomicBatch
from pcplan.render.agenda_view import agenda_view, term_index_entry
from pcplan.render.documents import Format, OutputFormat, Renderer, index_format
from pcplan.render.views import Link
from pcplan.schoolyear import long_date

AGENDA_TEMPLATE = "agenda"
TERM_INDEX_TEMPLATE = "agendas"
INDEX_NAME = "index"


def agendas_dir(out_dir: Path, term: Term) -> Path:
    """Where a term's agendas go by default: ``out/reviews/<term>/``."""
    return out_dir / "reviews" / term.name


def agenda_file(folder: Path, pupil_id: str, fmt: OutputFormat) -> Path:
    return folder / f"{pupil_id}.{fmt}"


def agenda_text(
    renderer: Renderer, due: TermReview, term: Term, fmt: Format, nav: list[Link] | None = None
) -> str:
    """The agenda of one pupil's review in ``term``."""
    view = agenda_view(due, term, renderer.today)
    return renderer.render(
        f"{AGENDA_TEMPLATE}.{fmt}.j2",
        fmt,
        agenda=view,
        subject=view.pupil.name,
        nav=nav or [],
    )


def agenda_document(
    renderer: Renderer,
    due: TermReview,
    term: Term,
    fmt: OutputFormat,
    nav: list[Link] | None = None,
) -> str | bytes:
    """The agenda in any format: text for HTML and Markdown, bytes for Word and PDF."""
    if fmt == "html" or fmt == "md":
        return agenda_text(renderer, due, term, fmt, nav)
    if fmt == "pdf":
        from pcplan.render.pdf import html_to_pdf

        return html_to_pdf(agenda_text(renderer, due, term, "html"))
    view = agenda_view(due, term, renderer.today)
    form = renderer.word_form("agenda")
    if form is not None:
        context = renderer.form_context(agenda=view, subject=view.pupil.name)
        return form.render(context, renderer.today)
    from pcplan.render.word.documents import agenda_docx

    return agenda_docx(view, renderer.school, renderer.today)


def term_index_text(
    renderer: Renderer, reviews: Sequence[TermReview], term: Term, fmt: OutputFormat
) -> str:
    """The index of a term's agendas: every pupil due, their review, and a link."""
    entries = [
        term_index_entry(due, term, renderer.today, f"{due.record.pupil.id}.{fmt}")
        for due in reviews
    ]
    page = index_format(fmt)
    return renderer.render(
        f"{TERM_INDEX_TEMPLATE}.{page}.j2",
        page,
        term=term.label,
        term_dates=f"{long_date(term.start)} to {long_date(term.end)}",
        reviews=entries,
        subject="these pupils",
        nav=[],
    )


@dataclass
class AgendaBatch:
    """What ``pcplan review`` wrote: each agenda's path, and the index when there is one."""

    agendas: dict[str, Path] = field(default_factory=dict)
    index: Path | None = None
    written: int = 0
    unchanged: int = 0


def write_agendas(
    renderer: Renderer,
    reviews: Sequence[TermReview],
    term: Term,
    fmt: OutputFormat,
    folder: Path,
    *,
    with_index: bool,
) -> AgendaBatch:
    """Write each pupil's agenda into ``folder``, and the term's index when asked.

    Every file is rendered before any is replaced, and all are replaced together.
    """
    batch = AgendaBatch()
    nav = [Link(f"{INDEX_NAME}.{fmt}", "All agendas this term")] if with_index else []
    if fmt in ("docx", "pdf"):
        nav = []
    # The loaded records are a large heap that rendering never frees: keep the cyclic
    # garbage collector from walking it again and again (as render all does).
    gc.freeze()
    try:
        texts = [(due, agenda_document(renderer, due, term, fmt, nav)) for due in reviews]
        index = term_index_text(renderer, reviews, term, fmt) if with_index else None
    finally:
        gc.unfreeze()
    with AtomicBatch() as files:
        for due, text in texts:
            path = agenda_file(folder, due.record.pupil.id, fmt)
            batch.agendas[due.record.pupil.id] = path
            _count(batch, files.write(path, text))
        if index is not None:
            batch.index = folder / f"{INDEX_NAME}.{index_format(fmt)}"
            _count(batch, files.write_text(batch.index, index))
    return batch


def _count(batch: AgendaBatch, changed: bool) -> None:
    if changed:
        batch.written += 1
    else:
        batch.unchanged += 1
