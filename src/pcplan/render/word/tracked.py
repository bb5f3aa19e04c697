"""Proposed changes in Word: the new version of a document with what changed since the old
one as Word's own tracked changes.

Both versions are whole Word documents made the same way (the built-in layout or the
school's form). Their bodies are compared as the HTML copy compares its lines (see
:mod:`pcplan.history.proposed`): paragraphs and tables that are the same stay as they are;
a paragraph whose shape (style and runs) is the same in both shows the words that changed;
a paragraph, table row or table only in the new version is an insertion, one only in the
old version a deletion. Words are compared with the same function as the HTML's, so the two
copies mark the same words.

Insertions are ``w:ins`` and deletions ``w:del`` with ``w:delText``, so the local authority
can accept or reject each change in Word (Review > Accept / Reject). Each carries a fixed
author (the school, never a person) and a fixed date, so the same records give the same
bytes. The inserted runs are also bold and underlined and the deleted ones struck through,
so the marks read the same with Word's "Simple Markup" view, when printed, and in programs
that do not show tracked changes; a key at the top says so in words.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Sequence
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun
from lxml import etree  # python-docx's own XML library

from pcplan.history.proposed import aligned
from pcplan.render.word.builder import stable_zip, word_text

Segments = list[tuple[str, str]]
"""Pieces of text: ``("=", same)``, ``("-", taken out)`` or ``("+", added)``."""

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_R = qn("w:r")
_T = qn("w:t")
_BR = qn("w:br")
_TAB = qn("w:tab")
_CR = qn("w:cr")
_PPR = qn("w:pPr")
_RPR = qn("w:rPr")
_TRPR = qn("w:trPr")
_TCPR = qn("w:tcPr")
_TBLPR = qn("w:tblPr")
_TBLGRID = qn("w:tblGrid")
_SECTPR = qn("w:sectPr")
_INS = qn("w:ins")
_DEL = qn("w:del")
_TEXT_PARTS = frozenset({_T, _BR, _TAB, _CR})


class _Marker:
    """Makes ``w:ins`` and ``w:del`` marks with the same author and date."""

    def __init__(self, author: str, when: str) -> None:
        self.author = word_text(author)
        self.when = when

    def mark(self, tag: str) -> Any:
        element = OxmlElement(tag)
        element.set(qn("w:id"), "0")  # numbered in document order at the end
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.when)
        return element


def _xml(element: Any) -> bytes:
    return bytes(etree.tostring(element))


def _blocks(container: Any) -> list[Any]:
    """The paragraphs and tables of a body or a table cell (not their properties)."""
    return [child for child in container if child.tag not in (_SECTPR, _TCPR)]


def _run_text(run: Any) -> str | None:
    """A run's text (line breaks and tabs as characters), or None when it holds more than
    text (a picture, a field): such a run is compared whole."""
    out: list[str] = []
    for child in run:
        if child.tag == _RPR:
            continue
        if child.tag not in _TEXT_PARTS:
            return None
        if child.tag == _T:
            out.append(child.text or "")
        elif child.tag == _TAB:
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _skeleton(block: Any) -> bytes:
    """What must be the same for two blocks to be compared word by word: a paragraph's
    properties and the formatting of its runs; a table's layout and column headers."""
    if block.tag == _P:
        parts = [b"p"]
        for child in block:
            if child.tag == _PPR:
                parts.append(_xml(child))
            elif child.tag == _R:
                rpr = child.find(_RPR)
                text = _run_text(child)
                kind = b"r" if text is None else (b"t" if text.strip() else b"s")
                parts.append(kind + (_xml(rpr) if rpr is not None else b""))
            else:
                parts.append(child.tag.encode())
        return b"\x00".join(parts)
    if block.tag == _TBL:
        rows = block.findall(_TR)
        head = "".join(block.itertext()) if not rows else "".join(rows[0].itertext())
        grid = block.find(_TBLGRID)
        return b"tbl\x00" + (_xml(grid) if grid is not None else b"") + head.encode()
    return _xml(block)


def _row_skeleton(row: Any) -> bytes:
    cells = row.findall(_TC)
    return b"\x01".join(b"\x02".join(_skeleton(b) for b in _blocks(c)) for c in cells)


def _matched(
    old: Sequence[Any],
    new: Sequence[Any],
    key: Callable[[Any], bytes],
) -> Sequence[tuple[str, int, int, int, int]]:
    import difflib

    matcher = difflib.SequenceMatcher(
        a=[key(x) for x in old], b=[key(y) for y in new], autojunk=False
    )
    return matcher.get_opcodes()


