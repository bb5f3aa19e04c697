"""The one registry of rules: every check pcplan makes, with a stable code.

A rule has a code, a default severity, a one-line summary and an explanation that cites
where it comes from (the SEND Code of Practice 0-25, 2015; the regulations; the record
format; or the person-centred practice the plans follow). `validate`'s rules, which decide
whether a record is well formed, are here beside `check`'s, which read a well-formed record
against the Code and the golden thread (aspiration -> need -> goal -> provision).

A `check` rule is a function of one valid record and a :class:`CheckContext` that yields
:class:`Finding` values: where, and what to say. The runner turns them into diagnostics
with the rule's code and the severity the school chose.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from pcplan.diagnostics.core import SEVERITIES, Path, Severity

if TYPE_CHECKING:
    from pcplan.calendar.terms import TermCalendar
    from pcplan.loading.records import LoadedRecord

Stage = Literal["validate", "check"]

DISCLAIMER = (
    "These checks are reminders drawn from the SEND Code of Practice (2015) and "
    "person-centred practice, not legal advice."
)
DEFAULT_TRANSFER_YEARS = (6, 11)

# The person-centred practice the plans follow, as its two source documents are titled.
ASPIRATIONS_GUIDE = "'How can personalisation support pupils' aspirations?'"
PERSONALISED_LEARNING = "'Personalised learning for pupils with SEND' (training unit)"


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: the field it concerns and plain words about it.

    ``severity`` is set only where the rule itself raises or lowers it (``an error for
    E``); otherwise the rule's default applies. ``key`` points at the key, not the value.
    """

    path: Path
    message: str
    severity: Severity | None = None
    key: bool = False


@dataclass(frozen=True)
class CheckContext:
    """What rules may know besides the record: today, the school's terms and settings."""

    today: date
    calendar: TermCalendar
    transfer_years: tuple[int, ...] = DEFAULT_TRANSFER_YEARS


RuleCheck = Callable[["LoadedRecord", CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One rule: its code, default severity, summary, explanation and source."""

    code: str
    severity: Severity
    summary: str
    explanation: str
    source: str
    stage: Stage = "check"
    check: RuleCheck | None = field(default=None, compare=False, repr=False)

    def explain(self) -> str:
        """The text of ``pcplan check --explain CODE``."""
        stage = (
            "validate (a record with this error is not well formed)"
            if self.stage == "validate" and self.severity == "error"
            else self.stage
        )
        import textwrap

        return (
            f"{self.code} ({self.severity})\n\n{textwrap.fill(self.summary, 88)}\n\n"
            f"{textwrap.fill(self.explanation, 88)}\n\n"
            f"{textwrap.fill('Source: ' + self.source, 88)}\nChecked by: pcplan {stage}\n"
        )

    def as_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity,
            "stage": self.stage,
            "summary": self.summary,
            "explanation": self.explanation,
            "source": self.source,
        }


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the registry; a code is registered once."""
    if rule.code in REGISTRY:
        raise ValueError(f"the rule code {rule.code} is registered twice")
    REGISTRY[rule.code] = rule
    return rule


def check_rule(
    code: str, severity: Severity, summary: str, source: str
) -> Callable[[Callable[[LoadedRecord, CheckContext], Iterator[Finding]]], RuleCheck]:
    """Register the decorated generator as the `check` rule ``code``.

    Its docstring is the explanation, so the words users read sit beside the code.
    """

    def decorate(
        fn: Callable[[LoadedRecord, CheckContext], Iterator[Finding]],
    ) -> RuleCheck:
        explanation = " ".join((fn.__doc__ or "").split())
        register(Rule(code, severity, summary, explanation, source, "check", fn))
        return fn

    return decorate


def all_rules() -> list[Rule]:
    """Every registered rule: `validate`'s first, then `check`'s, each in registry order."""
    load_rules()
    return sorted(REGISTRY.values(), key=lambda r: r.stage != "validate")


def check_rules() -> list[Rule]:
    load_rules()
    return [r for r in REGISTRY.values() if r.stage == "check"]


def load_rules() -> None:
    """Import the modules that register rules (cheap after the first call)."""
    from pcplan.checks import cop, easy_read, golden_thread, validate_rules  # noqa: F401


def did_you_mean(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def unknown_code_message(value: str) -> str:
    """Plain words for a code that is no rule's, with the closest one."""
    load_rules()
    shown = value if len(value) <= 40 and value.isprintable() else value[:40] + "…"
    hint = did_you_mean(value, REGISTRY) or "; 'pcplan check --list' lists every code"
    return f"there is no rule '{shown}'{hint}"


def matching_codes(pattern: str) -> list[str]:
    """The codes a ``--select``/``--ignore`` value names: the code itself, or every code
    that starts with it followed by ``-`` (``annual`` names every ``annual-…`` rule)."""
    load_rules()
    if pattern in REGISTRY:
        return [pattern]
    return [code for code in REGISTRY if code.startswith(pattern + "-")]


def rules_table() -> str:
    """The Markdown table of `check`'s rules, as the README shows it."""
    rows = ["| code | severity | what it finds | source |", "|---|---|---|---|"]
    for rule in check_rules():
        summary = rule.summary.replace("|", "\\|")
        rows.append(f"| `{rule.code}` | {rule.severity} | {summary} | {rule.source} |")
    return "\n".join(rows) + "\n"


__all__ = [
    "DISCLAIMER",
    "REGISTRY",
    "SEVERITIES",
    "CheckContext",
    "Finding",
    "Rule",
    "all_rules",
    "check_rule",
    "check_rules",
    "matching_codes",
    "register",
    "rules_table",
    "unknown_code_message",
]
