"""The three changes teachers make to a record: log progress, record a review, close an action.

Each takes a valid record (as loaded, with its text and node tree) and returns a
:class:`Change`: the whole new text, the data that text must read back as, and words for
the teacher and for the git history. Nothing here touches a file.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from yaml.nodes import MappingNode, Node, SequenceNode

from pcplan.diagnostics.core import FUTURE_PROGRESS
from pcplan.editing.emit import (
    Comments,
    Layout,
    Quoted,
    Value,
    flow,
    item_lines,
    printable,
    scalar,
)
from pcplan.editing.textedit import LayoutNotSupported, Source, Splice, entry, is_null
from pcplan.errors import PcplanError
from pcplan.limits import MAX_PROGRESS, MAX_TEXT
from pcplan.loading.yamlstrict import YamlDocument, YamlError, parse
from pcplan.vocabulary import PROGRESS_RATINGS

if TYPE_CHECKING:
    from pcplan.diagnostics.core import Path as FieldPath
    from pcplan.models.record import Record
    from pcplan.models.reviews import Action, Review

ACTION_TEXT_SHOWN = 40


class UnknownGoal(PcplanError):
    """The goal named on the command line is not in the record."""


class UnknownAction(PcplanError):
    """No open action matches what was named on the command line."""


class AmbiguousAction(PcplanError):
    """More than one open action matches the fragment given."""


class NothingToChange(Exception):
    """The record already says what the command would write (e.g. an action already done)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entry copied from another file came from, to point problems at its lines."""

    path: tuple[str | int, ...]
    document: YamlDocument
    display: str


class Editable(Protocol):
    """A valid record as an edit sees it: its text, its node tree and (for the changes that
    need it) the validated record; see :class:`pcplan.loading.records.LoadedRecord`."""

    @property
    def display(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def tree(self) -> YamlDocument: ...

    @property
    def record(self) -> Record: ...

    @property
    def path(self) -> Path: ...

    @property
    def pupil_id(self) -> str: ...

    def position(self, path: FieldPath, key: bool = False) -> tuple[int, int]: ...


@dataclass(frozen=True, slots=True)
class Appended:
    """What a change that only appends one entry to one list promises: every value of the
    entry was checked as the record's schema checks it, and the list may hold at most
    ``limit`` entries. The new text can then be checked without the models when the old
    text is known to be valid (see :mod:`pcplan.editing.session`).

    ``dated`` is the entry's date and ``future`` the warning (message, code) the rules give
    an entry dated after today."""

    at: tuple[str | int, ...]
    limit: int
    dated: date
    future: tuple[str, str]


@dataclass(frozen=True, slots=True)
class Change:
    """A change to a record, made but not yet written."""

    text: str
    expected: Any
    """The data the new text must read back as: the old data with just this change."""
    description: str
    """One line for the git history, e.g. 'Log progress on read-aloud for celine-m'."""
    summary: str
    """What to tell the teacher, without the file and line (the caller adds those)."""
    line: int
    """1-based line of the new or changed entry in the new text."""
    origin: Origin | None = None
    appended: Appended | None = None
    """Set when the change only appends one checked entry to a list (see :class:`Appended`)."""


# -- checking what the teacher typed --------------------------------------------------------


def clean_text(value: str, what: str) -> str:
    """Free text from the command line, trimmed; refused when empty, too long or not text."""
    text = value.strip()
    if not text:
        raise PcplanError(f"the {what} is empty; write a few words")
    if len(text) > MAX_TEXT:
        raise PcplanError(f"the {what} is {len(text)} characters; at most {MAX_TEXT} fit")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PcplanError(
            f"the {what} holds characters that are not valid text (check the terminal's encoding)"
        ) from None
    return text


# -- splicing a new entry into a list --------------------------------------------------------

Render = Callable[[int, Layout], list[str]]


def _sequence_splices(
    src: Source,
    layout: Layout,
    parent: Node,
    key: str,
    item: Value,
    *,
    top_level: bool = False,
    render: Render | None = None,
) -> tuple[list[Splice], Splice]:
    """Splices that append ``item`` to the list under ``key`` in ``parent``.

    The list may be a block list, a flow list (``[...]`` or ``[]``), an empty value, or
    absent. Returns every splice and the one that holds the new entry.
    """

    def block(dash: int, lay: Layout) -> list[str]:
        return render(dash, lay) if render is not None else item_lines(item, dash, lay)

    found = entry(parent, key)
    if isinstance(parent, MappingNode) and parent.flow_style:
        if found is None:
            pairs = parent.value
            at = src.content_end(pairs[-1][1]) if pairs else parent.start_mark.index + 1
            lead = ", " if pairs else ""
            focus = Splice(at, at, f"{lead}{key}: [{flow(item)}]")
            return [focus], focus
        value = found[1]
        if isinstance(value, SequenceNode) and value.flow_style:
            return _flow_append(src, value, item)
        if is_null(value) and value.start_mark.index < value.end_mark.index:
            focus = Splice(value.start_mark.index, value.end_mark.index, f"[{flow(item)}]")
            return [focus], focus
        raise _cannot(src, value, key)
    if not isinstance(parent, MappingNode):
        raise _cannot(src, parent, key)
    key_column = parent.start_mark.column
    if found is None:
        owner = -1 if top_level else key_column
        at = src.end_of_entry(parent, owner)
        lines = [
            f"{' ' * key_column}{scalar(key)}:",
            *block(key_column + layout.seq_offset, layout),
        ]
        above = src.line_of(at - 1) if at > 0 else -1
        if top_level and _spaced_top_level(src, parent) and not src.is_blank(above):
            lines.insert(0, "")
        focus = src.insert_lines(at, lines)
        return [focus], focus
    key_node, value = found
    column = key_node.start_mark.column
    if is_null(value):
        splices = [src.drop_value(value)] if value.start_mark.index < value.end_mark.index else []
        focus = src.insert_lines(
            src.line_end(key_node.start_mark.index), block(column + layout.seq_offset, layout)
        )
        return [*splices, focus], focus
    if isinstance(value, SequenceNode) and value.flow_style:
        if value.value:
            return _flow_append(src, value, item)
        focus = src.insert_lines(
            src.line_end(value.start_mark.index), block(column + layout.seq_offset, layout)
        )
        return [src.drop_value(value), focus], focus
    if not isinstance(value, SequenceNode) or not value.value:
        raise _cannot(src, value, key)
    last = value.value[-1]
    dash = src.dash_column(value)
    offset = src.entry_offset(value, last)
    if isinstance(last, MappingNode) and last.flow_style:
        lines = [" " * dash + "-" + " " * ((offset or 2) - 1) + flow(item)]
    else:
        lines = block(dash, replace(layout, item_offset=offset or layout.item_offset))
    if src.separated_by_blank_lines(value):
        lines.insert(0, "")
    focus = src.insert_lines(src.end_of_entry(last, dash), lines)
    return [focus], focus


def _flow_append(src: Source, sequence: SequenceNode, item: Value) -> tuple[list[Splice], Splice]:
    if not sequence.value:
        focus = Splice(sequence.start_mark.index, sequence.end_mark.index, f"[{flow(item)}]")
        return [focus], focus
    at = src.content_end(sequence.value[-1])
    focus = Splice(at, at, f", {flow(item)}")
    return [focus], focus


def _spaced_top_level(src: Source, root: MappingNode) -> bool:
    """Whether the file's top-level sections have blank lines or comments between them."""
    for key, _ in root.value[1:]:
        n = key.start_mark.line - 1
        if src.is_blank(n) or src.line(n).lstrip().startswith("#"):
            return True
    return False


