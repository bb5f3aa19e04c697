"""A Word document built with python-docx, with the features every pcplan document needs.

:class:`WordDocument` is a small layer over python-docx that any document can use (the
profile, the plan, the agenda, the record of a review, and whole-school tables):

- heading styles, so the navigation pane and a table of contents work;
- tables whose header row repeats on every page and is never blank;
- pictures with alt text;
- the pupil's own words in their own character style ("Pupil's words");
- the protective marking in the header and footer of every page;
- language en-GB, a title and no personal author in the document properties;
- A4 pages with sensible margins.

Every text passed in is data: python-docx writes it as the text of a run, so markup in it
(``</w:t>``, ``{{ }}``, a field code such as ``DDEAUTO``) stays literal text. Control
characters that XML cannot hold are shown as their visible symbols (U+2400 onwards).

:meth:`WordDocument.to_bytes` gives byte-identical packages for the same content: the
document properties carry the date of the run, and the zip is written again with fixed
timestamps and a stable order.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

PUPIL_WORDS_STYLE = "Pupil's words"
LANGUAGE = "en-GB"
FONT = "Arial"
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)

# Characters XML 1.0 cannot hold: C0 controls other than tab, line feed and carriage
# return, and the two non-characters. Shown as the control pictures of Unicode instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def word_text(value: Any) -> str:
    """Text that a Word document can hold, with nothing dropped: controls made visible."""
    text = "" if value is None else str(value)
    return _NOT_XML.sub(_visible, text)


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text with its emphasis, or a character style."""

    text: str
    bold: bool = False
    italic: bool = False
    style: str | None = None


Inline = str | Run


def runs_of(content: Inline | Sequence[Inline]) -> list[Run]:
    if isinstance(content, str | Run):
        content = [content]
    return [item if isinstance(item, Run) else Run(item) for item in content]


def _set_on_off(parent: Any, tag: str) -> None:
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)


