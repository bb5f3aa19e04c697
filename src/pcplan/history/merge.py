"""The record merge driver: two teachers' changes to one record, merged without a conflict
when they do not contradict each other.

git hands the driver three versions of a record: the common ancestor (base), ours and
theirs. The three are compared as data; what theirs changed since the base is applied to
ours through the same byte-faithful splicing as ``pcplan log`` (so ours keeps its comments
and layout, and the other side's new entries keep theirs):

- progress entries added to the same goal on both sides are all kept, in date order;
- reviews added on both sides are all kept, in date order;
- an action marked done on one side and progress logged on the other are both kept;
- edits to different fields are both kept.

Anything else (the same field changed to two different values, an entry removed on one
side and changed on the other) is a true conflict: the driver leaves it to git's own text
merge, whose conflict markers ``pcplan validate`` explains. The merged text must read
back as exactly the merged data and pass every check, or git's text merge is used too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pcplan.editing.commands import _place, _sequence_splices
from pcplan.editing.emit import Layout, Value, item_lines, mapping_lines, scalar
from pcplan.editing.textedit import Source, Splice
from pcplan.loading.yamlstrict import YamlDocument, YamlError, check_text, parse

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class Contradiction(Exception):
    """The two sides changed the same thing differently (or in a way pcplan cannot splice)."""


@dataclass(slots=True)
class _Merger:
    ours: Source
    theirs: Source
    layout: Layout
    copy_lines: bool
    root: Node | None = None
    splices: list[Splice] = field(default_factory=list)

    # -- the recursion over the data ------------------------------------------------------

    def merge(
        self,
        base: Any,
        ours: Any,
        theirs: Any,
        onode: Node,
        tnode: Node,
        parent: Node | None = None,
        key: str | None = None,
    ) -> Any:
        if theirs == base or ours == theirs:
            return ours
        if isinstance(ours, dict) and isinstance(theirs, dict):
            return self._mapping(base if isinstance(base, dict) else {}, ours, theirs, onode, tnode)
        if isinstance(ours, list) and isinstance(theirs, list):
            return self._list(
                base if isinstance(base, list) else [], ours, theirs, onode, tnode, parent, key
            )
        if ours == base and isinstance(theirs, str) and isinstance(ours, str | None):
            self._replace_scalar(onode, theirs, tnode)
            return theirs
        raise Contradiction

    def _mapping(
        self,
        base: dict[str, Any],
        ours: dict[str, Any],
        theirs: dict[str, Any],
        onode: Node,
        tnode: Node,
    ) -> dict[str, Any]:
        if not isinstance(onode, MappingNode) or not isinstance(tnode, MappingNode):
            raise Contradiction
        merged = dict(ours)
        added: dict[str, Any] = {}
        for name in [*ours, *(k for k in theirs if k not in ours)]:
            in_base, in_ours, in_theirs = name in base, name in ours, name in theirs
            if in_ours and in_theirs:
                merged[name] = self.merge(
                    base.get(name),
                    ours[name],
                    theirs[name],
                    _value(onode, name),
                    _value(tnode, name),
                    onode,
                    name,
                )
            elif in_ours:  # gone from theirs: fine only if theirs never had it
                if in_base:
                    raise Contradiction
            elif in_base:  # gone from ours: fine only if theirs left it as it was
                if theirs[name] != base[name]:
                    raise Contradiction
            else:  # added by theirs alone
                added[name] = theirs[name]
                merged[name] = theirs[name]
        if added:
            self._add_keys(onode, added)
        return merged

    def _list(
        self,
        base: list[Any],
        ours: list[Any],
        theirs: list[Any],
        onode: Node,
        tnode: Node,
        parent: Node | None,
        key: str | None,
    ) -> list[Any]:
        n = len(base)
        if len(ours) < n or len(theirs) < n:
            raise Contradiction  # an entry was taken out on one side: a person decides
        if n and (not isinstance(onode, SequenceNode) or not isinstance(tnode, SequenceNode)):
            raise Contradiction
        merged = [
            self.merge(base[i], ours[i], theirs[i], onode.value[i], tnode.value[i])
            for i in range(n)
        ]
        ours_new = list(ours[n:])
        theirs_new = [
            (item, tnode.value[n + j]) for j, item in enumerate(theirs[n:]) if item not in ours_new
        ]
        if not theirs_new:
            return [*merged, *ours_new]
        # Entries with dates (progress, reviews) are kept in date order; ties keep ours first.
        tail: list[tuple[Any, Node | None]] = [
            (item, onode.value[n + j]) for j, item in enumerate(ours_new)
        ]
        theirs_nodes = {id(item): node for item, node in theirs_new}
        for item, _ in theirs_new:
            when = _date_of(item)
            position = len(tail)
            if when is not None:
                for j, (other, _) in enumerate(tail):
                    other_when = _date_of(other)
                    if other_when is not None and other_when > when:
                        position = j
                        break
            tail.insert(position, (item, None))
        waiting: list[tuple[Any, Node]] = []
        for item, ours_node in tail:
            if ours_node is None:
                waiting.append((item, theirs_nodes[id(item)]))
            elif waiting:
                self._insert_before(onode, ours_node, waiting)
                waiting = []
        if waiting:
            self._append(onode, parent, key, waiting)
        return [*merged, *(item for item, _ in tail)]

    # -- splices into ours -----------------------------------------------------------------

    def _replace_scalar(self, node: Node, value: str, theirs: Node) -> None:
        if not isinstance(node, ScalarNode) or node.style in ("|", ">"):
            raise Contradiction
        start, end = node.start_mark.index, node.end_mark.index
        if node.start_mark.line != node.end_mark.line:
            raise Contradiction
        # The other side's value as they wrote it (plain or quoted), when on one line.
        written = scalar(value)
        if (
            isinstance(theirs, ScalarNode)
            and theirs.style not in ("|", ">")
            and theirs.start_mark.line == theirs.end_mark.line
            and theirs.start_mark.index < theirs.end_mark.index
        ):
            written = self.theirs.text[theirs.start_mark.index : theirs.end_mark.index]
        if start == end:  # `key:` with nothing after it
            self.splices.append(Splice(start, end, " " + written))
        else:
            self.splices.append(Splice(start, end, written))

    def _add_keys(self, mapping: MappingNode, values: dict[str, Any]) -> None:
        if mapping.flow_style or not mapping.value:
            raise Contradiction
        src = self.ours
        column = mapping.value[0][0].start_mark.column
        at = src.after_line(src.content_end(mapping))
        self.splices.append(src.insert_lines(at, mapping_lines(values, column, self.layout)))

    def _entry_lines(self, item: Any, node: Node, dash: int, offset: int | None) -> list[str]:
        layout = replace(self.layout, item_offset=offset or self.layout.item_offset)
        if self.copy_lines:
            copied = _copied(self.theirs, node)
            if copied is not None:
                return _place(copied, dash, layout.item_offset)
        return item_lines(_value_of(item), dash, layout)

    def _insert_before(self, sequence: Node, anchor: Node, items: list[tuple[Any, Node]]) -> None:
        if not isinstance(sequence, SequenceNode) or sequence.flow_style:
            raise Contradiction
        src = self.ours
        dash_index = src.text.rfind("-", 0, anchor.start_mark.index)
        if dash_index < 0:
            raise Contradiction
        dash = src.dash_column(sequence)
        offset = src.entry_offset(sequence, anchor)
        lines = [
            line for item, node in items for line in self._entry_lines(item, node, dash, offset)
        ]
        self.splices.append(src.insert_lines(src.line_start(dash_index), lines))

    def _append(
        self,
        sequence: Node,
        parent: Node | None,
        key: str | None,
        items: list[tuple[Any, Node]],
    ) -> None:
        if parent is None or key is None:
            raise Contradiction
        src = self.ours
        if isinstance(sequence, SequenceNode) and sequence.flow_style and len(items) > 1:
            raise Contradiction
        offset = None
        if isinstance(sequence, SequenceNode) and sequence.value and not sequence.flow_style:
            offset = src.entry_offset(sequence, sequence.value[-1])

        def render(dash: int, lay: Layout) -> list[str]:
            return [
                line
                for item, node in items
                for line in self._entry_lines(item, node, dash, offset or lay.item_offset)
            ]

        value: Value = _value_of(items[0][0])
        splices, _ = _sequence_splices(
            src, self.layout, parent, key, value, top_level=parent is self.root, render=render
        )
        self.splices.extend(splices)


def _value(mapping: Node, name: str) -> Node:
    assert isinstance(mapping, MappingNode)
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == name:
            found: Node = v
            return found
    raise Contradiction


def _date_of(item: Any) -> str | None:
    if isinstance(item, dict):
        when = item.get("date")
        return when if isinstance(when, str) else None
    return None


def _value_of(item: Any) -> Value:
    if item is None or isinstance(item, str):
        return item
    if isinstance(item, dict):
        return {str(k): _value_of(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_value_of(v) for v in item]
    return str(item)


def _copied(src: Source, node: Node) -> list[str] | None:
    """An entry's own lines from the other side, without their indentation."""
    if getattr(node, "flow_style", False) or not isinstance(node, MappingNode):
        return None
    column = node.start_mark.column
    text = src.text[node.start_mark.index : src.content_end(node)]
    lines = _BREAK.split(text)
    out = [lines[0]]
    for line in lines[1:]:
        if not line.strip(" \t"):
            out.append("")
        elif line[:column].strip(" "):
            return None
        else:
            out.append(line[column:])
    return out


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    """The merged text, or why the driver left the merge to git's text merge."""

    text: str | None
    reason: str = ""


