"""The errors pcplan raises for the command line to turn into one plain line and an exit code.

Problems inside records are not exceptions: they are :class:`~pcplan.diagnostics.core.Diagnostic`
values, collected and reported together. These exceptions are for things the user must fix
before a command can run at all.
"""

from __future__ import annotations

from collections.abc import Sequence

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class PcplanError(Exception):
    """Something the user must fix before the command can run (exit code 2 by default)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class RepositoryNotFound(PcplanError):
    """No records repository could be found for the command."""


class UnknownPupil(PcplanError):
    """A pupil named on the command line has no record."""


class InvalidRecordError(PcplanError):
    """A record needed by the command is not valid; its diagnostics say why."""

    exit_code = EXIT_FINDINGS

    def __init__(self, message: str, diagnostics: Sequence[object] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics or [])


class WouldOverwrite(PcplanError):
    """A command that creates files found one already there."""
