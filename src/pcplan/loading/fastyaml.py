"""A faster reading of plain record files, giving exactly the data the strict reader gives.

libyaml builds a node tree for every file (about 1 ms for a typical record), but a node
tree is only needed to point at a line, and a valid record has nothing to point at. So a
batch of records is read first with pyrs-yaml (a YAML parser written in Rust, MIT or
Apache-2.0 licence, wheels for every platform), under a schema that keeps every scalar as
the text typed, as :mod:`pcplan.loading.yamlstrict` does. Its document keeps the text, and
libyaml reads it again only if a position is wanted.

The fast reading is used only where it is proven to give the same data (the differential
tests in tests/loading/test_fast_parse.py): a file that holds anything the strict reader
refuses or that the two parsers might read differently is handed back (``None``), and the
caller reads it the strict way, which gives every message its line. Handed back are files
with tabs, anchors, aliases or tags (``&a``, ``*a``, ``!``), merge keys (``<<``), a second
document or a directive, explicit (``?``), empty or null keys, collections as keys, a
flow collection (``[...]``, ``{...}``) over more than one line, line breaks that only YAML
1.1 knows (NEL, U+2028, U+2029), a lone carriage return, a byte order mark inside the text,
and more entries than the strict reader allows. When the
library is not installed, every file is read the strict way.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import re
from collections.abc import Callable
from typing import Any

from pcplan.loading.yamlstrict import MAX_DEPTH, MAX_NODES, YamlDocument, _entries_at_most

SCHEMA = "pcplan-text"
# YAML's failsafe schema (every scalar is text) with the plain nulls libyaml's composer
# gives the strict reader: an empty value, ~, null, Null and NULL. Quoted text stays text.
_SCHEMA_YAML = f"""name: {SCHEMA}
extends: failsafe
rules:
  - pattern: "^(~|null|Null|NULL|)$"
    type: "null"