class WordDocument:
    """One Word document under construction (see the module's description)."""

    def __init__(
        self,
        *,
        title: str,
        marking: str,
        school: str,
        footer: str,
        day: date,
        base_size: float = 11,
        margin_mm: float = 18,
        landscape: bool = False,
    ) -> None:
        self.document: Any = Document()
        self.title = title
        self.day = day
        self._pictures = 0
        self._drop_thumbnail()
        self._set_properties(title)
        self._set_language_and_sizes(base_size)
        self._add_pupil_words_style()
        # python-docx finds a style by name by reading every style in the document, each
        # time: look each one up once, and set paragraphs' and runs' styles by id.
        self._style_ids = {style.name: style.style_id for style in self.document.styles}
        self._set_page(marking, school, footer, margin_mm, landscape)

    # --- the package ------------------------------------------------------------------

    def _drop_thumbnail(self) -> None:
        # The template's thumbnail is a picture of an empty page: not this document's.
        rels = self.document.part.package.rels
        for rel_id, rel in list(rels.items()):
            if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
                del rels[rel_id]

    def _set_properties(self, title: str) -> None:
        props = self.document.core_properties
        moment = datetime(self.day.year, self.day.month, self.day.day, tzinfo=UTC)
        props.title = word_text(title)[:255]
        props.author = ""
        props.last_modified_by = ""
        props.comments = ""
        props.subject = ""
        props.keywords = ""
        props.category = ""
        props.language = LANGUAGE
        props.revision = 1
        props.created = moment
        props.modified = moment

    def _set_language_and_sizes(self, base_size: float) -> None:
        styles = self.document.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
        # Arial, which every computer has (Liberation Sans has the same measurements), so
        # the document takes the same room everywhere.
        fonts = lang.getparent().find(qn("w:rFonts"))
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), FONT)
        normal = styles["Normal"]
        normal.font.size = Pt(base_size)
        normal.paragraph_format.space_after = Pt(base_size * 0.4)
        normal.paragraph_format.line_spacing = 1.1
        for level, scale in ((1, 1.8), (2, 1.35), (3, 1.15), (4, 1.0)):
            heading = styles[f"Heading {level}"]
            heading.font.size = Pt(round(base_size * scale, 1))
            heading.paragraph_format.space_before = Pt(base_size * (0.9 if level < 3 else 0.6))
            heading.paragraph_format.space_after = Pt(base_size * 0.3)
            heading.paragraph_format.keep_with_next = True
            fonts = heading.element.rPr.rFonts
            if fonts is not None:
                for attribute in list(fonts.attrib):
                    del fonts.attrib[attribute]
            heading.font.name = FONT
        for name in ("List Bullet", "List Number"):
            styles[name].paragraph_format.space_after = Pt(base_size * 0.2)

    def _add_pupil_words_style(self) -> None:
        style = self.document.styles.add_style(PUPIL_WORDS_STYLE, WD_STYLE_TYPE.CHARACTER)
        style.base_style = self.document.styles["Default Paragraph Font"]
        style.font.italic = True
        style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x5A)
        style.quick_style = True

    def _set_page(
        self, marking: str, school: str, footer: str, margin_mm: float, landscape: bool
    ) -> None:
        section = self.document.sections[0]
        width, height = (297, 210) if landscape else (210, 297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width = Mm(width)
        section.page_height = Mm(height)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Mm(margin_mm))
        section.top_margin = Mm(margin_mm)
        section.bottom_margin = Mm(margin_mm)
        section.header_distance = Mm(8)
        section.footer_distance = Mm(8)
        right = Mm(width - 2 * margin_mm)
        self.text_width_mm = width - 2 * margin_mm

        head = section.header.paragraphs[0]
        stops = head.paragraph_format.tab_stops
        for inherited in (Twips(4680), Twips(9360)):  # the Header style's own tab stops
            stops.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
        head.add_run(word_text(school or "School records"))
        head.add_run("\t")
        head.add_run(word_text(marking)).bold = True

        foot = section.footer.paragraphs[0]
        foot.add_run(word_text(footer))
        mark = section.footer.add_paragraph()
        mark.add_run(word_text(marking)).bold = True
        for paragraph in (head, foot, mark):
            for run in paragraph.runs:
                run.font.size = Pt(8)

    def to_bytes(self) -> bytes:
        """The .docx file: the same content always gives the same bytes."""
        raw = io.BytesIO()
        self.document.save(raw)
        return stable_zip(raw.getvalue())

    # --- blocks ---------------------------------------------------------------------

    def _paragraph(self, style: str | None = None) -> Paragraph:
        added: Paragraph = self.document.add_paragraph()
        if style is not None:
            added._p.style = self._style_ids[style]
        return added

    def heading(self, content: Inline | Sequence[Inline], level: int) -> Paragraph:
        """A heading of Word's built-in style, level 1 to 4."""
        paragraph = self._paragraph(f"Heading {level}")
        add_runs(paragraph, content, self._style_ids)
        return paragraph

    def paragraph(
        self, content: Inline | Sequence[Inline] = (), style: str | None = None
    ) -> Paragraph:
        """A paragraph of text; line breaks in the text are kept."""
        paragraph = self._paragraph(style)
        add_runs(paragraph, content, self._style_ids)
        return paragraph

    def bullets(self, items: Iterable[Inline | Sequence[Inline]]) -> None:
        for item in items:
            self.paragraph(item, "List Bullet")

    def numbered(self, items: Iterable[Inline | Sequence[Inline]]) -> None:
        # Written as text, so a second list starts from 1 again in every program.
        for number, item in enumerate(items, start=1):
            self.paragraph([f"{number}. ", *runs_of(item)], "List Paragraph")

    def facts(self, rows: Iterable[tuple[str, Inline | Sequence[Inline]]]) -> None:
        """Label and value pairs, one a line: 'Year group: Year 9'."""
        for label, value in rows:
            self.paragraph([Run(f"{label}: ", bold=True), *runs_of(value)])

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Inline | Sequence[Inline]]],
        *,
        caption: str | None = None,
        widths_mm: Sequence[float] | None = None,
        size: float | None = None,
        numeric: Iterable[int] = (),
    ) -> Table:
        """A table whose first row names every column and repeats on each page; the
        columns numbered in ``numeric`` (from 0) are set flush right, as figures are."""
        if caption:
            self.paragraph(caption, "Caption")
        if any(not h.strip() for h in headers):
            raise ValueError("every column of a table needs a header")
        table: Table = self.document.add_table(rows=1, cols=len(headers))
        table._tbl.tblStyle_val = self._style_ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        header = table.rows[0]
        tr_pr = header._tr.get_or_add_trPr()
        _set_on_off(tr_pr, "w:tblHeader")
        _set_on_off(tr_pr, "w:cantSplit")
        right = frozenset(numeric)
        for column, (cell, text) in enumerate(zip(header.cells, headers, strict=True)):
            _fill(cell, [Run(text, bold=True)], size, self._style_ids, column in right)
        for values in rows:
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
                _fill(cell, value, size, self._style_ids, column in right)
        if widths_mm is not None:
            # The grid is what LibreOffice lays out by, the cells' widths what Word does.
            for column, width in zip(table.columns, widths_mm, strict=True):
                column.width = Mm(width)
                for cell in column.cells:
                    cell.width = Mm(width)
        return table

    def picture(self, data: bytes, alt: str, width_mm: float) -> Paragraph:
        """A picture with alt text (Word's "Alt Text", read by screen readers)."""
        paragraph = self._paragraph()
        run = paragraph.add_run()
        inline = run.add_picture(io.BytesIO(data), width=Mm(width_mm))
        self._pictures += 1
        doc_pr = inline._inline.docPr
        doc_pr.set("descr", word_text(alt))
        doc_pr.set("title", word_text(alt))
        doc_pr.set("name", f"Picture {self._pictures}")
        return paragraph


def add_runs(
    paragraph: Paragraph,
    content: Inline | Sequence[Inline],
    style_ids: dict[str, str] | None = None,
) -> None:
    """Add text to a paragraph as runs; line breaks become Word line breaks. A run's
    character style is found in ``style_ids`` (name to id) when it is given."""
    for item in runs_of(content):
        if not item.text:
            continue
        run = paragraph.add_run(word_text(item.text))
        if item.bold:
            run.bold = True
        if item.italic:
            run.italic = True
        if item.style is not None:
            if style_ids is not None:
                run._r.style = style_ids[item.style]
            else:
                run.style = item.style


def _fill(
    cell: _Cell,
    content: Inline | Sequence[Inline],
    size: float | None,
    style_ids: dict[str, str],
    right: bool = False,
) -> None:
    paragraph = cell.paragraphs[0]
    add_runs(paragraph, content, style_ids)
    paragraph.paragraph_format.space_after = Pt(2)
    if right:
        paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
    if size is not None:
        for run in paragraph.runs:
            run.font.size = Pt(size)


def stable_zip(package: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, in a stable order."""
    source = zipfile.ZipFile(io.BytesIO(package))
    names = source.namelist()
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    order = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(name), compresslevel=1)
    return out.getvalue()
