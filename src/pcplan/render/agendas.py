"""Making the review agendas of a term, and their index, as HTML or Markdown.

The agendas use the same template environment, school settings and date as the other
documents (one :class:`~pcplan.render.documents.Renderer` per run), so a school's
template overrides and the escaping rules apply to them in the same way.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pcplan.calendar.schedule import TermReview, last_review
from pcplan.calendar.terms import Term
from pcplan.fileio import AtomicBatch
from pcplan.render.agenda_view import (
    HISTORY_OFF,
    NO_HISTORY,
    ChangesView,
    agenda_view,
    term_index_entry,
)
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


def changes_for(
    reviews: Sequence[TermReview], paths: dict[str, Path], today: date
) -> dict[str, ChangesView]:
    """What changed in each record since its last review, from git (one pupil at a time).

    A record with no history in git is left out of the answer.
    """
    from pcplan.history.report import changes_since
    from pcplan.history.view import entry_view
    from pcplan.loading.files import repository_of

    out: dict[str, ChangesView] = {}
    for due in reviews:
        record = due.record
        path = paths.get(record.pupil.id)
        if path is None:
            continue
        last = last_review(record, today)
        since = last.date if last else None
        found = changes_since(
            path, path.name, record.pupil.display_name, since, memo_root=repository_of(path)
        )
        if found is None:
            continue
        out[record.pupil.id] = ChangesView(
            shown=True,
            since=long_date(since) if since else "",
            entries=[entry_view(e) for e in found.entries],
        )
    return out


def agenda_text(
    renderer: Renderer,
    due: TermReview,
    term: Term,
    fmt: Format,
    nav: list[Link] | None = None,
    changes: dict[str, ChangesView] | None = None,
) -> str:
    """The agenda of one pupil's review in ``term``."""
    found = HISTORY_OFF if changes is None else changes.get(due.record.pupil.id, NO_HISTORY)
    view = agenda_view(due, term, renderer.today, found)
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
    changes: dict[str, ChangesView] | None = None,
) -> str | bytes:
    """The agenda in any format: text for HTML and Markdown, bytes for Word and PDF."""
    if fmt == "html" or fmt == "md":
        return agenda_text(renderer, due, term, fmt, nav, changes)
    if fmt == "pdf":
        from pcplan.render.pdf import html_to_pdf

        return html_to_pdf(agenda_text(renderer, due, term, "html", None, changes))
    found = HISTORY_OFF if changes is None else changes.get(due.record.pupil.id, NO_HISTORY)
    view = agenda_view(due, term, renderer.today, found)
    form = renderer.word_form("agenda")
    if form is not None:
        context = renderer.form_context(agenda=view, subject=view.pupil.name)
        return form.render(context, renderer.today)
    from pcplan.render.word.documents import agenda_docx

    return agenda_docx(view, renderer.school, renderer.today)


def term_index_text(
    renderer: Renderer,
    reviews: Sequence[TermReview],
    term: Term,
    fmt: OutputFormat,
    nav: list[Link] | None = None,
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
        nav=nav or [],
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
    changes: dict[str, ChangesView] | None = None,
    overview: str | None = None,
) -> AgendaBatch:
    """Write each pupil's agenda into ``folder``, and the term's index when asked.

    ``overview`` is the link from the term's index back to the school overview (when the
    agendas are where the overview links to them). Every file is rendered before any is
    replaced, and all are replaced together.
    """
    batch = AgendaBatch()
    nav = [Link(f"{INDEX_NAME}.{fmt}", "All agendas this term")] if with_index else []
    if fmt in ("docx", "pdf"):
        nav = []  # a Word file or a PDF is printed or sent on its own
    # The loaded records are a large heap that rendering never frees: keep the cyclic
    # garbage collector from walking it again and again (as render all does).
    gc.freeze()
    try:
        texts = [(due, agenda_document(renderer, due, term, fmt, nav, changes)) for due in reviews]
        index_nav = [Link(overview, "School overview")] if overview else []
        index = term_index_text(renderer, reviews, term, fmt, index_nav) if with_index else None
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
