"""A pupil's history as a document: plain text, JSON, or (through templates) Markdown and
HTML, and the short version the review agenda shows."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pcplan.history.report import Entry, History


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One change: its words, and the old and new wording where words changed."""

    kind: str
    words: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class EntryView:
    """One commit: when, who, its message, and what it changed."""

    date: str
    iso_date: str
    author: str
    commit: str
    subject: str
    layout_only: bool
    not_loaded: str
    changes: list[ChangeView]


@dataclass(frozen=True, slots=True)
class HistoryView:
    """A pupil's history, oldest first."""

    record: str
    pupil: str
    since: str
    until: str
    entries: list[EntryView]
    change_count: int


def entry_view(entry: Entry) -> EntryView:
    from pcplan.render.views import short_date

    commit = entry.commit
    return EntryView(
        date=short_date(commit.day),
        iso_date=commit.when[:10],
        author=commit.author,
        commit=commit.short,
        subject=commit.subject,
        layout_only=entry.layout_only,
        not_loaded=entry.not_loaded or "",
        changes=[ChangeView(c.kind, c.words, c.old or "", c.new or "") for c in entry.changes],
    )


def history_view(history: History) -> HistoryView:
    return HistoryView(
        record=history.display,
        pupil=history.pupil_name,
        since=history.since or "",
        until=history.until or "",
        entries=[entry_view(e) for e in history.entries],
        change_count=history.change_count,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _counted(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def history_text(history: History) -> str:
    """The history for a terminal: one block per commit, oldest first."""
    span = []
    if history.since:
        span.append(f"since {history.since}")
    if history.until:
        span.append(f"until {history.until}")
    commits = len(history.entries)
    lines = [
        f"History of {history.display} ({_one_line(history.pupil_name)})"
        + (f", {' '.join(span)}" if span else "")
        + f": {_counted(history.change_count, 'change')} in {_counted(commits, 'commit')}"
    ]
    if history.never_committed:
        lines.append(
            "No commit holds this record yet, so it has no history: commit it "
            f"(git add {history.display} && git commit) to start one."
        )
    elif not history.entries:
        lines.append("Nothing changed in this span.")
    for entry in history.entries:
        commit = entry.commit
        lines.append("")
        lines.append(f"{commit.when[:10]}  {commit.short}  {_one_line(commit.author)}")
        lines.append(f"  {_one_line(commit.subject)}")
        if entry.not_loaded:
            lines.append(f"  ! this version does not load, so it is skipped ({entry.not_loaded})")
        if entry.layout_only:
            lines.append("  - layout only (spacing or comments; nothing the record says)")
        for change in entry.changes:
            lines.append(f"  - {_one_line(change.words)}")
            if change.old and change.new:
                lines.append(f"      was: {_one_line(change.old)}")
                lines.append(f"      now: {_one_line(change.new)}")
            elif change.old:
                lines.append(f"      {_one_line(change.old)}")
            elif change.new:
                lines.append(f"      {_one_line(change.new)}")
    return "\n".join(lines) + "\n"


def history_json(history: History) -> str:
    """The history as JSON, for other programs."""
    data = {
        "record": history.display,
        "since": history.since,
        "until": history.until,
        "commits": [
            {
                "commit": e.commit.sha,
                "date": e.commit.when,
                "author": e.commit.author,
                "email": e.commit.email,
                "subject": e.commit.subject,
                "layout_only": e.layout_only,
                "not_loaded": e.not_loaded,
                "changes": [
                    {"kind": c.kind, "words": c.words, "old": c.old, "new": c.new}
                    for c in e.changes
                ],
            }
            for e in history.entries
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
