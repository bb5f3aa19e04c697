"""Changing who a record says the pupil is: the fields of ``pupil`` and its ``needs``.

The import from the school's MIS keeps name, date of birth, year group, UPN, SEN status
and need codes in step. Each change is made in the text, in place: a value is replaced
where it stands (a comment after it stays), a missing field is added on its own line in
the order of the record format, and ``needs.secondary`` keeps the style it is written in
(``[SEMH]`` or one code per line). Everything else in the file stays byte for byte.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pcplan.editing.commands import Change
from pcplan.editing.emit import scalar
from pcplan.editing.textedit import LayoutNotSupported, Source, Splice, entry, is_null
from pcplan.errors import PcplanError
from pcplan.loading.records import LoadedRecord

PUPIL_ORDER = (
    "id",
    "name",
    "known_as",
    "pronouns",
    "date_of_birth",
    "year_group",
    "upn",
    "sen_status",
    "needs",
    "setting",
    "ehc_plan",
)
NEEDS_ORDER = ("primary", "secondary")
CODE_FIELDS = frozenset({"date_of_birth", "year_group", "upn", "sen_status", "primary"})
"""Fields holding codes and dates, written plain as the record format shows them."""
TEXT_FIELDS = frozenset({"name", "known_as", "setting"})
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


def _text(key: str, value: str, *, flow: bool = False) -> str:
    if key in CODE_FIELDS:
        if not _CODE.match(value):
            raise ValueError(f"{key} must be a code or a date, not {value!r}")
        return value
    return scalar(value, flow=flow)


def _cannot(node: Node, key: str) -> LayoutNotSupported:
    return LayoutNotSupported(
        f"pcplan cannot change '{key}' as it is written on line {node.start_mark.line + 1}",
        hint="write it as 'key: value' on one line, then import again",
    )


def _set_value(
    src: Source, mapping: MappingNode, key: str, text: str, order: Sequence[str]
) -> Splice:
    """Replace the value of ``key`` with ``text``, or add ``key: text`` in its place."""
    found = entry(mapping, key)
    if found is not None:
        _, value = found
        if isinstance(value, ScalarNode) and value.style not in ("|", ">"):
            start, end = value.start_mark.index, value.end_mark.index
            if start == end:  # `key:` with nothing after it
                return Splice(start, start, f" {text}")
            return Splice(start, end, text)
        if isinstance(value, SequenceNode | MappingNode) and value.flow_style:
            return Splice(value.start_mark.index, value.end_mark.index, text)
        raise _cannot(value, key)
    rank = order.index(key)
    earlier = [
        (k, v)
        for k, v in mapping.value
        if isinstance(k, ScalarNode) and k.value in order and order.index(k.value) < rank
    ]
    if mapping.flow_style:
        pairs = mapping.value
        if not pairs:
            at = mapping.start_mark.index + 1
            return Splice(at, at, f"{key}: {text}")
        if not earlier:
            at = pairs[0][0].start_mark.index
            return Splice(at, at, f"{key}: {text}, ")
        at = src.content_end(max(earlier, key=lambda kv: kv[1].end_mark.index)[1])
        return Splice(at, at, f", {key}: {text}")
    column = mapping.start_mark.column
    line = f"{' ' * column}{key}: {text}"
    if earlier:
        _, value = max(earlier, key=lambda kv: kv[0].start_mark.index)
        at = src.end_of_entry(value, column)
    else:
        at = src.line_start(mapping.value[0][0].start_mark.index)
    return src.insert_lines(at, [line])


def _flow_list(codes: Sequence[str]) -> str:
    return "[" + ", ".join(_text("primary", c) for c in codes) + "]"


def _set_list(src: Source, mapping: MappingNode, key: str, codes: Sequence[str]) -> Splice:
    """Make the list under ``key`` hold ``codes``, in the style it is written in."""
    found = entry(mapping, key)
    if found is None or is_null(found[1]) or getattr(found[1], "flow_style", False):
        return _set_value(src, mapping, key, _flow_list(codes), NEEDS_ORDER)
    value = found[1]
    if not isinstance(value, SequenceNode) or not value.value:
        raise _cannot(value, key)
    if not codes:  # an empty list cannot be written as a block: `key: []`
        key_node = found[0]
        colon = src.text.index(":", key_node.end_mark.index)
        end = src.content_end(value.value[-1])
        return Splice(colon + 1, end, " []")
    old = [item.value if isinstance(item, ScalarNode) else None for item in value.value]
    dash = src.dash_column(value)
    offset = src.entry_offset(value, value.value[-1]) or 2
    lines = [f"{' ' * dash}-{' ' * (offset - 1)}{_text('primary', c)}" for c in codes]
    last_end = src.after_line(src.content_end(value.value[-1]))
    if list(codes[: len(old)]) == old:  # only additions: the old lines stay as they are
        return src.insert_lines(last_end, lines[len(old) :])
    first = src.line_start(value.value[0].start_mark.index)
    if src.text[first : value.value[0].start_mark.index].strip(" -"):
        raise _cannot(value, key)
    nl = src.newline_at(first)
    return Splice(first, last_end, "".join(line + nl for line in lines))


def _needs_text(primary: str | None, secondary: Sequence[str] | None) -> str:
    parts = []
    if primary:
        parts.append(f"primary: {_text('primary', primary)}")
    if secondary is not None:
        parts.append(f"secondary: {_flow_list(secondary)}")
    return "{" + ", ".join(parts) + "}"


def set_pupil_fields(
    loaded: LoadedRecord,
    fields: Mapping[str, str],
    *,
    primary: str | None = None,
    secondary: Sequence[str] | None = None,
    description: str,
    summary: str,
) -> Change:
    """Set scalar fields of ``pupil`` (name, upn, year_group...) and its need codes.

    ``fields`` maps keys of ``pupil`` to their new text; ``primary`` and ``secondary``
    (when given) become ``needs.primary`` and ``needs.secondary``. Only those values'
    text changes; missing keys are added in the record format's order.
    """
    root = loaded.tree.root
    found = entry(root, "pupil")
    if found is None or not isinstance(found[1], MappingNode):
        raise PcplanError(f"{loaded.display} has no 'pupil' section pcplan can change")
    pupil = found[1]
    src = Source(loaded.text)
    splices: list[Splice] = []
    for key in sorted(fields, key=PUPIL_ORDER.index):
        if key == "needs":
            raise ValueError("set needs through primary= and secondary=")
        splices.append(_set_value(src, pupil, key, _text(key, fields[key]), PUPIL_ORDER))
    if primary is not None or secondary is not None:
        splices.extend(_needs_splices(src, pupil, primary, secondary))
    text = Source.apply(src.text, _together(splices))
    # Only `pupil` changes: the rest of the expected data can be the very same objects.
    expected: Any = dict(loaded.tree.data)
    expected["pupil"] = data = copy.deepcopy(expected["pupil"])
    data.update(fields)
    if primary is not None or secondary is not None:
        needs = data.get("needs") or {}
        if primary is not None:
            needs["primary"] = primary
        if secondary is not None:
            needs["secondary"] = list(secondary)
        data["needs"] = needs
    line, _ = loaded.position(("pupil",), key=True)
    return Change(text=text, expected=expected, description=description, summary=summary, line=line)


def _together(splices: list[Splice]) -> list[Splice]:
    """Insertions at one place joined in the order they were made (the record's order)."""
    out: list[Splice] = []
    for splice in splices:
        same = next(
            (i for i, s in enumerate(out) if s.start == s.end == splice.start == splice.end), None
        )
        if same is None:
            out.append(splice)
        else:
            out[same] = Splice(splice.start, splice.end, out[same].insert + splice.insert)
    return out


def _needs_splices(
    src: Source, pupil: MappingNode, primary: str | None, secondary: Sequence[str] | None
) -> list[Splice]:
    found = entry(pupil, "needs")
    if found is None:
        if pupil.flow_style:
            return [_set_value(src, pupil, "needs", _needs_text(primary, secondary), PUPIL_ORDER)]
        layout = src.layout(pupil)
        column = pupil.start_mark.column
        inner = " " * (column + layout.map_step)
        lines = [f"{' ' * column}needs:"]
        if primary:
            lines.append(f"{inner}primary: {_text('primary', primary)}")
        if secondary is not None:
            lines.append(f"{inner}secondary: {_flow_list(secondary)}")
        anchor = _set_value(src, pupil, "needs", "", PUPIL_ORDER)
        return [src.insert_lines(anchor.start, lines)]
    _, needs = found
    if is_null(needs) or (isinstance(needs, MappingNode) and not needs.value):
        return [_set_value(src, pupil, "needs", _needs_text(primary, secondary), PUPIL_ORDER)]
    if not isinstance(needs, MappingNode):
        raise _cannot(needs, "needs")
    splices = []
    if primary is not None:
        splices.append(_set_value(src, needs, "primary", primary, NEEDS_ORDER))
    if secondary is not None:
        splices.append(_set_list(src, needs, "secondary", secondary))
    return splices
