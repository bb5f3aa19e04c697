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

import copy
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
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

PUPIL_WORDS_STYLE = "Pupil's words"
_BREAKS = re.compile("([\t\r\n])")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_P, _PPR, _PSTYLE, _SPACING, _JC, _SECT_PR = (
    qn(tag) for tag in ("w:p", "w:pPr", "w:pStyle", "w:spacing", "w:jc", "w:sectPr")
)
_R, _RPR, _RSTYLE, _B, _I, _SZ, _T, _TAB, _BR, _TC = (
    qn(tag)
    for tag in ("w:r", "w:rPr", "w:rStyle", "w:b", "w:i", "w:sz", "w:t", "w:tab", "w:br", "w:tc")
)
_VAL, _AFTER = qn("w:val"), qn("w:after")
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


@dataclass(frozen=True, slots=True)
class _Prototype:
    """A document with its language, styles and page set, made once a process for each
    layout. Each new document is a copy of it that shares, rather than copies, the parts no
    document changes (the styles, theme, fonts, settings, numbering): copying the whole of
    python-docx's template, and setting its styles, took most of the time of a document."""

    document: Any
    style_ids: dict[str, str]
    shared: dict[int, Any]  # the unchanging parts, by id (a memo for copy.deepcopy)
    blobs: dict[int, bytes]  # their XML, serialised once


_Layout = tuple[float, float, bool, float]
_PROTOTYPES: dict[_Layout, _Prototype] = {}
# Parts of python-docx's template that no pcplan document has a use for: a picture of an
# empty page, and Word 2010's copy of the styles (later versions neither need nor write it).
_UNUSED_PARTS = (
    RELATIONSHIP_TYPE.THUMBNAIL,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
)


