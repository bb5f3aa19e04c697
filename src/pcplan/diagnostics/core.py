"""Diagnostics are values: a problem in a file, with the line and the field it concerns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
Path = tuple[str | int, ...]

UNKNOWN_KEY = "<unknown key>"
"""How a key that is not a short identifier appears in a field path: it may be a sentence."""

MAX_PROBLEMS_PER_FILE = 100
"""Problems reported for one file; the rest are counted in one last line."""

FUTURE_PROGRESS = ("this progress entry is dated in the future", "future-progress")
"""The warning (message, code) on a progress entry dated after today: given by the rules,
and by `pcplan log` to the entry it adds."""

_KEY_LIKE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,23}$")


def looks_like_key(text: str) -> bool:
    """Whether a key typed in a record looks like a key (a short identifier), not text.

    Only such keys are repeated in messages: a line of free text about a pupil that YAML
    reads as a key (``Celine said: ...``) must never be printed back.
    """
    return bool(_KEY_LIKE.match(text))


def format_path(path: Path) -> str:
    """Render a field path the way a teacher reads it: ``goals[2].success``.

    A key that does not look like one is written ``<unknown key>``.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            shown = part if looks_like_key(part) else UNKNOWN_KEY
            out += f".{shown}" if out else shown
    return out


class Diagnostic:
    """One problem found in one file.

    ``line`` and ``column`` are 1-based; 0 means the problem concerns the whole file.
    ``code`` is a stable identifier for scripts and tests (``unknown-key``, ``bad-date``…).

    A value: read-only, equal to another with the same fields, and cheap to pass between
    processes. Written out rather than made by :mod:`dataclasses`, whose import costs more
    than an editor's check of a record answered from the validation cache.
    """

    __slots__ = ("code", "column", "file", "line", "message", "path", "severity")

    file: str
    line: int
    column: int
    path: Path
    message: str
    code: str
    severity: Severity

    def __init__(
        self,
        file: str,
        line: int,
        column: int,
        path: Path,
        message: str,
        code: str,
        severity: Severity = "error",
    ) -> None:
        setter = object.__setattr__
        setter(self, "file", file)
        setter(self, "line", line)
        setter(self, "column", column)
        setter(self, "path", path)
        setter(self, "message", message)
        setter(self, "code", code)
        setter(self, "severity", severity)

    def _fields(self) -> tuple[object, ...]:
        return (
            self.file,
            self.line,
            self.column,
            self.path,
            self.message,
            self.code,
            self.severity,
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a {type(self).__name__} cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a {type(self).__name__} cannot be changed")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Diagnostic)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        names = ("file", "line", "column", "path", "message", "code", "severity")
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(names, self._fields(), strict=False))
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[type[Diagnostic], tuple[object, ...]]:
        return (type(self), self._fields())

    @property
    def field(self) -> str:
        return format_path(self.path)

    def as_text(self) -> str:
        field = self.field or "(file)"
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}:{self.column}: {field}: {tag}{self.message}"

    def as_lint_text(self) -> str:
        """The line `pcplan check` prints: ``file:line:col: severity: path: message [code]``."""
        field = self.field or "(file)"
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.severity}: {field}: {self.message} [{self.code}]"

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.field,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.message)


class MoreProblems(Diagnostic):
    """The line that stands for the problems of a file beyond the first hundred."""

    __slots__ = ("hidden",)

    hidden: int

    def __init__(
        self,
        file: str,
        line: int,
        column: int,
        path: Path,
        message: str,
        code: str,
        severity: Severity = "error",
        hidden: int = 0,
    ) -> None:
        super().__init__(file, line, column, path, message, code, severity)
        object.__setattr__(self, "hidden", hidden)

    def _fields(self) -> tuple[object, ...]:
        return (*super()._fields(), self.hidden)

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, hidden={self.hidden!r})"


def more_problems(first: Diagnostic, hidden: int, severity: Severity = "error") -> MoreProblems:
    """``and N more problems in this file``, placed where the first unreported one is."""
    return MoreProblems(
        first.file,
        first.line,
        first.column,
        (),
        f"and {hidden:,} more problems in this file; fix these first",
        "more-problems",
        severity,
        hidden,
    )


def cap_per_file(
    diagnostics: list[Diagnostic], limit: int = MAX_PROBLEMS_PER_FILE
) -> list[Diagnostic]:
    """The first ``limit`` problems of one file, then one line counting the rest.

    A hostile or mangled file can hold tens of thousands of problems; the first hundred say
    all a teacher can act on, and a report of the rest would bury every other file.
    """
    counted = [d for d in diagnostics if not isinstance(d, MoreProblems)]
    if len(counted) <= limit:
        return diagnostics
    hidden = sum(d.hidden for d in diagnostics if isinstance(d, MoreProblems))
    ordered = sorted(counted, key=Diagnostic.sort_key)
    kept, rest = ordered[:limit], ordered[limit:]
    severity: Severity = "error" if any(d.severity == "error" for d in rest) else "warning"
    if hidden:
        severity = "error"
    return [*kept, more_problems(rest[0], len(rest) + hidden, severity)]


def count(diagnostics: Sequence[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity == severity)


def quoted_or_this(value: object, limit: int = 24) -> str:
    """``'value'`` when it is a short one-line scalar, else ``this value``.

    Used for values of fields that hold codes, dates and numbers: a teacher sees what they
    typed, but a sentence typed in the wrong place is never repeated back.
    """
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value)
        # Three words or more read as words about somebody ('when Dad can make it'), not
        # as a code, a date or a number typed wrong.
        if len(text) <= limit and "\n" not in text and "\r" not in text and len(text.split()) < 3:
            return f"'{text}'"
    return "this value"


def shorten(value: object, limit: int = 30) -> str:
    """A short, single-line rendering of a scalar for an error message.

    Free text about a pupil must never be echoed; callers only pass values of
    fields that hold codes, dates or numbers, and this cuts anything long.
    """
    text = str(value).replace("\n", " ").replace("\r", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
