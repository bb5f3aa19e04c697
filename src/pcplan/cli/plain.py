"""Reading the plain forms of a command line before the command-line framework is loaded.

:mod:`pcplan.cli.quick` and :mod:`pcplan.cli.quick_views` answer the everyday command lines
without Typer. Both read them the same way, here: words, ``--name value`` or
``--name=value`` for the options that take a value, and bare flags. Anything this does not
read plainly (an unknown option, a value that looks like an option, a missing value) gives
None, and Typer then reads the line and says what is wrong in its own words.
"""

from __future__ import annotations

import os
from datetime import date


class PlainLine:
    """A command line read plainly: its words, each option's values in order, its flags."""

    __slots__ = ("flags", "values", "words")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.values: dict[str, list[str]] = {}
        self.flags: list[str] = []

    def last(self, name: str, default: str | None = None) -> str | None:
        """The value given last for option ``name`` (as Typer keeps it), else ``default``."""
        given = self.values.get(name)
        return given[-1] if given else default


def read_plain(
    argv: list[str], values: tuple[str, ...], flags: tuple[str, ...] = ()
) -> PlainLine | None:
    """``argv`` read plainly, for the options ``values`` (which take a value) and ``flags``;
    None when any of it is not in a plain form."""
    line = PlainLine()
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            line.words.extend(argv[i + 1 :])
            break
        if not arg.startswith("-"):
            line.words.append(arg)
        elif arg in flags:
            line.flags.append(arg)
        else:
            name, has_value, value = arg.partition("=")
            if name not in values or (has_value and not name.startswith("--")):
                return None
            if not has_value:
                i += 1
                if i >= len(argv):
                    return None
                value = argv[i]
                if value.startswith("-") and value != "-":
                    return None  # an option where a value was due
            line.values.setdefault(name, []).append(value)
        i += 1
    return line


def from_environment(name: str) -> str | None:
    """An environment variable the Typer commands read (``PCPLAN_REPO``), unless empty."""
    return os.environ.get(name) or None


def day_given(text: str | None) -> date | None:
    """``--today`` or ``--date`` as the Typer commands read it: today when not given, None
    when they would refuse it."""
    if text is None or text == "":
        return date.today()
    return date.fromisoformat(text) if len(text) == 10 else None
