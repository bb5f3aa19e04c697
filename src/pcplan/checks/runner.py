"""The pipeline of `pcplan check`: load and validate each record, then lint the valid ones.

Loading does not know about linting: this module composes the two. An invalid record is
reported as `validate` reports it and is not linted. Through the validation cache
(:func:`lint_with_cache`), large batches are spread over the machine's cores like
`validate`'s, each worker linting the records it loads while their node trees (and so every
line number) are still at hand; a record known to be valid and unchanged is read and linted
but not validated again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pcplan.calendar.terms import TermCalendar
from pcplan.checks.registry import (
    REGISTRY,
    CheckContext,
    Rule,
    check_rules,
    load_rules,
    matching_codes,
)
from pcplan.diagnostics.core import Diagnostic, Severity
from pcplan.errors import PcplanError
from pcplan.loading.records import LoadedRecord, LoadResult
from pcplan.models.record import Settings

if TYPE_CHECKING:
    from pcplan.loading.repo import Repository


class UnknownRule(PcplanError):
    """A code named on the command line is no rule's."""


@dataclass(frozen=True)
class RuleSelection:
    """Which rules report, and at what severity.

    ``enabled`` holds the codes that report; ``severity`` the school's changes. Errors
    from validation always report: a record with one is not well formed.
    """

    enabled: frozenset[str]
    severity: dict[str, Severity] = field(default_factory=dict)

    def apply(self, diagnostic: Diagnostic, rule: Rule | None = None) -> Diagnostic | None:
        """The diagnostic as the school wants it reported, or ``None`` when turned off."""
        rule = rule or REGISTRY.get(diagnostic.code)
        if rule is None or (rule.stage == "validate" and diagnostic.severity == "error"):
            return diagnostic
        if diagnostic.code not in self.enabled:
            return None
        wanted = self.severity.get(diagnostic.code)
        if wanted is None or wanted == diagnostic.severity:
            return diagnostic
        return Diagnostic(
            diagnostic.file,
            diagnostic.line,
            diagnostic.column,
            diagnostic.path,
            diagnostic.message,
            diagnostic.code,
            wanted,
        )


def _expand(values: Iterable[str], option: str) -> set[str]:
    codes: set[str] = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            found = matching_codes(part)
            if not found:
                from pcplan.checks.registry import unknown_code_message

                raise UnknownRule(
                    f"{option}: {unknown_code_message(part)}",
                    hint="a code, or the start of codes such as 'annual' or 'goal'",
                )
            codes.update(found)
    return codes


def select_rules(
    settings: Settings, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> RuleSelection:
    """The school's `check:` settings, then ``--select`` and ``--ignore`` on top.

    ``--select`` names the only rules that report (turning on any the school turned off);
    ``--ignore`` turns rules off. Both take codes, or the start of codes (``annual``).
    """
    load_rules()
    chosen = _expand(select, "--select")
    ignored = _expand(ignore, "--ignore")
    enabled = chosen or set(REGISTRY) - {c for c in settings.check.disable if c in REGISTRY}
    severity = {c: s for c, s in settings.check.severity.items() if c in REGISTRY}
    return RuleSelection(frozenset(enabled - ignored), severity)


@dataclass(frozen=True)
class LintSetup:
    """What every worker needs to lint: the rules chosen and the school's calendar."""

    selection: RuleSelection
    context: CheckContext


def lint_setup(
    settings: Settings, today: date, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> LintSetup:
    """The rules chosen and the context for linting a repository's records."""
    from pcplan.checks.registry import DEFAULT_TRANSFER_YEARS

    years = settings.check.transfer_years
    context = CheckContext(
        today,
        TermCalendar.from_settings(settings),
        tuple(years) if years is not None else DEFAULT_TRANSFER_YEARS,
    )
    return LintSetup(select_rules(settings, select, ignore), context)


def lint_record(rec: LoadedRecord, setup: LintSetup) -> list[Diagnostic]:
    """Every enabled `check` rule over one valid record, as diagnostics."""
    out: list[Diagnostic] = []
    for rule in check_rules():
        if rule.code not in setup.selection.enabled or rule.check is None:
            continue
        for finding in rule.check(rec, setup.context):
            severity = finding.severity or rule.severity
            diagnostic = rec.diagnostic(
                finding.path, finding.message, rule.code, severity=severity, key=finding.key
            )
            reported = setup.selection.apply(diagnostic, rule)
            if reported is not None:
                out.append(reported)
    return out


def lint_with_cache(
    repository: Repository,
    paths: list[Path] | None,
    setup: LintSetup,
    *,
    use_cache: bool = True,
) -> LoadResult:
    """Check the named record files (default: all) as ``validate`` does, through the
    validation cache, and lint each valid one; ``pcplan.yaml``'s problems come first.

    The same result with or without the cache.
    """
    from pcplan.cache.validation import check_with_cache

    checked = check_with_cache(
        repository,
        setup.context.today,
        paths,
        use_cache=use_cache,
        summarise=functools.partial(lint_record, setup=setup),
        # Most records have a finding to point at: each is read with its node tree.
        node_trees=True,
    )
    settings = checked.settings
    diagnostics = [*settings]
    for diagnostic in checked.diagnostics:
        if diagnostic in settings:
            continue
        reported = setup.selection.apply(diagnostic)
        if reported is not None:
            diagnostics.append(reported)
    for name in checked.names:
        diagnostics.extend(checked.summaries.get(name, ()))
    diagnostics.sort(key=Diagnostic.sort_key)
    return LoadResult(diagnostics=diagnostics, files=checked.files)
