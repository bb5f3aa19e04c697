"""Who the pupil is: `pupil` and `circle`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from pcplan.models.common import (
    MAX_ITEMS,
    IsoDate,
    RecordModel,
    Slug,
    Text,
    empty_list_default,
)

NEED_CODES = (
    "SPLD",
    "MLD",
    "SLD",
    "PMLD",
    "SEMH",
    "SLCN",
    "HI",
    "VI",
    "MSI",
    "PD",
    "ASD",
    "OTH",
    "NSA",
)
NeedCode = Literal[
    "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH", "NSA"
]
SenStatus = Literal["E", "K", "N"]

YEAR_GROUPS = ("N1", "N2", "R", *(str(n) for n in range(1, 15)))


YEAR_GROUP_HINT = "write N1, N2, R or a year from 1 to 14 (e.g. 9), without 'Year'"


def _year_group(value: Any) -> str:
    text = str(value).strip().upper()
    if text in YEAR_GROUPS:
        return text
    raise PydanticCustomError("year_group", YEAR_GROUP_HINT)


YearGroup = Annotated[
    str,
    PlainValidator(_year_group),
    # Listed once for an editor's completion; a quoted number ("9") is accepted too.
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": ["N1", "N2", "R", *range(1, 15)], "errorMessage": YEAR_GROUP_HINT},
                {
                    "type": "string",
                    "pattern": "^(1[0-4]|[1-9])$",
                    "errorMessage": YEAR_GROUP_HINT,
                },
            ],
            "errorMessage": YEAR_GROUP_HINT,
        }
    ),
]

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(upn: str) -> str:
    """The DfE check letter of a 13-character unique pupil number (its first character)."""
    total = 0
    for weight, ch in enumerate(upn[1:13], start=2):
        value = int(ch) if ch.isdigit() else UPN_LETTERS.index(ch)
        total += value * weight
    return UPN_LETTERS[total % 23]


def _upn(value: Any) -> str:
    text = str(value).strip().upper()
    body_ok = (
        len(text) == 13
        and text[0] in UPN_LETTERS
        and text[1:12].isdigit()
        and (text[12].isdigit() or text[12] in UPN_LETTERS)
    )
    if not body_ok:
        raise PydanticCustomError(
            "upn_format",
            "a UPN is 13 characters: a check letter, then 11 digits, then a digit or letter",
        )
    if upn_check_letter(text) != text[0]:
        raise PydanticCustomError(
            "upn_check",
            "this UPN's check letter does not match its digits; copy the UPN again from the "
            "school's management information system",
        )
    return text


Upn = Annotated[
    str,
    PlainValidator(_upn),
    WithJsonSchema({"type": "string", "pattern": "^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$"}),
]


class Needs(RecordModel):
    """The pupil's special educational needs, as Code of Practice need codes."""

    primary: NeedCode | None = Field(
        default=None,
        description="Primary need code (required for E and K): SPLD MLD SLD PMLD SEMH SLCN HI VI "
        "MSI PD ASD OTH NSA.",
    )
    secondary: Annotated[list[NeedCode], Field(max_length=12)] = Field(
        default_factory=list,
        json_schema_extra=empty_list_default,
        description="Any secondary need codes.",
    )


class EhcPlan(RecordModel):
    """The education, health and care plan's details."""

    issued: IsoDate | None = Field(
        default=None, description="When the local authority issued the plan (YYYY-MM-DD)."
    )
    local_authority: Text | None = Field(
        default=None, description="The local authority that maintains the plan."
    )
    case_officer: Text | None = Field(
        default=None, description="The local authority's case officer for the plan."
    )


class Pupil(RecordModel):
    """Who the pupil is."""

    id: Slug = Field(description="Short id; must equal the file name without .yaml.")
    name: Text = Field(description="The pupil's full name.")
    known_as: Text | None = Field(
        default=None,
        description="The name the pupil likes to be called; used in documents.",
    )
    pronouns: Text | None = Field(
        default=None,
        description="The pupil's pronouns: she/her, he/him, they/them, or as the pupil says. "
        "Used in the wording pcplan writes; without them, documents use the name.",
    )
    date_of_birth: IsoDate | None = Field(default=None, description="Date of birth (YYYY-MM-DD).")
    year_group: YearGroup | None = Field(
        default=None,
        description="N1, N2, R or 1-14. When absent, worked out from the date of birth "
        "against 1 September.",
    )
    upn: Upn | None = Field(
        default=None, description="Unique pupil number: 13 characters, check letter first."
    )
    sen_status: SenStatus = Field(
        description="SEN status: E (education, health and care plan), K (SEN support), N (no SEN)."
    )
    needs: Needs | None = Field(
        default=None, description="Need codes; a primary need is required for E and K."
    )
    setting: Text | None = Field(
        default=None, description="Where the pupil learns, e.g. 'Mainstream, tutor group 11B'."
    )
    ehc_plan: EhcPlan | None = Field(
        default=None,
        description="The EHC plan's details (pupils with an EHC plan): issued, local_authority, "
        "case_officer.",
    )

    @property
    def display_name(self) -> str:
        """The name to use in documents: the known-as name, else the first word of the name."""
        return self.known_as or self.name.split()[0]

    @property
    def staff_name(self) -> str:
        """The name in lists for staff: the full name, with the known-as name in brackets
        where it differs from the forename ("Thomas Reid (Tom)", but "Celine Morgan")."""
        words = self.name.split()
        same = (self.name, " ".join(words[:-1]), words[0] if words else "")
        if self.known_as and self.known_as not in same:
            return f"{self.name} ({self.known_as})"
        return self.name


class CircleMember(RecordModel):
    """Someone in the circle of support around the pupil."""

    name: Text = Field(description="Their name.")
    role: Text = Field(description="Who they are to the pupil, e.g. Mum, Form tutor, Friend.")
    contact: Text | None = Field(default=None, description="How to reach them (optional).")


CircleList = Annotated[list[CircleMember], Field(max_length=MAX_ITEMS)]
