"""Surgical edits of a record's text, guided by the positions of the parsed nodes.

pcplan never re-writes a record from its data: that would lose the teacher's comments,
order, quoting and blank lines. Instead each change is a few new lines (or a few new
characters inside one line) spliced into the text, placed and indented in the file's own
style. Positions come from the node tree the strict loader keeps (libyaml counts them in
characters, with a CRLF as two).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pcplan.editing.emit import Layout
from pcplan.errors import PcplanError

# The characters libyaml reads as line breaks; any other splitting would disagree with it.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_SPACE = " \t\r\n\x85\u2028\u2029"


class LayoutNotSupported(PcplanError):
    """The record is valid, but written in a way pcplan cannot add to without re-writing it."""


@dataclass(frozen=True, slots=True)
class Splice:
    """Replace ``text[start:end]`` with ``insert``."""

    start: int
    end: int
    insert: str


class Source:
    """A record's text with its lines, line endings and the helpers to splice into it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]
        crlf = text.count("\r\n")
        lf = text.count("\n") - crlf
        cr = text.count("\r") - crlf
        if crlf >= max(lf, cr) and crlf:
            self.newline = "\r\n"
        elif cr > lf:
            self.newline = "\r"
        else:
            self.newline = "\n"

    # -- lines ---------------------------------------------------------------------------

    @property
    def line_count(self) -> int:
        return len(self.starts) if self.starts[-1] < len(self.text) else len(self.starts) - 1

    def line_of(self, index: int) -> int:
        """The 0-based line holding character ``index``."""
        return bisect.bisect_right(self.starts, index) - 1

    def line_start(self, index: int) -> int:
        return self.starts[self.line_of(index)]

    def line_end(self, index: int) -> int:
        """Where the line holding ``index`` ends, after its line break (or the end of text)."""
        n = self.line_of(index)
        return self.starts[n + 1] if n + 1 < len(self.starts) else len(self.text)

    def line(self, n: int) -> str:
        """Line ``n`` without its line break."""
        start = self.starts[n]
        end = self.starts[n + 1] if n + 1 < len(self.starts) else len(self.text)
        m = _BREAK.search(self.text, start, end)
        return self.text[start : m.start() if m else end]

    def break_before(self, index: int) -> str:
        """The line break that ends just before ``index``, if ``index`` starts a line."""
        for size in (2, 1):
            piece = self.text[max(0, index - size) : index]
            if len(piece) == size and _BREAK.fullmatch(piece):
                return piece
        return ""

    def is_blank(self, n: int) -> bool:
        return 0 <= n < self.line_count and not self.line(n).strip(" \t")

    # -- splicing ------------------------------------------------------------------------

    def newline_at(self, index: int) -> str:
        """The line ending to give new lines placed at ``index``: that of the line above."""
        found = self.break_before(index)
        return found if found in ("\r\n", "\n", "\r") else self.newline

    def insert_lines(self, at: int, lines: list[str]) -> Splice:
        """New whole lines at ``at`` (a line start, or the end of the text).

        A file without a final line break keeps that: the new lines go after a new break
        and the last of them has none.
        """
        nl = self.newline_at(at)
        if at == len(self.text) and at > 0 and not self.break_before(at):
            return Splice(at, at, nl + nl.join(lines))
        return Splice(at, at, "".join(line + nl for line in lines))

    @staticmethod
    def apply(text: str, splices: Iterable[Splice]) -> str:
        """``text`` with every splice made (they must not overlap)."""
        out = text
        for splice in sorted(splices, key=lambda s: (s.start, s.end), reverse=True):
            out = out[: splice.start] + splice.insert + out[splice.end :]
        return out

    # -- where things end ----------------------------------------------------------------

    def content_end(self, node: Node) -> int:
        """Just after the last character that belongs to ``node``'s value.

        Block collections end where the next token starts (after blank lines and comments),
        so they are measured by their last child. A kept block scalar (``|+``) owns its
        trailing blank lines: it ends at the start of the line after them.
        """
        if isinstance(node, ScalarNode):
            start, end = node.start_mark.index, node.end_mark.index
            if node.style in ("|", ">") and "+" in self._block_header(start):
                return end
            return start + len(self.text[start:end].rstrip(_SPACE))
        if getattr(node, "flow_style", False):
            return int(node.end_mark.index)
        best = node.start_mark.index
        for child in _children(node):
            if isinstance(child, ScalarNode) and child.start_mark.index == child.end_mark.index:
                continue  # an empty value: it has no text of its own
            best = max(best, self.content_end(child))
        return int(best)

    def _block_header(self, start: int) -> str:
        m = re.match(r"[|>][-+0-9]*", self.text[start : start + 4])
        return m.group(0) if m else ""

    def after_line(self, index: int) -> int:
        """The start of the line after the one holding ``index - 1`` (content ending there)."""
        if index > 0 and self.break_before(index):
            return index
        return self.line_end(max(index - 1, 0))

    def after_own_comments(self, at: int, owner_column: int) -> int:
        """Move ``at`` (a line start) past comment lines indented deeper than ``owner_column``.

        Such comments belong to the entry above; blank lines between them are passed over
        only when a comment follows, so the new text sits right after the entry.
        """
        best = at
        n = self.line_of(at) if at < len(self.text) else self.line_count
        while n < self.line_count:
            line = self.line(n)
            stripped = line.lstrip(" ")
            if not stripped.strip(" \t"):
                n += 1
                continue
            if stripped.startswith("#") and len(line) - len(stripped) > owner_column:
                best = self.starts[n + 1] if n + 1 < len(self.starts) else len(self.text)
                n += 1
                continue
            break
        return best

    def end_of_entry(self, node: Node, owner_column: int) -> int:
        """Where new lines go after ``node``: after its last line and its own comments."""
        return self.after_own_comments(self.after_line(self.content_end(node)), owner_column)

    # -- shapes --------------------------------------------------------------------------

    def dash_column(self, sequence: SequenceNode) -> int:
        """The column of a block list's dashes."""
        return int(sequence.start_mark.column)

    def entry_offset(self, sequence: SequenceNode, item: Node) -> int | None:
        """How far an entry's content sits right of its dash, when on the dash's line."""
        dash = self.text.rfind("-", 0, item.start_mark.index)
        if dash < 0 or self.line_of(dash) != item.start_mark.line:
            return None
        if self.text[dash + 1 : item.start_mark.index].strip(" "):
            return None
        return int(item.start_mark.index - dash)

    def separated_by_blank_lines(self, sequence: SequenceNode) -> bool:
        """Whether the entries of a block list have a blank line between them."""
        items = sequence.value
        if len(items) < 2:
            return False
        dash_line = self.line_of(self.text.rfind("-", 0, items[-1].start_mark.index))
        return self.is_blank(dash_line - 1)

    def layout(self, root: Node | None) -> Layout:
        """The indentation habits of the file, by majority (2, 2, 2 when it has none)."""
        seq: Counter[int] = Counter()
        step: Counter[int] = Counter()
        item: Counter[int] = Counter()
        for node in _walk(root):
            if isinstance(node, MappingNode) and not node.flow_style:
                for key, value in node.value:
                    if (
                        getattr(value, "flow_style", True)
                        or value.start_mark.line == key.start_mark.line
                    ):
                        continue
                    if isinstance(value, SequenceNode):
                        seq[value.start_mark.column - key.start_mark.column] += 1
                    elif isinstance(value, MappingNode):
                        step[value.start_mark.column - key.start_mark.column] += 1
            elif isinstance(node, SequenceNode) and not node.flow_style:
                for entry in node.value:
                    if isinstance(entry, MappingNode) and not entry.flow_style:
                        offset = self.entry_offset(node, entry)
                        if offset is not None:
                            item[offset] += 1

        def most(counter: Counter[int], default: int, low: int) -> int:
            good = [(n, v) for v, n in counter.items() if v >= low]
            return max(good)[1] if good else default

        return Layout(most(seq, 2, 0), most(step, 2, 1), most(item, 2, 2))

    # -- small replacements -------------------------------------------------------------

    def drop_value(self, value: Node) -> Splice:
        """Remove a value's text (``[]``, ``~``) and the spaces before it, keeping comments."""
        start, end = value.start_mark.index, value.end_mark.index
        line_rest = self.text[end : self.line_end(end)]
        while start > 0 and self.text[start - 1] == " ":
            start -= 1
        if not line_rest.strip(_SPACE):
            end += len(line_rest) - len(line_rest.lstrip(" \t"))
        return Splice(start, end, "")


def entry(mapping: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    """The key and value nodes of ``key`` in a mapping node, if it is there."""
    if not isinstance(mapping, MappingNode):
        return None
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def is_null(node: Node) -> bool:
    """An empty value (``key:`` alone, ``~`` or ``null``), read as absent."""
    return (
        isinstance(node, ScalarNode)
        and not node.style
        and node.value in ("", "~", "null", "Null", "NULL")
    )


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, SequenceNode):
        yield from node.value


def _walk(node: Node | None) -> Iterator[Node]:
    if node is None:
        return
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(_children(current))
