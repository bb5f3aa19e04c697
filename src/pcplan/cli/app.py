"""The Typer application and the one place where errors become messages and exit codes."""

from __future__ import annotations

import importlib
import os
from typing import Any

import typer
from typer.core import TyperGroup

from pcplan.errors import EXIT_INTERNAL, EXIT_USAGE, PcplanError


def report_error(exc: PcplanError) -> None:
    """Print a user error as one plain line (and a hint) on standard error."""
    typer.echo(f"pcplan: error: {exc.message}", err=True)
    if exc.hint:
        typer.echo(f"  {exc.hint}", err=True)
    diagnostics = getattr(exc, "diagnostics", None) or []
    for diagnostic in diagnostics:
        typer.echo(diagnostic.as_text(), err=True)


class PcplanGroup(TyperGroup):
    """Maps pcplan's errors to exit codes; a traceback is never shown to a teacher."""

    def invoke(self, ctx: Any) -> Any:  # the framework's Context (vendored in typer)
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except PcplanError as exc:
            report_error(exc)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader stopped early (`pcplan due | head -1`): nothing is wrong.
            from pcplan.cli import EXIT_CLOSED_PIPE, quiet_closed_pipe

            quiet_closed_pipe()
            ctx.exit(EXIT_CLOSED_PIPE)
        except OSError as exc:
            # The machine refused a read or write (no such folder, no permission, disk
            # full): something for the user to put right, not a bug.
            where = f" '{exc.filename}'" if exc.filename else ""
            reason = exc.strerror or type(exc).__name__
            typer.echo(f"pcplan: error: cannot use{where}: {reason}", err=True)
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            typer.echo("pcplan: stopped; no file was left half-written", err=True)
            ctx.exit(130)
        except Exception as exc:
            # The command-line framework's own exceptions (bad options, --help) pass through.
            if type(exc).__module__.split(".")[0] in ("typer", "click") or os.environ.get(
                "PCPLAN_DEBUG"
            ):
                raise
            typer.echo(
                f"pcplan: internal error ({type(exc).__name__}); this is a bug in pcplan, "
                "not in your records. Run again with PCPLAN_DEBUG=1 to see the details.",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def _print_version(value: bool) -> None:
    if value:
        from pcplan import __version__

        typer.echo(f"pcplan {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="pcplan",
    cls=PcplanGroup,
    help="Person-centred planning for pupils with SEND: check records, make documents.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


@app.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        help="Print pcplan's version and stop.",
        is_eager=True,
        callback=_print_version,
    ),
) -> None:
    """Person-centred planning for pupils with SEND: check records, make documents."""


# Each module adds its commands to `app` and imports its heavy modules only when run; the
# order here is the order of `pcplan --help`.
for _module in (
    "records_cmds",
    "check_cmds",
    "render_cmds",
    "review_cmds",
    "cohort_cmds",
    "edit_cmds",
    "import_cmds",
    "history_cmds",
):
    importlib.import_module(f"pcplan.cli.{_module}")


def keep_only(name: str) -> None:
    """Leave ``app`` with the one command (or group of commands) called ``name``, if any.

    Typer builds every command's options before it runs one, which costs a command such
    as ``pcplan log`` a tenth of its time; the command line of a run names its command, so
    the entry point builds only that one. Help, errors and the command itself are the same.
    Called only by the entry point, never where ``app`` serves more than one run.
    """
    from typer.main import get_command_name

    commands = [
        c
        for c in app.registered_commands
        if (c.name or get_command_name(c.callback.__name__ if c.callback else "")) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) == 1:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups
