"""Rules from the SEND Code of Practice 0-25 (2015) about reviews and their paperwork.

Each rule reads one valid record against today's date. Messages never repeat free text
from the record: only dates, ids and codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pcplan.calendar.schedule import add_years
from pcplan.checks.registry import (
    ASPIRATIONS_GUIDE,
    PERSONALISED_LEARNING,
    CheckContext,
    Finding,
    check_rule,
)
from pcplan.models.reviews import Review
from pcplan.schoolyear import school_year_start, year_group, year_number
from pcplan.vocabulary import PFA

if TYPE_CHECKING:
    from pcplan.loading.records import LoadedRecord
    from pcplan.models import Record

COP = "SEND Code of Practice 0-25 (2015)"
TWO_WEEKS = timedelta(days=14)
SIX_MONTHS = timedelta(days=183)

# Words in a circle member's role, or in a `present` entry, that mean family.
FAMILY_WORDS = re.compile(
    r"\b(mum|mums|mother|mam|mom|dad|dads|father|parents?|carers?|guardians?|"
    r"step-?(mum|dad|mother|father|parent)|foster|grandma|grandmother|grandad|granddad|"
    r"grandfather|grandparents?|gran|nan|nana|aunt|auntie|aunty|uncle|brother|sister|"
    r"family|kinship)\b",
    re.IGNORECASE,
)


def plan_start(record: Record, today: date) -> date | None:
    """When the plan began: its earliest goal start or review, up to today."""
    dates = [g.start for g in record.goals if g.start is not None and g.start <= today]
    dates += [r.date for r in record.reviews if r.date <= today]
    return min(dates) if dates else None


def _indexed_held(record: Record, today: date) -> list[tuple[int, Review]]:
    return [(i, r) for i, r in enumerate(record.reviews) if r.date <= today]


def _booked(record: Record, today: date, *, annual: bool = False) -> bool:
    """Whether a review meeting is booked for today or later."""
    cadence = record.cadence
    if any(r.date > today and (not annual or r.kind == "annual") for r in record.reviews):
        return True
    if cadence.annual_review is not None and cadence.annual_review >= today:
        return True
    return not annual and cadence.next_review is not None and cadence.next_review >= today


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ---------------------------------------------------------------------------------------
# How often plans are reviewed
# ---------------------------------------------------------------------------------------


@check_rule(
    "sen-support-reviews",
    "warning",
    "A pupil on SEN support has had fewer than three reviews in the last 12 months.",
    f"{COP} 6.65",
)
def sen_support_reviews(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Schools should meet parents of a pupil on SEN support at least three times a year,
    to set clear outcomes, review progress and discuss the next steps (Code of Practice
    6.65, the graduated approach: assess, plan, do, review). The rule looks at pupils on
    SEN support (K) whose plan (its first goal or review) is at least a year old, and
    counts the reviews recorded in the twelve months up to today."""
    r = rec.record
    start = plan_start(r, ctx.today)
    if r.pupil.sen_status != "K" or start is None or start > add_years(ctx.today, -1):
        return
    year_ago = add_years(ctx.today, -1)
    count = sum(1 for review in r.reviews if year_ago < review.date <= ctx.today)
    if count < 3:
        where = ("reviews",) if r.reviews else ("pupil", "sen_status")
        yield Finding(
            where,
            f"{_plural(count, 'review')} in the last 12 months: SEN support is reviewed with "
            "the pupil and family at least three times a year",
            key=bool(r.reviews),
        )


