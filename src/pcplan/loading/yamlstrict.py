"""Strict YAML reading: every plain scalar is text, with a position for every node.

PyYAML follows YAML 1.1, where ``no`` is false, ``12:30`` is 750 and ``0123`` is 83, and
duplicate keys silently keep the last value. Teachers' editors follow YAML 1.2. So we read
every scalar as the text the teacher typed and let the schema convert it, and we refuse
the features that make a file mean something other than what it says: duplicate keys,
anchors and aliases, merge keys and tags.

Parsing uses libyaml (``CSafeLoader``) and keeps the composed node tree from the same
pass, so any later check can still point at a line.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from typing import Any

import yaml
import yaml.reader
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pcplan.diagnostics.core import looks_like_key
from pcplan.fileio import size_words
from pcplan.loading.files import MAX_FILE_BYTES as MAX_FILE_BYTES

MAX_FLOW_DEPTH = 64
MAX_DEPTH = 48
MAX_NODES = 25_000
"""Keys, values and list items in one file: the largest real records hold a few thousand."""

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
_SHORT_TAG = re.compile(r"^!!?[A-Za-z0-9_-]{1,16}$")
# What YAML does not allow in a file: C0 controls but tab and line breaks, DEL, C1 but NEL.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


_DEFAULT_TAGS = {ScalarNode: _STR, SequenceNode: _SEQ, MappingNode: _MAP}


class _TextLoader(yaml.CSafeLoader):
    """libyaml's parser with no implicit typing: every plain scalar resolves to text."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012

    # libyaml calls these three for every node. With no implicit and no path resolvers,
    # PyYAML's own versions always come to the default tag after several Python calls;
    # answering at once makes reading a record about a sixth faster.
    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A reason the text could not be read as a record, with a 1-based position."""

    line: int
    column: int
    message: str
    code: str
    path: tuple[str | int, ...] = ()


class YamlError(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class YamlDocument:
    """The plain data of a document and the node tree it came from (for positions).

    A document read by the fast parser (:func:`parse_fast`) has no node tree until one is
    asked for: positions are only needed for messages and edits, and then libyaml reads the
    same text again, so every position is the one the strict reader gives.
    """

    __slots__ = ("_entries", "_root", "_text", "data")

    def __init__(self, data: Any, root: Node | None, *, text: str | None = None) -> None:
        self.data = data
        self._root = root
        self._text = text if root is None else None
        self._entries: dict[int, dict[str, tuple[Node, Node]]] = {}

    @property
    def root(self) -> Node | None:
        if self._text is not None:
            text, self._text = self._text, None
            self._root = _node_tree(text)
        return self._root

    @property
    def has_tree(self) -> bool:
        """Whether the node tree is built (reading it costs about as much as the parse)."""
        return self._text is None

    def _entry(self, mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
        # Each mapping is indexed once, so finding N positions in it costs O(N), not O(N²).
        index = self._entries.get(id(mapping))
        if index is None:
            index = {}
            for key_node, value_node in mapping.value:
                if isinstance(key_node, ScalarNode):
                    index.setdefault(key_node.value, (key_node, value_node))
            self._entries[id(mapping)] = index
        return index.get(key)

    def position(self, path: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """The 1-based line and column of the node at ``path``.

        Where the path goes further than the document (a missing field), the position of
        the deepest node that exists is returned. With ``key=True`` a mapping entry is
        located at its key rather than its value.
        """
        node = self.root
        if node is None:
            return (1, 1)
        best = node
        for i, part in enumerate(path):
            nxt: Node | None = None
            if isinstance(node, MappingNode) and isinstance(part, str):
                entry = self._entry(node, part)
                if entry is not None:
                    nxt = entry[0] if (key and i == len(path) - 1) else entry[1]
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                nxt = node.value[part]
            if nxt is None:
                break
            node = best = nxt
        mark = best.start_mark
        return (mark.line + 1, mark.column + 1)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _column_of(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1) + 1


def _control_character(text: str, offset: int) -> YamlProblem:
    return YamlProblem(
        _line_of(text, offset),
        _column_of(text, offset),
        f"the file holds a control character (U+{ord(text[offset]):04X}) here; delete it",
        "control-character",
    )


def too_large_message(size: int) -> str:
    """Why a file is too large, in sizes that tell 1 MiB + 1 byte from 1 MiB."""
    return (
        f"the file is {size_words(size)}; a record may be at most 1 MiB "
        f"({MAX_FILE_BYTES:,} bytes): is it the right file?"
    )


def check_text(raw: bytes) -> str:
    """Decode and pre-check a file's bytes; raise :class:`YamlError` if it cannot be read."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(YamlProblem(1, 1, too_large_message(len(raw)), "too-large"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            YamlProblem(
                line,
                col,
                "the file is not UTF-8 text; save it from your editor with UTF-8 encoding",
                "not-utf8",
            )
        ) from None
    if "\x00" in text:
        raise YamlError(
            YamlProblem(
                _line_of(text, text.index("\x00")),
                1,
                "the file holds a NUL byte; it is not a text file",
                "not-text",
            )
        )
    if control := _CONTROL.search(text):
        raise YamlError(_control_character(text, control.start()))
    if ("<<<<<<<" in text or ">>>>>>>" in text) and (m := _CONFLICT.search(text)):
        raise YamlError(
            YamlProblem(
                _line_of(text, m.start()),
                1,
                f"unresolved merge conflict (a '{m.group(1)}' marker): keep the lines you want, "
                "delete the markers, then save",
                "merge-conflict",
            )
        )
    # libyaml recurses on flow collections and crashes on very deep nesting: refuse it first.
    if text.count("[") + text.count("{") > MAX_FLOW_DEPTH:
        _check_flow_depth(text)
    return text


