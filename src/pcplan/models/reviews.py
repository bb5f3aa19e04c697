"""What happened at each review meeting."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from pcplan.models.common import (
    MAX_ITEMS,
    IsoDate,
    NoteList,
    RecordModel,
    SharedText,
    Slug,
    StatementList,
    Text,
    TextList,
    empty_list_default,
)
from pcplan.models.plan import Rating

ReviewKind = Literal["termly", "annual", "interim", "transition"]
Recommendation = Literal["maintain", "amend", "cease"]
PERSPECTIVES = ("pupil", "family", "school", "others")


class Perspectives(RecordModel):
    """Entries from each point of view."""

    pupil: NoteList = Field(
        default_factory=list, json_schema_extra=empty_list_default, description="From the pupil."
    )
    family: NoteList = Field(
        default_factory=list, json_schema_extra=empty_list_default, description="From the family."
    )
    school: NoteList = Field(
        default_factory=list, json_schema_extra=empty_list_default, description="From school staff."
    )
    others: NoteList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="From others, e.g. professionals. Each entry is text, or {text, share} "
        "where share: staff keeps it out of the family's and the pupil's versions.",
    )

    def items(self) -> list[tuple[str, list[str | SharedText]]]:
        return [(name, list(getattr(self, name))) for name in PERSPECTIVES]

    def is_empty(self) -> bool:
        return not any(entries for _, entries in self.items())


class GoalReviewed(RecordModel):
    """The outcome of one goal at a review."""

    goal: Slug = Field(description="Id of the goal.")
    rating: Rating | None = Field(
        default=None, description="emerging, developing, secure or achieved."
    )
    note: Text | None = Field(default=None, description="What was said about it.")


class Action(RecordModel):
    """Something agreed at a review: what, who, by when."""

    what: Text = Field(description="What will be done.")
    who: Text = Field(description="Who will do it.")
    by: IsoDate = Field(description="By when (YYYY-MM-DD).")
    done: IsoDate | None = Field(
        default=None, description="When it was done; the action is open until this is set."
    )
    goal: Slug | None = Field(default=None, description="Id of the goal it serves (optional).")

    @property
    def is_open(self) -> bool:
        return self.done is None


class Review(RecordModel):
    """One review meeting."""

    date: IsoDate = Field(description="When the review met (YYYY-MM-DD).")
    kind: ReviewKind = Field(default="termly", description="termly, annual, interim or transition.")
    present: TextList = Field(
        default_factory=list, json_schema_extra=empty_list_default, description="Who was there."
    )
    pupil_voice: StatementList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="What the pupil said.",
    )
    working: Perspectives = Field(
        default=Perspectives(), description="What is working, from each perspective."
    )
    not_working: Perspectives = Field(
        default=Perspectives(), description="What is not working, from each perspective."
    )
    questions: NoteList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Questions to answer: text, or {text, share} where share: staff keeps "
        "it out of the family's and the pupil's versions.",
    )
    goals_reviewed: Annotated[list[GoalReviewed], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="The outcome of each goal at this review.",
    )
    actions: Annotated[list[Action], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="The action plan: what, who, by when; done when finished.",
    )
    invited_on: IsoDate | None = Field(
        default=None,
        description="When the invitations went out (an annual review: at least 2 weeks before).",
    )
    papers_sent: IsoDate | None = Field(
        default=None,
        description="When the papers went to everyone invited (an annual review: at least 2 "
        "weeks before).",
    )
    report_sent: IsoDate | None = Field(
        default=None,
        description="When the report went to the local authority (an annual review: within 2 "
        "weeks after).",
    )
    shared_on: IsoDate | None = Field(
        default=None,
        description="When the record of outcomes and actions went to the pupil and family.",
    )
    recommendation: Recommendation | None = Field(
        default=None,
        description="An annual review's recommendation to the local authority: maintain, amend "
        "or cease the EHC plan.",
    )
    disagreements: TextList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Differences of view recorded at the review.",
    )


ReviewList = Annotated[list[Review], Field(max_length=MAX_ITEMS)]
