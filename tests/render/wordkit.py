"""Reading Word files and HTML documents back as text, for the tests of the Word output."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from typing import Any

BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "th", "td", "dt", "dd", "caption"})


def normal(text: str) -> str:
    """Letters and digits only, in lower case: what both formats must say, in order."""
    return re.sub(r"\W+", "", text).casefold()


class _Blocks(HTMLParser):
    """The text of each innermost block of an HTML document's body, apart from the links
    to the other documents (which a Word file has no use for)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list[str]] = []
        self.blocks: list[str] = []
        self.skip = 0
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "body":
            self.in_body = True
        if self.skip or (tag == "nav" and "doc-nav" in classes):
            if tag == "nav":
                self.skip += 1
            return
        if tag in BLOCKS:
            self.stack.append([])
        elif tag == "br" and self.stack:
            self.stack[-1].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == "nav":
                self.skip -= 1
            return
        if tag in BLOCKS and self.stack:
            text = "".join(self.stack.pop()).strip()
            if text:
                self.blocks.append(text)

    def handle_data(self, data: str) -> None:
        if self.in_body and not self.skip and self.stack:
            self.stack[-1].append(data)


def html_blocks(html: str) -> list[str]:
    parser = _Blocks()
    parser.feed(html)
    return parser.blocks


def docx_text(data: bytes) -> str:
    """Everything a Word file says: header, body (paragraphs and tables), footer."""
    from docx import Document

    document = Document(io.BytesIO(data))
    parts: list[str] = []
    section = document.sections[0]
    parts.extend(p.text for p in section.header.paragraphs)
    body = document.element.body
    for element in body.iterchildren():
        parts.extend(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
        parts.append("\n")
    parts.extend(p.text for p in section.footer.paragraphs)
    return " ".join(parts)


def missing_from_docx(html: str, data: bytes) -> list[str]:
    """The HTML's blocks of text that the Word file does not say (empty when it says all)."""
    said = normal(docx_text(data))
    return [block for block in html_blocks(html) if normal(block) not in said]


def open_docx(data: bytes) -> Any:
    from docx import Document

    return Document(io.BytesIO(data))


def effective_size(paragraph: Any, run: Any) -> float:
    """The size in points a run of text is set in: its own, else its character style's,
    else its paragraph style's (each style with those it is based on)."""
    if run.font.size is not None:
        return float(run.font.size.pt)
    for style in (run.style, paragraph.style):
        while style is not None:
            if style.font.size is not None:
                return float(style.font.size.pt)
            style = style.base_style
    return 10.0  # Word's own default when nothing says


def body_runs(data: bytes) -> list[tuple[str, str, float]]:
    """Every run of text in a Word file's body: its paragraph's style, its text, its size."""
    document = open_docx(data)
    return [
        (paragraph.style.name, run.text, effective_size(paragraph, run))
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    ]


def picture_alts(data: bytes) -> list[str]:
    """The alt text of every picture in a Word file's body, in order."""
    document = open_docx(data)
    return [
        element.get("descr", "")
        for element in document.element.body.iter()
        if element.tag.endswith("}docPr")
    ]


def outline(data: bytes) -> str:
    """A Word file's body as text, a paragraph a line: its style, its indent, its words
    (line breaks as ' / ') and its pictures' alt text. For golden files a reader can diff."""
    document = open_docx(data)
    out: list[str] = []
    for paragraph in document.paragraphs:
        parts: list[str] = []
        for element in paragraph._p.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "t":
                parts.append(element.text or "")
            elif tag == "br":
                parts.append(" / ")
            elif tag == "tab":
                parts.append(" ")
            elif tag == "docPr":
                parts.append(f"[picture: {element.get('descr', '')}]")
        indent = paragraph.paragraph_format.left_indent
        where = f" >{round(indent.mm)}mm" if indent else ""
        out.append(f"[{paragraph.style.name}{where}] {''.join(parts)}".rstrip())
    return "\n".join(out) + "\n"


def heading_problems(html: str, data: bytes) -> list[str]:
    """What is wrong with a Word file's headings against its HTML: headings the HTML does
    not have, and a first heading that is not level 1 or a level skipped on the way down."""
    import itertools

    said = normal(" ".join(html_blocks(html)))
    headings = [p for p in open_docx(data).paragraphs if p.style.name.startswith("Heading")]
    problems = [f"not in the HTML: {h.text}" for h in headings if normal(h.text) not in said]
    levels = [int(h.style.name.split()[-1]) for h in headings]
    if not levels or levels[0] != 1:
        problems.append(f"the first heading is not level 1: {levels[:1]}")
    problems += [f"level {b} after {a}" for a, b in itertools.pairwise(levels) if b > a + 1]
    return problems