def _check_flow_depth(text: str) -> None:
    depth = 0
    for i, ch in enumerate(text):
        if ch in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                raise YamlError(
                    YamlProblem(
                        _line_of(text, i),
                        1,
                        f"brackets are nested more than {MAX_FLOW_DEPTH} deep; "
                        "a record never needs that",
                        "too-deep",
                    )
                )
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == "\n":
            # Brackets inside block text are rare; a new block line closes nothing, but
            # flow collections cannot span an unindented line, so depth cannot carry far.
            pass


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _moved_line(lines: list[str], line: int) -> int | None:
    """The line (1-based) that was moved left out of its section, when the line ``line`` is
    indented more than the one above it only because that one lost its indent:
    ``known_as:`` at column 1 between two of the pupil's fields."""
    above = [
        i for i in range(line - 1) if lines[i].strip() and not lines[i].lstrip().startswith("#")
    ]
    if len(above) < 2:
        return None
    moved, before = above[-1], above[-2]
    bad = lines[line - 1]
    if _indent(lines[moved]) < _indent(bad) == _indent(lines[before]) and ":" in lines[moved]:
        return moved + 1
    return None


def _quote_closed_lines_later(text: str, index: int) -> tuple[int, int] | None:
    """Where a quoted text opens (line, column) when it ends just before the failing place
    (``index``) but began on an earlier line: a missing closing quote that the next quote
    mark, lines further down, closed."""
    last: yaml.ScalarToken | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    if (
        last is not None
        and last.style in ("'", '"')
        and last.start_mark.line < last.end_mark.line
        and text[last.end_mark.index : index].strip(" ") == ""
    ):
        return last.start_mark.line + 1, last.start_mark.column + 1
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    problem = (exc.problem or "").strip()
    lines = text.splitlines()
    bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
    context = (exc.context or "").strip()
    if "quoted scalar" in context and exc.context_mark is not None:
        # Reported where the quote opens, not at the end of the file where libyaml gave up.
        opened = exc.context_mark
        return YamlProblem(
            opened.line + 1,
            opened.column + 1,
            "YAML syntax error: this quote is never closed; end the text with the same quote "
            "mark, or remove it",
            "yaml-syntax",
        )
    opened_at = _quote_closed_lines_later(text, mark.index) if mark else None
    if opened_at is not None:
        # A quote left open ran on until the next quote mark, lines further down.
        return YamlProblem(
            opened_at[0],
            opened_at[1],
            "YAML syntax error: this quote is never closed; end the text with the same quote "
            "mark, or remove it",
            "yaml-syntax",
        )
    moved = _moved_line(lines, line) if "mapping values are not allowed" in problem else None
    if moved is not None:
        should = _indent(bad_line)
        return YamlProblem(
            moved,
            1,
            f"YAML syntax error: this line has lost its indent; indent it by {should} spaces, "
            "like the lines above and below it",
            "yaml-syntax",
        )
    hint = ""
    if "\t" in bad_line[: max(col, 1) + 1] or "tab" in problem:
        hint = "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        previous = next((p for p in reversed(lines[: max(line - 1, 0)]) if p.strip()), "")
        indent = len(bad_line) - len(bad_line.lstrip(" "))
        if (
            previous
            and indent > len(previous) - len(previous.lstrip(" "))
            and (not previous.rstrip().endswith(":"))
        ):
            hint = "; this line is indented more than the line above: line them up"
        else:
            hint = "; if a line of text holds ': ', put the whole text in quotes"
    elif "another document" in problem or "single document" in (exc.context or ""):
        hint = "; a record is one document: remove the second '---'"
    elif "could not find expected ':'" in problem:
        hint = "; each line needs 'key: value', or the text continues a quoted value"
    elif "found unexpected end of stream" in problem:
        hint = "; a quote or bracket is not closed"
    elif any(
        words in problem
        for words in ("did not find expected key", "expected <block end>", "expected '-'")
    ):
        hint = _indent_hint(lines, line)
    elif "found character '@'" in problem or "found character '`'" in problem:
        hint = "; text that starts with @ or ` must be put in quotes"
    message = f"YAML syntax error: {problem or 'the file could not be read'}{hint}"
    return YamlProblem(line, col, message, "yaml-syntax")


