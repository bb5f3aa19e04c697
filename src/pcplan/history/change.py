"""One change to a record, as a teacher would say it (kept apart from the models, so that a
history answered from the memo imports neither the YAML reader nor the models)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Change:
    """One change to a record, as a teacher would say it."""

    kind: str
    """A stable code, e.g. ``progress-logged``, ``goal-achieved``, ``statement-reworded``."""
    words: str
    """One line in plain words, e.g. 'Goal read-aloud (English) achieved on 2027-01-10'."""
    old: str | None = None
    """The old words, where words were changed or removed."""
    new: str | None = None
    """The new words, where words were added or changed."""

    def key(self) -> tuple[str, str, str | None, str | None]:
        return (self.kind, self.words, self.old, self.new)
