"""`pcplan check`: the Code of Practice and golden-thread rules, by code."""

from __future__ import annotations

import json
from typing import Annotated

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
from pcplan.errors import PcplanError


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
    if list_rules:
        _print_list(output_format)
        return
    if explain is not None:
        _print_explanation(explain, output_format)
        return

    from pcplan.cli.check_run import check_lines

    day = resolve_today(today)
    lines, code = check_lines(
        resolve_repo(repo),
        day,
        pupils or [],
        select or [],
        ignore or [],
        strict=strict,
        no_cache=no_cache,
        json_format=output_format is ReportFormat.json,
    )
    for line in lines:
        typer.echo(line)
    raise typer.Exit(code)


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
