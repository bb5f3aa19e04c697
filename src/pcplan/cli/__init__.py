"""The command line. Heavy modules are imported inside commands so that --help is quick."""

from __future__ import annotations


def main() -> None:
    """Entry point of the ``pcplan`` command."""
    from pcplan.cli.app import app

    app(prog_name="pcplan")