def _cannot(src: Source, node: Node, key: str) -> LayoutNotSupported:
    line = node.start_mark.line + 1
    return LayoutNotSupported(
        f"pcplan cannot add to '{key}' as it is written on line {line}",
        hint="write it as a list with one entry per line (or as [ ]), then try again",
    )


def _finish(src: Source, splices: list[Splice], focus: Splice) -> tuple[str, int]:
    """The new text, and the 1-based line where the focus splice's text starts."""
    text = Source.apply(src.text, splices)
    shift = sum(len(s.insert) - (s.end - s.start) for s in splices if s.start < focus.start)
    lead = len(focus.insert) - len(focus.insert.lstrip("\r\n"))
    index = focus.start + shift + lead
    new = Source(text)
    return text, new.line_of(min(index, max(len(text) - 1, 0))) + 1


def _root(loaded: Editable) -> MappingNode:
    root = loaded.tree.root
    if not isinstance(root, MappingNode):  # a valid record is always a mapping
        raise PcplanError("the record is not a set of 'key: value' lines")
    return root


def _item(parent: Node | None, key: str, index: int) -> Node:
    found = entry(parent, key)
    if found is None or not isinstance(found[1], SequenceNode):
        raise PcplanError(f"the record has no '{key}' list")
    node: Node = found[1].value[index]
    return node


