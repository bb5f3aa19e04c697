"""`pcplan import`: pupils in from the school's MIS export, and the census check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pcplan.cli.app import app
from pcplan.cli.options import RepoOption, TodayOption, resolve_repo, resolve_today
from pcplan.errors import EXIT_FINDINGS, EXIT_OK, PcplanError

if TYPE_CHECKING:
    from pcplan.interop.mis import ImportPlan


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _print_plan(plan: ImportPlan) -> None:
    if plan.new:
        typer.echo(f"New pupils ({len(plan.new)}):")
        for new in plan.new:
            note = ""
            if new.pupil_id != new.wanted_id:
                note = f"; {new.wanted_id} is another pupil's id, so this one is {new.pupil_id}"
            typer.echo(f"  records/{new.pupil_id}.yaml: {new.row.name} (line {new.row.line}{note})")
    changed = plan.changed
    if changed:
        typer.echo(f"Changes ({len(changed)} {'pupil' if len(changed) == 1 else 'pupils'}):")
        for update in changed:
            for change in update.changes:
                typer.echo(
                    f"  {update.identity.pupil_id}: {change.field}: {change.old} → {change.new}"
                )
    if plan.not_in_export:
        typer.echo(f"Not in the MIS export ({len(plan.not_in_export)}), kept as they are:")
        for ident in plan.not_in_export:
            typer.echo(f"  {ident.pupil_id}: not in the MIS export (left the school?)")


def _summary(plan: ImportPlan) -> str:
    parts = [_plural(len(plan.new), "new pupil"), f"{len(plan.changed)} updated"]
    unchanged = len(plan.updates) - len(plan.changed)
    parts.append(f"{unchanged} unchanged")
    if plan.not_in_export:
        parts.append(f"{len(plan.not_in_export)} not in the export")
    return ", ".join(parts)


@app.command("import", short_help="Bring pupils in from the school's MIS export (CSV or xlsx).")
def import_export(
    export: Annotated[
        Path, typer.Argument(help="The MIS export: a CSV file or an Excel workbook (.xlsx).")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="List every difference the school census would notice; write nothing. "
            "Exit 1 when there is any.",
        ),
    ] = False,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            metavar="HEADER=NAME",
            help="Read the export's column HEADER as NAME, e.g. \"Kid's UPN=UPN\" (repeatable).",
            show_default=False,
        ),
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the new and changed records to git together.")
    ] = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Bring pupils in from the school's MIS export, and keep their records in step with it.

    A row matches a record by UPN, or else by surname, forename and date of birth. New
    pupils get a new record; existing records get only their identity fields updated
    (name, date of birth, year group, UPN, SEN status, need codes), leaving everything
    else as it was. Records not in the export are listed, never deleted. Every row is
    checked first: one bad row and nothing is written.
    """
    from pcplan.editing.gitcommit import NoCommit, commit_files, prepare_files_commit
    from pcplan.editing.session import write_together
    from pcplan.interop.columns import parse_mapping
    from pcplan.interop.mis import plan_import, planned_writes

    if check and (dry_run or commit):
        raise PcplanError("--check only reads; use it without --dry-run and --commit")
    if dry_run and commit:
        raise PcplanError("--dry-run writes nothing, so there is nothing to --commit")
    repository = resolve_repo(repo)
    day = resolve_today(today)
    mapping = parse_mapping(column or [])
    plan = plan_import(repository, export, mapping, day, edit=not check)
    if check:
        _report_problems(plan)
        for difference in plan.census:
            where = f"{plan.display}:{difference.line}: {difference.pupil_id}"
            if not difference.field:
                typer.echo(f"{where}: no record, export sen_status {difference.export}")
                continue
            typer.echo(
                f"{where}: {difference.field}: records {difference.record}, "
                f"export {difference.export}"
            )
        leavers = [i for i in plan.not_in_export if i.status in ("E", "K")]
        for ident in leavers:
            typer.echo(
                f"{ident.display}: {ident.pupil_id}: sen_status: records {ident.status}, "
                "not in the export"
            )
        found = len(plan.census) + len(leavers)
        if found:
            typer.echo(f"{_plural(found, 'difference')} the census would notice.")
        else:
            typer.echo(f"The records agree with {plan.display} on everything the census collects.")
        raise typer.Exit(EXIT_FINDINGS if found or plan.problems else EXIT_OK)
    if plan.problems:
        _report_problems(plan)
        typer.echo(
            f"{_plural(len(plan.problems), 'problem')} in {plan.display}; nothing was written.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)
    _print_plan(plan)
    warnings = [w for new in plan.new for w in new.warnings]
    warnings += [w for update in plan.changed for w in update.warnings]
    for warning in warnings:
        typer.echo(warning.as_text(), err=True)
    if dry_run:
        typer.echo(f"Dry run, nothing written: {_summary(plan)}.")
        return
    writes = planned_writes(plan)
    if not writes:
        typer.echo(f"Nothing to change: {_summary(plan)}.")
        return
    target = (
        prepare_files_commit(
            repository.records_dir,
            [w.path for w in writes if w.before is not None],
            [w.path for w in writes if w.before is None],
        )
        if commit
        else None
    )
    write_together(writes)
    typer.echo(f"Imported {plan.display}: {_summary(plan)}.")
    if commit:
        if isinstance(target, NoCommit):
            typer.echo(f"Not committed: {target.reason}.", err=True)
            if target.fix:
                typer.echo(f"  {target.fix}", err=True)
        elif target is not None:
            message = (
                f"Import from the MIS export of {day.isoformat()}: "
                f"{_plural(len(plan.new), 'new pupil')}, {len(plan.changed)} updated"
            )
            typer.echo(f"Committed {commit_files(target, message)}: {message}")


def _report_problems(plan: ImportPlan) -> None:
    for problem in plan.problems:
        typer.echo(problem.as_text(plan.display), err=True)
