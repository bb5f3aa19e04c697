"""Making the documents: a profile, a plan, an index, as HTML or Markdown text.

One :class:`Renderer` serves a whole run: it holds the one template environment (so each
template compiles once), the school settings and the date of the run. Rendering is a pure
function of the records, the settings, the templates and that date, so the same inputs
give byte-identical files.
"""

from __future__ import annotations

import base64
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pcplan.diagnostics.core import Diagnostic
from pcplan.diagnostics.rules import MAX_PHOTO_BYTES, photo_file_problem
from pcplan.fileio import AtomicBatch, FileRefused, FileTooLarge, read_regular_file
from pcplan.loading.records import (
    LoadedRecord,
    LoadResult,
    RecordKey,
    load_chunk,
    map_chunks,
    repository_of,
)
from pcplan.loading.repo import Repository
from pcplan.render.layout import BINARY_FORMATS as BINARY_FORMATS
from pcplan.render.layout import (
    INDEX_NAME as INDEX_NAME,
)
from pcplan.render.layout import KINDS as KINDS
from pcplan.render.layout import STAFF_ONLY as STAFF_ONLY
from pcplan.render.layout import BatchResult as BatchResult
from pcplan.render.layout import DocumentKind as DocumentKind
from pcplan.render.layout import Format as Format
from pcplan.render.layout import OutputFormat as OutputFormat
from pcplan.render.layout import document_path as document_path
from pcplan.render.layout import index_format as index_format
from pcplan.render.layout import index_path as index_path
from pcplan.render.pages import PageRenderer
from pcplan.render.views import (
    AUDIENCE_LABELS,
    Audience,
    AudienceLinks,
    IndexEntry,
    Link,
    NeedLabel,
    NotRendered,
    Photo,
    PicturePath,
    plan_view,
    profile_view,
    pupil_view,
)
from pcplan.schoolyear import long_date
from pcplan.vocabulary import NEEDS

if TYPE_CHECKING:
    from pcplan.cohort.overview import AgendasLink
    from pcplan.cohort.pupils import CohortContext, CohortPupil

if TYPE_CHECKING:
    from pcplan.models import Review
    from pcplan.render.word.forms import WordForm
    from pcplan.render.written import Written

_PICTURE_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


class RecordProblem(Exception):
    """A record that validated but cannot be made into a document (e.g. its photo)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics

    def __reduce__(self) -> tuple[type[RecordProblem], tuple[list[Diagnostic]]]:
        # Passed back from worker processes: rebuild from the diagnostics, not the message.
        return (RecordProblem, (self.diagnostics,))


def template_name(kind: str, audience: Audience, fmt: Format) -> str:
    """The template of a document: the pupil's easy-read version has its own; the family's
    is the staff document with the family's wording."""
    if audience == "pupil":
        return f"{kind}-easy.{fmt}.j2"
    return f"{kind}.{fmt}.j2"


def picture_type(head: bytes) -> str | None:
    """The media type of a PNG, JPEG, GIF or WebP picture from its first bytes."""
    for magic, media_type in _PICTURE_TYPES:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


