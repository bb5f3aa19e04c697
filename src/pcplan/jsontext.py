"""JSON text as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, faster.

With an indent, the standard library encodes every value in Python; a whole-school view,
or ``check`` over a school's records, has tens of thousands of them. Here each object
whose values are all plain (text, numbers, true, false, null), such as a row of a view,
and each such list, is encoded by the standard library's C encoder in one call, its items
already separated by the indented line breaks. The text is the same, character for
character.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json import encoder
from typing import Any

_PLAIN = frozenset({str, int, float, bool, type(None)})
_TEXT = frozenset({str})
_encode_text: Callable[[str], str] = encoder.encode_basestring


def _refuse(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_flat: dict[str, Callable[[Any, int], Any]] = {}


def _flat_encoder(inner: str) -> Callable[[Any, int], Any] | None:
    """The C encoder for a plain object whose items start with ``inner`` (None without it)."""
    make = getattr(encoder, "c_make_encoder", None)
    if make is None:
        return None
    found = _flat.get(inner)
    if found is None:
        found = _flat[inner] = make(
            None, _refuse, _encode_text, None, ": ", "," + inner, False, False, True
        )
    return found


def dumps(value: Any) -> str:
    """``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it."""
    parts: list[str] = []
    try:
        _put(value, "\n", parts)
    except _Unusual:  # a key that is not text: as the standard library writes it
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(parts)


class _Unusual(Exception):
    pass


def _put(value: Any, newline: str, parts: list[str]) -> None:
    kind = type(value)
    inner = newline + "  "
    if kind is dict:
        if not value:
            parts.append("{}")
            return
        if not _TEXT.issuperset(map(type, value)):
            raise _Unusual
        if _PLAIN.issuperset(map(type, value.values())):
            flat = _flat_encoder(inner)
            if flat is not None:
                parts.append("{" + inner + "".join(flat(value, 0))[1:-1] + newline + "}")
                return
        sep = "{" + inner
        for key, item in value.items():
            parts.append(f"{sep}{_encode_text(key)}: ")
            _put(item, inner, parts)
            sep = "," + inner
        parts.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        if _PLAIN.issuperset(map(type, value)):
            flat = _flat_encoder(inner)
            if flat is not None:
                parts.append("[" + inner + "".join(flat(value, 0))[1:-1] + newline + "]")
                return
        sep = "[" + inner
        for item in value:
            parts.append(sep)
            _put(item, inner, parts)
            sep = "," + inner
        parts.append(newline + "]")
    elif kind is str:
        parts.append(_encode_text(value))
    elif value is None:
        parts.append("null")
    else:
        parts.append(json.dumps(value, ensure_ascii=False))
