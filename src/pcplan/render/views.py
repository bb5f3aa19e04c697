"""View models: a record prepared for reading, so that templates only lay it out.

Everything a document says in words (dates, year groups, need codes, how often a
resource runs, what it costs, whose words a statement is) is worked out here, in plain
British English, from a record, the school settings and the date of the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pcplan.models.common import StatementDetail
from pcplan.models.plan import Goal, Resource
from pcplan.models.profile import Aspiration
from pcplan.models.record import Record, Settings
from pcplan.schoolyear import MONTHS, key_stage, long_date, year_group, year_label
from pcplan.vocabulary import HORIZONS, NEEDS, PFA, SEN_STATUS, VALUES

# The four rhythms of the case study (and half-termly), in order, with what each means.
RHYTHMS = (
    ("daily", "Daily", "during lessons, tutorials and the rest of the school day"),
    ("weekly", "Weekly", "through assessment built into {name}'s programme"),
    ("half-termly", "Every half-term", "checked with {name} before each half-term break"),
    ("termly", "Termly", "goals reviewed in discussion and negotiation with {name}"),
    (
        "annually",
        "Annually",
        "at the annual review, with {name}, family, school staff and other professionals",
    ),
)
PLAN_RHYTHMS = {"half-termly": "every half-term", "termly": "every term", "annually": "every year"}
STATUS = {
    "active": "Working on it",
    "achieved": "Achieved",
    "paused": "Paused for now",
    "dropped": "No longer a goal",
}
RATINGS = {
    "emerging": "Emerging",
    "developing": "Developing",
    "secure": "Secure",
    "achieved": "Achieved",
}
KINDS = {
    "staff": "Staff",
    "specialist": "Specialist",
    "time": "Time",
    "place": "Place",
    "equipment": "Equipment",
    "funding": "Funding",
    "programme": "Programme",
    "community": "Community",
}
WAVES = {
    1: "Wave 1: quality-first teaching",
    2: "Wave 2: targeted group",
    3: "Wave 3: individual or specialist",
}
COST_PER = {
    "session": "a session",
    "week": "a week",
    "term": "a term",
    "year": "a year",
    "once": "one-off",
}
REVIEW_KINDS = {
    "termly": "Termly review",
    "annual": "Annual review",
    "interim": "Interim review",
    "transition": "Transition review",
}
_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’"}


def short_date(day: date | None) -> str:
    """A date for a table: 3 Feb 2026."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def how_often(sessions_per_week: float | None, minutes: int | None) -> str:
    """'20 minutes, twice a week'; 'once a fortnight'; '45 minutes a session'."""
    often = ""
    if sessions_per_week is not None:
        s = sessions_per_week
        if s == 1:
            often = "once a week"
        elif s == 2:
            often = "twice a week"
        elif s > 1:
            often = f"{_number(s)} times a week"
        elif s == 0.5:
            often = "once a fortnight"
        elif (1 / s).is_integer():
            often = f"once every {int(1 / s)} weeks"
        else:
            often = f"{_number(s)} sessions a week"
    if minutes is None:
        return often[:1].upper() + often[1:]
    length = f"{minutes} minutes" if minutes != 1 else "1 minute"
    return f"{length}, {often}" if often else f"{length} a session"


def group_label(size: int | None) -> str:
    """'One-to-one' or 'Group of 3'."""
    if size is None:
        return ""
    return "One-to-one" if size == 1 else f"Group of {size}"


def money(amount: Decimal) -> str:
    """£1,250.00"""
    return f"£{amount:,.2f}"


def cost_label(resource: Resource) -> str:
    """'£12.50 a week', '£35.00 one-off', 'No cost to the school'."""
    if resource.cost is None:
        return ""
    if resource.cost.amount == 0:
        return "No cost to the school"
    return f"{money(resource.cost.amount)} {COST_PER[resource.cost.per]}"


