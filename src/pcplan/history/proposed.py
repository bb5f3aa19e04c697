"""The plan with proposed changes: what was added since a version in bold, what was taken
out struck through, for the local authority when an EHC plan is amended.

Both versions of the record are rendered as the same HTML plan (same templates, school and
date), then compared line by line. A line that kept its markup but changed its words shows
the words that changed; a line only in the new plan shows all its text as added, a line
only in the old one shows all its text as taken out. Changes are marked with ``<ins>`` and
``<del>`` (bold and underlined, struck through), and each says "added"/"taken out" to a
screen reader, so colour carries nothing on its own.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pcplan.errors import InvalidRecordError, PcplanError
from pcplan.history.git import git_top, resolve_commit, run_git

if TYPE_CHECKING:
    from pcplan.history.git import RecordHistory
    from pcplan.loading.records import LoadedRecord
    from pcplan.loading.repo import Repository

_TAG = re.compile(r"(<[^>]*>)")
_WORDS = re.compile(r"(\s+)")
_ID = re.compile(r'\s(id|aria-labelledby|headers)="[^"]*"')
_NO_MARKS = frozenset({"script", "style", "title", "template", "caption"})

PROPOSED_STYLE = """
/* ---- Proposed changes ------------------------------------------------------- */
ins { font-weight: 700; text-decoration: underline; text-decoration-thickness: 2px; }
del { text-decoration: line-through; text-decoration-thickness: 2px; }
ins::before, ins::after, del::before, del::after {
  clip-path: inset(100%); clip: rect(1px, 1px, 1px, 1px); height: 1px; width: 1px;
  overflow: hidden; position: absolute; white-space: nowrap;
}
ins::before { content: " [added: "; }
del::before { content: " [taken out: "; }
ins::after, del::after { content: "] "; }
.proposed-key { border: 2px solid currentColor; padding: 0.4rem 0.7rem; }
"""


def _key(since: str) -> str:
    return (
        '<p class="proposed-key"><strong>Proposed changes</strong> to the plan as it stood '
        f"{since}: text added is <ins>in bold and underlined</ins>; text taken out is "
        "<del>struck through</del>.</p>\n"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _version_at(top: Path, since: str) -> str:
    """The commit the changes are proposed against: a commit, or the last one on a date."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
        try:
            date.fromisoformat(since)
        except ValueError:
            raise PcplanError(f"--since {since} is not a real date") from None
        done = run_git(top, "rev-list", "-1", f"--before={since} 23:59:59", "HEAD", check=False)
        commit = done.stdout.decode("ascii", "replace").strip()
        if done.returncode != 0 or not commit:
            raise PcplanError(f"no commit was made on or before {since}")
        return commit
    found = resolve_commit(top, since)
    if found is None:
        from pcplan.english_dates import iso_suggestion

        raise PcplanError(
            "--since must be a date written YYYY-MM-DD or a commit git knows "
            f"(got '{since[:40]}'){iso_suggestion(since)}",
            hint="git log --oneline lists the commits",
        )
    return found


def _old_bytes(top: Path, commit: str, history: RecordHistory, display: str) -> bytes:
    """The record's bytes at ``commit``, following a rename since then."""
    relative = history.path
    names = {c.sha: c.path for c in history.commits}
    # The name it had at that commit: the newest commit at or before it that touched it.
    listed = run_git(top, "rev-list", commit, check=False).stdout.decode("ascii").split()
    ancestors = set(listed)
    for c in reversed(history.commits):
        if c.sha in ancestors:
            relative = names[c.sha]
            break
    done = run_git(top, "cat-file", "blob", f"{commit}:{relative}", check=False)
    if done.returncode != 0:
        raise PcplanError(f"{display} was not in the records at that commit ({commit[:7]})")
    return done.stdout


@dataclass(frozen=True, slots=True)
class Versions:
    """The record as it is now and as it was at the version changes are proposed against."""

    then: LoadedRecord
    now: LoadedRecord
    label: str
    """How the key names the old version: "at commit abc1234" or "on 2026-11-01"."""
    changed_on: date
    """The date of the changes: the last commit to the record, or today when the record
    has changes not yet committed."""


