"""View models: a record prepared for reading, so that templates only lay it out.

Everything a document says in words (dates, year groups, need codes, how often a
resource runs, what it costs, whose words a statement is) is worked out here, in plain
British English, from a record, the school settings and the date of the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, TypeVar

from pcplan.models.common import SharedText, StatementDetail, for_staff_only, note_text
from pcplan.models.plan import Goal, Resource
from pcplan.models.profile import Aspiration
from pcplan.models.record import Record
from pcplan.render.pages import SchoolView as SchoolView
from pcplan.render.wording import (
    EARLY_YEARS,
    KINDS_EASY,
    RATINGS_EASY,
    RHYTHMS_EASY,
    STATUS_EASY,
    GlossaryEntry,
    glossary,
    pronouns,
)
from pcplan.schoolyear import (
    MONTHS,
    key_stage,
    long_date,
    year_group,
    year_label,
    year_number,
)
from pcplan.vocabulary import HORIZONS, NEEDS, PFA, RESOURCE_KINDS, SEN_STATUS, VALUES, WAVES

Audience = Literal["staff", "family", "pupil"]
AUDIENCES: tuple[Audience, ...] = ("staff", "family", "pupil")
"""Who a document is for: staff (everything), the family (no costs, UPN or staff-only
notes; addressed to them), the pupil (easy read, in the first person)."""
AUDIENCE_LABELS = {"staff": "Staff", "family": "Family", "pupil": "Pupil (easy read)"}
CHAIR_FROM_YEAR = 6
"""From Year 6 a pupil may chair their own review; younger children's views are gathered."""

PicturePath = tuple[str | int, ...]
Pictures = Mapping[PicturePath, "Photo"]
_Item = TypeVar("_Item")

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
_YEARLY_WITHOUT_EHC = "once a year, with {name}, {their} family and school staff"
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
    """One thing said about or by the pupil, with whose words it is.

    ``easy`` is what the pupil's easy-read version shows: the record's easy-read wording,
    else its text; a pupil's quoted words are always shown exactly as said.
    """

    text: str
    is_pupil_voice: bool = False
    is_quote: bool = False
    attribution: str = ""
    easy: str = ""
    easy_attribution: str = ""
    picture: Photo | None = None


def shared(items: Iterable[_Item], audience: Audience) -> list[_Item]:
    """The items an audience may see: the family and the pupil never see ``share: staff``."""
    if audience == "staff":
        return list(items)
    return [item for item in items if not for_staff_only(item)]


def notes(items: Iterable[str | SharedText], audience: Audience) -> list[str]:
    """The words of the notes an audience may see (strategies, review notes)."""
    return [note_text(item).strip() for item in shared(items, audience)]


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
    easy: str | None = None,
    picture: Photo | None = None,
) -> Statement:
    """A statement, attributed: a pupil's own words become a quote in their name."""
    if isinstance(value, StatementDetail):
        text, said_by, how, when = value.text, value.said_by, value.how, value.date
        easy = value.easy
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
    shown = _unquote(text) if is_quote else text.strip()
    return Statement(
        text=shown,
        is_pupil_voice=is_pupil,
        is_quote=is_quote,
        attribution=", ".join(parts),
        # A pupil's own quoted words are never rewritten, whatever `easy` says.
        easy=shown if (is_pupil and is_quote) or not easy else easy.strip(),
        easy_attribution=_easy_credit(who if not is_pupil else None, is_pupil, how, is_quote),
        picture=picture,
    )


def _easy_credit(who: str | None, is_pupil: bool, how: str | None, is_quote: bool) -> str:
    """Whose words, in the first person of the pupil's easy-read version."""
    if is_pupil:
        if how == "interpreted":
            return "What people understood from me"
        if how == "observed":
            return "What I showed people"
        return "I said this"
    if who is None:
        return ""
    if is_quote:
        return f"{who} said this"
    if how == "observed":
        return f"{who} noticed this"
    return f"From {who}"


@dataclass(frozen=True, slots=True)
class Photo:
    """A picture embedded in the document, so that the file stands alone."""

    data_uri: str
    alt: str