class _Tracker:
    def __init__(self, marker: _Marker, words: Callable[[str, str], Segments]) -> None:
        self.marker = marker
        self.words = words

    # --- whole blocks -------------------------------------------------------------------

    def blocks(self, old: Sequence[Any], new: Sequence[Any]) -> list[Any]:
        """The new blocks, with what changed from the old ones marked."""
        out: list[Any] = []
        for op, i1, i2, j1, j2 in aligned([_xml(x) for x in old], [_xml(y) for y in new]):
            if op == "equal":
                out.extend(new[j1:j2])
            else:
                out.extend(self._region(old[i1:i2], new[j1:j2]))
        return out

    def _region(self, old: Sequence[Any], new: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for op, i1, i2, j1, j2 in _matched(old, new, _skeleton):
            if op == "equal":
                for x, y in zip(old[i1:i2], new[j1:j2], strict=True):
                    out.append(self._pair(x, y))
                continue
            for x in old[i1:i2]:
                gone = copy.deepcopy(x)
                self.deleted(gone)
                out.append(gone)
            for y in new[j1:j2]:
                self.inserted(y)
                out.append(y)
        return out

    def _pair(self, old: Any, new: Any) -> Any:
        if new.tag == _P:
            self._paragraph(old, new)
        elif new.tag == _TBL:
            self._table(old, new)
        return new

    # --- a paragraph of the same shape: the words that changed ----------------------------

    def _paragraph(self, old: Any, new: Any) -> None:
        old_runs = [c for c in old if c.tag == _R]
        new_runs = [c for c in new if c.tag == _R]
        for x, y in zip(old_runs, new_runs, strict=True):
            a, b = _run_text(x), _run_text(y)
            if a == b and (a is not None or _xml(x) == _xml(y)):
                continue
            if a is None or b is None:
                gone = copy.deepcopy(x)
                y.addprevious(gone)
                self._delete_run(gone)
                self._insert_run(y)
                continue
            self._split(y, self.words(a, b))

    def _split(self, run: Any, segments: Segments) -> None:
        """Replace ``run`` with runs of the same formatting for each piece of text."""
        rpr = run.find(_RPR)
        for kind, text in segments:
            piece = OxmlElement("w:r")
            if rpr is not None:
                piece.append(copy.deepcopy(rpr))
            _set_text(piece, text)
            run.addprevious(piece)
            if kind == "-":
                self._delete_run(piece)
            elif kind == "+":
                self._insert_run(piece)
        run.getparent().remove(run)

    # --- tables ---------------------------------------------------------------------------

    def _table(self, old: Any, new: Any) -> None:
        old_rows = old.findall(_TR)
        new_rows = new.findall(_TR)
        for op, i1, i2, j1, j2 in aligned([_xml(x) for x in old_rows], [_xml(y) for y in new_rows]):
            if op == "equal":
                continue
            for op2, k1, k2, l1, l2 in _matched(old_rows[i1:i2], new_rows[j1:j2], _row_skeleton):
                if op2 == "equal":
                    pairs = zip(
                        old_rows[i1 + k1 : i1 + k2], new_rows[j1 + l1 : j1 + l2], strict=True
                    )
                    for x, y in pairs:
                        self._row(x, y)
                    continue
                # A deleted row stays where it stood: before the rows that replace it.
                following = new_rows[j1 + l1] if j1 + l1 < len(new_rows) else None
                for x in old_rows[i1 + k1 : i1 + k2]:
                    gone = copy.deepcopy(x)
                    self._delete_row(gone)
                    if following is not None:
                        following.addprevious(gone)
                    else:
                        new.append(gone)
                for y in new_rows[j1 + l1 : j1 + l2]:
                    self._insert_row(y)

    def _row(self, old: Any, new: Any) -> None:
        for x, y in zip(old.findall(_TC), new.findall(_TC), strict=True):
            marked = self.blocks(_blocks(x), _blocks(y))
            _replace_blocks(y, marked)

    # --- marking whole pieces -------------------------------------------------------------

    def inserted(self, block: Any) -> None:
        if block.tag == _P:
            _paragraph_mark(block, self.marker.mark("w:ins"))
            for run in list(block.iter(_R)):
                self._insert_run(run)
        elif block.tag == _TBL:
            for row in block.findall(_TR):
                self._insert_row(row)

    def deleted(self, block: Any) -> None:
        if block.tag == _P:
            _paragraph_mark(block, self.marker.mark("w:del"))
            for run in list(block.iter(_R)):
                self._delete_run(run)
        elif block.tag == _TBL:
            for row in block.findall(_TR):
                self._delete_row(row)

    def _insert_row(self, row: Any) -> None:
        _row_mark(row, self.marker.mark("w:ins"))
        for cell in row.findall(_TC):
            for block in _blocks(cell):
                self.inserted(block)

    def _delete_row(self, row: Any) -> None:
        _row_mark(row, self.marker.mark("w:del"))
        for cell in row.findall(_TC):
            for block in _blocks(cell):
                self.deleted(block)

    def _insert_run(self, run: Any) -> None:
        shown = DocxRun(run, None)  # type: ignore[arg-type]
        shown.bold = True
        shown.underline = True
        mark = self.marker.mark("w:ins")
        run.addprevious(mark)
        mark.append(run)

    def _delete_run(self, run: Any) -> None:
        DocxRun(run, None).font.strike = True  # type: ignore[arg-type]
        for text in run.findall(_T):
            text.tag = qn("w:delText")
        for code in run.findall(qn("w:instrText")):
            code.tag = qn("w:delInstrText")
        mark = self.marker.mark("w:del")
        run.addprevious(mark)
        mark.append(run)


def _set_text(run: Any, text: str) -> None:
    """Text in a run, with line breaks and tabs as Word's own."""
    piece = ""
    for char in text:
        if char in "\n\t":
            if piece:
                _add_t(run, piece)
                piece = ""
            run.append(OxmlElement("w:br" if char == "\n" else "w:tab"))
        else:
            piece += char
    if piece:
        _add_t(run, piece)


def _add_t(run: Any, text: str) -> None:
    t = OxmlElement("w:t")
    t.text = word_text(text)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)