def _prototype(layout: _Layout) -> _Prototype:
    found = _PROTOTYPES.get(layout)
    if found is not None:
        return found
    base_size, margin_mm, landscape, line_spacing = layout
    document = Document()
    package = document.part.package
    for rels in (package.rels, document.part.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype in _UNUSED_PARTS:
                del rels[rel_id]
    _set_language_and_sizes(document.styles, base_size, line_spacing)
    _add_pupil_words_style(document.styles)
    _set_page_size(document.sections[0], margin_mm, landscape)
    # The document itself and its properties are each document's own; the rest is shared.
    shared = {
        id(part): part
        for part in package.iter_parts()
        if part is not document.part and not isinstance(part, CorePropertiesPart)
    }
    found = _PROTOTYPES[layout] = _Prototype(
        document,
        # python-docx finds a style by name by reading every style in the document, each
        # time: look each one up once, and set paragraphs' and runs' styles by id.
        {style.name: style.style_id for style in document.styles},
        shared,
        {key: part.blob for key, part in shared.items()},
    )
    return found


def _set_language_and_sizes(styles: Any, base_size: float, line_spacing: float) -> None:
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
    normal.paragraph_format.line_spacing = line_spacing
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


def _add_pupil_words_style(styles: Any) -> None:
    style = styles.add_style(PUPIL_WORDS_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.base_style = styles["Default Paragraph Font"]
    style.font.italic = True
    style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x5A)
    style.quick_style = True


def _page_width_mm(landscape: bool) -> int:
    return 297 if landscape else 210


def _set_page_size(section: Any, margin_mm: float, landscape: bool) -> None:
    width = _page_width_mm(landscape)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width = Mm(width)
    section.page_height = Mm(210 if landscape else 297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(margin_mm))
    section.header_distance = Mm(8)
    section.footer_distance = Mm(8)


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
        line_spacing: float = 1.1,
        furniture_size: float = 8,
    ) -> None:
        prototype = _prototype((base_size, margin_mm, landscape, line_spacing))
        self._prototype = prototype
        self.document: Any = copy.deepcopy(prototype.document, dict(prototype.shared))
        self._style_ids = prototype.style_ids
        self._body = self.document._body
        self._end = self.document.element.body.find(_SECT_PR)  # the body ends with it
        self.title = title
        self.day = day
        self._pictures = 0
        self.text_width_mm = _page_width_mm(landscape) - 2 * margin_mm
        self._set_properties(title)
        self._set_header_and_footer(marking, school, footer, furniture_size)

    # --- the package ------------------------------------------------------------------

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

    def _set_header_and_footer(
        self, marking: str, school: str, footer: str, furniture_size: float
    ) -> None:
        section = self.document.sections[0]
        head = section.header.paragraphs[0]
        stops = head.paragraph_format.tab_stops
        for inherited in (Twips(4680), Twips(9360)):  # the Header style's own tab stops
            stops.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(Mm(self.text_width_mm), WD_TAB_ALIGNMENT.RIGHT)
        head.add_run(word_text(school or "School records"))
        head.add_run("\t")
        head.add_run(word_text(marking)).bold = True

        foot = section.footer.paragraphs[0]
        foot.add_run(word_text(footer))
        mark = section.footer.add_paragraph()
        mark.add_run(word_text(marking)).bold = True
        for paragraph in (head, foot, mark):
            for run in paragraph.runs:
                run.font.size = Pt(furniture_size)

    def to_bytes(self) -> bytes:
        """The .docx file: the same content always gives the same bytes."""
        package = self.document.part.package
        parts = list(package.iter_parts())
        files = {
            "[Content_Types].xml": _ContentTypesItem.from_parts(parts).blob,  # type: ignore[no-untyped-call]
            "_rels/.rels": package.rels.xml,
        }
        blobs = self._prototype.blobs
        for part in parts:
            blob = blobs.get(id(part))
            files[part.partname.membername] = blob if blob is not None else part.blob
            if len(part.rels):
                files[part.partname.rels_uri.membername] = part.rels.xml
        return zip_files(files)

    # --- blocks ---------------------------------------------------------------------

    def _paragraph(self, style: str | None = None) -> Paragraph:
        # Made as XML directly: python-docx's own way looks for its place among the
        # possible children each time, which was a good part of a document's time.
        p = OxmlElement("w:p")
        if style is not None:
            SubElement(SubElement(p, _PPR), _PSTYLE).set(_VAL, self._style_ids[style])
        self._end.addprevious(p)
        return Paragraph(p, self._body)

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
        if widths_mm is not None:
            # The grid is what LibreOffice lays out by, the cells' widths what Word does.
            for column, width in zip(table.columns, widths_mm, strict=True):
                column.width = Mm(width)
                for cell in column.cells:
                    cell.width = Mm(width)
        header = table.rows[0]._tr
        blank = copy.deepcopy(header)  # every row starts as a copy of the empty first one
        tr_pr = header.get_or_add_trPr()
        _set_on_off(tr_pr, "w:tblHeader")
        _set_on_off(tr_pr, "w:cantSplit")
        right = [column in frozenset(numeric) for column in range(len(headers))]
        half_points = _half_points(size)
        cells = header.findall(_TC)
        for tc, text, flush in zip(cells, headers, right, strict=True):
            _fill(tc, [Run(text, bold=True)], half_points, self._style_ids, flush)
        for values in rows:
            tr = copy.deepcopy(blank)
            table._tbl.append(tr)
            for tc, value, flush in zip(tr.findall(_TC), values, right, strict=True):
                _fill(tc, value, half_points, self._style_ids, flush)
        return table

    def picture(self, data: bytes, alt: str, width_mm: float) -> Paragraph:
        """A picture with alt text (Word's "Alt Text", read by screen readers)."""
        paragraph = self._paragraph()
        self._inline_picture(paragraph, data, alt, width_mm)
        return paragraph

    def _inline_picture(self, paragraph: Paragraph, data: bytes, alt: str, width_mm: float) -> None:
        inline = paragraph.add_run().add_picture(io.BytesIO(data), width=Mm(width_mm))
        self._pictures += 1
        doc_pr = inline._inline.docPr
        doc_pr.set("descr", word_text(alt))
        doc_pr.set("title", word_text(alt))
        doc_pr.set("name", f"Picture {self._pictures}")

    def beside(
        self,
        picture: tuple[bytes, str] | None,
        content: Inline | Sequence[Inline],
        *,
        column_mm: float,
        picture_mm: float,
        style: str | None = None,
    ) -> Paragraph:
        """A paragraph with a picture column on its left, made without a table: the
        picture (data and alt text), if any, sits inline at the start of the first line and
        the words keep to a column ``column_mm`` from the margin, wrapped lines too. A
        screen reader reads the picture, then its words. With ``column_mm`` 0, a plain
        paragraph."""
        paragraph = self._paragraph(style)
        if column_mm:
            layout = paragraph.paragraph_format
            layout.left_indent = Mm(column_mm)
            if picture is not None:
                layout.first_line_indent = -Mm(column_mm)
                layout.tab_stops.add_tab_stop(Mm(column_mm))
                self._inline_picture(paragraph, *picture, picture_mm)
                paragraph.add_run("\t")
        add_runs(paragraph, content, self._style_ids)
        return paragraph


