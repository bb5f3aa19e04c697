"""The one-page profile and the hopes and dreams."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from pcplan.models.common import (
    MAX_ITEMS,
    PICTURE_NEEDS_ALT,
    RecordModel,
    SaidHow,
    Slug,
    StatementList,
    Text,
    TextList,
    empty_list_default,
)


class CommunicationEntry(RecordModel):
    """One row of a communication chart."""

    when: Text = Field(description="When this happens, e.g. 'When I am asked to read aloud'.")
    i_do: Text = Field(description="What I do.")
    it_means: Text = Field(description="What it usually means.")
    you_should: Text = Field(description="What you should do.")


class Profile(RecordModel):
    """The one-page profile: what people like and admire, what matters, how to support."""

    provenance: Text | None = Field(
        default=None,
        description="Whose words these are, e.g. 'Written with Celine and her mum'.",
    )
    photo: Text | None = Field(
        default=None,
        description="A picture for the profile: a path relative to this record file.",
    )
    like_and_admire: StatementList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="What people like and admire about me.",
    )
    important_to_me: StatementList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="What is important to me.",
    )
    how_to_support_me: StatementList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="How best to support me, to stay healthy and safe and to learn well.",
    )
    communication: Annotated[list[CommunicationEntry], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Optional communication chart.",
    )


Horizon = Literal["this-year", "next-year", "post-16", "adulthood"]
PfaArea = Literal["employment", "independent-living", "community", "health"]


class Step(RecordModel):
    """A step the pupil or others could take towards an aspiration."""

    step: Text = Field(description="The step.")
    who: Text | None = Field(default=None, description="Who will take it or help.")


class Aspiration(RecordModel):
    """A hope or dream, in the pupil's words where possible."""

    id: Slug = Field(description="Short id, referenced by goals.")
    text: Text = Field(description="The hope or dream, in the pupil's words where possible.")
    said_by: Text | None = Field(
        default=None, description="Whose words these are ('pupil' for the pupil's own voice)."
    )
    how: SaidHow | None = Field(default=None, description="quoted, interpreted or observed.")
    horizon: Horizon | None = Field(
        default=None, description="When: this-year, next-year, post-16 or adulthood."
    )
    pfa: PfaArea | None = Field(
        default=None,
        description="Preparing for Adulthood area: employment, independent-living, community "
        "or health.",
    )
    where_i_prosper: TextList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Places, people and settings where the pupil is likely to prosper.",
    )
    steps: Annotated[list[Step], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Steps the pupil and others could take.",
    )
    easy: Text | None = Field(
        default=None,
        description="The easy-read wording, used in the pupil's version instead of 'text'. "
        "A pupil's quoted words are never rewritten.",
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