def _documents(base: str, ours: str, theirs: str) -> tuple[YamlDocument, ...] | None:
    try:
        return tuple(parse(check_text(t.encode("utf-8"))) for t in (base, ours, theirs))
    except (YamlError, UnicodeError):
        return None


def merge_records(base: str, ours: str, theirs: str) -> MergeOutcome:
    """Merge two sides' changes to a record; the text is None on a true conflict."""
    documents = _documents(base, ours, theirs)
    if documents is None:
        return MergeOutcome(None, "a version does not read as YAML")
    bdoc, odoc, tdoc = documents
    if odoc.root is None or tdoc.root is None:
        return MergeOutcome(None, "a version is empty")
    src = Source(ours)
    for copy_lines in (True, False):
        merger = _Merger(src, Source(theirs), src.layout(odoc.root), copy_lines, odoc.root)
        try:
            merged = merger.merge(bdoc.data, odoc.data, tdoc.data, odoc.root, tdoc.root)
        except Contradiction:
            return MergeOutcome(None, "both sides changed the same thing")
        text = Source.apply(ours, merger.splices)
        try:
            if parse(text).data == merged:
                return MergeOutcome(text)
        except YamlError:
            pass
    return MergeOutcome(None, "pcplan could not write the merge without disturbing the text")


def merge_files(
    base: Path, ours: Path, theirs: Path, record_path: str, today: date
) -> tuple[bool, str]:
    """Run the driver on git's three files: the result goes into ``ours``.

    Returns whether the merge is clean, and what to tell the person pulling.
    """
    from pcplan.fileio import atomic_write_bytes
    from pcplan.loading.records import load_record_bytes

    raws = [p.read_bytes() for p in (base, ours, theirs)]
    bom = b"\xef\xbb\xbf"
    try:
        texts = [r.removeprefix(bom).decode("utf-8") for r in raws]
    except UnicodeDecodeError:
        return False, "a version is not UTF-8 text"
    outcome = merge_records(*texts)
    if outcome.text is None:
        return False, outcome.reason
    new_raw = (bom if raws[1].startswith(bom) else b"") + outcome.text.encode("utf-8")
    loaded, problems = load_record_bytes(Path(record_path), record_path, new_raw, today)
    if loaded is None or any(d.severity == "error" for d in problems):
        return False, "the merged record would not be valid"
    atomic_write_bytes(ours, new_raw, skip_unchanged=False)
    return True, "merged; every entry from both sides is kept"


def text_merge(base: Path, ours: Path, theirs: Path, marker_size: str = "7") -> int:
    """git's own line-by-line merge into ``ours``, with conflict markers; the number of
    conflicts (0: clean)."""
    from pcplan.history.git import run_git

    size = marker_size if marker_size.isdigit() else "7"
    done = run_git(
        ours.parent,
        "merge-file",
        f"--marker-size={size}",
        "-L",
        "your version",
        "-L",
        "common version",
        "-L",
        "incoming version",
        str(ours),
        str(base),
        str(theirs),
        check=False,
    )
    return done.returncode if done.returncode >= 0 else 1
