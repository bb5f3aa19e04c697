"""Options shared by commands, and turning them into a repository and a date."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

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


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


class DocFormat(StrEnum):
    html = "html"
    md = "md"
    docx = "docx"
    pdf = "pdf"


def parse_date_option(value: str, option: str) -> date:
    """A date given on the command line, or a clear error."""
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise PcplanError(
            f"{option} must be a real date written YYYY-MM-DD, e.g. 2026-11-22 (got '{value[:20]}')"
        ) from None


def resolve_today(value: str | None) -> date:
    """``--today`` (or PCPLAN_TODAY) when given, else the real date."""
    if value is None or value == "":
        return date.today()
    return parse_date_option(value, "--today")


def resolve_repo(value: Path | None) -> Repository:
    """The records repository for this command (see :func:`find_repository`)."""
    from pcplan.loading.repo import find_repository

    return find_repository(value)
