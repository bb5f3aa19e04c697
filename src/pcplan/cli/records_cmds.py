"""Commands about records themselves: init, new-pupil, validate, schema."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pcplan.cli.app import app
from pcplan.cli.options import (
    PupilsArgument,
    RepoOption,
    ReportFormat,
    TodayOption,
    parse_date_option,
    require_records,
    resolve_repo,
    resolve_today,
)
from pcplan.errors import PcplanError, RepositoryNotFound

if TYPE_CHECKING:
    from pcplan.cache.validation import Checked
    from pcplan.loading.records import LoadResult


class Status(StrEnum):
    E = "E"
    K = "K"
    N = "N"


class Need(StrEnum):
    SPLD = "SPLD"
    MLD = "MLD"
    SLD = "SLD"
    PMLD = "PMLD"
    SEMH = "SEMH"
    SLCN = "SLCN"
    HI = "HI"
    VI = "VI"
    MSI = "MSI"
    PD = "PD"
    ASD = "ASD"
    OTH = "OTH"
    NSA = "NSA"


@app.command(short_help="Start a records repository.")
def init(
    directory: Annotated[Path, typer.Argument(help="Where to create it.")] = Path("."),
    school: Annotated[str | None, typer.Option(help="The school's name.")] = None,
    git_hook: Annotated[
        bool,
        typer.Option(
            "--git-hook", help="Also write a git pre-commit hook that validates staged records."
        ),
    ] = False,
) -> None:
    """Create a records repository: pcplan.yaml, records/, templates/, .gitignore.

    With --git-hook, also write .git/hooks/pre-commit, which refuses a commit while a
    staged record is not valid; in an existing records repository, only the hook."""
    from pcplan.loading.repo import RECORDS_DIR, SETTINGS_FILE
    from pcplan.scaffold import init_repository

    existing = (directory / SETTINGS_FILE).is_file() or (directory / RECORDS_DIR).is_dir()
    if not (git_hook and existing):
        result = init_repository(directory, school)
        typer.echo(f"Created a records repository in {result.root}")
        for path in result.created:
            typer.echo(f"  {path.relative_to(result.root).as_posix()}")
        typer.echo(f"  ({result.git})")
        if school is None:
            typer.echo(
                'The school is called "Our School" on documents: change `school:` in '
                'pcplan.yaml, or run init with --school "Name".'
            )
        typer.echo(
            "Term dates: until you set `terms:` in pcplan.yaml, pcplan uses autumn 1 Sep-31 "
            "Dec, spring 1 Jan-31 Mar and summer 1 Apr-31 Jul."
        )
    if git_hook:
        from pcplan.githook import install_hook

        hook = install_hook(directory)
        verb = "Updated" if hook.replaced else "Wrote"
        typer.echo(f"{verb} {hook.path}: each commit now validates the staged records.")
        if hook.note:
            typer.echo(f"Note: {hook.note}")
    if not existing:
        typer.echo(f"Next: {_next_step(directory)}")


def _next_step(root: Path) -> str:
    """The next command, written so that it works from where the user stands."""
    import shlex

    add = 'pcplan new-pupil "Full Name" --status K --need SLCN'
    here = Path.cwd().resolve()
    if root.resolve() == here:
        return add
    try:
        shown = root.resolve().relative_to(here).as_posix()
    except ValueError:
        shown = root.as_posix()
    return f"cd {shlex.quote(shown)} && {add}   (or add --repo {shlex.quote(shown)})"


def _code(value: str, codes: type[StrEnum], option: str) -> str:
    """A code typed in either case (``--need semh``), as the record writes it."""
    code = value.strip().upper()
    if code not in codes.__members__:
        raise PcplanError(f"{option} must be one of {', '.join(codes)} (got '{value[:10]}')")
    return code


@app.command("new-pupil", short_help="Add a pupil: a record ready to fill in.")
def new_pupil(
    name: Annotated[str, typer.Argument(help="The pupil's full name.")],
    pupil_id: Annotated[
        str | None, typer.Option("--id", help="Id for the file name (default: from NAME).")
    ] = None,
    dob: Annotated[
        str | None, typer.Option("--dob", metavar="YYYY-MM-DD", help="Date of birth.")
    ] = None,
    year: Annotated[
        str | None, typer.Option("--year", help="Year group: N1, N2, R or 1-14.")
    ] = None,
    status: Annotated[str, typer.Option("--status", metavar="<E|K|N>", help="E, K or N.")] = "K",
    need: Annotated[
        str | None,
        typer.Option(
            "--need",
            metavar="CODE",
            help="Primary need code: " + ", ".join(Need) + ".",
        ),
    ] = None,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Write records/<id>.yaml: a valid skeleton with notes that guide the writer."""
    from pcplan.scaffold import new_pupil as write_new_pupil

    status = _code(status, Status, "--status")
    need = _code(need, Need, "--need") if need is not None else None
    repository = resolve_repo(repo)
    date_of_birth = parse_date_option(dob, "--dob") if dob else None
    if year is not None:
        from pcplan.interop.values import CellProblem, read_year

        try:  # as schools write it: 7, Y7, Year 7, R, Reception
            year = read_year(year)
        except CellProblem:
            raise PcplanError(f"--year must be N1, N2, R or 1-14 (got '{year[:10]}')") from None
    path = write_new_pupil(
        repository,
        name,
        pupil_id,
        status,
        need,
        date_of_birth,
        year,
        resolve_today(today),
    )
    shown = path.relative_to(repository.root).as_posix()
    if pupil_id is None:
        from pcplan.scaffold import slugify

        if path.stem != slugify(name):
            typer.echo(
                f"The id {slugify(name)} is already taken by another pupil's record, "
                f"so this pupil's id is {path.stem}."
            )
    typer.echo(f"Wrote {shown}: open it in your editor and fill it in with the pupil.")


@app.command(short_help="Check records and report every problem.")
def validate(
    pupils: PupilsArgument = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="text or json.")
    ] = ReportFormat.text,
    strict: Annotated[bool, typer.Option(help="Treat warnings as problems (exit 1).")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every record again, ignoring the cache.")
    ] = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Check records and report every problem as file:line:col: field: message."""
    from pcplan.cli.validate_run import check_records, report_lines

    day = resolve_today(today)
    try:
        repository = resolve_repo(repo)
    except RepositoryNotFound:
        if not pupils or repo is not None or not all(Path(p).is_file() for p in pupils):
            raise
        repository = None
    if repository is None:
        from pcplan.loading.records import check_many

        result: Checked | LoadResult = check_many([Path(p) for p in pupils or []], day)
    else:
        if not pupils:
            require_records(repository)
        result = check_records(repository, pupils or [], day, no_cache=no_cache)
    lines, code = report_lines(result, output_format.value, strict)
    for line in lines:
        typer.echo(line)
    raise typer.Exit(code)


@app.command(short_help="Print the JSON Schema of a record.")
def schema(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to FILE instead of printing.")
    ] = None,
) -> None:
    """Print the JSON Schema of a record, for editors (VS Code's YAML extension)."""
    from pcplan.fileio import atomic_write_text
    from pcplan.schema import record_schema_text

    text = record_schema_text()
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
        return
    changed = atomic_write_text(output, text)
    typer.echo(f"{'Wrote' if changed else 'Unchanged:'} {output}", err=True)