def add_runs(
    paragraph: Paragraph,
    content: Inline | Sequence[Inline],
    style_ids: dict[str, str],
    half_points: str | None = None,
) -> None:
    """Add text to a paragraph as runs; line breaks become Word line breaks. A run's
    character style is found in ``style_ids`` (name to id); ``half_points`` is a size."""
    _add_runs(paragraph._p, content, style_ids, half_points)


def _add_runs(
    p: Any, content: Inline | Sequence[Inline], style_ids: dict[str, str], half_points: str | None
) -> None:
    # The XML python-docx writes for a run (w:r, its w:rPr in the schema's order, then
    # w:t, w:tab and w:br), made directly: python-docx's own way was most of the time of
    # a document.
    for item in runs_of(content):
        if not item.text:
            continue
        r = SubElement(p, _R)
        if item.style is not None or item.bold or item.italic or half_points is not None:
            properties = SubElement(r, _RPR)
            if item.style is not None:
                SubElement(properties, _RSTYLE).set(_VAL, style_ids[item.style])
            if item.bold:
                SubElement(properties, _B)
            if item.italic:
                SubElement(properties, _I)
            if half_points is not None:
                SubElement(properties, _SZ).set(_VAL, half_points)
        for piece in _BREAKS.split(word_text(item.text)):
            if piece == "\t":
                SubElement(r, _TAB)
            elif piece == "\n" or piece == "\r":
                SubElement(r, _BR)
            elif piece:
                t = SubElement(r, _T)
                t.text = piece
                if len(piece.strip()) < len(piece):
                    t.set(_XML_SPACE, "preserve")


def _half_points(size: float | None) -> str | None:
    return None if size is None else str(int(Pt(size).pt * 2))


def _fill(
    tc: Any,
    content: Inline | Sequence[Inline],
    half_points: str | None,
    style_ids: dict[str, str],
    right: bool = False,
) -> None:
    p = tc.find(_P)
    layout = SubElement(p, _PPR)
    SubElement(layout, _SPACING).set(_AFTER, "40")  # 2 pt
    if right:
        SubElement(layout, _JC).set(_VAL, "right")
    _add_runs(p, content, style_ids, half_points)


def stable_zip(package: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, in a stable order."""
    source = zipfile.ZipFile(io.BytesIO(package))
    return zip_files({name: source.read(name) for name in source.namelist()})


def zip_files(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` (name to contents) with fixed timestamps and attributes, in a
    stable order: the content types and the package's relationships first, as Word does."""
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in files]
    order = first + sorted(n for n in files if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, files[name], compresslevel=1)
    return out.getvalue()
