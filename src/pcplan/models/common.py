"""Types shared by every part of a record.

Scalars arrive as the text the teacher typed (see :mod:`pcplan.loading.yamlstrict`); these
types turn that text into dates, numbers and codes, and say in plain words what to write
when they cannot.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from pcplan.limits import MAX_ITEMS as MAX_ITEMS
from pcplan.limits import MAX_PROGRESS as MAX_PROGRESS
from pcplan.limits import MAX_TEXT as MAX_TEXT

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def empty_list_default(schema: dict[str, Any]) -> None:
    """The JSON Schema of a list field that defaults to empty says so.

    Such fields take ``default_factory=list``: a default of ``[]`` would be deep-copied for
    every record that leaves the field out, which costs more than making a new list.
    """
    schema["default"] = []


class RecordModel(BaseModel):
    """Base of every part of a record: unknown keys are errors, inputs never echoed."""

    model_config = ConfigDict(
        extra="forbid",
        hide_input_in_errors=True,
        frozen=True,
        populate_by_name=False,
        validate_default=False,
    )

    @model_validator(mode="before")
    @classmethod
    def _empty_means_absent(cls, data: Any) -> Any:
        # `known_as:` with nothing after it means "not given", as a teacher would expect.
        if isinstance(data, dict) and None in data.values():
            return {k: v for k, v in data.items() if v is not None}
        return data


def _slug(value: Any) -> str:
    if isinstance(value, str) and _SLUG.match(value) and len(value) <= 64:
        return value
    raise PydanticCustomError(
        "slug",
        "an id is made of lower-case letters, digits and '-' (no spaces), e.g. 'read-aloud'",
    )


Slug = Annotated[
    str,
    PlainValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": 64}),
]


_DAYS: dict[str, date] = {}
"""The dates already read from text: a record repeats its dates, and so does a school."""


def _iso_date(value: Any) -> date:
    if type(value) is str and (day := _DAYS.get(value)) is not None:
        return day
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _ISO_DATE.match(value)
        if m:
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                if type(value) is str and len(_DAYS) < 50_000:
                    _DAYS[value] = day
                return day
            except ValueError:
                raise PydanticCustomError(
                    "date_not_real",
                    "{value} is not a real date (check the day and month); write it as YYYY-MM-DD",
                    {"value": value},
                ) from None
    raise PydanticCustomError("date_format", DATE_HINT)


# Editors show `errorMessage` (yaml-language-server) and `patternErrorMessage` (VS Code's
# JSON) instead of "String is not a RFC3339 date"; other validators ignore both.
DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2027-03-14"
IsoDate = Annotated[
    date,
    PlainValidator(_iso_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
            "errorMessage": DATE_HINT,
            "patternErrorMessage": DATE_HINT,
        }
    ),
]

# Free text is read as text whatever it looks like, so `0123` or `true` stay as typed; the
# JSON Schema says the same so that editors following YAML 1.2 agree.
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT),
    WithJsonSchema({"type": ["string", "number", "boolean"]}),
]


def int_choice(*allowed: int) -> Any:
    """An integer code typed as text (``wave: 2``) that must be one of ``allowed``."""

    def check(value: Any) -> int:
        text = str(value).strip()
        if text.isdigit() and int(text) in allowed:
            return int(text)
        raise PydanticCustomError(
            "choice",
            "write one of: {allowed}",
            {"allowed": ", ".join(str(a) for a in allowed)},
        )

    return Annotated[
        int,
        PlainValidator(check),
        WithJsonSchema({"enum": list(allowed)}),
    ]


SaidHow = Literal["quoted", "interpreted", "observed"]
Share = Literal["all", "staff"]

# `alt` must come with `image`: said to editors by the schema, and by pcplan's own checks
# (which point at the line).
PICTURE_NEEDS_ALT: dict[str, Any] = {"dependentRequired": {"image": ["alt"]}}


def _share_field(what: str) -> Any:
    return Field(
        default="all",
        description=f"Who may see {what}: all (the default) or staff (left out of the "
        "family's and the pupil's versions).",
    )


def _image_field() -> Any:
    return Field(
        default=None,
        description="A picture for the easy-read version: a path relative to this record "
        "file (.png, .jpg, .gif or .webp). Needs 'alt:'.",
    )


def _alt_field() -> Any:
    return Field(
        default=None,
        description="What the picture shows, in words, for people who cannot see it "
        "(required with 'image:').",
    )


def _easy_field() -> Any:
    return Field(
        default=None,
        description="The easy-read wording, used in the pupil's version instead of 'text': "
        "short sentences, one idea per line, no initials. A pupil's quoted words are never "
        "rewritten.",
    )


class StatementDetail(RecordModel):
    """A statement with whose words it is and how they were gathered."""

    text: Text = Field(description="What was said, written or observed.")
    said_by: Text | None = Field(
        default=None,
        description="Whose words these are: 'pupil' for the pupil's own voice, or a name or role.",
    )
    how: SaidHow | None = Field(
        default=None,
        description="quoted (their exact words), interpreted (what we understood) or observed.",
    )
    date: IsoDate | None = Field(default=None, description="When it was said (YYYY-MM-DD).")
    easy: Text | None = _easy_field()
    image: Text | None = _image_field()
    alt: Text | None = _alt_field()
    share: Share = _share_field("this statement")

    model_config = ConfigDict(json_schema_extra=PICTURE_NEEDS_ALT)

    @property
    def is_pupil_voice(self) -> bool:
        return (self.said_by or "").strip().lower() == "pupil"


def _statement_kind(value: Any) -> str:
    return "statement-detail" if isinstance(value, dict) else "statement-text"


Statement = Annotated[
    Annotated[Text, Tag("statement-text")] | Annotated[StatementDetail, Tag("statement-detail")],
    Discriminator(_statement_kind),
]
"""A plain string, or a mapping {text, said_by, how, date}."""


def statement_text(statement: str | StatementDetail) -> str:
    return statement if isinstance(statement, str) else statement.text


class SharedText(RecordModel):
    """A note with who may see it: for what is not for home."""

    text: Text = Field(description="The words themselves.")
    share: Share = _share_field("this note")


def _note_kind(value: Any) -> str:
    return "note-detail" if isinstance(value, dict) else "note-text"


Note = Annotated[
    Annotated[Text, Tag("note-text")] | Annotated[SharedText, Tag("note-detail")],
    Discriminator(_note_kind),
]
"""A plain string, or a mapping {text, share}."""


def note_text(note: str | SharedText) -> str:
    """The words of a note, however it was written."""
    return note if isinstance(note, str) else note.text


def for_staff_only(item: object) -> bool:
    """Whether an item is marked ``share: staff`` (a plain string never is)."""
    return getattr(item, "share", "all") == "staff"


TextList = Annotated[list[Text], Field(max_length=MAX_ITEMS)]
StatementList = Annotated[list[Statement], Field(max_length=MAX_ITEMS)]
SlugList = Annotated[list[Slug], Field(max_length=MAX_ITEMS)]
NoteList = Annotated[list[Note], Field(max_length=MAX_ITEMS)]