# -- pcplan log -------------------------------------------------------------------------------


def log_progress(
    loaded: Editable,
    goal_id: str,
    note: str,
    on: date,
    by: str | None = None,
    rating: str | None = None,
) -> Change:
    """Append a progress entry ``{date, note, by?, rating?}`` to a goal.

    Made from the record's data alone (the record is valid, so its goals are a list of
    entries with ids), so that the models are needed only when no result is cached.
    """
    data = loaded.tree.data
    ids = [goal["id"] for goal in data.get("goals") or ()]
    if goal_id not in ids:
        raise UnknownGoal(_unknown_goal_message(goal_id, ids, loaded.display))
    if rating is not None and rating not in PROGRESS_RATINGS:
        raise PcplanError(f"--rating is one of {', '.join(PROGRESS_RATINGS)}")
    gi = ids.index(goal_id)
    progress: dict[str, Value] = {"date": on.isoformat(), "note": Quoted(clean_text(note, "note"))}
    if by is not None:
        progress["by"] = clean_text(by, "name given with --by")
    if rating is not None:
        progress["rating"] = rating
    src = Source(loaded.text)
    goal_node = _item(_root(loaded), "goals", gi)
    splices, focus = _sequence_splices(
        src, src.layout(loaded.tree.root), goal_node, "progress", progress
    )
    text, line = _finish(src, splices, focus)
    expected = copy.deepcopy(data)
    goal_data = expected["goals"][gi]
    goal_data["progress"] = [*(goal_data.get("progress") or []), _plain(progress)]
    pupil = loaded.pupil_id
    return Change(
        text=text,
        expected=expected,
        description=f"Log progress on {goal_id} for {pupil}",
        summary=f"Logged progress on {goal_id} for {pupil}",
        line=line,
        appended=Appended(("goals", gi, "progress"), MAX_PROGRESS, on, FUTURE_PROGRESS),
    )


def _unknown_goal_message(goal_id: str, ids: list[str], display: str) -> str:
    import difflib

    shown = goal_id[:40]
    if not ids:
        return f"{display} has no goals yet, so there is no goal '{shown}'"
    close = difflib.get_close_matches(goal_id, ids, n=1, cutoff=0.6)
    if close:
        return f"there is no goal '{shown}' in {display}; did you mean '{close[0]}'?"
    return f"there is no goal '{shown}' in {display}; its goals are: {', '.join(ids)}"


# -- pcplan record-review --------------------------------------------------------------------


def _check_review_date(loaded: Editable, on: date, kind: str) -> None:
    reviews = loaded.record.reviews
    if not reviews:
        return
    last = reviews[-1]
    if on < last.date:
        raise PcplanError(
            f"the last review in {loaded.display} is dated {last.date.isoformat()}; reviews are "
            f"kept oldest first, so pcplan adds only reviews on or after that date",
            hint="add an earlier review by hand, in its place in the list",
        )
    for i, review in enumerate(reviews):
        if review.date == on and review.kind == kind:
            line, _ = loaded.position(("reviews", i))
            raise PcplanError(
                f"a {kind} review on {on.isoformat()} is already in {loaded.display} "
                f"(line {line}); fill that one in",
            )