class Renderer(PageRenderer):
    """Renders documents for one repository and one date, compiling each template once."""

    def __init__(self, repository: Repository, today: date) -> None:
        super().__init__(repository, today)
        self._photos: dict[Path, Photo] = {}
        self._forms: dict[str, WordForm | None] = {}
        self._cohort_context: CohortContext | None = None

    def cohort_context(self) -> CohortContext:
        """The terms and school year the overview counts with, made on first use."""
        if self._cohort_context is None:
            from pcplan.cohort.load import cohort_context

            self._cohort_context = cohort_context(self.repository, self.today, with_due=True)
        return self._cohort_context

    def summarise(self, loaded: LoadedRecord) -> CohortPupil:
        """What the overview needs of one record."""
        from pcplan.cohort.pupils import summarise

        return summarise(loaded, self.cohort_context())

    def photo(self, loaded: LoadedRecord) -> Photo | None:
        """The profile photo as a data: URI, read from inside the repository only."""
        relative = loaded.record.profile.photo
        if relative is None:
            return None
        alt = f"Photo of {loaded.record.pupil.display_name}"
        return self.picture(loaded, relative, ("profile", "photo"), alt)

    def pictures(self, loaded: LoadedRecord) -> dict[PicturePath, Photo]:
        """The easy-read pictures of a record's statements, hopes and goals, by their place
        in the record, each embedded as the profile photo is."""
        record = loaded.record
        found: dict[PicturePath, Photo] = {}
        places: list[tuple[PicturePath, object]] = []
        for key in ("like_and_admire", "important_to_me", "how_to_support_me"):
            for i, item in enumerate(getattr(record.profile, key)):
                places.append((("profile", key, i), item))
        places += [(("aspirations", i), a) for i, a in enumerate(record.aspirations)]
        places += [(("goals", i), g) for i, g in enumerate(record.goals)]
        for where, item in places:
            relative = getattr(item, "image", None)
            if relative is not None:
                alt = getattr(item, "alt", None) or ""
                found[where] = self.picture(loaded, relative, (*where, "image"), alt)
        return found

    def picture(self, loaded: LoadedRecord, relative: str, where: PicturePath, alt: str) -> Photo:
        """A picture as a data: URI, read from inside the repository only, never fetched."""
        target = (loaded.path.parent / relative).resolve()
        cached = self._photos.get(target)
        if cached is not None:
            return Photo(cached.data_uri, alt)
        what = "the photo" if where == ("profile", "photo") else "the picture"
        problem = photo_file_problem(target, repository_of(loaded.path), what)
        if problem is not None:
            raise RecordProblem([loaded.diagnostic(where, *problem)])
        try:
            data = read_regular_file(target, MAX_PHOTO_BYTES, within=repository_of(loaded.path))
        except FileTooLarge:
            message, code = f"{what} is larger than 5 MB", "photo-size"
            raise RecordProblem([loaded.diagnostic(where, message, code)]) from None
        except (OSError, FileRefused):
            raise RecordProblem(
                [loaded.diagnostic(where, f"{what} cannot be read", "photo-unreadable")]
            ) from None
        media_type = picture_type(data[:16])
        if media_type is None:
            raise RecordProblem(
                [
                    loaded.diagnostic(
                        where,
                        f"{what} is not a PNG, JPEG, GIF or WebP picture",
                        "photo-type",
                    )
                ]
            )
        uri = f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
        self._photos[target] = Photo(uri, alt)
        return Photo(uri, alt)

    def profile(
        self,
        loaded: LoadedRecord,
        fmt: Format,
        nav: list[Link] | None = None,
        audience: Audience = "staff",
    ) -> str:
        """The one-page profile of one pupil, for ``audience``."""
        pictures = self.pictures(loaded) if audience == "pupil" else None
        view = profile_view(loaded.record, self.today, self.photo(loaded), audience, pictures)
        return self.render(
            template_name("profile", audience, fmt),
            fmt,
            profile=view,
            subject=view.pupil.name,
            nav=nav or [],
            audience=audience,
        )

    def plan(
        self,
        loaded: LoadedRecord,
        fmt: Format,
        nav: list[Link] | None = None,
        audience: Audience = "staff",
    ) -> str:
        """The personalised learning plan of one pupil, under the five headings."""
        pictures = self.pictures(loaded) if audience == "pupil" else None
        view = plan_view(loaded.record, self.today, audience, pictures)
        return self.render(
            template_name("plan", audience, fmt),
            fmt,
            plan=view,
            subject=view.pupil.name,
            nav=nav or [],
            audience=audience,
        )

    def document(
        self,
        kind: DocumentKind,
        loaded: LoadedRecord,
        fmt: Format,
        nav: list[Link] | None = None,
        audience: Audience = "staff",
    ) -> str:
        if kind == "profile":
            return self.profile(loaded, fmt, nav, audience)
        return self.plan(loaded, fmt, nav, audience)

    def document_file(
        self,
        kind: DocumentKind,
        loaded: LoadedRecord,
        fmt: OutputFormat,
        nav: list[Link] | None = None,
        audience: Audience = "staff",
    ) -> str | bytes:
        """A document in any format: text for HTML and Markdown, bytes for Word and PDF."""
        if fmt == "html" or fmt == "md":
            return self.document(kind, loaded, fmt, nav, audience)
        if fmt == "pdf":
            from pcplan.render.pdf import html_to_pdf

            return html_to_pdf(self.document(kind, loaded, "html", None, audience))
        return self.word(kind, loaded, audience)

    def word(self, kind: DocumentKind, loaded: LoadedRecord, audience: Audience = "staff") -> bytes:
        """A document as a Word file: the school's own form when it has one."""
        from pcplan.render.word import documents as word
        from pcplan.render.word import easy

        pictures = self.pictures(loaded) if audience == "pupil" else None
        if kind == "profile":
            profile = profile_view(
                loaded.record, self.today, self.photo(loaded), audience, pictures
            )
            form = self.word_form("profile")
            if form is not None:
                context = self.form_context(
                    profile=profile, subject=profile.pupil.name, audience=audience
                )
                return form.render(context, self.today)
            if audience == "pupil":
                return easy.profile_easy_docx(profile, self.school, self.today)
            return word.profile_docx(profile, self.school, self.today, audience)
        plan = plan_view(loaded.record, self.today, audience, pictures)
        form = self.word_form("plan")
        if form is not None:
            context = self.form_context(plan=plan, subject=plan.pupil.name, audience=audience)
            return form.render(context, self.today)
        if audience == "pupil":
            return easy.plan_easy_docx(plan, self.school, self.today)
        return word.plan_docx(plan, self.school, self.today, audience)

    def too_long(self, loaded: LoadedRecord, audience: Audience = "staff") -> bool:
        """Whether the built-in Word profile of a pupil will not fit on one A4 page."""
        from pcplan.render.word.documents import profile_fits_one_page

        if self.word_form("profile") is not None:
            return False  # the school's form decides its own layout
        if audience == "pupil":
            return False  # easy read takes the pages its big type needs, as in the browser
        view = profile_view(loaded.record, self.today, self.photo(loaded), audience)
        return not profile_fits_one_page(view)

    def word_form(self, document: str) -> WordForm | None:
        """The school's Word form for ``document`` (templates/<document>.docx), or None."""
        from pcplan.render.word.forms import find_form

        if document not in self._forms:
            self._forms[document] = find_form(self.repository.templates_dir, document)
        return self._forms[document]

    def form_context(self, **context: Any) -> dict[str, Any]:
        """What a Word form sees: the same names as the HTML templates."""
        return {"school": self.school, "today": long_date(self.today), **context}

    def review_record(
        self,
        loaded: LoadedRecord,
        review: Review,
        fmt: OutputFormat,
        audience: Audience = "family",
    ) -> str | bytes:
        """The record of one review, for the family (or ``audience``), in any format."""
        from pcplan.render.review_view import review_record_view

        pictures = self.pictures(loaded) if audience == "pupil" else None
        view = review_record_view(loaded.record, review, self.today, audience, pictures)
        context: dict[str, Any] = {
            "review": view,
            "subject": view.pupil.name,
            "audience": audience,
        }
        if fmt == "html" or fmt == "md":
            return self.render(template_name("review", audience, fmt), fmt, nav=[], **context)
        if fmt == "pdf":
            from pcplan.render.pdf import html_to_pdf

            page = self.render(template_name("review", audience, "html"), "html", nav=[], **context)
            return html_to_pdf(page)
        form = self.word_form("review")
        if form is not None:
            return form.render(self.form_context(**context), self.today)
        if audience == "pupil":
            from pcplan.render.word.easy import review_easy_docx

            return review_easy_docx(view, self.school, self.today)
        from pcplan.render.word.review import review_docx

        return review_docx(view, self.school, self.today)

    def index_entry(
        self,
        loaded: LoadedRecord,
        fmt: OutputFormat,
        audiences: Sequence[Audience] = STAFF_ONLY,
    ) -> IndexEntry:
        """A pupil's line on the index page, with links to each audience's documents."""
        pupil = pupil_view(loaded.record, self.today)
        needs = loaded.record.pupil.needs
        codes = [needs.primary] if needs and needs.primary else []
        codes += [c for c in (needs.secondary if needs else []) if c not in codes]
        links = []
        if tuple(audiences) != STAFF_ONLY:
            links = [
                AudienceLinks(
                    audience=audience,
                    label=AUDIENCE_LABELS[audience],
                    profile_href=f"{audience}/{pupil.id}/profile.{fmt}",
                    plan_href=f"{audience}/{pupil.id}/plan.{fmt}",
                )
                for audience in audiences
            ]
        return IndexEntry(
            name=pupil.name,
            full_name=pupil.full_name,
            year=pupil.year or "Not known",
            sen_status_label=pupil.sen_status_label,
            profile_href=f"{pupil.id}/profile.{fmt}",
            plan_href=f"{pupil.id}/plan.{fmt}",
            sort_key=(pupil.full_name.casefold(), pupil.id),
            needs=tuple(NeedLabel(code, NEEDS[code]) for code in codes),
            staff_name=loaded.record.pupil.staff_name,
            # In brackets after the full name only where it says more than the forename.
            known_as=pupil.known_as if pupil.staff_name != pupil.full_name else "",
            audiences=links,
        )

    def index(
        self,
        records: list[LoadedRecord],
        not_rendered: list[NotRendered],
        fmt: OutputFormat,
        out_dir: Path | None = None,
    ) -> str:
        """The school overview: the numbers, and every pupil with links to their documents."""
        entries = [self.index_entry(loaded, fmt) for loaded in records]
        pupils = [self.summarise(loaded) for loaded in records]
        return self.index_page(entries, not_rendered, fmt, pupils, out_dir)

    def agendas_link(self, fmt: OutputFormat, out_dir: Path | None) -> AgendasLink:
        """A link to this term's review agendas, when ``pcplan review`` has made them."""
        from pcplan.cohort.overview import AgendasLink

        term = self.cohort_context().calendar.window_term(self.today)
        relative = f"reviews/{term.name}/{INDEX_NAME}.{index_format(fmt)}"
        exists = out_dir is not None and (out_dir / relative).is_file()
        command = "pcplan review --term current" + (" --format md" if fmt == "md" else "")
        return AgendasLink(term.phrase, relative if exists else None, command)

    def index_page(
        self,
        entries: list[IndexEntry],
        not_rendered: list[NotRendered],
        fmt: OutputFormat,
        pupils: list[CohortPupil],
        out_dir: Path | None = None,
        audiences: Sequence[Audience] = STAFF_ONLY,
    ) -> str:
        """The school overview from the pupils' lines and summaries."""
        from pcplan.cohort.overview import overview

        numbers = overview(pupils, self.cohort_context(), self.agendas_link(fmt, out_dir))
        page = index_format(fmt)
        return self.render(
            f"{INDEX_NAME}.{page}.j2",
            page,
            pupils=sorted(entries, key=lambda e: e.sort_key),
            not_rendered=sorted(not_rendered, key=lambda n: n.file),
            overview=numbers,
            subject="these pupils",
            nav=[],
            audiences=[AUDIENCE_LABELS[a] for a in audiences]
            if tuple(audiences) != STAFF_ONLY
            else [],
        )


