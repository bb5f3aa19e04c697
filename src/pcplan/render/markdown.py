"""Escaping record text for CommonMark (with GFM tables), so that it reads as typed.

A teacher's text may hold characters that Markdown treats as markup: ``*``, ``_``, a
``#`` or ``-`` or ``1.`` at the start of a line, ``<tag>``, ``[link]``, ``&amp;``, ``|`` in a
table. Each is escaped with a backslash (CommonMark allows it before any ASCII
punctuation), and only where it could matter, so the raw file still reads well.
"""

from __future__ import annotations

import re
from typing import Any

# Markup anywhere in a line: emphasis, code, links, raw HTML and autolinks, headings'
# closing hashes, table pipes, strikethrough, and the escape character itself.
_ANYWHERE = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<#|~"})
# An entity reference such as &amp; or &#60; would be decoded: escape its ampersand.
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# At the start of a line: block quote, list items, thematic breaks and setext underlines.
_LINE_START = frozenset(">+=-")
# An ordered list marker: 1. or 1)
_ORDERED = re.compile(r"^([0-9]{1,9})([.)])")


# Everything str.splitlines() splits on.
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def is_one_line(text: str) -> bool:
    """Whether a text has no line break in it (apart from any at its ends)."""
    return _LINE_BREAK.search(text.strip()) is None


def text_lines(value: Any) -> list[str]:
    """The non-blank lines of a text, each without surrounding spaces."""
    text = "" if value is None else str(value)
    return [stripped for stripped in (line.strip() for line in text.splitlines()) if stripped]


def escape_line(line: str) -> str:
    """One line of record text, escaped so that Markdown shows it exactly as typed."""
    out = line.translate(_ANYWHERE)
    if "&" in out:
        out = _ENTITY.sub(r"\\&", out)
    first = out[:1]
    if first and first in _LINE_START:
        return "\\" + out
    if first.isdigit():
        return _ORDERED.sub(r"\1\\\2", out)
    return out


def escape_block(value: Any) -> str:
    """Text for a paragraph or list item: line breaks kept as hard breaks."""
    text = "" if value is None else str(value)
    if is_one_line(text):
        return escape_line(text.strip())
    return "\\\n".join(escape_line(line) for line in text_lines(text))


def escape_line_only(value: Any) -> str:
    """Text for a heading or any one-line place: line breaks become spaces."""
    return " ".join(escape_line(line) for line in text_lines(value))


def escape_cell(value: Any) -> str:
    """Text for a GFM table cell: pipes escaped, line breaks as <br>."""
    text = "" if value is None else str(value)
    if is_one_line(text):  # most cells: the same as the lines joined, without splitting
        return escape_line(text.strip())
    return "<br>".join(escape_line(line) for line in text_lines(text))
