"""Rules about the golden thread (aspiration -> need -> goal -> provision), the wording of
outcomes and provision, and the one-page profile.

Wording rules look for words in goals and provision but never quote them back: messages
name the field, and the explanation says what good wording looks like.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pcplan.checks.profile_length import profile_page_share
from pcplan.checks.registry import (
    ASPIRATIONS_GUIDE,
    PERSONALISED_LEARNING,
    CheckContext,
    Finding,
    check_rule,
)
from pcplan.diagnostics.core import Severity
from pcplan.models.common import StatementDetail

if TYPE_CHECKING:
    from pcplan.loading.records import LoadedRecord

COP = "SEND Code of Practice 0-25 (2015)"
PLAN_SOURCE = f"{PERSONALISED_LEARNING}: Celine's plan and its five headings"

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
TIME_WORDS = re.compile(
    rf"\b({_MONTHS}|autumn|spring|summer|term|half-term|half term|easter|christmas|"
    r"end of (the )?(year|term|week|month)|by year \d+|20\d\d|\d{1,2}/\d{1,2}(/\d{2,4})?|"
    r"\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
VAGUE_GOAL = re.compile(
    r"^\W*(to\s+)?(improve|develop (an |a |their |his |her )?understanding)\b|"
    r"\breach(ing)? (his |her |their |my |your |full )*potential\b",
    re.IGNORECASE,
)
MEASURE_WORDS = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|once|half|"
    r"daily|weekly|fortnightly|monthly|termly|every|each|times|per|out of|"
    r"independently|without (help|support|prompting|a prompt|being asked))\b",
    re.IGNORECASE,
)
VAGUE_PROVISION = re.compile(
    r"\b(regular(ly)?|as (and when )?required|as needed|access to|opportunit(y|ies) to|"
    r"would benefit from)\b",
    re.IGNORECASE,
)
QUANTIFIED_KINDS = ("staff", "specialist", "programme")


# ---------------------------------------------------------------------------------------
# Goals (outcomes)
# ---------------------------------------------------------------------------------------


@check_rule(
    "goal-no-success-criteria",
    "warning",
    "An active goal with no success criteria.",
    f"{COP} 9.66; {PLAN_SOURCE}",
)
def goal_no_success_criteria(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """An outcome says what success will look like, so that everyone, the pupil first,
    can tell when it is reached (Code of Practice 9.66: outcomes are specific, measurable,
    achievable, realistic and time-bound). In Celine's plan every goal has agreed criteria
    for success. Write them as success: in words the pupil agreed."""
    for i, goal in enumerate(rec.record.goals):
        if goal.status == "active" and goal.success is None:
            yield Finding(
                ("goals", i, "id"),
                "no success criteria: agree with the pupil what success looks like and write "
                "it as 'success:'",
            )


@check_rule(
    "goal-not-time-bound",
    "warning",
    "An active goal with no due date and no date or term in its words.",
    f"{COP} 9.66",
)
def goal_not_time_bound(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Outcomes are time-bound (SMART, Code of Practice 9.66): by when should the pupil get
    there? Write due: as a date, or say when in the goal or its success criteria ('by
    February half-term 2027', 'by the end of the spring term')."""
    for i, goal in enumerate(rec.record.goals):
        if goal.status != "active" or goal.due is not None:
            continue
        words = f"{goal.text} {goal.success or ''}"
        if not TIME_WORDS.search(words):
            yield Finding(
                ("goals", i, "id"),
                "no due date, and no date or term in the goal or its success criteria: "
                "add 'due:' or say by when",
            )


