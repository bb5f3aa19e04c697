"""Every `check` rule fires on a small record made for it, and stays quiet on a near-identical
one. The records are built from one clean record (``BASE``) by the few changes each case
names, so the difference between the two is exactly what the rule is about."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from pcplan.checks.registry import check_rules
from pcplan.checks.runner import lint_record, lint_setup
from pcplan.diagnostics.core import Diagnostic
from pcplan.loading.records import load_record
from pcplan.models.record import Settings

TODAY = date(2026, 11, 22)
Record = dict[str, Any]

BASE: Record = {
    "schema_version": 1,
    "pupil": {
        "id": "sam-t",
        "name": "Sam Taylor",
        "date_of_birth": "2014-05-04",  # Year 8 in 2026-27
        "sen_status": "K",
        "needs": {"primary": "SLCN"},
    },
    "circle": [{"name": "Ann Taylor", "role": "Mum"}],
    "profile": {
        "like_and_admire": ["Sam is kind to younger pupils."],
        "important_to_me": [{"text": "My dog Biscuit.", "said_by": "pupil", "how": "quoted"}],
    },
    "aspirations": [{"id": "vet", "text": "I want to work with animals.", "pfa": "employment"}],
    "goals": [
        {
            "id": "read",
            "area": "English",
            "text": "Read my own writing aloud to a partner.",
            "aspirations": ["vet"],
            "values": ["inclusion"],
            "success": "Reads a page aloud to a partner twice a week.",
            "start": "2025-10-01",
            "due": "2027-03-01",
        }
    ],
    "resources": [
        {
            "id": "ta-reading",
            "text": "Reading sessions with a teaching assistant",
            "kind": "staff",
            "who": "Mrs Begum",
            "goals": ["read"],
            "sessions_per_week": 2,
            "minutes": 20,
        }
    ],
    "cadence": {"next_review": "2026-12-05"},
    "reviews": [
        {
            "date": day,
            "present": ["Sam", "Ann Taylor"],
            "pupil_voice": [{"text": "I like reading to Biscuit.", "said_by": "pupil"}],
            "goals_reviewed": [{"goal": "read"}],
            "shared_on": shared,
        }
        for day, shared in (
            ("2026-03-10", "2026-03-12"),
            ("2026-07-01", "2026-07-03"),
            ("2026-10-20", "2026-10-22"),
        )
    ],
}


def ehc(r: Record) -> None:
    """The same pupil with an EHC plan, reviewed on time with its paperwork."""
    r["pupil"]["sen_status"] = "E"
    r["pupil"]["ehc_plan"] = {"issued": "2025-09-15", "local_authority": "Brookfield"}
    r["cadence"]["annual_review"] = "2027-03-01"
    annual = r["reviews"][0]
    annual.update(
        kind="annual",
        invited_on="2026-02-02",
        papers_sent="2026-02-20",
        report_sent="2026-03-20",
        recommendation="maintain",
    )


def year(n: int) -> Callable[[Record], None]:
    def change(r: Record) -> None:
        r["pupil"]["year_group"] = n
        r["pupil"].pop("date_of_birth", None)

    return change


def set_(path: str, value: Any) -> Callable[[Record], None]:
    """Set a value by a dotted path (``goals.0.success``); ``None`` removes it."""

    def change(r: Record) -> None:
        *parents, last = path.split(".")
        node: Any = r
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        key: Any = int(last) if last.isdigit() else last
        if value is None:
            del node[key]
        else:
            node[key] = value

    return change


Change = Callable[[Record], None]
# code -> (the changes that make it fire, the near-identical changes that keep it quiet)
CASES: dict[str, tuple[list[Change], list[Change]]] = {
    "sen-support-reviews": (
        [set_("reviews", BASE["reviews"][1:])],
        [set_("reviews", BASE["reviews"][1:]), set_("goals.0.start", "2026-02-01")],
    ),
    "review-gap": (
        [set_("reviews", BASE["reviews"][:1]), set_("cadence.next_review", None)],
        [set_("reviews", BASE["reviews"][:1])],
    ),
    "review-no-family": (
        [set_("reviews.2.present", ["Sam", "Mr Hughes"])],
        [set_("reviews.2.present", ["Sam", "Mr Hughes", "Sam's dad"])],
    ),
    "review-no-pupil-voice": (
        [set_("reviews.2.pupil_voice", None)],
        [set_("reviews.2.pupil_voice", None), set_("reviews.2.working", {"pupil": ["Reading"]})],
    ),
    "review-goals-not-reviewed": (
        [set_("reviews.2.goals_reviewed", [])],
        [set_("reviews.2.goals_reviewed", []), set_("goals.0.status", "paused")],
    ),
    "review-not-shared": (
        [set_("reviews.2.shared_on", None)],
        [set_("reviews.2.shared_on", None), set_("reviews.2.date", "2026-11-15")],
    ),
    "annual-review-overdue": (
        [
            ehc,
            set_("cadence.annual_review", None),
            set_("pupil.ehc_plan.issued", "2025-02-01"),
            set_("reviews.0.kind", "termly"),
        ],
        [
            ehc,
            set_("cadence.annual_review", "2026-12-01"),
            set_("pupil.ehc_plan.issued", "2025-02-01"),
            set_("reviews.0.kind", "termly"),
        ],
    ),
    "annual-review-under-five": (
        [ehc, set_("pupil.date_of_birth", "2022-06-01"), set_("reviews", BASE["reviews"][:1])],
        [ehc, set_("pupil.date_of_birth", "2021-06-01"), set_("reviews", BASE["reviews"][:1])],
    ),
    "annual-invites-late": (
        [ehc, set_("reviews.0.invited_on", "2026-03-01")],
        [ehc, set_("reviews.0.invited_on", "2026-02-24")],
    ),
    "annual-papers-late": (
        [ehc, set_("reviews.0.papers_sent", "2026-02-25")],
        [ehc, set_("reviews.0.papers_sent", "2026-02-24")],
    ),
    "annual-report-late": (
        [ehc, set_("reviews.0.report_sent", "2026-03-25")],
        [ehc, set_("reviews.0.report_sent", "2026-03-24")],
    ),
    "annual-no-recommendation": (
        [ehc, set_("reviews.0.recommendation", None)],
        [ehc, set_("reviews.0.recommendation", "cease")],
    ),
    "pfa-missing": (
        [ehc, year(9), set_("aspirations.0.pfa", None)],
        [ehc, year(8), set_("aspirations.0.pfa", None)],
    ),
    "phase-transfer-late": (
        [ehc, year(6), set_("cadence.annual_review", "2027-02-16")],
        [ehc, year(6), set_("cadence.annual_review", "2027-02-15")],
    ),
    "goal-no-success-criteria": (
        [set_("goals.0.success", None)],
        [set_("goals.0.success", None), set_("goals.0.status", "dropped")],
    ),
    "goal-not-time-bound": (
        [set_("goals.0.due", None)],
        [set_("goals.0.due", None), set_("goals.0.success", "Reads aloud by Easter 2027.")],
    ),
    "goal-vague": (
        [set_("goals.0.text", "Improve reading."), set_("goals.0.success", "Reads better.")],
        [set_("goals.0.text", "Improve reading."), set_("goals.0.success", "Reads independently.")],
    ),
    "goal-no-provision": (
        [set_("resources.0.goals", [])],
        [
            set_("resources.0.goals", []),
            set_("goals.0.status", "achieved"),
            set_("goals.0.achieved_on", "2026-11-01"),
        ],
    ),
    "goal-no-aspiration": (
        [set_("goals.0.aspirations", [])],
        [set_("goals.0.aspirations", []), set_("aspirations", [])],
    ),
    "goal-no-values": (
        [set_("goals.0.values", [])],
        [set_("goals.0.values", ["respect"])],
    ),
    "no-aspirations": (
        [set_("aspirations", []), set_("goals.0.aspirations", [])],
        [
            set_("aspirations", []),
            set_("goals.0.aspirations", []),
            set_("pupil.sen_status", "N"),
            set_("pupil.needs", None),
        ],
    ),
    "provision-vague": (
        [set_("resources.0.text", "Regular reading support"), set_("resources.0.minutes", None)],
        [set_("resources.0.text", "Regular reading support")],
    ),
    "provision-unquantified": (
        [ehc, set_("resources.0.who", None)],
        [ehc, set_("resources.0.who", None), set_("resources.0.kind", "equipment")],
    ),
    "provision-no-goal": (
        [set_("resources.0.goals", []), set_("goals", []), set_("reviews", [])],
        [set_("goals", []), set_("reviews", []), set_("resources", [])],
    ),
    "profile-empty": (
        [set_("profile", {})],
        [set_("profile", {"how_to_support_me": ["Give Sam time to answer."]})],
    ),
    "profile-no-pupil-words": (
        [set_("profile.important_to_me.0.said_by", "Mum")],
        [set_("profile.important_to_me.0.said_by", "pupil")],
    ),
    "profile-too-long": (
        [set_("profile.how_to_support_me", ["Give Sam time to answer, and wait. " * 4] * 14)],
        [set_("profile.how_to_support_me", ["Give Sam time to answer, and wait. " * 4] * 6)],
    ),
    "pupil-voice-unattributed": (
        [set_("reviews.2.pupil_voice", ["I like reading to Biscuit."])],
        [set_("reviews.2.pupil_voice", [{"text": "I like reading.", "how": "observed"}])],
    ),
    "easy-long-sentence": (
        [
            set_(
                "goals.0.easy",
                "I will read my own writing out loud to a partner in my English "
                "lesson on two days in every single week.",
            )
        ],
        [set_("goals.0.easy", "I read my own writing out loud.\nI read it to a partner.")],
    ),
    "easy-initials": (
        [set_("goals.0.easy", "I read to my LSW.")],
        [set_("goals.0.easy", "I read to my TA.")],
    ),
    "need-codes": (
        [set_("pupil.needs", {"primary": "SLCN", "secondary": ["SLCN"]})],
        [set_("pupil.needs", {"primary": "SLCN", "secondary": ["ASD"]})],
    ),
}


def lint(tmp_path: Path, changes: list[Change], name: str) -> list[Diagnostic]:
    record = copy.deepcopy(BASE)
    for change in changes:
        change(record)
    path = tmp_path / name / "sam-t.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
    loaded, problems = load_record(path, path.name, TODAY)
    assert loaded is not None and not [p for p in problems if p.severity == "error"], problems
    found = lint_record(loaded, lint_setup(Settings(), TODAY))
    # A batch reads plain records with the fast parser: the same findings, at the same lines.
    fast, fast_problems = load_record(path, path.name, TODAY, fast=True)
    assert fast is not None and fast_problems == problems
    assert lint_record(fast, lint_setup(Settings(), TODAY)) == found
    return found


def test_every_check_rule_has_a_case() -> None:
    assert sorted(CASES) == sorted(r.code for r in check_rules())


def test_the_base_record_is_clean(tmp_path: Path) -> None:
    assert lint(tmp_path, [], "base") == []
    assert lint(tmp_path, [ehc], "ehc") == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_rule_fires_and_stays_quiet(tmp_path: Path, code: str) -> None:
    fire, quiet = CASES[code]
    fired = lint(tmp_path, fire, "fire")
    assert code in {d.code for d in fired}, fired
    for d in fired:
        assert d.line > 0 and d.column > 0, d  # every finding points at a line
    stayed = lint(tmp_path, quiet, "quiet")
    assert code not in {d.code for d in stayed}, stayed


@pytest.mark.parametrize(
    ("code", "changes", "severity"),
    [
        ("review-no-pupil-voice", [ehc, set_("reviews.0.pupil_voice", None)], "error"),
        ("goal-no-provision", [ehc, set_("resources.0.goals", [])], "error"),
        ("provision-vague", [ehc, set_("resources.0.text", "Access to a quiet room"),
                             set_("resources.0.minutes", None)], "error"),
        ("pfa-missing", [ehc, year(10)], "info"),
    ],
)  # fmt: skip
def test_a_rule_raises_or_lowers_its_severity(
    tmp_path: Path, code: str, changes: list[Change], severity: str
) -> None:
    found = [d for d in lint(tmp_path, changes, "case") if d.code == code]
    assert found and {d.severity for d in found} == {severity}, found


def test_every_code_validate_prints_is_in_the_registry() -> None:
    from pcplan.checks.registry import REGISTRY, load_rules

    load_rules()
    corpus = Path(__file__).parent.parent / "corpus" / "invalid" / "expected.txt"
    codes = {line.split()[-1] for line in corpus.read_text().splitlines() if line.strip()}
    assert codes - set(REGISTRY) == set()
    assert {c for c, r in REGISTRY.items() if r.stage == "validate"} >= codes