def date_range(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{short_date(start)} to {short_date(end)}"
    if start:
        return f"From {short_date(start)}"
    if end:
        return f"Until {short_date(end)}"
    return ""


@dataclass(frozen=True, slots=True)
class Statement:
    """One thing said about or by the pupil, with whose words it is."""

    text: str
    is_pupil_voice: bool = False
    is_quote: bool = False
    attribution: str = ""


def _unquote(text: str) -> str:
    # The document draws its own quotation marks around a quote.
    text = text.strip()
    if len(text) > 1 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def statement(
    value: str | StatementDetail,
    pupil_name: str,
    *,
    said_by: str | None = None,
    how: str | None = None,
    when: date | None = None,
) -> Statement:
    """A statement, attributed: a pupil's own words become a quote in their name."""
    if isinstance(value, StatementDetail):
        text, said_by, how, when = value.text, value.said_by, value.how, value.date
    else:
        text = value
    who = (said_by or "").strip() or None
    is_pupil = who is not None and who.lower() == "pupil"
    if is_pupil:
        who = pupil_name
    is_quote = how == "quoted" or (is_pupil and how is None)
    if how == "interpreted":
        credit = f"what we understood from {who}" if who else "in our words"
    elif how == "observed":
        if is_pupil:
            credit = f"what {pupil_name} showed us"
        else:
            credit = f"noticed by {who}" if who else "what we noticed"
    elif is_pupil:
        credit = f"{pupil_name}’s own words"
    else:
        credit = who or ""
    parts = [p for p in (credit, long_date(when)) if p]
    return Statement(
        text=_unquote(text) if is_quote else text.strip(),
        is_pupil_voice=is_pupil,
        is_quote=is_quote,
        attribution=", ".join(parts),
    )


@dataclass(frozen=True, slots=True)
class Photo:
    """A picture embedded in the document, so that the file stands alone."""

    data_uri: str
    alt: str


@dataclass(frozen=True, slots=True)
class PupilView:
    id: str
    name: str
    full_name: str
    year: str
    key_stage: str
    date_of_birth: str
    upn: str
    sen_status: str
    sen_status_label: str
    needs: list[str]
    setting: str


@dataclass(frozen=True, slots=True)
class SchoolView:
    name: str
    marking: str


def pupil_view(record: Record, today: date) -> PupilView:
    """Who the pupil is, in words."""
    pupil = record.pupil
    group = year_group(pupil, today)
    needs: list[str] = []
    if pupil.needs is not None:
        codes = [pupil.needs.primary] if pupil.needs.primary else []
        codes += [c for c in pupil.needs.secondary if c not in codes]
        needs = [f"{NEEDS[code]} ({code})" for code in codes]
    return PupilView(
        id=pupil.id,
        name=pupil.display_name,
        full_name=pupil.name,
        year=year_label(group),
        key_stage=key_stage(group) or "",
        date_of_birth=long_date(pupil.date_of_birth),
        upn=pupil.upn or "",
        sen_status=pupil.sen_status,
        sen_status_label=SEN_STATUS[pupil.sen_status],
        needs=needs,
        setting=pupil.setting or "",
    )


def school_view(settings: Settings) -> SchoolView:
    return SchoolView(name=settings.school or "", marking=settings.marking)


# --- The one-page profile ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommunicationRow:
    when: str
    i_do: str
    it_means: str
    you_should: str


@dataclass(frozen=True, slots=True)
class ProfileView:
    pupil: PupilView
    provenance: str
    photo: Photo | None
    like_and_admire: list[Statement]
    important_to_me: list[Statement]
    how_to_support_me: list[Statement]
    communication: list[CommunicationRow]

    @property
    def is_empty(self) -> bool:
        return not (self.like_and_admire or self.important_to_me or self.how_to_support_me)


def profile_view(record: Record, today: date, photo: Photo | None = None) -> ProfileView:
    """The one-page profile of a record."""
    pupil = pupil_view(record, today)
    profile = record.profile
    name = pupil.name
    return ProfileView(
        pupil=pupil,
        provenance=(profile.provenance or "").strip(),
        photo=photo,
        like_and_admire=[statement(s, name) for s in profile.like_and_admire],
        important_to_me=[statement(s, name) for s in profile.important_to_me],
        how_to_support_me=[statement(s, name) for s in profile.how_to_support_me],
        communication=[
            CommunicationRow(c.when, c.i_do, c.it_means, c.you_should)
            for c in profile.communication
        ],
    )


# --- The personalised learning plan ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to another part of the plan: 'Goal 2: Tutorial'."""

    anchor: str
    label: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class StepView:
    step: str
    who: str


@dataclass(frozen=True, slots=True)
class AspirationView:
    number: int
    anchor: str
    statement: Statement
    horizon: str
    pfa: str
    where_i_prosper: list[str]
    steps: list[StepView]
    goals: list[Ref]


@dataclass(frozen=True, slots=True)
class ProgressView:
    date: str
    note: str
    by: str
    rating: str


@dataclass(frozen=True, slots=True)
class GoalView:
    number: int
    anchor: str
    label: str
    area: str
    text: str
    aspirations: list[Ref]
    values: list[str]
    success: str
    strategies: list[str]
    rhythm: str
    start: str
    due: str
    status: str
    status_key: str
    achieved_on: str
    progress: list[ProgressView]
    latest_rating: str
    resources: list[Ref]


@dataclass(frozen=True, slots=True)
class AreaView:
    name: str
    goals: list[GoalView]


@dataclass(frozen=True, slots=True)
class ResourceView:
    anchor: str
    text: str
    kind: str
    who: str
    wave: str
    how_often: str
    group: str
    cost: str
    dates: str
    goals: list[Ref]


@dataclass(frozen=True, slots=True)
class RhythmView:
    label: str
    description: str
    goals: list[Ref]


@dataclass(frozen=True, slots=True)
class CircleView:
    name: str
    role: str
    contact: str


@dataclass(frozen=True, slots=True)
class ReviewView:
    date: str
    kind: str
    present: list[str]


@dataclass(frozen=True, slots=True)
class ActionView:
    what: str
    who: str
    by: str
    is_overdue: bool
    goal: Ref | None


@dataclass(frozen=True, slots=True)
class AchievementView:
    date: str
    text: str
    goal: Ref


@dataclass(frozen=True, slots=True)
class PlanView:
    pupil: PupilView
    circle: list[CircleView]
    aspirations: list[AspirationView]
    areas: list[AreaView]
    goals: list[GoalView]
    resources: list[ResourceView]
    rhythms: list[RhythmView]
    plan_review: str
    next_review: str
    annual_review: str
    reviews: list[ReviewView]
    open_actions: list[ActionView]
    achievements: list[AchievementView] = field(default_factory=list)


def _goal_ref(number: int, goal: Goal) -> Ref:
    return Ref(anchor=f"goal-{goal.id}", label=f"Goal {number}: {goal.area}", text=goal.text)


def _aspiration_ref(number: int, aspiration: Aspiration) -> Ref:
    return Ref(
        anchor=f"aspiration-{aspiration.id}",
        label=f"Hope {number}",
        text=_unquote(aspiration.text) if aspiration.said_by else aspiration.text.strip(),
    )


def plan_view(record: Record, today: date) -> PlanView:
    """The personalised learning plan of a record, under the case study's five headings."""
    pupil = pupil_view(record, today)
    name = pupil.name
    goal_refs = {g.id: _goal_ref(n, g) for n, g in enumerate(record.goals, start=1)}
    aspiration_refs = {
        a.id: _aspiration_ref(n, a) for n, a in enumerate(record.aspirations, start=1)
    }
    resource_refs: dict[str, list[Ref]] = {}
    for resource in record.resources:
        for goal_id in resource.goals:
            resource_refs.setdefault(goal_id, []).append(
                Ref(anchor=f"resource-{resource.id}", label=resource.text.strip())
            )

    goals: list[GoalView] = []
    for number, goal in enumerate(record.goals, start=1):
        # Entries logged late (`pcplan log --date` in the past) are shown in date order.
        in_order = sorted(goal.progress, key=lambda p: p.date)
        ratings = [p.rating for p in in_order if p.rating]
        goals.append(
            GoalView(
                number=number,
                anchor=f"goal-{goal.id}",
                label=f"Goal {number}",
                area=goal.area.strip(),
                text=goal.text.strip(),
                aspirations=[aspiration_refs[a] for a in goal.aspirations if a in aspiration_refs],
                values=[VALUES[v] for v in goal.values],
                success=(goal.success or "").strip(),
                strategies=[s.strip() for s in goal.strategies],
                rhythm=dict((k, label) for k, label, _ in RHYTHMS)[goal.review],
                start=long_date(goal.start),
                due=long_date(goal.due),
                status=STATUS[goal.status],
                status_key=goal.status,
                achieved_on=long_date(goal.achieved_on),
                progress=[
                    ProgressView(
                        date=short_date(p.date),
                        note=p.note.strip(),
                        by=(p.by or "").strip(),
                        rating=RATINGS[p.rating] if p.rating else "",
                    )
                    for p in in_order
                ],
                latest_rating=RATINGS[ratings[-1]] if ratings else "",
                resources=resource_refs.get(goal.id, []),
            )
        )

    areas: list[AreaView] = []
    by_area: dict[str, list[GoalView]] = {}
    for goal_view in goals:
        key = goal_view.area.casefold()
        if key not in by_area:
            by_area[key] = []
            areas.append(AreaView(name=goal_view.area, goals=by_area[key]))
        by_area[key].append(goal_view)

    aspirations = [
        AspirationView(
            number=number,
            anchor=f"aspiration-{a.id}",
            statement=statement(a.text, name, said_by=a.said_by, how=a.how),
            horizon=HORIZONS[a.horizon] if a.horizon else "",
            pfa=PFA[a.pfa] if a.pfa else "",
            where_i_prosper=[w.strip() for w in a.where_i_prosper],
            steps=[StepView(s.step.strip(), (s.who or "").strip()) for s in a.steps],
            goals=[goal_refs[g.id] for g in record.goals if a.id in g.aspirations],
        )
        for number, a in enumerate(record.aspirations, start=1)
    ]

    resources = [
        ResourceView(
            anchor=f"resource-{r.id}",
            text=r.text.strip(),
            kind=KINDS[r.kind] if r.kind else "",
            who=(r.who or "").strip(),
            wave=WAVES[r.wave] if r.wave else "",
            how_often=how_often(r.sessions_per_week, r.minutes),
            group=group_label(r.group_size),
            cost=cost_label(r),
            dates=date_range(r.start, r.end),
            goals=[goal_refs[g] for g in r.goals if g in goal_refs],
        )
        for r in record.resources
    ]

    rhythms = [
        RhythmView(
            label=label,
            description=description.format(name=name),
            goals=[goal_refs[g.id] for g in record.goals if g.review == key],
        )
        for key, label, description in RHYTHMS
    ]
    # The annual review is part of the rhythm whether or not a goal names it.
    rhythms = [r for r in rhythms if r.goals or r.label == "Annually"]

    achievements: list[AchievementView] = []
    for goal in record.goals:
        ref = goal_refs[goal.id]
        for p in goal.progress:
            if p.rating == "achieved":
                achievements.append(AchievementView(short_date(p.date), p.note.strip(), ref))
        if goal.status == "achieved":
            achievements.append(
                AchievementView(
                    short_date(goal.achieved_on),
                    f"Achieved the goal: {goal.text.strip()}",
                    ref,
                )
            )

    actions = sorted(
        (action for review in record.reviews for action in review.actions if action.is_open),
        key=lambda action: action.by,
    )
    open_actions = [
        ActionView(
            what=action.what.strip(),
            who=action.who.strip(),
            by=short_date(action.by),
            is_overdue=action.by < today,
            goal=goal_refs.get(action.goal) if action.goal else None,
        )
        for action in actions
    ]

    cadence = record.cadence
    return PlanView(
        pupil=pupil,
        circle=[
            CircleView(m.name.strip(), m.role.strip(), (m.contact or "").strip())
            for m in record.circle
        ],
        aspirations=aspirations,
        areas=areas,
        goals=goals,
        resources=resources,
        rhythms=rhythms,
        plan_review=PLAN_RHYTHMS[cadence.plan_review],
        next_review=long_date(cadence.next_review),
        annual_review=long_date(cadence.annual_review),
        reviews=[
            ReviewView(long_date(r.date), REVIEW_KINDS[r.kind], [p.strip() for p in r.present])
            for r in record.reviews
        ],
        open_actions=open_actions,
        achievements=achievements,
    )


@dataclass(frozen=True, slots=True)
class Link:
    """A link from one document to another."""

    href: str
    label: str


# --- The index ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One pupil on the index page, with links to their documents."""

    name: str
    full_name: str
    year: str
    sen_status_label: str
    profile_href: str
    plan_href: str
    sort_key: tuple[str, str] = ("", "")


@dataclass(frozen=True, slots=True)
class NotRendered:
    """A record that could not be rendered, named by its file only (never its contents)."""

    file: str
    problems: int