@check_rule(
    "goal-vague",
    "info",
    "A goal worded 'improve…', 'develop an understanding…' or 'reach potential' whose "
    "success criteria measure nothing.",
    f"{COP} 9.64-9.69",
)
def goal_vague(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """The Code of Practice (9.64-9.66) warns against outcomes that are really aims, such
    as 'improve reading' or 'reach their potential': an outcome is the benefit or
    difference the support makes, and it can be measured. The rule fires when an active
    goal is worded like that and its success criteria hold no number, no frequency ('three
    times a week', 'every lesson') and no 'independently'."""
    for i, goal in enumerate(rec.record.goals):
        if goal.status != "active" or not VAGUE_GOAL.search(goal.text):
            continue
        if goal.success is None or not MEASURE_WORDS.search(goal.success):
            yield Finding(
                ("goals", i, "text"),
                "this reads as an aim rather than an outcome: say in 'success:' how much, how "
                "often, or 'independently'",
            )


@check_rule(
    "goal-no-provision",
    "warning",
    "An active goal that no resource supports (an error for an EHC plan).",
    f"{COP} 9.69; {PLAN_SOURCE}",
)
def goal_no_provision(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Each outcome is supported by provision: the golden thread runs from need to outcome
    to the provision that gets the pupil there (Code of Practice 9.69; the plan's fourth
    heading, identifying resources). The rule fires for an active goal that no resource
    lists under goals:. For a pupil with an EHC plan it is an error: section F must
    specify the provision for every need and outcome."""
    supported = {gid for res in rec.record.resources for gid in res.goals}
    severity: Severity | None = "error" if rec.record.pupil.sen_status == "E" else None
    for i, goal in enumerate(rec.record.goals):
        if goal.status == "active" and goal.id not in supported:
            yield Finding(
                ("goals", i, "id"),
                f"no resource supports the goal '{goal.id}': add its id to a resource's goals",
                severity,
            )


@check_rule(
    "goal-no-aspiration",
    "info",
    "An active goal linked to no aspiration while the record has aspirations.",
    f"{PERSONALISED_LEARNING}: goals as steps towards aspirations",
)
def goal_no_aspiration(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """In personalised learning, goals are the manageable steps that move the pupil towards
    their hopes and dreams (the golden thread). Link each goal to the aspirations it serves
    with aspirations: [ids]. The rule fires only when the record has aspirations to link."""
    if not rec.record.aspirations:
        return
    for i, goal in enumerate(rec.record.goals):
        if goal.status == "active" and not goal.aspirations:
            yield Finding(
                ("goals", i, "id"),
                "not linked to any aspiration: add 'aspirations: [id]' for the hopes it moves "
                "towards",
            )


@check_rule(
    "goal-no-values",
    "info",
    "An active goal tagged with none of the four values.",
    f"{PERSONALISED_LEARNING}: the four values",
)
def goal_no_values(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Personalised learning rests on four values: respect, self-determination, inclusion
    and fostering relationships. Tagging goals with the values they serve shows the balance
    of a plan (one that never touches relationships is a known blind spot)."""
    for i, goal in enumerate(rec.record.goals):
        if goal.status == "active" and not goal.values:
            yield Finding(
                ("goals", i, "id"),
                "no values: tag it with the values it serves (respect, self-determination, "
                "inclusion, relationships)",
            )


@check_rule(
    "no-aspirations",
    "warning",
    "A pupil on SEN support or with an EHC plan has goals but no hopes and dreams.",
    f"{COP} 9.61 (section A); the Hopes and Dreams tool: {ASPIRATIONS_GUIDE}",
)
def no_aspirations(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Person-centred planning starts from the pupil's aspirations: what are your hopes and
    dreams, what would that look like, where are you likely to prosper? An EHC plan records
    them in section A (Code of Practice 9.61). Goals without aspirations lose the reason
    for the plan."""
    r = rec.record
    if r.pupil.sen_status in ("E", "K") and r.goals and not r.aspirations:
        yield Finding(
            ("goals",),
            "goals but no hopes and dreams: ask the pupil and write them under 'aspirations:'",
            key=True,
        )


# ---------------------------------------------------------------------------------------
# Provision
# ---------------------------------------------------------------------------------------


@check_rule(
    "provision-vague",
    "warning",
    "A resource worded 'regular', 'as required', 'access to', 'opportunities to' or 'would "
    "benefit from', without sessions a week and minutes (an error for an EHC plan).",
    f"{COP} 9.69",
)
def provision_vague(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Provision must be detailed and specific and should normally be quantified, in terms
    of the type, hours and frequency of support (Code of Practice 9.69). Words such as
    'regular', 'as required', 'access to', 'opportunities to' and 'would benefit from' do
    not say what the pupil will get. Give sessions_per_week and minutes. For a pupil with
    an EHC plan this is an error."""
    severity: Severity | None = "error" if rec.record.pupil.sen_status == "E" else None
    for i, res in enumerate(rec.record.resources):
        vague = VAGUE_PROVISION.search(res.text)
        if vague and (res.sessions_per_week is None or res.minutes is None):
            yield Finding(
                ("resources", i, "text"),
                "vague wording without how often and how long: give 'sessions_per_week:' and "
                "'minutes:'",
                severity,
            )


@check_rule(
    "provision-unquantified",
    "warning",
    "A staff, specialist or programme resource of an EHC plan without who, sessions a week "
    "or minutes.",
    f"{COP} 9.69",
)
def provision_unquantified(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Provision in an EHC plan is specified and quantified: who provides it, how often and
    for how long (Code of Practice 9.69). The rule fires for a staff, specialist or
    programme resource of a pupil with an EHC plan that lacks who, sessions_per_week or
    minutes."""
    if rec.record.pupil.sen_status != "E":
        return
    for i, res in enumerate(rec.record.resources):
        if res.kind not in QUANTIFIED_KINDS:
            continue
        missing = [
            name
            for name, value in (
                ("who", res.who),
                ("sessions_per_week", res.sessions_per_week),
                ("minutes", res.minutes),
            )
            if value is None
        ]
        if missing:
            yield Finding(
                ("resources", i, "id"),
                "not quantified: add " + ", ".join(f"'{m}:'" for m in missing),
            )


@check_rule(
    "provision-no-goal",
    "info",
    "A resource that supports no goal.",
    f"{COP} 9.69; {PLAN_SOURCE}",
)
def provision_no_goal(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Provision is there to get the pupil to an outcome: say which goals each resource
    supports (goals: [ids]), so the plan and the provision map show why it is there."""
    for i, res in enumerate(rec.record.resources):
        if not res.goals:
            yield Finding(
                ("resources", i, "id"),
                "supports no goal: add 'goals: [id]' for the goals it serves",
            )


# ---------------------------------------------------------------------------------------
# The one-page profile and the need codes
# ---------------------------------------------------------------------------------------


@check_rule(
    "profile-empty",
    "info",
    "A record with no one-page profile yet.",
    f"one-page profiles: {ASPIRATIONS_GUIDE}; {PERSONALISED_LEARNING}",
)
def profile_empty(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """The one-page profile is where a plan starts: what people like and admire about the
    pupil, what is important to them, and how best to support them, given to every adult
    who works with them. Write it with the pupil and their family; 'pcplan new-pupil'
    leaves notes on what belongs in each part."""
    profile = rec.record.profile
    if not (profile.like_and_admire or profile.important_to_me or profile.how_to_support_me):
        found = rec.document is not None and "profile" in (rec.document.data or {})
        yield Finding(
            ("profile",) if found else ("pupil", "id"),
            "no one-page profile yet: write it with the pupil and their family",
            key=found,
        )


@check_rule(
    "profile-no-pupil-words",
    "warning",
    "A one-page profile with statements, none of them in the pupil's own words.",
    f"{COP} 1.1-1.8; one-page profiles: {ASPIRATIONS_GUIDE}",
)
def profile_no_pupil_words(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """A one-page profile is written with the pupil: what is important to me, how best to
    support me, in their words where possible (Code of Practice, section 1, on the child's
    views; the one-page profile). Mark the pupil's own words as
    {text: ..., said_by: pupil, how: quoted}."""
    profile = rec.record.profile
    statements = [
        *profile.like_and_admire,
        *profile.important_to_me,
        *profile.how_to_support_me,
    ]
    if not statements:
        return
    if not any(isinstance(s, StatementDetail) and s.is_pupil_voice for s in statements):
        yield Finding(
            ("profile",),
            "no statement is in the pupil's own words: add one with 'said_by: pupil'",
            key=True,
        )


@check_rule(
    "profile-too-long",
    "warning",
    "A one-page profile that will not fit on one A4 page.",
    f"one-page profiles: {ASPIRATIONS_GUIDE}; {PERSONALISED_LEARNING}",
)
def profile_too_long(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """A one-page profile is one A4 page, so that every adult who works with the pupil
    reads it whole. pcplan estimates the printed length from the text (lines of the page
    at its print size, wrapped at its width); when the estimate is over a page, shorten
    the statements or move detail into the plan."""
    share = profile_page_share(rec.record)
    if share > 1:
        yield Finding(
            ("profile",),
            f"the one-page profile fills about {round(100 * share)}% of an A4 page: shorten "
            "it to fit one page",
            key=True,
        )


@check_rule(
    "need-codes",
    "warning",
    "A secondary need equal to the primary, or NSA for a pupil with an EHC plan.",
    "DfE school census (SEN type); " + COP + " 6.28-6.35",
)
def need_codes(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """The school census records a primary and, where there is one, a secondary type of
    need; repeating the primary as a secondary says nothing. NSA means 'SEN support but no
    specialist assessment of type of need' and does not fit a pupil with an EHC plan,
    whose needs have been assessed."""
    pupil = rec.record.pupil
    needs = pupil.needs
    if needs is None:
        return
    for j, code in enumerate(needs.secondary):
        if code == needs.primary:
            yield Finding(
                ("pupil", "needs", "secondary", j),
                f"{code} is already the primary need",
            )
    if pupil.sen_status == "E":
        if needs.primary == "NSA":
            yield Finding(
                ("pupil", "needs", "primary"),
                "NSA (not yet assessed) does not fit an EHC plan: write the assessed need",
            )
        for j, code in enumerate(needs.secondary):
            if code == "NSA":
                yield Finding(
                    ("pupil", "needs", "secondary", j),
                    "NSA (not yet assessed) does not fit an EHC plan",
                )
