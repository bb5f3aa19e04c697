"""The record of a review: what was agreed at a person-centred review, for the family.

After a review the family is given a record of it (SEND Code of Practice 6.65): who was
there; what is working and not working from each point of view; the pupil's own words,
kept as theirs; the questions to answer; how each goal is going; and the actions agreed,
with who does each and by when. This view says all of it in plain words, from one review
entry of a record.

New optional fields of a review (the dates its papers were shared, an annual review's
recommendation) belong here as new fields with defaults, so that the templates and the
Word layout can show them when they are there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pcplan.models import Record, Review
from pcplan.models.reviews import PERSPECTIVES
from pcplan.render.agenda_view import OTHER_VIEWS, PerspectiveView
from pcplan.render.views import (
    REVIEW_KINDS,
    STATUS,
    Audience,
    Photo,
    Pictures,
    PupilView,
    Statement,
    notes,
    pupil_view,
    shared,
    short_date,
    statement,
)
from pcplan.render.wording import GlossaryEntry, glossary
from pcplan.schoolyear import long_date

# How a rating reads to a family.
PLAIN_RATINGS = {
    "emerging": "Just starting",
    "developing": "Getting there",
    "secure": "Doing it most of the time",
    "achieved": "Achieved",
}


@dataclass(frozen=True, slots=True)
class GoalOutcome:
    """How one goal was judged at the review."""

    number: int
    area: str
    text: str
    rating: str
    note: str
    status: str
    # The pupil's easy-read version: the goal's easy-read wording, and its picture.
    easy: str = ""
    picture: Photo | None = None


@dataclass(frozen=True, slots=True)
class AgreedAction:
    """Something agreed at the review: what, who, by when, and whether it is done."""

    what: str
    who: str
    by: str
    done: str
    goal: str


@dataclass(frozen=True, slots=True)
class ReviewRecordView:
    """Everything the record of one review says, in the order a family reads it."""

    pupil: PupilView
    date: str
    iso_date: str
    kind: str
    present: list[str]
    pupil_voice: list[Statement]
    perspectives: list[PerspectiveView]
    questions: list[str]
    goals: list[GoalOutcome]
    actions: list[AgreedAction]
    next_review: str = ""
    other_dates: list[str] = field(default_factory=list)
    audience: Audience = "family"
    glossary: list[GlossaryEntry] = field(default_factory=list)

    @property
    def has_views(self) -> bool:
        return any(p.working or p.not_working for p in self.perspectives)


class NoSuchReview(LookupError):
    """The record has no review on the date asked for, or none at all."""

    def __init__(self, dates: list[date]) -> None:
        super().__init__("no such review")
        self.dates = dates


def choose_review(record: Record, on: date | None) -> Review:
    """The review held on ``on``, or the latest one; NoSuchReview names the dates there are."""
    reviews = sorted(record.reviews, key=lambda r: r.date)
    if on is None:
        if not reviews:
            raise NoSuchReview([])
        return reviews[-1]
    for review in reviews:
        if review.date == on:
            return review
    raise NoSuchReview([r.date for r in reviews])


def review_record_view(
    record: Record,
    review: Review,
    today: date,
    audience: Audience = "family",
    pictures: Pictures | None = None,
) -> ReviewRecordView:
    """The record of ``review``, one of the reviews of ``record``, for ``audience``: the
    family by default, who never see what is marked ``share: staff``. The pupil's own
    copy (easy read) also has each goal's easy-read wording and picture, and the words to
    know."""
    pupil = pupil_view(record, review.date, audience)
    name = pupil.name
    found = pictures or {}
    numbers = {g.id: (n, g) for n, g in enumerate(record.goals, start=1)}
    perspectives = [
        PerspectiveView(
            name if key == "pupil" else OTHER_VIEWS[key],
            notes(getattr(review.working, key), audience),
            notes(getattr(review.not_working, key), audience),
        )
        for key in PERSPECTIVES
    ]
    goals: list[GoalOutcome] = []
    for outcome in review.goals_reviewed:
        number, goal = numbers[outcome.goal]
        goals.append(
            GoalOutcome(
                number=number,
                area=goal.area.strip(),
                text=goal.text.strip(),
                rating=PLAIN_RATINGS[outcome.rating] if outcome.rating else "",
                note=(outcome.note or "").strip(),
                status=STATUS[goal.status],
                easy=(goal.easy or goal.text).strip(),
                picture=found.get(("goals", number - 1)),
            )
        )
    actions = [
        AgreedAction(
            what=action.what.strip(),
            who=action.who.strip(),
            by=short_date(action.by),
            done=short_date(action.done),
            goal=(
                f"Goal {numbers[action.goal][0]}: {numbers[action.goal][1].area.strip()}"
                if action.goal and action.goal in numbers
                else ""
            ),
        )
        for action in review.actions
    ]
    upcoming = record.cadence.next_review
    voice = [statement(s, name) for s in shared(review.pupil_voice, audience)]
    questions = notes(review.questions, audience)
    words: list[str] = []
    if audience == "pupil":
        words += [s.easy for s in voice] + questions + [p.strip() for p in review.present]
        words += [item for p in perspectives for item in (*p.working, *p.not_working)]
        words += [text for g in goals for text in (g.area, g.easy, g.note)]
        words += [text for a in actions for text in (a.what, a.who)]
    return ReviewRecordView(
        pupil=pupil,
        date=long_date(review.date),
        iso_date=review.date.isoformat(),
        kind=REVIEW_KINDS[review.kind],
        present=[p.strip() for p in review.present],
        pupil_voice=voice,
        perspectives=perspectives,
        questions=questions,
        goals=goals,
        actions=actions,
        next_review=long_date(upcoming) if upcoming and upcoming > review.date else "",
        other_dates=[r.date.isoformat() for r in record.reviews if r is not review],
        audience=audience,
        glossary=glossary(words) if audience == "pupil" else [],
    )
