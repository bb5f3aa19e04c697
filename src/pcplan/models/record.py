"""The root of a pupil's record, and the school settings in `pcplan.yaml`."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from pcplan.models.common import MAX_ITEMS, IsoDate, RecordModel, Text, empty_list_default
from pcplan.models.plan import Cadence, GoalList, ResourceList
from pcplan.models.profile import Aspiration, Profile
from pcplan.models.pupil import CircleList, Pupil
from pcplan.models.reviews import ReviewList

SCHEMA_VERSION = 1


def _schema_version(value: Any) -> int:
    if str(value).strip() == "1":
        return 1
    raise PydanticCustomError(
        "schema_version",
        "this pcplan reads record format version 1: write 'schema_version: 1'",
    )


SchemaVersion = Annotated[int, PlainValidator(_schema_version), WithJsonSchema({"const": 1})]


class Record(RecordModel):
    """A pupil's person-centred plan: one file in records/."""

    schema_version: SchemaVersion = Field(description="Record format version: 1.")
    pupil: Pupil = Field(description="Who the pupil is.")
    circle: CircleList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="People around the pupil: family, staff, professionals, friends.",
    )
    profile: Profile = Field(default=Profile(), description="The one-page profile.")
    aspirations: Annotated[list[Aspiration], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list, json_schema_extra=empty_list_default, description="Hopes and dreams."
    )
    goals: GoalList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Goals with success criteria, strategies, review rhythm and progress.",
    )
    resources: ResourceList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Provision that supports the goals.",
    )
    cadence: Cadence = Field(default=Cadence(), description="When the whole plan is reviewed.")
    reviews: ReviewList = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="What happened at each review meeting, oldest first.",
    )


TERM_NAME_PATTERN = r"^[0-9]{4}-(autumn|spring|summer)$"


def _term_name(value: Any) -> str:
    import re

    text = str(value).strip()
    if re.match(TERM_NAME_PATTERN, text):
        return text
    raise PydanticCustomError(
        "term_name",
        "a term is named by the year it starts in and its season, e.g. 2026-autumn, "
        "2027-spring, 2027-summer",
    )


TermName = Annotated[
    str,
    PlainValidator(_term_name),
    WithJsonSchema({"type": "string", "pattern": TERM_NAME_PATTERN}),
]


class TermDates(RecordModel):
    """One term's dates."""

    name: TermName = Field(description="e.g. 2026-autumn, 2027-spring, 2027-summer.")
    start: IsoDate = Field(description="First day of term.")
    end: IsoDate = Field(description="Last day of term.")


SeverityName = Literal["error", "warning", "info"]


class CheckSettings(RecordModel):
    """The school's settings for `pcplan check`."""

    disable: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Codes of rules to turn off, e.g. goal-no-values.",
    )
    severity: Annotated[dict[str, SeverityName], Field(max_length=MAX_ITEMS)] = Field(
        default={},
        description="A rule's severity changed by its code, e.g. 'review-not-shared: warning'.",
    )
    transfer_years: (
        Annotated[list[Annotated[int, Field(ge=1, le=14)]], Field(max_length=14)] | None
    ) = Field(
        default=None,
        description="Year groups in which pupils change school (default: 6 and 11).",
    )


class ProvisionSettings(RecordModel):
    """How the provision map works out costs."""

    weeks_per_year: Annotated[Decimal, Field(gt=0, le=53, max_digits=6, decimal_places=2)] = Field(
        default=Decimal(38),
        description="Teaching weeks in a school year, for costing provision (default 38, "
        "which is 190 school days).",
    )


class Settings(RecordModel):
    """School settings: `pcplan.yaml` at the root of the records repository."""

    school: Text | None = Field(default=None, description="School name, printed on documents.")
    marking: Text = Field(
        default="OFFICIAL-SENSITIVE",
        description="Protective marking printed on every document.",
    )
    terms: Annotated[list[TermDates], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Term dates; without them autumn is 1 Sep-31 Dec, spring 1 Jan-31 Mar, "
        "summer 1 Apr-31 Jul.",
    )
    check: CheckSettings = Field(
        default=CheckSettings(),
        description="Settings for 'pcplan check': disable, severity, transfer_years.",
    )
    provision: ProvisionSettings = Field(
        default=ProvisionSettings(), description="How the provision map works out costs."
    )


Season = Literal["autumn", "spring", "summer"]
