"""Explaining git's conflict markers in a record: which field each conflict is about, and
what each side wrote.

When two people change the same field differently, git leaves both versions in the file
between ``<<<<<<<``, ``=======`` and ``>>>>>>>`` lines. This module rebuilds the two
versions, reads each as a record, and says in plain words where they differ: the field,
and the lines that hold each side. A short coded value (a date, a status, a rating) is
quoted; a pupil's free text never is: the message names its lines instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pcplan.diagnostics.core import Diagnostic

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_START, _BASE, _MIDDLE, _END = "<<<<<<<", "|||||||", "=======", ">>>>>>>"
CODED_FIELDS = frozenset(
    {
        "date",
        "done",
        "by",
        "start",
        "end",
        "due",
        "achieved_on",
        "next_review",
        "annual_review",
        "date_of_birth",
        "status",
        "rating",
        "kind",
        "review",
        "sen_status",
        "year_group",
        "primary",
        "wave",
        "horizon",
        "pfa",
        "how",
        "plan_review",
        "id",
        "goal",
        "schema_version",
        "group_size",
        "sessions_per_week",
        "minutes",
        "per",
        "amount",
    }
)
SHORT = 20


@dataclass(frozen=True, slots=True)
class Hunk:
    """One conflict: the line numbers (1-based, in the file) of the markers and each side."""

    start: int
    ours: tuple[int, int]
    theirs: tuple[int, int]
    end: int
    ours_in_version: tuple[int, int]
    """Where this side's lines sit in the rebuilt 'ours' version (1-based, inclusive)."""
    theirs_in_version: tuple[int, int]


def _split(text: str) -> tuple[str, str, list[Hunk]] | None:
    """The two versions rebuilt from a file with conflict markers, and the conflicts."""
    lines = _BREAK.split(text)
    ours: list[str] = []
    theirs: list[str] = []
    hunks: list[Hunk] = []
    state = "common"
    start = middle = 0
    base_at: int | None = None
    ours_first = theirs_first = 0
    for number, line in enumerate(lines, start=1):
        if state == "common":
            if line.startswith(_START):
                state, start, base_at = "ours", number, None
                ours_first, theirs_first = len(ours) + 1, len(theirs) + 1
                continue
            ours.append(line)
            theirs.append(line)
        elif state == "ours":
            if line.startswith(_BASE):
                state, base_at = "base", number
            elif line.startswith(_MIDDLE):
                state, middle = "theirs", number
            else:
                ours.append(line)
        elif state == "base":
            if line.startswith(_MIDDLE):
                state, middle = "theirs", number
        elif state == "theirs":
            if line.startswith(_END):
                ours_end = (base_at or middle) - 1
                hunks.append(
                    Hunk(
                        start,
                        (start + 1, ours_end),
                        (middle + 1, number - 1),
                        number,
                        (ours_first, len(ours)),
                        (theirs_first, len(theirs)),
                    )
                )
                state = "common"
            else:
                theirs.append(line)
    if state != "common" or not hunks:
        return None
    return "\n".join(ours), "\n".join(theirs), hunks


def _differences(a: Any, b: Any, path: tuple[str | int, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths where two data trees differ, with each side's value there."""
    if a == b:
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[tuple[Any, ...]] = []
        for key in [*a, *(k for k in b if k not in a)]:
            out += _differences(a.get(key), b.get(key), (*path, key))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += _differences(x, y, (*path, i))
        return out
    return [(path, a, b)]


def _said(path: tuple[str | int, ...], value: Any) -> str:
    if value is None:
        return "nothing there"
    if (
        isinstance(value, str)
        and path
        and path[-1] in CODED_FIELDS
        and len(value) <= SHORT
        and "\n" not in value
    ):
        return f"'{value}'"
    if isinstance(value, list):
        return f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    return "its own words"


def _lines(span: tuple[int, int]) -> str:
    first, last = span
    if last < first:
        return "no lines (the field is left out)"
    return f"line {first}" if first == last else f"lines {first}-{last}"


def describe_conflicts(text: str, display: str) -> list[Diagnostic]:
    """One diagnostic per conflict in ``text``, naming the field and each side's lines.

    Returns an empty list when the markers cannot be matched up (the caller then reports
    the markers plainly).
    """
    from pcplan.loading.yamlstrict import YamlDocument, YamlError, parse

    split = _split(text)
    if split is None:
        return []
    ours_text, theirs_text, hunks = split
    ours_doc: YamlDocument | None = None
    theirs_doc: YamlDocument | None = None
    try:
        ours_doc = parse(ours_text)
        theirs_doc = parse(theirs_text)
    except YamlError:
        ours_doc = theirs_doc = None
    found: dict[int, list[tuple[Any, ...]]] = {}
    if ours_doc is not None and theirs_doc is not None:
        for path, a, b in _differences(ours_doc.data, theirs_doc.data):
            line, _ = ours_doc.position(path)
            other, _ = theirs_doc.position(path)
            for i, hunk in enumerate(hunks):
                first, last = hunk.ours_in_version
                if first <= line <= max(last, first):
                    mine = _in_file(line, hunk.ours_in_version, hunk.ours)
                    theirs_line = _in_file(other, hunk.theirs_in_version, hunk.theirs)
                    found.setdefault(i, []).append((path, a, b, mine, theirs_line))
                    break
    out: list[Diagnostic] = []
    advice = (
        "keep the lines you want, delete the marker lines (<<<<<<<, ======= and >>>>>>>), then save"
    )
    for i, hunk in enumerate(hunks):
        differences = found.get(i, [])
        if not differences:
            sides = (
                f"your version is on {_lines(hunk.ours)}, the incoming version on "
                f"{_lines(hunk.theirs)}"
            )
            out.append(
                Diagnostic(
                    display,
                    hunk.start,
                    1,
                    (),
                    f"unresolved merge conflict: both sides changed these lines; {sides}: {advice}",
                    "merge-conflict",
                )
            )
            continue
        for path, a, b, mine, theirs_line in differences:
            out.append(
                Diagnostic(
                    display,
                    mine,
                    1,
                    path,
                    "unresolved merge conflict: both sides changed this field: your version "
                    f"(line {mine}) has {_said(path, a)}, the incoming version "
                    f"(line {theirs_line}) has {_said(path, b)}: {advice}",
                    "merge-conflict",
                )
            )
    return out


def _in_file(line: int, in_version: tuple[int, int], in_file: tuple[int, int]) -> int:
    """A line of a rebuilt side as a line of the conflicted file (clamped to that side)."""
    first, last = in_version
    offset = min(max(line, first), max(last, first)) - first
    return min(in_file[0] + offset, max(in_file[1], in_file[0]))