def _indent_hint(lines: list[str], line: int) -> str:
    """Plain words for a line whose indentation does not fit the lines above it."""
    bad = lines[line - 1] if 0 < line <= len(lines) else ""
    if bad.lstrip().startswith("- "):
        items = [
            _indent(lines[i]) for i in range(line - 2, -1, -1) if lines[i].lstrip().startswith("- ")
        ]
        if items and items[0] != _indent(bad):
            return (
                f"; this list item is not lined up with the one above it: start its '-' in "
                f"column {items[0] + 1}, like the others"
            )
    return (
        "; this line is not lined up with the lines above it: lines of the same section "
        "start in the same column, and a section's lines start further in than its name"
    )


def _node_tree(text: str) -> Node | None:
    """The node tree of a text the fast parser has read (for positions): composed only, as
    its data is already known."""
    try:
        return _compose(text)
    except YamlError:  # pragma: no cover - the fast parser reads only what libyaml reads
        return None


def parse(text: str) -> YamlDocument:
    """Parse one YAML document strictly; raise :class:`YamlError` at the first problem."""
    root = _compose(text)
    if root is None:
        return YamlDocument(None, None)
    if "&" in text:
        _refuse_anchors(text)
    data = _Builder().build(root)
    return YamlDocument(data, root)


def _compose(text: str) -> Node | None:
    """The node tree of one YAML document (None for an empty one), or :class:`YamlError`."""
    if _entries_at_most(text) > MAX_NODES:
        _check_node_count(text)
    loader = _TextLoader(text)
    collecting = gc.isenabled()
    gc.disable()  # a node tree has no cycles; collecting while it grows costs O(N²)
    try:
        root: Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_syntax_problem(exc, text)) from None
    except yaml.reader.ReaderError as exc:
        raise YamlError(_reader_problem(exc, text)) from None
    except yaml.YAMLError:  # no position: say so plainly, at the top of the file
        raise YamlError(
            YamlProblem(1, 1, "YAML error: the file could not be read", "yaml-syntax")
        ) from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    return root


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> YamlProblem:
    offset = exc.position if isinstance(exc.position, int) else 0
    if 0 <= offset < len(text):
        return _control_character(text, offset)
    return YamlProblem(1, 1, "the file holds a character YAML does not allow", "control-character")


