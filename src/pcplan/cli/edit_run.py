"""What an edit command does once its command line is read: change the record, then say
what changed.

Shared by the Typer commands (:mod:`pcplan.cli.edit_cmds`) and by :mod:`pcplan.cli.quick`,
which answers the plain form of ``pcplan log`` without importing the command-line
framework. Imports only what an edit the validation cache vouches for needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pcplan.editing.commands import Change, Editable
    from pcplan.editing.session import EditResult
    from pcplan.loading.repo import Repository


@dataclass(slots=True)
class EditReport:
    """What an edit did (None: nothing needed changing) and the lines it prints on
    standard output and standard error."""

    result: EditResult | None
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)


def run_edit(
    repository: Repository,
    pupil: str,
    day: date,
    make_change: Callable[[Editable], Change],
    commit: bool,
    include_earlier: bool = False,
) -> EditResult | str:
    """Make one change to ``pupil``'s record (see :func:`pcplan.editing.session.edit_record`);
    when the record already says it, what to tell the teacher instead."""
    from pcplan.editing.commands import NothingToChange
    from pcplan.editing.session import edit_record
    from pcplan.loading.files import display_path

    path = repository.resolve_pupil(pupil)
    try:
        return edit_record(
            path,
            display_path(path),
            day,
            make_change,
            commit=commit,
            include_earlier=include_earlier,
            cache_root=repository.root,
        )
    except NothingToChange as exc:
        return exc.message


def report_edit(done: EditResult | str) -> EditReport:
    """What changed, any new warnings, and the commit, as the teacher reads them."""
    if isinstance(done, str):
        return EditReport(None, [done])
    change = done.change
    report = EditReport(done, [f"{change.summary}: {done.display}, line {change.line}."])
    report.err.extend(warning.as_text() for warning in done.warnings)
    if done.commit:
        also = ", with the changes made earlier" if done.included_earlier else ""
        report.out.append(f"Committed {done.commit}: {change.description}{also}")
    elif done.not_committed:
        reason = done.not_committed
        report.err.append(f"pcplan: not committed: {reason.reason}; the change is saved.")
        if reason.fix:
            report.err.append(f"  {reason.fix}")
    return report
