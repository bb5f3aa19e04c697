"""Words that depend on who reads a document and on the pupil: pronouns, names, the
age-fitting phrases of the pupil's easy-read version, and its glossary.

Generated wording uses the pupil's pronouns when the record gives them; without them it
uses the pupil's name, never a guessed "they".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pcplan.vocabulary import GLOSSARY

# The pronoun sets pcplan knows how to use: subject, object, possessive.
_KNOWN = {
    "she": ("she", "her", "her"),
    "he": ("he", "him", "his"),
    "they": ("they", "them", "their"),
    "ze": ("ze", "zir", "zir"),
    "xe": ("xe", "xem", "xyr"),
}


@dataclass(frozen=True, slots=True)
class Pronouns:
    """How generated wording refers to the pupil: 'her', 'Alex', 'Alex's'."""

    object: str
    possessive: str
    is_pronoun: bool = False


def pronouns(given: str | None, name: str) -> Pronouns:
    """The pupil's pronouns as given (``she/her``, ``he/him``, ``they/them``...), or the
    name when there are none or they are of a form pcplan cannot inflect safely."""
    by_name = Pronouns(object=name, possessive=possessive(name))
    if not given:
        return by_name
    first = re.split(r"[/,\s]+", given.strip().lower(), maxsplit=1)[0]
    known = _KNOWN.get(first)
    if known is None:
        return by_name
    return Pronouns(object=known[1], possessive=known[2], is_pronoun=True)


def possessive(name: str) -> str:
    """'Alex's', 'James's': the possessive of a name, as British style guides write it."""
    return f"{name}’s"


def first_name(name: str) -> str:
    """The first word of a full name."""
    return name.split()[0] if name.split() else name


EARLY_YEARS = {"N1", "N2", "R", "1", "2"}
"""Year groups (Nursery, Reception and Key Stage 1) that get the largest easy-read type."""

RHYTHMS_EASY = {
    "daily": "every day",
    "weekly": "every week",
    "half-termly": "every half-term",
    "termly": "every term",
    "annually": "once a year",
}
RATINGS_EASY = {
    "emerging": "I am starting to do this",
    "developing": "I am getting better at this",
    "secure": "I can do this most of the time",
    "achieved": "I did it!",
}
STATUS_EASY = {
    "active": "I am working on this",
    "achieved": "I did it!",
    "paused": "We have stopped this for now",
    "dropped": "This is not a goal any more",
}
KINDS_EASY = {
    "staff": "A person who helps me",
    "specialist": "An expert who helps me",
    "time": "Time to help me",
    "place": "A place that helps me",
    "equipment": "Things that help me",
    "funding": "Money for things I need",
    "programme": "A course or programme",
    "community": "Help outside school",
}

_PLAIN_KEYS = sorted(GLOSSARY, key=len, reverse=True)
_GLOSSARY_TERMS = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(k) for k in _PLAIN_KEYS) + r")(?![\w-])"
)
_INITIALS = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*[A-Z](?:s)?(?![\w-])")


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    term: str
    meaning: str


def glossary(texts: Iterable[str]) -> list[GlossaryEntry]:
    """The glossary entries of the initials and words used in ``texts``, once each, in the
    glossary's order."""
    found: set[str] = set()
    for text in texts:
        found.update(_GLOSSARY_TERMS.findall(text))
    return [GlossaryEntry(term, meaning) for term, meaning in GLOSSARY.items() if term in found]


def unexplained_initials(text: str) -> list[str]:
    """Initials in ``text`` (two or more capitals: 'TA', 'SENCO') that the glossary does not
    explain, once each, in order."""
    out: list[str] = []
    for word in _INITIALS.findall(text):
        base = word[:-1] if word.endswith("s") and word[:-1] in GLOSSARY else word
        if base not in GLOSSARY and base not in out and not _is_roman_or_word(base):
            out.append(base)
    return out


def _is_roman_or_word(word: str) -> bool:
    # "I" alone never matches (two capitals needed); "OK" and Roman numerals are words.
    return word in {"OK", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def long_sentences(text: str, limit: int = 15) -> list[int]:
    """The word counts of the sentences (or lines) of ``text`` longer than ``limit`` words."""
    counts = [len(part.split()) for part in _SENTENCE_END.split(text) if part.strip()]
    return [n for n in counts if n > limit]