def _entries_at_most(text: str) -> int:
    """A quick upper bound on the nodes in ``text``, from the marks that start them."""
    # Each node needs a line, ',', ':', '-', '[' or '{' of its own, give or take a few: a
    # flow mapping's '{a}' is three nodes (the mapping, the key and its empty value).
    marks = sum(text.count(mark) for mark in "\n,:-[{")
    return 3 * (marks + 1)


def _check_node_count(text: str) -> None:
    """Refuse a file of more than :data:`MAX_NODES` nodes before building any of them."""
    nodes = 0
    node_events = (
        yaml.ScalarEvent,
        yaml.SequenceStartEvent,
        yaml.MappingStartEvent,
        yaml.AliasEvent,
    )
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, node_events):
                nodes += 1
                if nodes > MAX_NODES:
                    mark = event.start_mark
                    raise YamlError(
                        YamlProblem(
                            mark.line + 1 if mark else 1,
                            mark.column + 1 if mark else 1,
                            f"the file holds more than {MAX_NODES:,} keys, values and list "
                            "items; no pupil's record needs that many: is it the right file?",
                            "too-many-entries",
                        )
                    )
    except yaml.YAMLError:
        return  # the full parse reports the syntax error with its hint


def _refuse_anchors(text: str) -> None:
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        mark = event.start_mark
        if getattr(event, "anchor", None) and mark is not None:
            raise YamlError(
                YamlProblem(
                    mark.line + 1,
                    mark.column + 1,
                    "anchors and aliases (&name, *name) are not allowed in records; "
                    "write the value out in full",
                    "alias",
                )
            )


class _Builder:
    """Turns the node tree into dicts, lists and strings, refusing what records forbid."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def build(self, root: Node) -> Any:
        return self._node(root, (), 0)

    def _fail(self, node: Node, message: str, code: str, path: tuple[str | int, ...]) -> None:
        mark = node.start_mark
        raise YamlError(YamlProblem(mark.line + 1, mark.column + 1, message, code, path))

    def _node(self, node: Node, path: tuple[str | int, ...], depth: int) -> Any:
        if depth > MAX_DEPTH:
            self._fail(
                node, f"the data is nested more than {MAX_DEPTH} levels deep", "too-deep", path
            )
        if id(node) in self.seen:
            self._fail(
                node,
                "anchors and aliases (&name, *name) are not allowed in records; "
                "write the value out in full",
                "alias",
                path,
            )
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag != _STR:
                self._tag(node, path)
            value: str = node.value
            if not node.style and value in _NULLS:
                return None
            return value
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self._tag(node, path)
            return [self._node(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        if node.tag != _MAP:
            self._tag(node, path)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._fail(
                    key_node, "a key must be a plain word, not a list or mapping", "bad-key", path
                )
            if key_node.tag != _STR:
                self._tag(key_node, path)
            key = key_node.value
            if key == "<<" and not key_node.style:
                self._fail(
                    key_node,
                    "merge keys ('<<') are not allowed in records; write the keys out in full",
                    "merge-key",
                    path,
                )
            if key in out:
                first = next(k for k, _ in node.value if k.value == key)
                named = f"the key '{key}'" if looks_like_key(key) else "a line that reads as a key"
                self._fail(
                    key_node,
                    f"{named} is written twice (first on line "
                    f"{first.start_mark.line + 1}); keep one and delete the other",
                    "duplicate-key",
                    (*path, key),
                )
            out[key] = self._node(value_node, (*path, key), depth + 1)
        return out

    def _tag(self, node: Node, path: tuple[str | int, ...]) -> None:
        tag = node.tag
        if tag.startswith("tag:yaml.org,2002:"):
            tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
        # A tag is written by the teacher: repeat it only when it is a short word.
        shown = (
            f"tags such as '{tag}'" if _SHORT_TAG.match(tag) else "tags (words starting with '!')"
        )
        self._fail(
            node,
            f"{shown} are not allowed in records; remove the tag and write the value as plain text",
            "tag",
            path,
        )