@dataclass(frozen=True, slots=True)
class PupilView:
    """Who the pupil is, in words. ``name`` is what documents call them (known-as name,
    else first name); ``them`` and ``their`` are their pronouns, or the name."""

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
    known_as: str = ""
    staff_name: str = ""
    """The name in staff lists: the full name, with the known-as name in brackets where
    it says more than the forename."""
    them: str = ""
    their: str = ""
    and_family: str = ""
    is_early_years: bool = False
    may_chair: bool = False

    @property
    def heading(self) -> str:
        """The name at the top of a staff or family document: the known-as name, else the
        full name (in a sentence, documents use ``name``)."""
        return self.known_as or self.full_name


# Key stages as a family reads them: no initials in the family's or the pupil's copy.
_KEY_STAGES_SPELT_OUT = {
    "EYFS": "Early Years Foundation Stage",
    "KS1": "Key Stage 1",
    "KS2": "Key Stage 2",
    "KS3": "Key Stage 3",
    "KS4": "Key Stage 4",
}


def _key_stage_words(stage: str | None, audience: Audience) -> str:
    if stage is None:
        return ""
    return stage if audience == "staff" else _KEY_STAGES_SPELT_OUT.get(stage, stage)


def pupil_view(record: Record, today: date, audience: Audience = "staff") -> PupilView:
    """Who the pupil is, in words. Only staff see the UPN and the need codes."""
    pupil = record.pupil
    group = year_group(pupil, today)
    needs: list[str] = []
    if pupil.needs is not None:
        codes = [pupil.needs.primary] if pupil.needs.primary else []
        codes += [c for c in pupil.needs.secondary if c not in codes]
        if audience == "staff":
            needs = [f"{NEEDS[code]} ({code})" for code in codes]
        else:
            needs = [NEEDS[code] for code in codes]
    name = pupil.display_name
    words = pronouns(pupil.pronouns, name)
    number = year_number(group)
    return PupilView(
        id=pupil.id,
        name=name,
        full_name=pupil.name,
        year=year_label(group),
        key_stage=_key_stage_words(key_stage(group), audience),
        date_of_birth=long_date(pupil.date_of_birth),
        upn=(pupil.upn or "") if audience == "staff" else "",
        sen_status=pupil.sen_status,
        sen_status_label=SEN_STATUS[pupil.sen_status],
        needs=needs,
        setting=pupil.setting or "",
        known_as=pupil.known_as or "",
        staff_name=pupil.staff_name,
        them=words.object,
        their=words.possessive,
        and_family=(
            f"{name} and {words.possessive} family"
            if words.is_pronoun
            else f"{name} and the family"
        ),
        is_early_years=group in EARLY_YEARS,
        may_chair=number is not None and number >= CHAIR_FROM_YEAR,
    )


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
    audience: Audience = "staff"
    glossary: list[GlossaryEntry] = field(default_factory=list)
    has_pictures: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.like_and_admire or self.important_to_me or self.how_to_support_me)

    @property
    def not_written(self) -> dict[str, str]:
        """What an empty section says, by section: to staff, what to do; to the family,
        what the school will do with them."""
        p = self.pupil
        if self.audience == "family":
            return {
                "like_and_admire": "Not written yet: we will ask you, and the others who "
                f"know {p.name} best, what you like and admire about {p.them}.",
                "important_to_me": f"Not written yet: we will write this with {p.name}, "
                f"in {p.their} own words where possible.",
                "how_to_support_me": f"Not written yet: we will agree this with you and {p.name}.",
            }
        return {
            "like_and_admire": f"Not written yet: ask the people who know {p.name} best "
            "what they like and admire.",
            "important_to_me": f"Not written yet: this is written with {p.name}, in {p.their} "
            "words where possible.",
            "how_to_support_me": f"Not written yet: this is agreed with {p.and_family}.",
        }


def _statements(
    items: Sequence[str | StatementDetail],
    where: PicturePath,
    name: str,
    audience: Audience,
    pictures: Pictures,
) -> list[Statement]:
    return [
        statement(s, name, picture=pictures.get((*where, i)))
        for i, s in enumerate(items)
        if audience == "staff" or not for_staff_only(s)
    ]