def _paragraph_mark(paragraph: Any, mark: Any) -> None:
    """Mark a paragraph's own end (its mark) inserted or deleted, so that accepting or
    rejecting the change leaves no empty paragraph behind."""
    ppr = paragraph.find(_PPR)
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    rpr = ppr.find(_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        later = [c for c in ppr if c.tag in (_SECTPR, qn("w:pPrChange"))]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, mark)


def _row_mark(row: Any, mark: Any) -> None:
    trpr = row.find(_TRPR)
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        row.insert(1 if row.find(qn("w:tblPrEx")) is not None else 0, trpr)
    trpr.append(mark)


def _replace_blocks(container: Any, blocks: list[Any]) -> None:
    for child in _blocks(container):
        container.remove(child)
    tail = container.find(_SECTPR)
    for block in blocks:
        if tail is not None:
            tail.addprevious(block)
        else:
            container.append(block)
    if container.tag == _TC and not any(b.tag == _P for b in _blocks(container)):
        container.append(OxmlElement("w:p"))  # a cell ends with a paragraph


def _number_marks(body: Any) -> None:
    """Number the changes in document order, after any other numbered mark (a bookmark in
    a school's form), so that no two marks share a number."""
    marks = list(body.iter(_INS, _DEL))
    taken = [
        int(value)
        for element in body.iter()
        if element.tag not in (_INS, _DEL)
        and (value := element.get(qn("w:id"))) is not None
        and value.isdigit()
    ]
    first = max(taken, default=0) + 1
    for number, mark in enumerate(marks, start=first):
        mark.set(qn("w:id"), str(number))


def tracked_changes(
    old: bytes,
    new: bytes,
    *,
    key: Sequence[tuple[str, str]],
    title_prefix: str,
    author: str,
    when: str,
    words: Callable[[str, str], Segments],
) -> bytes:
    """``new`` (a .docx) with what changed from ``old`` as tracked changes, a key paragraph
    at the top and ``title_prefix`` before its title.

    ``key`` is the key's text as pieces with their look: ``""`` plain, ``"b"`` bold,
    ``"ins"`` bold and underlined, ``"del"`` struck through (formatting, not changes).
    ``when`` is the changes' date (``2026-11-10T00:00:00Z``); ``words`` compares two
    pieces of text word by word.
    """
    before = Document(io.BytesIO(old))
    after = Document(io.BytesIO(new))
    body = after.element.body
    marked = _Tracker(_Marker(author, when), words).blocks(
        _blocks(before.element.body), _blocks(body)
    )
    _replace_blocks(body, marked)
    _number_marks(body)

    paragraph = Paragraph(OxmlElement("w:p"), after._body)
    for text, look in key:
        run = paragraph.add_run(word_text(text))
        if look in ("b", "ins"):
            run.bold = True
        if look == "ins":
            run.underline = True
        if look == "del":
            run.font.strike = True
    body.insert(0, paragraph._p)

    props = after.core_properties
    props.title = word_text(title_prefix + (props.title or ""))[:255]
    raw = io.BytesIO()
    after.save(raw)
    return stable_zip(raw.getvalue())
