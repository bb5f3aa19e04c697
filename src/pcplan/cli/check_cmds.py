"""`pcplan check`: the Code of Practice and golden-thread rules, by code."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from pcplan.cli.app import app
from pcplan.cli.options import (
    NoCacheOption,
    RepoOption,
    ReportFormat,
    TodayOption,
    resolve_repo,
    resolve_today,
)
from pcplan.errors import EXIT_FINDINGS, EXIT_OK, PcplanError

if TYPE_CHECKING:
    from pcplan.diagnostics.core import Diagnostic


@app.command(short_help="Check plans against the SEND Code of Practice.")
def check(
    pupils: Annotated[
        list[str] | None,
        typer.Argument(help="Pupils to check, by id or path (default: all).", show_default=False),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list", help="List every rule: code, severity, summary.")
    ] = False,
    explain: Annotated[
        str | None, typer.Option("--explain", metavar="CODE", help="Explain one rule.")
    ] = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="text or json.")
    ] = ReportFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="CODE,...",
            help="Report only these rules (codes, or the start of codes: 'annual').",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore", metavar="CODE,...", help="Do not report these rules.", show_default=False
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Warnings fail too (exit 1).")] = False,
    no_cache: NoCacheOption = False,
    repo: RepoOption = None,
    today: TodayOption = None,
) -> None:
    """Validate records, then check each plan against the SEND Code of Practice and the
    golden thread (aspiration, goal, provision). Prints file:line:col: severity: field:
    message [code]; exit 1 on any error (and on warnings with --strict)."""
    from pcplan.checks.registry import DISCLAIMER

    if list_rules:
        _print_list(output_format)
        return
    if explain is not None:
        _print_explanation(explain, output_format)
        return

    from pcplan.checks.runner import lint_setup, lint_with_cache
    from pcplan.loading.files import display_path, has_records

    day = resolve_today(today)
    repository = resolve_repo(repo)
    paths = None
    if pupils:
        paths = [repository.resolve_pupil(p) for p in pupils]
    elif not has_records(repository.records_dir):
        raise PcplanError(
            f"there are no records in {repository.records_dir}",
            hint='add one with: pcplan new-pupil "Full Name" --status K --need SLCN',
        )
    setup = lint_setup(repository.settings, day, select or [], ignore or [])
    result = lint_with_cache(repository, paths, setup, use_cache=not no_cache)
    counts = {s: 0 for s in ("error", "warning", "info")}
    for diagnostic in result.diagnostics:
        counts[diagnostic.severity] += 1
    invalid = len(_invalid_files(result.diagnostics) - {display_path(repository.settings_path)})
    failed = counts["error"] > 0 or (strict and counts["warning"] > 0)
    if output_format is ReportFormat.json:
        payload = {
            "files": result.files,
            "not_linted": invalid,
            "errors": counts["error"],
            "warnings": counts["warning"],
            "info": counts["info"],
            "diagnostics": [d.as_json() for d in result.diagnostics],
            "note": DISCLAIMER,
        }
        from pcplan.jsontext import dumps

        typer.echo(dumps(payload))
    else:
        for diagnostic in result.diagnostics:
            typer.echo(diagnostic.as_lint_text())
        typer.echo(_summary(result.files, invalid, counts))
        typer.echo(DISCLAIMER)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _invalid_files(diagnostics: list[Diagnostic]) -> set[str]:
    """Files with an error from validation: not well formed, so not linted."""
    from pcplan.checks.registry import REGISTRY

    return {
        d.file
        for d in diagnostics
        if d.severity == "error"
        and (d.code not in REGISTRY or REGISTRY[d.code].stage == "validate")
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(files: int, invalid: int, counts: dict[str, int]) -> str:
    """The last line: how many records, and how many findings of each severity."""
    checked = _plural(files, "record")
    if invalid:
        checked += f" ({invalid} not valid, so not checked further)"
    found = f"{_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, "
    found += f"{counts['info']} info"
    return f"Checked {checked}: {found}."


def _print_list(output_format: ReportFormat) -> None:
    from pcplan.checks.registry import DISCLAIMER, all_rules

    rules = all_rules()
    if output_format is ReportFormat.json:
        typer.echo(json.dumps([r.as_json() for r in rules], indent=2, ensure_ascii=False))
        return
    for stage, title in (
        ("check", "Rules of pcplan check (the Code of Practice and the golden thread)"),
        ("validate", "Rules of pcplan validate (a well-formed record)"),
    ):
        typer.echo(title)
        for rule in rules:
            if rule.stage == stage:
                typer.echo(f"  {rule.code:<28} {rule.severity:<8} {rule.summary}")
        typer.echo("")
    typer.echo("'pcplan check --explain CODE' explains a rule and gives its source.")
    typer.echo(DISCLAIMER)


def _print_explanation(code: str, output_format: ReportFormat) -> None:
    from pcplan.checks.registry import DISCLAIMER, REGISTRY, load_rules, unknown_code_message

    load_rules()
    rule = REGISTRY.get(code.strip())
    if rule is None:
        raise PcplanError(unknown_code_message(code.strip()))
    if output_format is ReportFormat.json:
        typer.echo(json.dumps(rule.as_json(), indent=2, ensure_ascii=False))
        return
    typer.echo(rule.explain() + "\n" + DISCLAIMER)