def review_template(loaded: Editable, on: date, kind: str) -> tuple[dict[str, Value], Comments]:
    """A review entry ready to fill in, and the comments that guide the person filling it."""
    record = loaded.record
    present: list[Value] = [record.pupil.known_as or record.pupil.name]
    present.extend(f"{m.name} ({m.role})" for m in record.circle)
    empty_views: dict[str, Value] = {"pupil": [], "family": [], "school": [], "others": []}
    goals: list[Value] = [{"goal": g.id} for g in record.goals if g.status == "active"]
    review: dict[str, Value] = {
        "date": on.isoformat(),
        "kind": kind,
        "present": present,
        "pupil_voice": [],
        "working": dict(empty_views),
        "not_working": dict(empty_views),
        "questions": [],
        "goals_reviewed": goals,
        "actions": [],
    }
    if kind == "annual":
        review["disagreements"] = []
    notes: dict[str, list[str]] = {
        "present": ["Who was there: take out anyone who could not come, add anyone else."],
        "goals_reviewed": [
            "For each goal, add a rating: (emerging, developing, secure or achieved) "
            "and a note: about what was said."
        ],
    }
    still_open = [
        f"  {pos} {_comment_text(action.what)} ({_comment_text(action.who)}, "
        f"by {action.by.isoformat()})"
        for pos, action, _ in open_actions(loaded)
    ]
    if kind == "annual":
        notes["disagreements"] = [
            "Differences of view, in plain words. The paperwork of an annual review:",
            "  invited_on: and papers_sent: YYYY-MM-DD (at least two weeks before the meeting)",
            "  report_sent: YYYY-MM-DD (to the local authority, within two weeks after)",
            "  recommendation: maintain, amend or cease",
        ]
    notes["actions"] = [
        "The action plan: - {what: ..., who: ..., by: YYYY-MM-DD}",
        "When the record of the meeting has gone to the family, add shared_on: YYYY-MM-DD.",
        *(
            ["Still open from earlier reviews (close them with pcplan action-done):", *still_open]
            if still_open
            else []
        ),
    ]
    return review, Comments(notes)


def record_review(loaded: Editable, on: date, kind: str) -> Change:
    """Append a review entry ready to fill in."""
    _check_review_date(loaded, on, kind)
    review, comments = review_template(loaded, on, kind)
    src = Source(loaded.text)
    root = _root(loaded)

    def render(dash: int, lay: Layout) -> list[str]:
        return item_lines(review, dash, lay, comments)

    splices, focus = _sequence_splices(
        src, src.layout(root), root, "reviews", review, top_level=True, render=render
    )
    text, line = _finish(src, splices, focus)
    expected = copy.deepcopy(loaded.tree.data)
    expected["reviews"] = [*(expected.get("reviews") or []), _plain(review)]
    pupil = loaded.record.pupil.id
    return Change(
        text=text,
        expected=expected,
        description=f"Add the {kind} review of {on.isoformat()} for {pupil}",
        summary=f"Added {_a(kind)} review of {on.isoformat()} for {pupil}, ready to fill in",
        line=line,
    )


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def record_review_from(
    loaded: Editable, review_model: Review, document: YamlDocument, text: str, display: str
) -> Change:
    """Append a filled-in review read from another file, keeping its comments and wording.

    The review's own lines are copied, re-indented, with their comments; if that cannot
    reproduce the same data (an unusual layout), the entry is written afresh instead.
    """
    _check_review_date(loaded, review_model.date, review_model.kind)
    root_node = document.root
    assert isinstance(root_node, MappingNode)
    src = Source(loaded.text)
    root = _root(loaded)
    layout = src.layout(root)
    index = len(loaded.record.reviews)
    data = document.data
    copied = _reindented_lines(Source(text), root_node)
    attempts: list[tuple[Render | None, Any]] = []
    if copied is not None:

        def render(dash: int, lay: Layout) -> list[str]:
            assert copied is not None
            return _place(copied, dash, lay.item_offset)

        attempts.append((render, data))
    attempts.append((None, data))
    for render_fn, item in attempts:
        splices, focus = _sequence_splices(
            src, layout, root, "reviews", item, top_level=True, render=render_fn
        )
        new_text, line = _finish(src, splices, focus)
        expected = copy.deepcopy(loaded.tree.data)
        expected["reviews"] = [*(expected.get("reviews") or []), item]
        if _reads_as(new_text, expected):
            break
    pupil = loaded.record.pupil.id
    when = review_model.date.isoformat()
    return Change(
        text=new_text,
        expected=expected,
        description=f"Record the {review_model.kind} review of {when} for {pupil}",
        summary=f"Recorded the {review_model.kind} review of {when} for {pupil} from {display}",
        line=line,
        origin=Origin(("reviews", index), document, display),
    )


