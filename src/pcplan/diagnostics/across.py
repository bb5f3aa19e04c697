"""Checks across records: each pupil id and each UPN belongs to one record only.

They need only a small key of each record (see :class:`RecordKeyLike`), so they run as
well from the validation cache as from freshly loaded records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from pcplan.diagnostics.core import Diagnostic
from pcplan.diagnostics.core import Path as FieldPath


class RecordKeyLike(Protocol):
    """What the checks across records need of one record."""

    @property
    def display(self) -> str: ...

    @property
    def pupil_id(self) -> str: ...

    @property
    def upn(self) -> str | None: ...

    def diagnostic(self, path: FieldPath, message: str, code: str) -> Diagnostic: ...


def check_across(records: Sequence[RecordKeyLike]) -> list[Diagnostic]:
    """Rules across records: pupil ids and UPNs are unique in the repository."""
    out: list[Diagnostic] = []
    by_id: dict[str, list[RecordKeyLike]] = defaultdict(list)
    by_upn: dict[str, list[RecordKeyLike]] = defaultdict(list)
    for rec in records:
        by_id[rec.pupil_id].append(rec)
        if rec.upn:
            by_upn[rec.upn].append(rec)
    checks = [
        ("id", by_id, "the pupil id '{key}' is also used by {others}", "duplicate-pupil"),
        (
            "upn",
            by_upn,
            "the same UPN is also in {others}; each pupil has their own",
            "duplicate-upn",
        ),
    ]
    for field, groups, message, code in checks:
        for key, group in groups.items():
            for rec in group if len(group) > 1 else []:
                others = ", ".join(o.display for o in group if o is not rec)
                text = message.format(key=key, others=others)
                out.append(rec.diagnostic(("pupil", field), text, code))
    return out
