"""Diagnostics are values: a problem in a file, with the line and the field it concerns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """Render a field path the way a teacher reads it: ``goals[2].success``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in one file.

    ``line`` and ``column`` are 1-based; 0 means the problem concerns the whole file.
    ``code`` is a stable identifier for scripts and tests (``unknown-key``, ``bad-date``…).
    """

    file: str
    line: int
    column: int
    path: Path
    message: str
    code: str
    severity: Severity = "error"

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


def count(diagnostics: Sequence[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity == severity)


def quoted_or_this(value: object, limit: int = 24) -> str:
    """``'value'`` when it is a short one-line scalar, else ``this value``.

    Used for values of fields that hold codes, dates and numbers: a teacher sees what they
    typed, but a sentence typed in the wrong place is never repeated back.
    """
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value)
        if len(text) <= limit and "\n" not in text and "\r" not in text:
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