def _versions(path: Path, display: str, since: str, today: date) -> Versions:
    from pcplan.history.git import record_history
    from pcplan.loading.records import load_record, load_record_bytes

    top = git_top(path.parent)
    if top is None:
        raise PcplanError(f"{display} is not in a git repository, so there is no earlier version")
    commit = _version_at(top, since)
    history = record_history(path, start=None)
    old_raw = _old_bytes(top, commit, history, display)
    now, problems = load_record(path, display, today)
    errors = [d for d in problems if d.severity == "error"]
    if now is None or errors:
        raise InvalidRecordError(f"{display} is not valid; fix it first", errors)
    then, old_problems = load_record_bytes(path, f"{display} (at {commit[:7]})", old_raw, today)
    if then is None:
        raise InvalidRecordError(
            f"{display} as it was at {commit[:7]} does not load, so there is nothing to compare",
            [d for d in old_problems if d.severity == "error"],
        )
    is_day = re.fullmatch(r"\d{4}-\d{2}-\d{2}", since) is not None
    label = f"on {since}" if is_day else f"at commit {commit[:7]}"
    changed_on = today
    if history.commits:
        last = history.commits[-1]
        if history.version(last.sha, last.path) == path.read_bytes():
            changed_on = last.day
    return Versions(then, now, label, changed_on)


def proposed_plan_html(
    repository: Repository, path: Path, display: str, since: str, today: date
) -> str:
    """The current plan, marked with what changed since ``since`` (a commit or a date)."""
    from pcplan.render.documents import Renderer

    versions = _versions(path, display, since, today)
    renderer = Renderer(repository, today)
    old_html = renderer.plan(versions.then, "html")
    new_html = renderer.plan(versions.now, "html")
    return mark_changes(old_html, new_html, versions.label)


def proposed_plan_docx(
    repository: Repository, path: Path, display: str, since: str, today: date
) -> bytes:
    """The current plan as a Word document, with what changed since ``since`` as Word's
    tracked changes (see :mod:`pcplan.render.word.tracked`)."""
    from pcplan.render.documents import Renderer
    from pcplan.render.word.tracked import tracked_changes

    versions = _versions(path, display, since, today)
    renderer = Renderer(repository, today)
    old = renderer.word("plan", versions.then)
    new = renderer.word("plan", versions.now)
    key = [
        ("Proposed changes", "b"),
        (f" to the plan as it stood {versions.label}: text added is ", ""),
        ("in bold and underlined", "ins"),
        ("; text taken out is ", ""),
        ("struck through", "del"),
        (
            ". Each change is also a tracked change in Word, which can be accepted or "
            "rejected on its own (Review, then Accept or Reject).",
            "",
        ),
    ]
    return tracked_changes(
        old,
        new,
        key=key,
        title_prefix="Proposed changes: ",
        author=renderer.school.name or "pcplan",
        when=f"{versions.changed_on.isoformat()}T00:00:00Z",
        words=lambda a, b: [(k, t) for k, t in word_changes(a, b) if k != " "],
    )


def _main(html: str) -> tuple[str, str, str]:
    start = html.find("<main>")
    end = html.rfind("</main>")
    if start < 0 or end < 0:
        raise PcplanError("the plan template has no <main> element, so changes cannot be marked")
    start += len("<main>")
    return html[:start], html[start:end], html[end:]


def _skeleton(line: str) -> str:
    return "".join(
        part if part.startswith("<") else ("" if not part.strip() else "\x00")
        for part in _TAG.split(line)
    )


def _wrap(line: str, mark: str, strip_ids: bool = False) -> str:
    """Every piece of text in a line marked as added or taken out."""
    out: list[str] = []
    quiet = 0
    for part in _TAG.split(line):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in _NO_MARKS:
                quiet += -1 if part.startswith("</") else 1
            out.append(_ID.sub("", part) if strip_ids else part)
        elif part.strip() and quiet <= 0:
            lead = part[: len(part) - len(part.lstrip())]
            trail = part[len(part.rstrip()) :]
            out.append(f"{lead}<{mark}>{part.strip()}</{mark}>{trail}")
        else:
            out.append(part)
    return "".join(out)


Opcode = tuple[str, int, int, int, int]