def _reindented_lines(src: Source, root: MappingNode) -> list[str] | None:
    """The lines of a mapping with its own indentation taken off, or None if it cannot be."""
    first = src.line_of(root.start_mark.index)
    column = root.start_mark.column
    end = src.after_own_comments(src.after_line(src.content_end(root)), column - 1)
    last = src.line_of(end - 1) if end > 0 else 0
    lines = [src.line(n) for n in range(first, last + 1)]
    if lines[0][:column].strip(" "):
        return None
    out: list[str] = []
    for line in lines:
        if not line[:column].strip(" "):
            out.append(line[column:])
        elif line.lstrip().startswith("#"):
            out.append(line.lstrip(" "))
        else:
            return None
    while out and not out[-1].strip(" \t"):
        out.pop()
    return out


def _place(lines: list[str], dash: int, offset: int) -> list[str]:
    offset = max(offset, 2)
    pad = " " * (dash + offset)
    first = " " * dash + "-" + " " * (offset - 1) + lines[0]
    return [first, *((pad + line) if line else "" for line in lines[1:])]


def _reads_as(text: str, expected: Any) -> bool:
    try:
        return bool(parse(text).data == expected)
    except YamlError:
        return False


# -- pcplan action-done ------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _comment_text(text: str) -> str:
    """Text fit for a YAML comment: one line, no characters a YAML reader refuses."""
    return "".join(ch if printable(ch) else "?" for ch in _one_line(text))


def _short(text: str) -> str:
    one = _one_line(text)
    return one if len(one) <= ACTION_TEXT_SHOWN else one[: ACTION_TEXT_SHOWN - 1] + "…"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


OpenAction = tuple[str, "Action", tuple[int, int]]


def open_actions(loaded: Editable) -> list[OpenAction]:
    """The open actions as (position 'R.A', action, (review index, action index))."""
    out: list[OpenAction] = []
    for ri, review in enumerate(loaded.record.reviews):
        for ai, action in enumerate(review.actions):
            if action.is_open:
                out.append((f"{ri + 1}.{ai + 1}", action, (ri, ai)))
    return out


def initials(who: str) -> str:
    """Who, as initials (``Mrs Begum`` → ``MB``): enough to tell actions apart in a message
    without printing names or roles in full."""
    letters = [word[0].upper() for word in re.findall(r"[^\W\d_][\w'’-]*", who)]
    return "".join(letters[:4]) or "?"


def _listing(rows: list[OpenAction]) -> str:
    # Numbers, dates and initials only: the words of an action are about a pupil, and a
    # message can end up anywhere (a terminal log, a screenshot). `pcplan actions` shows them.
    return "\n".join(
        f"  {pos:<5} due {a.by.isoformat()}  ({initials(a.who)})" for pos, a, _ in rows
    )


_POSITION = re.compile(r"^\s*(\d+)\.(\d+)\s*$")


def _counted(n: int, word: str) -> str:
    return f"no {word}s" if n == 0 else f"{n} {word}" if n == 1 else f"{n} {word}s"


