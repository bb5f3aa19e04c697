"""Goals, the provision that supports them, and the plan's review cadence."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from pcplan.models.common import (
    MAX_ITEMS,
    MAX_PROGRESS,
    PICTURE_NEEDS_ALT,
    IsoDate,
    NoteList,
    RecordModel,
    Share,
    Slug,
    SlugList,
    Text,
    empty_list_default,
    int_choice,
)

ValueName = Literal["respect", "self-determination", "inclusion", "relationships"]
Rhythm = Literal["daily", "weekly", "half-termly", "termly", "annually"]
GoalStatus = Literal["active", "achieved", "paused", "dropped"]
Rating = Literal["emerging", "developing", "secure", "achieved"]
ResourceKind = Literal[
    "staff", "specialist", "time", "place", "equipment", "funding", "programme", "community"
]
CostPer = Literal["session", "week", "term", "year", "once"]
PlanRhythm = Literal["half-termly", "termly", "annually"]


class Progress(RecordModel):
    """Dated evidence of progress towards a goal."""

    date: IsoDate = Field(description="When (YYYY-MM-DD).")
    note: Text = Field(description="What happened.")
    by: Text | None = Field(default=None, description="Who saw or recorded it.")
    rating: Rating | None = Field(
        default=None, description="emerging, developing, secure or achieved."
    )


class Goal(RecordModel):
    """A manageable step towards the pupil's aspirations, in one area of the curriculum."""

    id: Slug = Field(description="Short id, unique within the record.")
    area: Text = Field(
        description="Subject or curriculum context: 'English', 'Work experience', 'Break time'."
    )
    text: Text = Field(description="The goal.")
    aspirations: SlugList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Ids of the aspirations this goal moves towards.",
    )
    values: Annotated[list[ValueName], Field(max_length=4)] = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="The values it serves: respect, self-determination, inclusion, relationships.",
    )
    success: Text | None = Field(default=None, description="Agreed criteria for success.")
    strategies: NoteList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="How staff and the pupil will work on it: text, or {text, share} where "
        "share: staff keeps it out of the family's and the pupil's versions.",
    )
    review: Rhythm = Field(
        default="termly",
        description="How often progress is reviewed: daily, weekly, half-termly, termly, annually.",
    )
    start: IsoDate | None = Field(default=None, description="When work on it starts.")
    due: IsoDate | None = Field(default=None, description="When it should be achieved by.")
    status: GoalStatus = Field(default="active", description="active, achieved, paused or dropped.")
    achieved_on: IsoDate | None = Field(default=None, description="When it was achieved.")
    progress: Annotated[list[Progress], Field(max_length=MAX_PROGRESS)] = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Dated evidence of progress.",
    )
    easy: Text | None = Field(
        default=None,
        description="The easy-read wording of the goal, used in the pupil's version instead "
        "of 'text': short sentences, one idea per line, no initials.",
    )
    image: Text | None = Field(
        default=None,
        description="A picture for the easy-read version: a path relative to this record "
        "file (.png, .jpg, .gif or .webp). Needs 'alt:'.",
    )
    alt: Text | None = Field(
        default=None,
        description="What the picture shows, in words (required with 'image:').",
    )

    model_config = ConfigDict(json_schema_extra=PICTURE_NEEDS_ALT)


class Cost(RecordModel):
    """What a resource costs, in pounds."""

    amount: Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)] = Field(
        description="Amount in pounds, e.g. 12.50."
    )
    per: CostPer = Field(description="session, week, term, year or once.")


class Resource(RecordModel):
    """Provision that supports the goals: people, time, places, equipment, money, programmes."""

    id: Slug = Field(description="Short id, unique within the record.")
    text: Text = Field(description="What it is.")
    kind: ResourceKind | None = Field(
        default=None,
        description="staff, specialist, time, place, equipment, funding, programme or community.",
    )
    who: Text | None = Field(default=None, description="Who provides it.")
    goals: SlugList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Ids of the goals it supports.",
    )
    wave: int_choice(1, 2, 3) | None = Field(  # type: ignore[valid-type]
        default=None,
        description="1 quality-first teaching, 2 targeted group, 3 individual or specialist.",
    )
    group_size: Annotated[int, Field(ge=1, le=1000)] | None = Field(
        default=None, description="How many pupils share the session."
    )
    sessions_per_week: Annotated[float, Field(gt=0, le=100)] | None = Field(
        default=None, description="Sessions a week."
    )
    minutes: Annotated[int, Field(gt=0, le=1440)] | None = Field(
        default=None, description="Length of one session in minutes."
    )
    start: IsoDate | None = Field(default=None, description="When it starts.")
    end: IsoDate | None = Field(default=None, description="When it ends.")
    cost: Cost | None = Field(default=None, description="What it costs: {amount, per}.")
    share: Share = Field(
        default="all",
        description="Who may see this resource: all (the default) or staff (left out of the "
        "family's and the pupil's versions).",
    )


class Cadence(RecordModel):
    """When the whole plan is reviewed."""

    plan_review: PlanRhythm = Field(
        default="termly",
        description="How often the whole plan is reviewed with pupil and family: half-termly, "
        "termly or annually.",
    )
    annual_review: IsoDate | None = Field(
        default=None, description="Next annual review meeting (expected for an EHC plan)."
    )
    next_review: IsoDate | None = Field(
        default=None, description="Next planned review meeting, if booked."
    )


GoalList = Annotated[list[Goal], Field(max_length=MAX_ITEMS)]
ResourceList = Annotated[list[Resource], Field(max_length=MAX_ITEMS)]