Rendered = list[tuple[Audience, DocumentKind, str | bytes]]


def render_pupil(
    renderer: Renderer,
    loaded: LoadedRecord,
    fmt: OutputFormat,
    audiences: Sequence[Audience] = STAFF_ONLY,
) -> Rendered | RecordProblem:
    """Every document of one pupil for each audience, or the problem that stopped them
    (an unusable photo or picture)."""
    nested = tuple(audiences) != STAFF_ONLY
    try:
        return [
            (
                audience,
                kind,
                renderer.document_file(
                    kind, loaded, fmt, pupil_nav(kind, fmt, audience, nested), audience
                ),
            )
            for audience in audiences
            for kind in KINDS
        ]
    except RecordProblem as problem:
        return problem


@dataclass(slots=True)
class PupilOutput:
    """One pupil's part of ``render all``: their documents (or what stopped them) and their
    line on the index. Small, so that worker processes can hand it back cheaply."""

    display: str
    pupil_id: str
    entry: IndexEntry
    done: Rendered | RecordProblem
    summary: CohortPupil
    too_long: bool = False


def prepare(
    renderer: Renderer,
    loaded: LoadedRecord,
    fmt: OutputFormat,
    audiences: Sequence[Audience] = STAFF_ONLY,
) -> PupilOutput:
    """Render one pupil's documents for a batch, and sum them up for the overview."""
    done = render_pupil(renderer, loaded, fmt, audiences)
    entry = renderer.index_entry(loaded, fmt, audiences)
    too_long = (
        fmt == "docx"
        and not isinstance(done, RecordProblem)
        and any(renderer.too_long(loaded, audience) for audience in audiences)
    )
    summary = renderer.summarise(loaded)
    return PupilOutput(loaded.display, loaded.pupil_id, entry, done, summary, too_long)