def profile_view(
    record: Record,
    today: date,
    photo: Photo | None = None,
    audience: Audience = "staff",
    pictures: Pictures | None = None,
) -> ProfileView:
    """The one-page profile of a record, for ``audience``. ``pictures`` are the easy-read
    pictures of the statements, by their place in the record (the pupil's version only)."""
    pupil = pupil_view(record, today, audience)
    profile = record.profile
    name = pupil.name
    found = pictures or {}
    sections = [
        _statements(getattr(profile, key), ("profile", key), name, audience, found)
        for key in ("like_and_admire", "important_to_me", "how_to_support_me")
    ]
    communication = [
        CommunicationRow(c.when, c.i_do, c.it_means, c.you_should) for c in profile.communication
    ]
    easy_words = [s.easy for section in sections for s in section]
    easy_words += [
        text for row in communication for text in (row.when, row.i_do, row.it_means, row.you_should)
    ]
    return ProfileView(
        pupil=pupil,
        provenance=(profile.provenance or "").strip(),
        photo=photo,
        like_and_admire=sections[0],
        important_to_me=sections[1],
        how_to_support_me=sections[2],
        communication=communication,
        audience=audience,
        glossary=glossary(easy_words) if audience == "pupil" else [],
        has_pictures=any(s.picture for section in sections for s in section),
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
    easy: str = ""
    picture: Photo | None = None
    rhythm_easy: str = ""
    status_easy: str = ""
    latest_rating_easy: str = ""


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
    kind_easy: str = ""


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
    audience: Audience = "staff"
    show_costs: bool = True
    last_review: str = ""
    family_said_on: str = ""
    pupil_said_on: str = ""
    family_working: list[str] = field(default_factory=list)
    family_not_working: list[str] = field(default_factory=list)
    pupil_working: list[str] = field(default_factory=list)
    pupil_not_working: list[str] = field(default_factory=list)
    has_progress: bool = False
    glossary: list[GlossaryEntry] = field(default_factory=list)
    has_pictures: bool = False


def _goal_ref(number: int, goal: Goal) -> Ref:
    return Ref(anchor=f"goal-{goal.id}", label=f"Goal {number}: {goal.area}", text=goal.text)


def _aspiration_ref(number: int, aspiration: Aspiration) -> Ref:
    return Ref(
        anchor=f"aspiration-{aspiration.id}",
        label=f"Hope {number}",
        text=_unquote(aspiration.text) if aspiration.said_by else aspiration.text.strip(),
    )


def _views_at_last_review(
    record: Record, today: date, who: str, audience: Audience
) -> tuple[str, list[str], list[str]]:
    """What ``who`` (family or pupil) said was working and not working at the latest
    review that wrote their view down: its date, and the two lists."""
    for review in reversed([r for r in record.reviews if r.date <= today]):
        working = notes(getattr(review.working, who), audience)
        not_working = notes(getattr(review.not_working, who), audience)
        if working or not_working:
            return long_date(review.date), working, not_working
    return "", [], []


def plan_view(
    record: Record,
    today: date,
    audience: Audience = "staff",
    pictures: Pictures | None = None,
) -> PlanView:
    """The personalised learning plan of a record, under the case study's five headings,
    for ``audience``: the family and the pupil see no costs, waves or staff-only items; the
    pupil's easy-read version also has the pictures and easy-read wording."""
    pupil = pupil_view(record, today, audience)
    name = pupil.name
    found = pictures or {}
    staff = audience == "staff"
    shown_resources = shared(record.resources, audience)
    goal_refs = {g.id: _goal_ref(n, g) for n, g in enumerate(record.goals, start=1)}
    aspiration_refs = {
        a.id: _aspiration_ref(n, a) for n, a in enumerate(record.aspirations, start=1)
    }
    resource_refs: dict[str, list[Ref]] = {}
    for resource in shown_resources:
        for goal_id in resource.goals:
            resource_refs.setdefault(goal_id, []).append(
                Ref(anchor=f"resource-{resource.id}", label=resource.text.strip())
            )

    goals: list[GoalView] = []
    for number, goal in enumerate(record.goals, start=1):
        # Entries logged late (`pcplan log --date` in the past) are shown in date order.
        in_order = sorted(goal.progress, key=lambda p: p.date)
        ratings = [p.rating for p in in_order if p.rating]
        if audience == "pupil" and goal.status == "dropped":
            continue
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
                strategies=notes(goal.strategies, audience),
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
                easy=(goal.easy or goal.text).strip(),
                picture=found.get(("goals", number - 1)),
                rhythm_easy=RHYTHMS_EASY[goal.review],
                status_easy=STATUS_EASY[goal.status],
                latest_rating_easy=RATINGS_EASY[ratings[-1]] if ratings else "",
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
            statement=statement(
                a.text,
                name,
                said_by=a.said_by,
                how=a.how,
                easy=a.easy,
                picture=found.get(("aspirations", number - 1)),
            ),
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
            kind=RESOURCE_KINDS[r.kind] if r.kind else "",
            who=(r.who or "").strip(),
            wave=WAVES[r.wave] if r.wave and staff else "",
            how_often=how_often(r.sessions_per_week, r.minutes),
            group=group_label(r.group_size),
            cost=cost_label(r) if staff else "",
            dates=date_range(r.start, r.end),
            goals=[goal_refs[g] for g in r.goals if g in goal_refs],
            kind_easy=KINDS_EASY[r.kind] if r.kind else "",
        )
        for r in shown_resources
    ]

    is_ehc = record.pupil.sen_status == "E"
    rhythms = [
        RhythmView(
            label=label,
            description=(
                description if key != "annually" or is_ehc else _YEARLY_WITHOUT_EHC
            ).format(name=name, their=pupil.their),
            goals=[goal_refs[g.id] for g in record.goals if g.review == key],
        )
        for key, label, description in RHYTHMS
    ]
    # An EHC plan's annual review is part of the rhythm whether or not a goal names it;
    # without an EHC plan there is no annual review, so the row is there only for a goal.
    rhythms = [r for r in rhythms if r.goals or (r.label == "Annually" and is_ehc)]

    achievements: list[AchievementView] = []
    for goal in record.goals:
        ref = goal_refs[goal.id]
        for p in goal.progress:
            if p.rating == "achieved":
                achievements.append(AchievementView(short_date(p.date), p.note.strip(), ref))
        if goal.status == "achieved":
            done = (
                f"I did it: {(goal.easy or goal.text).strip()}"
                if audience == "pupil"
                else f"Achieved the goal: {goal.text.strip()}"
            )
            achievements.append(AchievementView(short_date(goal.achieved_on), done, ref))

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
    family_date, family_working, family_not_working = _views_at_last_review(
        record, today, "family", audience
    )
    pupil_date, pupil_working, pupil_not_working = _views_at_last_review(
        record, today, "pupil", audience
    )
    held = [r for r in record.reviews if r.date <= today]
    easy_words: list[str] = []
    if audience == "pupil":
        easy_words += [a.statement.easy for a in aspirations]
        easy_words += [w for a in aspirations for w in a.where_i_prosper]
        easy_words += [s.step for a in aspirations for s in a.steps]
        easy_words += [s.who for a in aspirations for s in a.steps]
        easy_words += [g.easy for g in goals] + [g.success for g in goals]
        easy_words += [g.area for g in goals]
        easy_words += [t for g in goals for t in g.strategies]
        easy_words += [t for r in resources for t in (r.text, r.who)]
        easy_words += [a.what for a in open_actions] + [a.who for a in open_actions]
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
        # The annual review is an EHC plan's: never shown for a pupil without one.
        annual_review=long_date(cadence.annual_review) if is_ehc else "",
        reviews=[
            ReviewView(long_date(r.date), REVIEW_KINDS[r.kind], [p.strip() for p in r.present])
            for r in record.reviews
        ],
        open_actions=open_actions,
        achievements=achievements,
        audience=audience,
        show_costs=staff,
        last_review=long_date(held[-1].date) if held else "",
        family_said_on=family_date,
        family_working=family_working,
        family_not_working=family_not_working,
        pupil_said_on=pupil_date,
        pupil_working=pupil_working,
        pupil_not_working=pupil_not_working,
        has_progress=any(g.progress for g in goals),
        glossary=glossary(easy_words) if audience == "pupil" else [],
        has_pictures=any(g.picture for g in goals) or any(a.statement.picture for a in aspirations),
    )


@dataclass(frozen=True, slots=True)
class Link:
    """A link from one document to another."""

    href: str
    label: str


# --- The index ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NeedLabel:
    """A need code and its words (the words as the code's tooltip)."""

    code: str
    words: str


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
    needs: tuple[NeedLabel, ...] = ()
    staff_name: str = ""
    known_as: str = ""
    audiences: list[AudienceLinks] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AudienceLinks:
    """One audience's documents of a pupil, on the index page."""

    audience: str
    label: str
    profile_href: str
    plan_href: str


@dataclass(frozen=True, slots=True)
class NotRendered:
    """A record that could not be rendered, named by its file only (never its contents)."""

    file: str
    problems: int
