"""Options shared by commands, and turning them into a repository and a date."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pcplan.cli.output_name import check_output_name as check_output_name
from pcplan.errors import PcplanError

if TYPE_CHECKING:
    from pcplan.loading.repo import Repository

RepoOption = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        envvar="PCPLAN_REPO",
        help="The records repository (default: the nearest folder with pcplan.yaml).",
        show_default=False,
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        envvar="PCPLAN_TODAY",
        metavar="YYYY-MM-DD",
        help="Treat this date as today, so that output can be reproduced.",
        show_default=False,
    ),
]

NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read and check every record again, ignoring the validation cache.",
    ),
]


def complete_pupil(incomplete: str) -> list[str]:
    """Pupil ids for tab completion: the records of the repository the command would use,
    found cheaply (no record is read)."""
    import os

    from pcplan.loading.repo import RECORDS_DIR, SETTINGS_FILE

    root: Path | None = None
    if os.environ.get("PCPLAN_REPO"):
        root = Path(os.environ["PCPLAN_REPO"])
    else:
        here = Path.cwd()
        for folder in (here, *here.parents):
            if (folder / SETTINGS_FILE).is_file():
                root = folder
                break
        if root is None and (here / RECORDS_DIR).is_dir():
            root = here
    if root is None:
        return []
    try:
        names = sorted(p.stem for p in (root / RECORDS_DIR).glob("*.yaml"))
    except OSError:
        return []
    return [name for name in names if name.startswith(incomplete)]


PupilArgument = Annotated[
    str,
    typer.Argument(
        help='The pupil: an id (celine-m), a path, or a name ("Celine M").',
        autocompletion=complete_pupil,
        show_default=False,
    ),
]
PupilsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Pupils, by id, path or name (default: all).",
        autocompletion=complete_pupil,
        show_default=False,
    ),
]


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


class DocFormat(StrEnum):
    html = "html"
    md = "md"
    docx = "docx"
    pdf = "pdf"


class AudienceChoice(StrEnum):
    """Who a document is for."""

    staff = "staff"
    family = "family"
    pupil = "pupil"


AUDIENCE_NAMES = ("staff", "family", "pupil")


def parse_audiences(value: str) -> list[str]:
    """``staff,family,pupil`` as a list in that order, or a clear error (exit 2)."""
    from pcplan.errors import PcplanError

    wanted = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [part for part in wanted if part not in AUDIENCE_NAMES]
    if unknown or not wanted:
        import difflib

        which = ""
        if unknown:
            close = difflib.get_close_matches(unknown[0], AUDIENCE_NAMES, n=1, cutoff=0.6)
            which = f" ('{unknown[0][:20]}' is not one" + (
                f"; did you mean '{close[0]}'?)" if close else ")"
            )
        raise PcplanError(
            f"--audiences takes a list of {', '.join(AUDIENCE_NAMES)}{which}",
            hint="for example: --audiences staff,family,pupil",
        )
    return [name for name in AUDIENCE_NAMES if name in wanted]


def parse_date_option(value: str, option: str) -> date:
    """A date given on the command line, or a clear error."""
    from pcplan.english_dates import iso_suggestion

    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise PcplanError(
            f"{option} must be a real date written YYYY-MM-DD, e.g. 2026-11-22 "
            f"(got '{value[:20]}'){iso_suggestion(value)}"
        ) from None


def _given_as(parameter: str, option: str, variable: str) -> str:
    """How the user gave a value: the option's name, or the environment variable's when
    the value came from there (so the message names what they can actually change)."""
    # typer carries its own copy of click, whose context knows where each value came from.
    try:
        from typer._click.core import ParameterSource
        from typer._click.globals import get_current_context
    except ImportError:  # an older typer: name the option, which is right most of the time
        return option

    ctx = get_current_context(silent=True)
    if ctx is not None and ctx.get_parameter_source(parameter) is ParameterSource.ENVIRONMENT:
        return f"the environment variable {variable}"
    return option


def resolve_today(value: str | None) -> date:
    """``--today`` (or PCPLAN_TODAY) when given, else the real date."""
    if value is None or value == "":
        return date.today()
    return parse_date_option(value, _given_as("today", "--today", "PCPLAN_TODAY"))


def resolve_repo(value: Path | None) -> Repository:
    """The records repository for this command (see :func:`find_repository`)."""
    from pcplan.loading.repo import find_repository

    return find_repository(value)


def require_records(repository: Repository) -> None:
    """One rule for every command that reads all records: a repository with no records is
    something to put right first (exit 2), never an empty success."""
    from pcplan.loading.files import has_records

    if not has_records(repository.records_dir):
        raise PcplanError(
            f"there are no records in {repository.records_dir}",
            hint='add one with: pcplan new-pupil "Full Name" --status K --need SLCN',
        )