def aligned(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """How two versions' lines line up, as :meth:`difflib.SequenceMatcher.get_opcodes`.

    Lines that occur once in each version (a goal's heading) are lined up first, and the
    lines between them are compared only with each other ("patience" alignment). So a
    line that occurs often ("No strategies written yet.") never pairs one goal's part with
    another goal's, as the longest common run alone could. Neighbouring changes are one
    change, so that the words that changed within them can be shown.
    """
    raw: list[Opcode] = []
    _align(a, b, 0, len(a), 0, len(b), raw)
    out: list[Opcode] = []
    for op, i1, i2, j1, j2 in raw:
        if i1 == i2 and j1 == j2:
            continue
        if out and (out[-1][0] == "equal") == (op == "equal"):
            last = out[-1]
            merged = last[1], i2, last[3], j2
            kind = "equal" if op == "equal" else _kind(*merged)
            out[-1] = (kind, *merged)
        else:
            out.append((op if op == "equal" else _kind(i1, i2, j1, j2), i1, i2, j1, j2))
    return out


def _kind(i1: int, i2: int, j1: int, j2: int) -> str:
    return "replace" if i1 < i2 and j1 < j2 else ("delete" if i1 < i2 else "insert")


def _align(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    out: list[Opcode],
) -> None:
    once_a: dict[Hashable, int | None] = {}
    for i in range(alo, ahi):
        once_a[a[i]] = None if a[i] in once_a else i
    once_b: dict[Hashable, int | None] = {}
    for j in range(blo, bhi):
        once_b[b[j]] = None if b[j] in once_b else j
    pairs: list[tuple[int, int]] = []
    for line, at in once_a.items():
        there = once_b.get(line)
        if at is not None and there is not None:
            pairs.append((at, there))
    pairs.sort()
    anchors = _longest_increasing(pairs)
    if not anchors:
        matcher = difflib.SequenceMatcher(a=a[alo:ahi], b=b[blo:bhi], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            out.append((op, alo + i1, alo + i2, blo + j1, blo + j2))
        return
    i0, j0 = alo, blo
    for i, j in anchors:
        _align(a, b, i0, i, j0, j, out)
        out.append(("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    _align(a, b, i0, ahi, j0, bhi, out)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (sorted by their first) whose seconds increase too."""
    import bisect

    tails: list[int] = []
    tail_at: list[int] = []
    before: list[int] = []
    for k, (_, j) in enumerate(pairs):
        place = bisect.bisect_left(tails, j)
        if place == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[place] = j
            tail_at[place] = k
        before.append(tail_at[place - 1] if place else -1)
    chain: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = before[k]
    return chain[::-1]


def word_changes(old: str, new: str) -> list[tuple[str, str]]:
    """Two pieces of text word by word: ``("=", same)``, ``("-", taken out)``, ``("+",
    added)``, and ``(" ", " ")`` between words taken out and their replacement (shown,
    not part of either version). The HTML and the Word copy both mark these words."""
    a = _WORDS.split(old)
    b = _WORDS.split(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(b[j1:j2])))
            continue
        gone = "".join(a[i1:i2])
        came = "".join(b[j1:j2])
        if gone.strip():
            out.append(("-", gone.strip()))
            if came.strip():
                out.append((" ", " "))
        if came.strip():
            out.append(("+", came.strip()))
        elif not gone.strip():
            out.append(("=", came))
    return out


def _words(old: str, new: str) -> str:
    """One piece of text: words taken out and words added, the rest as it is."""
    marks = {"-": "del", "+": "ins"}
    return "".join(
        f"<{marks[kind]}>{text}</{marks[kind]}>" if kind in marks else text
        for kind, text in word_changes(old, new)
    )


def _inline(old: str, new: str) -> str:
    """Two lines with the same markup: the changed words within each piece of text."""
    a = _TAG.split(old)
    b = _TAG.split(new)
    if len(a) != len(b):
        return _wrap(old, "del", strip_ids=True) + "\n" + _wrap(new, "ins")
    out: list[str] = []
    quiet = 0
    for x, y in zip(a, b, strict=True):
        if y.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", y)
            if name and name.group(1).lower() in _NO_MARKS:
                quiet += -1 if y.startswith("</") else 1
            out.append(y)
        elif x == y or quiet > 0 or (not x.strip() and not y.strip()):
            out.append(y)
        else:
            out.append(_words(x, y))
    return "".join(out)


def _region(old: list[str], new: list[str]) -> list[str]:
    out: list[str] = []
    matcher = difflib.SequenceMatcher(
        a=[_skeleton(x) for x in old], b=[_skeleton(y) for y in new], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(_inline(x, y) for x, y in zip(old[i1:i2], new[j1:j2], strict=True))
            continue
        out.extend(_wrap(x, "del", strip_ids=True) for x in old[i1:i2])
        out.extend(_wrap(y, "ins") for y in new[j1:j2])
    return out


def mark_changes(old_html: str, new_html: str, since: str) -> str:
    """``new_html`` with what changed from ``old_html`` marked inside its ``<main>``."""
    _, old_main, _ = _main(old_html)
    head, new_main, tail = _main(new_html)
    old_lines = old_main.split("\n")
    new_lines = new_main.split("\n")
    out: list[str] = []
    for op, i1, i2, j1, j2 in aligned(old_lines, new_lines):
        if op == "equal":
            out.extend(new_lines[j1:j2])
        else:
            out.extend(_region(old_lines[i1:i2], new_lines[j1:j2]))
    body = "\n".join(out)
    if "</style>" in head:
        head = head.replace("</style>", PROPOSED_STYLE + "</style>", 1)
    head = re.sub(r"<title>", "<title>Proposed changes: ", head, count=1)
    return head + "\n" + _key(_escape(since)) + body.lstrip("\n") + tail