def find_action(loaded: Editable, ref: str) -> tuple[int, int]:
    """The review and action indexes of the open action named by position or fragment."""
    reviews = loaded.record.reviews
    display = loaded.display
    if m := _POSITION.match(ref):
        ri, ai = int(m.group(1)) - 1, int(m.group(2)) - 1
        if not 0 <= ri < len(reviews):
            raise UnknownAction(
                f"there is no review {ri + 1} in {display}: it has "
                + _counted(len(reviews), "review"),
                hint="name an action as REVIEW.ACTION, e.g. 2.1 for the first action of the "
                "second review",
            )
        if not 0 <= ai < len(reviews[ri].actions):
            raise UnknownAction(
                f"review {ri + 1} in {display} has {_counted(len(reviews[ri].actions), 'action')}, "
                f"so there is no action {ri + 1}.{ai + 1}"
            )
        action = reviews[ri].actions[ai]
        if action.done is not None:
            raise NothingToChange(
                f"Action {ri + 1}.{ai + 1} is already marked done "
                f"({action.done.isoformat()}); nothing changed."
            )
        return ri, ai
    needle = _fold(ref)
    if not needle:
        raise UnknownAction("name the action by a few words of it, or by its number (e.g. 2.1)")
    rows = open_actions(loaded)
    matches = [row for row in rows if needle in _fold(row[1].what)]
    if len(matches) == 1:
        return matches[0][2]
    if len(matches) > 1:
        raise AmbiguousAction(
            f"those words match {len(matches)} open actions in {display}; "
            f"name one by its number:\n{_listing(matches)}",
            hint=f"pcplan actions {loaded.pupil_id} lists them in full; "
            f"then e.g. pcplan action-done {loaded.pupil_id} {matches[0][0]}",
        )
    done = [
        (ri, ai, a.done)
        for ri, review in enumerate(reviews)
        for ai, a in enumerate(review.actions)
        if a.done is not None and needle in _fold(a.what)
    ]
    if len(done) == 1:
        ri, ai, when = done[0]
        raise NothingToChange(
            f"Action {ri + 1}.{ai + 1} is already marked done ({when.isoformat()}); "
            "nothing changed."
        )
    if not rows:
        raise UnknownAction(f"there are no open actions in {display}")
    raise UnknownAction(
        f"no open action in {display} matches those words; the open actions are:\n{_listing(rows)}",
        hint=f"pcplan actions {loaded.pupil_id} lists them in full; then name one by its "
        f"number, e.g. pcplan action-done {loaded.pupil_id} {rows[0][0]}",
    )


def action_done(loaded: Editable, ref: str, on: date) -> Change:
    """Set ``done`` on an open action, named by a unique fragment of its text or 'R.A'."""
    ri, ai = find_action(loaded, ref)
    src = Source(loaded.text)
    action = _item(_item(_root(loaded), "reviews", ri), "actions", ai)
    stamp = on.isoformat()
    found = entry(action, "done")
    if found is not None:
        value = found[1]
        if not is_null(value):  # a valid record holds a date here only when it is done
            raise NothingToChange("That action is already marked done; nothing changed.")
        if value.start_mark.index == value.end_mark.index:
            focus = Splice(value.start_mark.index, value.start_mark.index, f" {stamp}")
        else:
            focus = Splice(value.start_mark.index, value.end_mark.index, stamp)
    else:
        by = entry(action, "by")
        if by is None or not isinstance(action, MappingNode):
            raise PcplanError("the action has no 'by' date")
        key_node, by_value = by
        end = src.content_end(by_value)
        if action.flow_style:
            focus = Splice(end, end, f", done: {stamp}")
        else:
            pad = " " * key_node.start_mark.column
            focus = src.insert_lines(src.after_line(end), [f"{pad}done: {stamp}"])
    text, line = _finish(src, [focus], focus)
    expected = copy.deepcopy(loaded.tree.data)
    expected["reviews"][ri]["actions"][ai]["done"] = stamp
    pupil = loaded.record.pupil.id
    review_date = loaded.record.reviews[ri].date.isoformat()
    return Change(
        text=text,
        expected=expected,
        description=f"Mark action {ri + 1}.{ai + 1} (review of {review_date}) done for {pupil}",
        summary=f"Marked action {ri + 1}.{ai + 1} (review of {review_date}) done on {stamp} "
        f"for {pupil}",
        line=line,
    )


# -- data helpers --------------------------------------------------------------------------------


def _plain(value: Value) -> Any:
    """Emitted values as the loader reads them back (plain str, list, dict)."""
    if value is None or isinstance(value, str):
        return value if value is None else str(value)
        return str(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return [_plain(v) for v in value]


__all__ = [
    "AmbiguousAction",
    "Change",
    "NothingToChange",
    "Origin",
    "UnknownAction",
    "UnknownGoal",
    "action_done",
    "find_action",
    "initials",
    "log_progress",
    "open_actions",
    "record_review",
    "record_review_from",
]