@check_rule(
    "review-gap",
    "warning",
    "A pupil on SEN support or with an EHC plan has gone a whole term with no review held "
    "or booked.",
    f"{COP} 6.65, 9.166",
)
def review_gap(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Plans are reviewed termly with the pupil and family (Code of Practice 6.65); an
    EHC plan is also reviewed at least once a year (9.166). The rule fires when a whole
    term (with the holiday before it) has gone by since the last review, or since the
    plan began, and no meeting is booked (cadence.next_review, cadence.annual_review, or
    a review entry dated after today). Term dates come from pcplan.yaml."""
    r = rec.record
    if r.pupil.sen_status not in ("E", "K"):
        return
    held = _indexed_held(r, ctx.today)
    base = held[-1][1].date if held else plan_start(r, ctx.today)
    if base is None or _booked(r, ctx.today):
        return
    missed = ctx.calendar.next_term(ctx.calendar.window_term(base))
    if missed.end >= ctx.today:
        return
    where = ("reviews", held[-1][0], "date") if held else ("goals",)
    since = "the last review" if held else "the plan began"
    yield Finding(
        where,
        f"no review held or booked since {since} ({base.isoformat()}): the whole "
        f"{missed.phrase} went by without one; book the next review in cadence.next_review",
        key=not held,
    )


# ---------------------------------------------------------------------------------------
# Each review meeting
# ---------------------------------------------------------------------------------------


def _family_names(record: Record) -> list[str]:
    return [m.name.casefold() for m in record.circle if FAMILY_WORDS.search(m.role)]


@check_rule(
    "review-no-family",
    "warning",
    "A review with nobody from the family present and no family views recorded.",
    f"{COP} 6.65, 6.67, 9.168; person-centred reviews: {ASPIRATIONS_GUIDE}",
)
def review_no_family(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Reviews are held with the pupil's parents, and their views are sought and recorded
    (Code of Practice 6.65-6.67; for annual reviews 9.168). In a person-centred review the
    family says what is working and not working from their perspective. The rule fires for
    a review held when nobody in present is family (a circle member whose role is Mum, Dad,
    parent, carer, grandparent and so on, or an entry that says so) and working and
    not_working have nothing from the family."""
    r = rec.record
    names = _family_names(r)
    for i, review in _indexed_held(r, ctx.today):
        if review.working.family or review.not_working.family:
            continue
        present = [p.casefold() for p in review.present]
        if any(FAMILY_WORDS.search(p) or any(n in p for n in names) for p in present):
            continue
        where = ("reviews", i, "present") if review.present else ("reviews", i, "date")
        yield Finding(
            where,
            "nobody from the family is recorded as present, and there are no family views: "
            "add them to present or to working/not_working under 'family'",
            key=bool(review.present),
        )


@check_rule(
    "review-no-pupil-voice",
    "warning",
    "A review with nothing from the pupil (an error for an annual review).",
    f"{COP} 1.1-1.8, 9.168; person-centred reviews: {ASPIRATIONS_GUIDE}",
)
def review_no_pupil_voice(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """The views, wishes and feelings of the child are at the heart of the Code (section 1,
    principles) and must be sought at an annual review (9.168). A person-centred review
    starts from what is important to the pupil and what is working and not working for
    them. The rule fires for a review held with no pupil_voice and nothing from the pupil
    under working or not_working; for an annual review this is an error."""
    for i, review in _indexed_held(rec.record, ctx.today):
        if review.pupil_voice or review.working.pupil or review.not_working.pupil:
            continue
        yield Finding(
            ("reviews", i, "date"),
            "nothing from the pupil is recorded at this review: add pupil_voice, or their "
            "view under working/not_working 'pupil'",
            "error" if review.kind == "annual" else None,
        )


@check_rule(
    "review-goals-not-reviewed",
    "warning",
    "An active goal that started before a review is missing from its goals_reviewed.",
    f"{COP} 6.65-6.66, 9.166; {PERSONALISED_LEARNING}: monitoring progress",
)
def review_goals_not_reviewed(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """A review looks at the progress towards each outcome (Code of Practice 6.66; 9.166
    for EHC plans), and the plan's fifth heading is monitoring progress and recognising
    achievement. The rule fires for each active goal whose start is before a held review
    and which that review's goals_reviewed does not list."""
    r = rec.record
    for i, review in _indexed_held(r, ctx.today):
        listed = {outcome.goal for outcome in review.goals_reviewed}
        for goal in r.goals:
            if goal.status != "active" or goal.start is None or goal.start >= review.date:
                continue
            if goal.id not in listed:
                where = (
                    ("reviews", i, "goals_reviewed")
                    if review.goals_reviewed
                    else ("reviews", i, "date")
                )
                yield Finding(
                    where,
                    f"the goal '{goal.id}' had started but is not in this review's goals_reviewed",
                    key=bool(review.goals_reviewed),
                )


@check_rule(
    "review-not-shared",
    "info",
    "A review more than 14 days old with no shared_on date.",
    f"{COP} 6.65",
)
def review_not_shared(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Parents should be given a clear record of the outcomes, actions and support agreed
    at a review (Code of Practice 6.65). Record the day it went to them as shared_on; the
    rule fires for a review held more than 14 days ago without one."""
    for i, review in _indexed_held(rec.record, ctx.today):
        if review.shared_on is None and review.date + TWO_WEEKS < ctx.today:
            yield Finding(
                ("reviews", i, "date"),
                "no shared_on date: record when the outcomes and actions went to the family",
            )


@check_rule(
    "pupil-voice-unattributed",
    "info",
    "A plain statement in a review's pupil_voice: how it was gathered is unknown.",
    "pcplan record format (statements); whose words these are",
)
def pupil_voice_unattributed(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Whose words a statement is, and how they were gathered (quoted, interpreted or
    observed), matters: a pupil's own words are shown as a quote, an adult's reading of
    them is not. Write a pupil_voice entry as {text, said_by: pupil, how: quoted} (or
    interpreted, observed)."""
    for i, review in enumerate(rec.record.reviews):
        for j, statement in enumerate(review.pupil_voice):
            if isinstance(statement, str):
                yield Finding(
                    ("reviews", i, "pupil_voice", j),
                    "say how this was gathered: write it as {text: ..., said_by: pupil, "
                    "how: quoted} (or interpreted, observed)",
                )


# ---------------------------------------------------------------------------------------
# EHC plans: the annual review and its paperwork
# ---------------------------------------------------------------------------------------


def _last_annual_or_issue(record: Record, today: date) -> date | None:
    dates = [r.date for r in record.reviews if r.kind == "annual" and r.date <= today]
    plan = record.pupil.ehc_plan
    if plan is not None and plan.issued is not None and plan.issued <= today:
        dates.append(plan.issued)
    return max(dates) if dates else None


@check_rule(
    "annual-review-overdue",
    "error",
    "An EHC plan's last annual review (or issue) is more than 12 months ago, none booked.",
    f"{COP} 9.166; SEND Regulations 2014, reg. 18",
)
def annual_review_overdue(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """An EHC plan must be reviewed at least every 12 months, counted from when it was
    issued and then from the previous review (Code of Practice 9.166; regulation 18).
    The rule fires for a pupil with an EHC plan whose last annual review (or the plan's
    issue date, pupil.ehc_plan.issued) is more than 12 months before today, when no annual
    review is booked."""
    r = rec.record
    if r.pupil.sen_status != "E":
        return
    base = _last_annual_or_issue(r, ctx.today)
    if base is None or add_years(base) >= ctx.today or _booked(r, ctx.today, annual=True):
        return
    where = ("cadence", "annual_review") if r.cadence.annual_review else ("pupil", "sen_status")
    yield Finding(
        where,
        f"the last annual review (or the plan's issue) was on {base.isoformat()}, more than "
        "12 months ago, and none is booked: book it in cadence.annual_review",
    )


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@check_rule(
    "annual-review-under-five",
    "warning",
    "A child under 5 with an EHC plan whose last review was more than 6 months ago.",
    f"{COP} 9.178",
)
def annual_review_under_five(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """For children under five, local authorities should consider reviewing an EHC plan
    every three to six months (Code of Practice 9.178): young children change quickly. The
    rule fires for a pupil with an EHC plan who is under 5 (by date of birth, or in
    nursery) when the last review, or the plan's issue, is more than six months ago."""
    r = rec.record
    pupil = r.pupil
    if pupil.sen_status != "E":
        return
    if pupil.date_of_birth is not None:
        if _age(pupil.date_of_birth, ctx.today) >= 5:
            return
    elif pupil.year_group not in ("N1", "N2"):
        return
    dates = [review.date for review in r.reviews if review.date <= ctx.today]
    if pupil.ehc_plan is not None and pupil.ehc_plan.issued is not None:
        dates.append(pupil.ehc_plan.issued)
    if not dates or max(dates) + SIX_MONTHS >= ctx.today:
        return
    yield Finding(
        ("pupil", "date_of_birth") if pupil.date_of_birth else ("pupil", "year_group"),
        f"under 5, and the last review (or the plan's issue) was on {max(dates).isoformat()}: "
        "for young children the plan is reviewed every 3 to 6 months",
    )


def _annual(record: Record) -> Iterator[tuple[int, Review]]:
    return ((i, r) for i, r in enumerate(record.reviews) if r.kind == "annual")


@check_rule(
    "annual-invites-late",
    "error",
    "An annual review whose invitations went out less than 14 days before it.",
    f"{COP} 9.176; SEND Regulations 2014, reg. 20",
)
def annual_invites_late(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Everyone invited to an annual review (the child's parent, the young person, the
    school, the local authority's officer, health and social care) must have at least two
    weeks' notice of the meeting (Code of Practice 9.176). The rule fires when invited_on
    is less than 14 days before the review."""
    for i, review in _annual(rec.record):
        if review.invited_on is not None and review.date - review.invited_on < TWO_WEEKS:
            days = (review.date - review.invited_on).days
            yield Finding(
                ("reviews", i, "invited_on"),
                f"invitations went out {_plural(days, 'day')} before the meeting; "
                "everyone needs at least two weeks' notice",
            )


@check_rule(
    "annual-papers-late",
    "error",
    "An annual review whose papers went out less than 14 days before it (or not at all).",
    f"{COP} 9.176; SEND Regulations 2014, reg. 20",
)
def annual_papers_late(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """The school seeks advice and information about the child and sends it to everyone
    invited at least two weeks before the annual review meeting (Code of Practice 9.176).
    The rule fires when papers_sent is less than 14 days before the review, or when a review
    has been held with no papers_sent recorded."""
    for i, review in _annual(rec.record):
        if review.papers_sent is not None:
            if review.date - review.papers_sent < TWO_WEEKS:
                days = (review.date - review.papers_sent).days
                yield Finding(
                    ("reviews", i, "papers_sent"),
                    f"the papers went out {_plural(days, 'day')} before the meeting; they go "
                    "out at least two weeks before",
                )
        elif review.date <= ctx.today:
            yield Finding(
                ("reviews", i, "date"),
                "no papers_sent date: record when the papers went to everyone invited",
            )


@check_rule(
    "annual-report-late",
    "error",
    "An annual review whose report went more than 14 days after it (or is still to go).",
    f"{COP} 9.176; SEND Regulations 2014, reg. 20",
)
def annual_report_late(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Within two weeks of the annual review meeting the school prepares and sends a report
    of the meeting to the local authority and everyone invited, with its recommendations
    and any differences of view (Code of Practice 9.176). The rule fires when report_sent is
    more than 14 days after the review, or when 14 days have passed with none recorded."""
    for i, review in _annual(rec.record):
        if review.report_sent is not None:
            if review.report_sent - review.date > TWO_WEEKS:
                days = (review.report_sent - review.date).days
                yield Finding(
                    ("reviews", i, "report_sent"),
                    f"the report went {_plural(days, 'day')} after the meeting; it goes within "
                    "two weeks",
                )
        elif review.date + TWO_WEEKS < ctx.today:
            yield Finding(
                ("reviews", i, "date"),
                "no report_sent date, and two weeks have passed: send the report to the local "
                "authority and record the date",
            )


@check_rule(
    "annual-no-recommendation",
    "warning",
    "A held annual review with no recommendation (maintain, amend or cease).",
    f"{COP} 9.176",
)
def annual_no_recommendation(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """The report of an annual review recommends whether the EHC plan is maintained,
    amended or ceased (Code of Practice 9.176), and the local authority decides within four
    weeks. Record it as recommendation: maintain, amend or cease."""
    for i, review in _annual(rec.record):
        if review.date <= ctx.today and review.recommendation is None:
            yield Finding(
                ("reviews", i, "date"),
                "no recommendation: write recommendation: maintain, amend or cease",
            )


# ---------------------------------------------------------------------------------------
# Preparing for adulthood and phase transfer
# ---------------------------------------------------------------------------------------


@check_rule(
    "pfa-missing",
    "warning",
    "From Year 9, an EHC plan with no aspiration for Preparing for Adulthood (or an area "
    "with nothing).",
    f"{COP} 8.9-8.12, 9.179",
)
def pfa_missing(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """From Year 9 at the latest, reviews of an EHC plan include a focus on preparing for
    adulthood: employment, independent living, participating in the community, and good
    health (Code of Practice 8.9-8.12, 9.179). Tag aspirations with pfa: (goals count
    through the aspirations they serve). The rule warns when no aspiration has a PfA area,
    and otherwise names, as information, the areas that have nothing yet."""
    r = rec.record
    number = year_number(year_group(r.pupil, ctx.today))
    if r.pupil.sen_status != "E" or number is None or number < 9:
        return
    covered = {a.pfa for a in r.aspirations if a.pfa is not None}
    missing = [words.lower() for area, words in PFA.items() if area not in covered]
    where = ("aspirations",) if r.aspirations else ("pupil", "sen_status")
    if not covered:
        yield Finding(
            where,
            "from Year 9 the plan prepares for adulthood: tag aspirations with 'pfa:' "
            "(employment, independent-living, community, health)",
            key=bool(r.aspirations),
        )
    elif missing:
        yield Finding(
            where,
            "Preparing for Adulthood: nothing yet for " + ", ".join(missing),
            "info",
            key=True,
        )


@check_rule(
    "phase-transfer-late",
    "warning",
    "In a transfer year, the annual review falls after 15 February (31 March for Year 11).",
    f"{COP} 9.179; SEND Regulations 2014, reg. 18",
)
def phase_transfer_late(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """When a child moves between phases of education (for example from primary to
    secondary school), the EHC plan is reviewed and amended, naming the new school, by 15
    February of the year of transfer; a young person moving from secondary school to a
    post-16 place by 31 March (Code of Practice 9.179). The transfer years are Years 6 and
    11 unless pcplan.yaml says otherwise (check: transfer_years). The rule fires when this
    school year's annual review (held or planned) falls after the deadline."""
    r = rec.record
    number = year_number(year_group(r.pupil, ctx.today))
    if r.pupil.sen_status != "E" or number is None or number not in ctx.transfer_years:
        return
    first = date(school_year_start(ctx.today), 9, 1)
    deadline = date(first.year + 1, 3, 31) if number >= 11 else date(first.year + 1, 2, 15)
    candidates: list[tuple[date, tuple[str | int, ...]]] = [
        (review.date, ("reviews", i, "date")) for i, review in _annual(r) if review.date >= first
    ]
    if r.cadence.annual_review is not None and r.cadence.annual_review >= first:
        candidates.append((r.cadence.annual_review, ("cadence", "annual_review")))
    if not candidates:
        return
    day, where = min(candidates)
    if day > deadline:
        yield Finding(
            where,
            f"Year {number} is a transfer year: the annual review should be held by "
            f"{deadline.day} {'March' if deadline.month == 3 else 'February'} "
            f"{deadline.year} so the plan names the next school in time",
        )
