"""Writing new YAML text in the style of the file it goes into.

New entries are small: dates, ids, names and a teacher's note. A value is written plain
when YAML (1.1 in pcplan's reader, 1.2 in editors) can only read it back as that same text;
otherwise it is double-quoted with escapes, so no character can change its meaning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_SPECIAL = frozenset(",[]{}:#")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER_LIKE = re.compile(r"[-+.]?[0-9][0-9_,.:eExXoObB+-]*|[-+]?\.(?:inf|nan)", re.IGNORECASE)
_WORDS = frozenset({"~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "=", "<<"})


class Quoted(str):
    """Text that is always written in quotes, such as a teacher's note."""

    __slots__ = ()


Value: TypeAlias = str | Sequence["Value"] | Mapping[str, "Value"] | None
"""What an entry holds: text, lists and mappings (None is an empty value, read as absent)."""


def printable(ch: str) -> bool:
    """Whether YAML allows ``ch`` as it is, outside escapes."""
    o = ord(ch)
    if o < 0x20 or o == 0x7F or 0x80 <= o <= 0x9F:
        return False
    return not (o in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= o <= 0xDFFF)


def can_be_plain(text: str, *, flow: bool = False) -> bool:
    """Whether ``text`` reads back as exactly itself when written without quotes."""
    if not text or text != text.strip(" ") or text[0] in _INDICATORS:
        return False
    if text.lower() in _WORDS or (_NUMBER_LIKE.fullmatch(text) and not _ISO_DATE.fullmatch(text)):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(ch in _FLOW_SPECIAL for ch in text):
        return False
    return all(printable(ch) and ch != "\t" for ch in text)


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar; anything unusual is escaped."""
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif printable(ch):
            out.append(ch)
        else:
            o = ord(ch)
            out.append(f"\\x{o:02x}" if o <= 0xFF else f"\\u{o:04x}")
    out.append('"')
    return "".join(out)


def scalar(text: str, *, flow: bool = False) -> str:
    """A value as YAML: plain when that is safe, else double-quoted."""
    if not isinstance(text, Quoted) and can_be_plain(text, flow=flow):
        return text
    return double_quoted(text)


def flow(value: Value) -> str:
    """A value in flow style: ``{date: 2026-11-22, note: "..."}``."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return scalar(value, flow=True)
    if isinstance(value, Mapping):
        inner = ", ".join(f"{scalar(k, flow=True)}: {flow(v)}" for k, v in value.items())
        return "{" + inner + "}"
    return "[" + ", ".join(flow(v) for v in value) + "]"


@dataclass(frozen=True, slots=True)
class Layout:
    """How a file indents: where a list's dash sits under its key, and so on."""

    seq_offset: int = 2
    """Dash column of a block list minus its key's column (0 for `key:\\n- item`)."""
    map_step: int = 2
    """Key column of a nested mapping minus its parent key's column."""
    item_offset: int = 2
    """Column of a list entry's first key minus its dash's column (`- key`: 2)."""


@dataclass(slots=True)
class Comments:
    """Comment lines to write above some keys of a new mapping (never above the first)."""

    before: dict[str, list[str]] = field(default_factory=dict)


def _empty(value: Value) -> str | None:
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, Mapping):
        return "{}" if not value else None
    return "[]" if not value else None


def mapping_lines(
    value: Mapping[str, Value],
    indent: int,
    layout: Layout,
    comments: Comments | None = None,
) -> list[str]:
    """A mapping as block lines (without line endings) with its keys at ``indent``."""
    pad = " " * indent
    lines: list[str] = []
    for key, item in value.items():
        if comments is not None and lines:
            lines.extend(f"{pad}# {c}" if c else f"{pad}#" for c in comments.before.get(key, []))
        head = f"{pad}{scalar(key)}:"
        if item is None:
            lines.append(head)
        elif isinstance(item, str):
            lines.append(f"{head} {scalar(item)}")
        elif (empty := _empty(item)) is not None:
            lines.append(f"{head} {empty}")
        elif isinstance(item, Mapping):
            lines.append(head)
            lines.extend(mapping_lines(item, indent + layout.map_step, layout))
        else:
            lines.append(head)
            for entry in item:
                lines.extend(item_lines(entry, indent + layout.seq_offset, layout))
    return lines


def item_lines(
    value: Value, dash: int, layout: Layout, comments: Comments | None = None
) -> list[str]:
    """One list entry as block lines, its dash at column ``dash``."""
    lead = " " * dash + "-"
    if value is None:
        return [lead]
    if isinstance(value, str):
        return [f"{lead} {scalar(value)}"]
    if (empty := _empty(value)) is not None:
        return [f"{lead} {empty}"]
    offset = max(layout.item_offset, 2)
    if isinstance(value, Mapping):
        inner = mapping_lines(value, dash + offset, layout, comments)
    else:
        inner = [line for entry in value for line in item_lines(entry, dash + offset, layout)]
    first = lead + " " * (offset - 1) + inner[0][dash + offset :]
    return [first, *inner[1:]]