# What a forked worker of load_and_render renders with: set in the parent before forking.
_FORKED: tuple[Renderer, OutputFormat, Sequence[Audience]] | None = None


def _load_and_render_chunk(
    paths: list[Path], today: date
) -> tuple[list[Diagnostic], list[RecordKey], list[PupilOutput]]:
    assert _FORKED is not None
    renderer, fmt, audiences = _FORKED
    diagnostics, loaded_records = load_chunk(paths, today)
    invalid = {d.file for d in diagnostics if d.severity == "error"}
    outputs = [
        prepare(renderer, loaded, fmt, audiences)
        for loaded in loaded_records
        if loaded.display not in invalid
    ]
    return diagnostics, [loaded.key() for loaded in loaded_records], outputs


def load_and_render(
    renderer: Renderer,
    paths: list[Path],
    today: date,
    fmt: OutputFormat,
    workers: int,
    audiences: Sequence[Audience] = STAFF_ONLY,
) -> tuple[LoadResult, list[PupilOutput]]:
    """Load, check and render records on ``workers`` processes (for ``render all``).

    Reading the records is most of the work of rendering them, so each worker both loads
    and renders its share and hands back only the documents and index lines, not the
    records; the parent then writes the files and the index (see :func:`render_batch`).
    """
    from pcplan.diagnostics.rules import check_across

    global _FORKED
    result = LoadResult(files=len(paths))
    keys: list[RecordKey] = []
    outputs: list[PupilOutput] = []
    renderer.cohort_context()  # made before the workers fork, so that each inherits it
    _FORKED = (renderer, fmt, audiences)
    try:
        for diagnostics, chunk_keys, chunk in map_chunks(
            _load_and_render_chunk, paths, today, workers
        ):
            result.diagnostics.extend(diagnostics)
            keys.extend(chunk_keys)
            outputs.extend(chunk)
    finally:
        _FORKED = None
    result.diagnostics.extend(check_across(keys))
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result, outputs


