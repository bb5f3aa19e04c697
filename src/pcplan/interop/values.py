"""Reading the values of an MIS export as schools write them.

Each reader takes one cell's text and returns pcplan's value, or raises
:class:`CellProblem` with a message that names the cell's value only when it is short (a
date, a code); a long cell is never repeated back, as it may be free text about a pupil.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from pcplan.models.pupil import UPN_LETTERS, YEAR_GROUPS, upn_check_letter
from pcplan.vocabulary import NEED_WORDS, SEN_STATUS_WORDS, YEAR_WORDS, fold_words

SHOWN = 30
"""Cells up to this long (a name, a date, a code) may be repeated in a message."""


class CellProblem(ValueError):
    """A cell that cannot be read; the message says why, for a teacher."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown(cell: str) -> str:
    """The cell in quotes when it is short and one line, else 'this cell'."""
    text = cell.strip()
    if len(text) <= SHOWN and "\n" not in text and "\r" not in text:
        return f"'{text}'"
    return "this cell"


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")


def read_date(cell: str, today: date) -> date:
    """``DD/MM/YYYY``, ``D/M/YY`` or ISO ``YYYY-MM-DD``.

    A two-digit year is the latest year that is not in the future (pupils are born in the
    past): ``3/4/15`` is 2015 and ``3/4/98`` is 1998.
    """
    text = cell.strip()
    if m := _ISO.match(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.match(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if len(m.group(3)) == 2:
            year += 2000 if 2000 + year <= today.year else 1900
    else:
        raise CellProblem(f"{shown(cell)} is not a date: write DD/MM/YYYY or YYYY-MM-DD")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellProblem(f"{shown(cell)} is not a real date") from None


_YEAR_NUMBER = re.compile(r"^(?:year|yr|y|nc|ncyear)?0*(\d{1,2})$")


def read_year(cell: str) -> str:
    """``R``, ``Reception``, ``Year 9``, ``Y9``, ``9``, ``N1``, ``N2`` as N1, N2, R or 1-14."""
    folded = fold_words(cell)
    if folded in YEAR_WORDS:
        return YEAR_WORDS[folded]
    if (m := _YEAR_NUMBER.match(folded)) and m.group(1).lstrip("0") in YEAR_GROUPS:
        return m.group(1).lstrip("0")
    raise CellProblem(f"{shown(cell)} is not a year group: write R, N1, N2 or a year from 1 to 14")


def read_status(cell: str) -> str:
    """E, K or N, as a code or in words ("EHC Plan", "SEN Support", "Monitoring"); blank is N."""
    folded = fold_words(cell)
    if not folded:
        return "N"
    code = SEN_STATUS_WORDS.get(folded)
    if code is None:
        raise CellProblem(
            f"{shown(cell)} is not an SEN status: write E (EHC plan), K (SEN support) or N"
        )
    return code


def read_need(cell: str) -> str:
    """A need code in any case, or its words ("Autistic Spectrum Disorder" is ASD)."""
    code = NEED_WORDS.get(fold_words(cell))
    if code is None:
        raise CellProblem(
            f"{shown(cell)} is not a need code: use SPLD MLD SLD PMLD SEMH SLCN HI VI MSI PD "
            "ASD OTH NSA"
        )
    return code


def read_needs(cell: str) -> list[str]:
    """One or more need codes in a cell, separated by ';' or ',' ("SEMH; SLCN")."""
    parts = [part for part in re.split(r"[;,/]", cell) if part.strip()]
    if len(parts) > 1 and fold_words(cell) in NEED_WORDS:
        parts = [cell]  # words with a comma in them: "Social, emotional and mental health"
    out: list[str] = []
    for part in parts:
        code = read_need(part)
        if code not in out:
            out.append(code)
    return out


def read_upn(cell: str) -> str:
    """A unique pupil number with a correct check letter (the DfE's algorithm)."""
    text = "".join(cell.split()).upper()
    well_formed = (
        len(text) == 13
        and text[0] in UPN_LETTERS
        and text[1:12].isdigit()
        and (text[12].isdigit() or text[12] in UPN_LETTERS)
    )
    if not well_formed:
        raise CellProblem(
            f"{shown(cell)} is not a UPN: 13 characters, a check letter, 11 digits, "
            "then a digit or letter"
        )
    if upn_check_letter(text) != text[0]:
        raise CellProblem(
            f"{shown(cell)} has the wrong check letter for its digits "
            f"(expected {upn_check_letter(text)}); copy it again from the MIS"
        )
    return text


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _not_text(ch: str) -> bool:
    # Joiners (category Cf) belong in Persian and Indic names; controls and the
    # direction overrides that can disguise text do not.
    category = unicodedata.category(ch)
    return (category.startswith("C") and category != "Cf") or ch in _BIDI_CONTROLS


def read_name(cell: str, what: str) -> str:
    """A name part: one line, spaces tidied, no control characters."""
    text = " ".join(unicodedata.normalize("NFC", cell).split())
    if any(_not_text(ch) for ch in text):
        raise CellProblem(f"the {what} holds characters that are not text")
    if len(text) > 100:
        raise CellProblem(f"the {what} is {len(text)} characters long; a name is at most 100")
    return text