"""

# What the fast parser is not proven to read as libyaml does; see :func:`readable_fast`.
# Tabs; NEL, LS and PS (they break lines in YAML 1.1 only); a byte order mark in the text.
_ODD_CHARACTERS = ("\t", "\x85", "\u2028", "\u2029", "\ufeff")
# A second document, the end of one, or a directive.
_DOCUMENTS = re.compile(r"\n(?:---|\.\.\.|%)")
# Where a node, a key or a property may start: the start of a line, after a space, after a
# flow indicator, and (after a quoted key) after ':'.
_STARTS = " \n\r[{,:"
# An empty key (':' where a node may start) or an explicit key ('?').
_EMPTY_KEY = re.compile(r":(?<=[ \n\r\[{,]:)")
_EXPLICIT_KEY = re.compile(r"\?(?<=[ \n\r\[{,:]\?)")
_LONE_CR = re.compile(r"\r(?!\n)")
_NULL_KEYS = tuple(
    re.compile(word + r" *:(?=[\s,\[\]{}]|\Z)") for word in ("~", "null", "Null", "NULL")
)
_COLLECTION_KEYS = (re.compile(r"\] *:"), re.compile(r"\} *:"))
# A ':' right before a flow indicator ('[a:]', '{a:,b}'): YAML 1.2 reads an empty value,
# libyaml refuses it.
_COLON_FLOW = re.compile(r":[,\[\]{}]")
# An escaped UTF-16 surrogate ('\ud83d\ude00'): libyaml refuses it, the fast parser joins
# a pair of them into one character.
_SURROGATE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")


def _node_property(text: str) -> bool:
    """Whether ``text`` may hold an anchor, an alias or a tag (or an indicator that starts
    one where a node may start): ``&a``, ``*a``, ``!tag``, ``!`` alone."""
    for mark in "&*!":
        at = text.find(mark)
        while at != -1:
            # '&' or '*' followed by a space is text ("speech & language"); a tag is a
            # tag whatever follows it.
            if (at == 0 or text[at - 1] in _STARTS) and (
                mark == "!" or text[at + 1 : at + 2] != " "
            ):
                return True
            at = text.find(mark, at + 1)
    return False


_FLOW_MARKS = re.compile(r"[\[\]{}'\"#]")
# The rest of a quoted text and its closing quote ('' is a quote inside single quotes).
_SINGLE_REST = re.compile(r"(?:[^']|'')*'")
_DOUBLE_REST = re.compile(r'(?:[^"\\]|\\.)*"')


def _flow_left_open(line: str, start: int) -> bool:
    """Whether a flow collection opened on ``line`` (at or after ``start``) goes on past the
    end of the line, or may: libyaml refuses a key that spans lines inside one (``{x``
    then ``y: 1}``), which the fast parser reads as ``x y``."""
    depth = 0
    at = start
    while (mark := _FLOW_MARKS.search(line, at)) is not None:
        char, at = mark.group(), mark.end()
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)  # outside a collection, ']' is text
        elif char == "#":
            if mark.start() == 0 or line[mark.start() - 1] in " \t":
                return depth > 0  # a comment: a collection still open goes on below
        elif depth > 0 and line[: mark.start()].rstrip()[-1:] in ("[", "{", ",", ":", "?"):
            # A quoted text inside the collection: its brackets are text.
            rest = (_SINGLE_REST if char == "'" else _DOUBLE_REST).match(line, at)
            if rest is None:
                return True  # the quoted text goes on below
            at = rest.end()
    return depth > 0


# The common shapes of a flow collection closed on its line, two levels deep, as one
# pattern (a scan in C): quoted texts, plain texts without flow indicators, 'key: value'
# pairs, then at most a comment. A line of any other shape is looked at character by
# character (:func:`_flow_left_open`). Long lines are always looked at that way, so that
# the pattern never has to try many ways through a long line.
_QUOTED = r"\"(?:[^\"\\\n]++|\\.)*+\"|'(?:[^'\n]++|'')*+'"
_PLAIN = r"[^\[\]{},:'\"#\s](?:[^\[\]{},:#\n]*+(?<![ \t\r]))?"
_SCALAR = f"(?>{_QUOTED}|{_PLAIN})"


def _flow_pattern(node: str) -> str:
    # Possessive quantifiers and atomic groups: no way back into a part once matched, so
    # a line is matched in one pass (and only ever fewer lines match, never more).
    pair = rf"{node}(?:[ ]*+:(?:[ ]++{node})?)?"
    items = rf"[ ]*+(?:{pair}[ ]*+(?:,[ ]*+{pair}[ ]*+)*+,?[ ]*+)?"
    return rf"(?:\[{items}\]|\{{{items}\}})"


_FLOW_1 = _flow_pattern(_SCALAR)
_FLOW_2 = _flow_pattern(f"(?>{_FLOW_1}|{_SCALAR})")
_CLOSED_FLOW = re.compile(rf"{_FLOW_2}[ ]*+(?:#.*)?\r?")
_LONG_LINE = 400
_OPENER = re.compile(r"[\[{]")


def _multiline_flow(text: str) -> bool:
    """Whether any flow collection (``[...]``, ``{...}``) may span more than one line."""
    search = _OPENER.search
    opener = search(text)
    while opener is not None:
        at = opener.start()
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        closed = end - at <= _LONG_LINE and _CLOSED_FLOW.fullmatch(text, at, end)
        if not closed and _flow_left_open(text[start:end], at - start):
            return True
        opener = search(text, end)
    return False


def readable_fast(text: str) -> bool:
    """Whether ``text`` holds nothing the fast parser is not proven to read as libyaml does.

    Each test is a substring search, or a pattern that starts with a fixed character, so
    that it is a fast scan in C (Python's regular expressions scan a 10 KB text slowly when
    a pattern can start at many places). The tests look at the whole text, comments and
    quoted text included, so they may hand back a file that the fast parser would have
    read correctly, never the reverse.
    """
    if any(c in text for c in _ODD_CHARACTERS) or "<<" in text:
        return False
    if text.startswith(("%", ":", "?", "&", "*", "!", "...")) or _DOCUMENTS.search(text):
        return False
    if text.startswith("---") and not text.startswith(("---\n", "---\r\n")):
        return False
    if "\r" in text and _LONE_CR.search(text):
        return False
    if _EMPTY_KEY.search(text) or _EXPLICIT_KEY.search(text) or _node_property(text):
        return False
    if any(rx.search(text) for rx in _NULL_KEYS) or any(rx.search(text) for rx in _COLLECTION_KEYS):
        return False
    if _COLON_FLOW.search(text) or ("\\" in text and _SURROGATE.search(text)):
        return False
    if _multiline_flow(text):
        return False
    # Each entry needs a character: a short file cannot hold too many.
    return 3 * (len(text) + 1) <= MAX_NODES or _entries_at_most(text) <= MAX_NODES


def _load_extension() -> Any:
    """pyrs-yaml's compiled module, or None when it is not installed.

    The compiled module is loaded on its own: the package's Python layer imports asyncio,
    typing helpers and plugins (about 150 ms), none of which reading needs.
    """
    try:
        spec = importlib.util.find_spec("pyrs_yaml")
        if spec is None or not spec.submodule_search_locations:
            return None
        for folder in spec.submodule_search_locations:
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                location = os.path.join(folder, "pyrs_yaml" + suffix)
                if not os.path.isfile(location):
                    continue
                module_spec = importlib.util.spec_from_file_location(
                    "pyrs_yaml.pyrs_yaml", location
                )
                if module_spec is None or module_spec.loader is None:
                    return None
                module = importlib.util.module_from_spec(module_spec)
                module_spec.loader.exec_module(module)
                if SCHEMA not in module.list_schemas():
                    module.register_schema(SCHEMA, _SCHEMA_YAML)
                return module
    except Exception:  # an unusable installation: read the strict way
        return None
    return None


_UNSET: Any = object()
_loader: Any = _UNSET


def fast_loader() -> Callable[[str], Any] | None:
    """The fast parser's load function, or None when the library is not available."""
    global _loader
    if _loader is _UNSET:
        module = _load_extension()
        if module is None:
            _loader = None
        else:
            safe_load = module.safe_load

            def load(text: str) -> Any:
                return safe_load(
                    text, schema=SCHEMA, max_depth=MAX_DEPTH + 1, allow_duplicate_keys=False
                )

            _loader = load
    return _loader  # type: ignore[no-any-return]


def parse_fast(text: str) -> YamlDocument | None:
    """The document in ``text`` read by the fast parser, or None: read it the strict way.

    ``text`` has passed :func:`pcplan.loading.yamlstrict.check_text`. Only a mapping with
    text keys comes back; anything else (an empty file, a list, a syntax error, a
    duplicate key, nesting deeper than records allow) is left to the strict reader, which
    says what is wrong and where.
    """
    load = fast_loader()
    if load is None or not readable_fast(text):
        return None
    try:
        data = load(text)
    except Exception:  # a syntax error, a duplicate key: the strict reader explains it
        return None
    except BaseException as exc:  # a panic in the library is not the user's problem
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        return None
    if type(data) is not dict or not data or any(type(key) is not str for key in data):
        return None
    return YamlDocument(data, None, text=text)