def pupil_nav(
    kind: DocumentKind, fmt: OutputFormat, audience: Audience = "staff", nested: bool = False
) -> list[Link]:
    """Links from a pupil's document to the index and to their other document. The
    family's and the pupil's copies link only to each other: the index is for staff.
    A Word file or a PDF has no links: it is printed or sent on its own."""
    if fmt in BINARY_FORMATS:
        return []
    other: DocumentKind = "plan" if kind == "profile" else "profile"
    if audience == "pupil":
        label = "My plan" if other == "plan" else "All about me"
    else:
        label = "Personalised learning plan" if other == "plan" else "One-page profile"
    sibling = Link(f"{other}.{fmt}", label)
    if audience != "staff":
        return [sibling]
    up = "../../" if nested else "../"
    return [Link(f"{up}{INDEX_NAME}.{fmt}", "All pupils"), sibling]


def render_batch(
    renderer: Renderer,
    result: LoadResult,
    fmt: OutputFormat,
    out_dir: Path,
    *,
    report: Callable[[list[Diagnostic]], None],
    advance: Callable[[], None] = lambda: None,
    prepared: Iterable[PupilOutput] | None = None,
    audiences: Sequence[Audience] = STAFF_ONLY,
    written: Written | None = None,
) -> BatchResult:
    """Write every document of every valid record, then the index; each document is noted
    in ``written``.

    A record with errors is handed to ``report`` with its diagnostics (as ``validate``
    prints them) and left out; the others are still rendered. The files are replaced
    together at the end (see :class:`~pcplan.fileio.AtomicBatch`), each atomically, and
    a file whose content has not changed is left untouched. Documents already made by
    :func:`load_and_render` come in ``prepared``, in place of ``result.records``.

    With more than the staff's documents, each audience's set goes in its own folder
    (``out/staff/``, ``out/family/``, ``out/pupil/``) and the one index links them all.
    """
    invalid = {d.file for d in result.diagnostics if d.severity == "error"}
    problems: dict[str, list[Diagnostic]] = {}
    for diagnostic in result.diagnostics:
        if diagnostic.file in invalid:
            problems.setdefault(diagnostic.file, []).append(diagnostic)
    for file in sorted(problems):
        report(problems[file])

    batch = BatchResult(index=index_path(out_dir, fmt), audiences=len(audiences))
    nested = tuple(audiences) != STAFF_ONLY
    outputs = prepared
    if outputs is None:
        outputs = (
            prepare(renderer, loaded, fmt, audiences)
            for loaded in result.records
            if loaded.display not in invalid
        )
        advance_skipped = sum(1 for loaded in result.records if loaded.display in invalid)
        for _ in range(advance_skipped):
            advance()
    entries: list[IndexEntry] = []
    summaries: list[CohortPupil] = []
    # The loaded records are a large heap that rendering never frees: set it aside from
    # the cyclic garbage collector, which would otherwise walk all of it again and again.
    gc.freeze()
    with _unfreeze_after(), AtomicBatch() as files:
        for output in outputs:
            if output.display in invalid:  # found only by the checks across records
                advance()
                continue
            if isinstance(output.done, RecordProblem):
                problems[output.display] = list(output.done.diagnostics)
                report(output.done.diagnostics)
                advance()
                continue
            for audience, kind, text in output.done:
                folder = out_dir / audience if nested else out_dir
                path = document_path(folder, output.pupil_id, kind, fmt)
                _count(batch, files.write(path, text))
                if written is not None:
                    written.add(path, output.pupil_id, text)
            entries.append(output.entry)
            if output.too_long:
                batch.too_long.append(output.entry.name)
            summaries.append(output.summary)
            advance()
        batch.pupils = len(entries)
        batch.not_rendered = [
            NotRendered(file, sum(1 for d in found if d.severity == "error"))
            for file, found in sorted(problems.items())
        ]
        index = renderer.index_page(entries, batch.not_rendered, fmt, summaries, out_dir, audiences)
        _count(batch, files.write_text(batch.index, index))
    return batch


@contextmanager
def _unfreeze_after() -> Iterator[None]:
    try:
        yield
    finally:
        gc.unfreeze()


def _count(batch: BatchResult, changed: bool) -> None:
    if changed:
        batch.written += 1
    else:
        batch.unchanged += 1
