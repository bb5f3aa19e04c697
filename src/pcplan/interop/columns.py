"""Finding the columns of an MIS export by their headers.

Headers are compared ignoring case, spaces and punctuation, so ``Date of Birth``,
``DATE_OF_BIRTH`` and ``date-of-birth`` are one header. The DfE's census names come
first; then the names SIMS, Arbor, Bromcom and ScholarPack use, and those of pcplan's own
register (``pcplan register --format csv``), so its CSV comes back in as no change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pcplan.errors import PcplanError
from pcplan.vocabulary import fold_words

# field -> the headers that name it, the DfE's name first.
HEADERS: dict[str, tuple[str, ...]] = {
    "pupil_id": ("Pupil", "Pupil id", "pcplan id"),
    "upn": ("UPN", "Unique Pupil Number"),
    "forename": ("Forename", "Legal Forename", "First Name", "Given Name"),
    "surname": ("Surname", "Legal Surname", "Last Name", "Family Name"),
    "preferred": ("Preferred Forename", "Preferred Name", "Chosen Name", "Known As"),
    "dob": ("DOB", "Date of Birth", "Birth Date"),
    "year": ("NCyearActual", "Year", "Year Group", "NC Year", "National Curriculum Year"),
    "status": ("SENprovision", "SEN Status", "SEN Provision", "SEN"),
    "primary": ("PrimarySENtype", "Primary Need", "SEN Need 1", "Primary SEN Need"),
    "secondary": (
        "SecondarySENtype",
        "Secondary Need",
        "SEN Need 2",
        "Secondary Needs",
        "Secondary SEN Need",
        "SEN Need 3",
    ),
    "reg_group": ("Reg Group", "Form", "Tutor Group", "Class", "Registration Group"),
}
# What the school calls the group a pupil is registered in, for the record's `setting`.
GROUP_WORDS = {
    "reggroup": "Registration group",
    "registrationgroup": "Registration group",
    "form": "Form",
    "tutorgroup": "Tutor group",
    "class": "Class",
}
REQUIRED = ("forename", "surname")
MANY = frozenset({"secondary"})
"""Fields that may have more than one column (SEN Need 2, SEN Need 3)."""

_BY_HEADER = {fold_words(h): name for name, headers in HEADERS.items() for h in headers}


@dataclass(slots=True)
class Columns:
    """Which column holds which field (by index), and the header it was found under."""

    found: dict[str, list[int]] = field(default_factory=dict)
    headers: tuple[str, ...] = ()

    def one(self, name: str) -> int | None:
        columns = self.found.get(name)
        return columns[0] if columns else None

    def header(self, column: int) -> str:
        return self.headers[column]


def field_of(header: str, mapping: dict[str, str] | None = None) -> str | None:
    """The field a header names (through the school's ``--column`` mapping first)."""
    folded = fold_words(header)
    if mapping and folded in mapping:
        return mapping[folded]
    return _BY_HEADER.get(folded)


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """``--column "Kid's UPN=UPN"`` options as {folded header in the file: field}."""
    out: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise PcplanError(
                f"--column takes HEADER=NAME, e.g. --column \"Kid's UPN=UPN\" (got '{pair[:40]}')"
            )
        name = _BY_HEADER.get(fold_words(target))
        if name is None:
            known = ", ".join(headers[0] for headers in HEADERS.values())
            raise PcplanError(
                f"--column {pair[:40]}: pcplan has no column '{target.strip()[:30]}'",
                hint=f"name one of: {known}",
            )
        out[fold_words(header)] = name
    return out


def header_score(mapping: dict[str, str]) -> Callable[[list[str]], int]:
    """How many headers of a candidate header row pcplan recognises (to pick a separator)."""

    def score(headers: list[str]) -> int:
        return sum(1 for h in headers if field_of(h, mapping) is not None)

    return score


def find_columns(
    headers: tuple[str, ...], display: str, line: int, mapping: dict[str, str]
) -> Columns:
    """The columns of the export; a missing required column is an error naming those found."""
    columns = Columns(headers=headers)
    for index, header in enumerate(headers):
        name = field_of(header, mapping)
        if name is None:
            continue
        if name in columns.found and name not in MANY:
            first = headers[columns.found[name][0]]
            raise PcplanError(
                f"{display}:{line}: the columns '{first[:30]}' and '{header[:30]}' both hold "
                f"the pupil's {name.replace('_', ' ')}; keep one",
                hint="or map one to another name with --column",
            )
        columns.found.setdefault(name, []).append(index)
    missing = [HEADERS[name][0] for name in REQUIRED if name not in columns.found]
    if missing:
        shown = ", ".join(f"'{h[:30]}'" for h in headers if h) or "none"
        raise PcplanError(
            f"{display}:{line}: no {' or '.join(missing)} column; the columns found are: {shown}",
            hint='map a column with --column, e.g. --column "First name=Forename"',
        )
    if "status" not in columns.found:
        shown = ", ".join(f"'{h[:30]}'" for h in headers if h) or "none"
        raise PcplanError(
            f"{display}:{line}: no SENprovision (SEN Status) column; the columns found are: "
            f"{shown}",
            hint='map a column with --column, e.g. --column "SEN=SENprovision"',
        )
    return columns
