"""The command line. Heavy modules are imported inside commands so that --help is quick."""

from __future__ import annotations

import os
import sys

# What a shell reports for a program ended by a closed pipe (128 + SIGPIPE).
EXIT_CLOSED_PIPE = 141


def quiet_closed_pipe() -> None:
    """Point standard output at nothing, so that a reader that stopped early (``| head``)
    ends the command quietly instead of with a second error at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind stdout (a test runner's buffer)
        pass


def main() -> None:
    """Entry point of the ``pcplan`` command."""
    try:
        if sys.argv[1:2] in (["validate"], ["log"], ["check"]):
            # The editor's, pre-commit's and the teacher's everyday commands: answered
            # without loading Typer when the command line is plain (see pcplan.cli.quick);
            # else Typer runs it.
            import gc

            from pcplan.cli import quick

            # A short run that builds many objects it keeps (the cache's results) and no
            # cycles worth collecting: the cyclic collector would only cost time.
            gc.disable()
            run = {"validate": quick.validate, "log": quick.log, "check": quick.check}
            code = run[sys.argv[1]](sys.argv[2:])
            if code is not None:
                sys.stdout.flush()
                sys.stderr.flush()
                # Everything is written and closed: end without freeing, one by one, the
                # tens of thousands of objects a large cache holds (git does the same).
                os._exit(code)
            gc.enable()
        if sys.argv[1:2] in (["register"], ["provision"]):
            # Whole-school views: their plain command lines are answered without Typer too
            # (see pcplan.cli.quick_views), so that they cost little more than validate,
            # and, as validate, without the collector or freeing everything at the end.
            import gc

            from pcplan.cli.quick_views import run_view

            gc.disable()
            code = run_view(sys.argv[1], sys.argv[2:])
            if code is not None:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
            gc.enable()
        from pcplan.cli.app import app, keep_only

        if len(sys.argv) > 1:
            keep_only(sys.argv[1])
        app(prog_name="pcplan")
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_closed_pipe()
            sys.exit(EXIT_CLOSED_PIPE)
