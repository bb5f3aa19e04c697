"""School terms: the school's own dates from ``pcplan.yaml``, or the defaults.

A term is named by the calendar year it starts in and its season (``2026-autumn``,
``2027-spring``). Without dates in ``pcplan.yaml`` the defaults of record format v1 apply:
autumn 1 September to 31 December, spring 1 January to 31 March, summer 1 April to
31 July.

Every day of the year belongs to exactly one term's *window*: the term itself and the
holiday before it. A review held in the Easter holidays counts for the summer term, one
held in August for the autumn term. Windows are what the review rhythms count in.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from pcplan.errors import PcplanError

if TYPE_CHECKING:
    from pcplan.loading.repo import Repository
    from pcplan.models.record import Settings

Season = Literal["autumn", "spring", "summer"]
SEASONS: tuple[Season, ...] = ("autumn", "spring", "summer")
_DEFAULT_DATES: dict[Season, tuple[tuple[int, int], tuple[int, int]]] = {
    "spring": ((1, 1), (3, 31)),
    "summer": ((4, 1), (7, 31)),
    "autumn": ((9, 1), (12, 31)),
}
_SEASON_ORDER: tuple[Season, ...] = ("spring", "summer", "autumn")  # within a calendar year
_NAME = re.compile(r"^([0-9]{4})-(autumn|spring|summer)$")
# Years a term name may carry: wide enough for any school, narrow enough for `date`.
_FIRST_YEAR, _LAST_YEAR = 1900, 2999
_SEARCH_YEARS = 12  # how far to look for a following term past a long gap in listed dates


class TermDatesError(PcplanError):
    """The term dates in ``pcplan.yaml`` cannot be used (inverted, overlapping, misnamed)."""


class UnknownTerm(PcplanError):
    """A term named on the command line is malformed or has no dates."""


def term_name(year: int, season: Season) -> str:
    """The name of a term: ``2026-autumn``."""
    return f"{year}-{season}"


def parse_term_name(text: str) -> tuple[int, Season] | None:
    """``(2027, "spring")`` for ``2027-spring``; ``None`` when the text is not a term name."""
    match = _NAME.match(text)
    if not match:
        return None
    year = int(match.group(1))
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    season = match.group(2)
    assert season in SEASONS
    return year, season


@dataclass(frozen=True, order=True)
class Term:
    """One term: its first and last days, and its name (``2026-autumn``)."""

    start: date
    end: date
    name: str

    @property
    def year(self) -> int:
        """The calendar year the term starts in (from its name)."""
        return int(self.name[:4])

    @property
    def season(self) -> Season:
        season = self.name[5:]
        assert season in SEASONS
        return season

    @property
    def label(self) -> str:
        """How the term reads as a heading: ``Autumn term 2026``."""
        return f"{self.season.capitalize()} term {self.year}"

    @property
    def phrase(self) -> str:
        """How the term reads inside a sentence: ``autumn term 2026``."""
        return f"{self.season} term {self.year}"

    @property
    def school_year(self) -> str:
        """The school year the term belongs to: ``2026-27``."""
        first = self.year if self.season == "autumn" else self.year - 1
        return f"{first}-{(first + 1) % 100:02d}"

    def contains(self, day: date) -> bool:
        """Whether ``day`` is one of the term's days (holidays before it are not)."""
        return self.start <= day <= self.end

    def halves(self) -> tuple[HalfTerm, ...]:
        """The term split at its midpoint into two half-terms (one, for a one-day term)."""
        length = (self.end - self.start).days
        if length < 1:
            return (HalfTerm(self, 1, self.start, self.end),)
        first_end = self.start + timedelta(days=length // 2)
        return (
            HalfTerm(self, 1, self.start, first_end),
            HalfTerm(self, 2, first_end + timedelta(days=1), self.end),
        )


@dataclass(frozen=True, order=True)
class HalfTerm:
    """The first or second half of a term."""

    term: Term
    number: int
    start: date
    end: date

    @property
    def name(self) -> str:
        return f"{self.term.name}-{self.number}"

    @property
    def label(self) -> str:
        which = "first" if self.number == 1 else "second"
        return f"{which} half of the {self.term.phrase}"


def default_term(year: int, season: Season) -> Term:
    """A term with the default dates of record format v1."""
    (sm, sd), (em, ed) = _DEFAULT_DATES[season]
    return Term(date(year, sm, sd), date(year, em, ed), term_name(year, season))


def check_terms(terms: Sequence[Term]) -> None:
    """Refuse term dates that cannot be used: inverted, overlapping, misnamed or repeated."""
    names: set[str] = set()
    for term in terms:
        if parse_term_name(term.name) is None:
            raise TermDatesError(
                f"'{term.name[:30]}' in pcplan.yaml is not a term name",
                hint="a term is named by the year it starts in and its season, e.g. 2027-spring",
            )
        if term.name in names:
            raise TermDatesError(f"the term {term.name} is listed twice in pcplan.yaml")
        names.add(term.name)
        if term.end < term.start:
            raise TermDatesError(
                f"the term {term.name} in pcplan.yaml ends ({term.end}) before it starts "
                f"({term.start})"
            )
        if term.year != term.start.year:
            raise TermDatesError(
                f"the term {term.name} in pcplan.yaml starts in {term.start.year}: a term is "
                "named by the year it starts in"
            )
    ordered = sorted(terms)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            raise TermDatesError(
                f"the terms {before.name} and {after.name} in pcplan.yaml overlap",
                hint=f"{before.name} ends on {before.end} and {after.name} starts on {after.start}",
            )


@dataclass
class TermCalendar:
    """The school's terms, and the defaults wherever the school has not listed dates.

    Listed terms win. Default terms fill the years the school has not listed, as long as
    they neither overlap a listed term nor share a listed term's name, so that rhythms can
    be counted past the last listed term. A term can be *named* on the command line only
    when it is listed, unless the school lists none at all.
    """

    listed: tuple[Term, ...] = ()
    _by_year: dict[int, tuple[Term, ...]] = field(default_factory=dict, repr=False)
    # Each term's neighbours, found once: every pupil's review rhythm walks the same terms.
    _next: dict[Term, Term] = field(default_factory=dict, repr=False, compare=False)
    _previous: dict[Term, Term] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_terms(self.listed)
        self.listed = tuple(sorted(self.listed))

    @classmethod
    def from_settings(cls, settings: Settings) -> TermCalendar:
        """The calendar of a school's ``pcplan.yaml`` (defaults when it lists no terms)."""
        return cls(tuple(Term(t.start, t.end, t.name) for t in settings.terms))

    @classmethod
    def of_repository(cls, repository: Repository) -> TermCalendar:
        """The school's terms; a ``pcplan.yaml`` with errors is refused rather than guessed."""
        repository.require_sound_settings()
        return cls.from_settings(repository.settings)

    @property
    def uses_defaults(self) -> bool:
        return not self.listed

    def terms_starting_in(self, year: int) -> tuple[Term, ...]:
        """Every term (listed or default) that starts in the calendar year ``year``."""
        cached = self._by_year.get(year)
        if cached is not None:
            return cached
        listed_names = {t.name for t in self.listed}
        terms = [t for t in self.listed if t.start.year == year]
        for season in _SEASON_ORDER:
            if not _FIRST_YEAR <= year <= _LAST_YEAR:
                break
            candidate = default_term(year, season)
            if candidate.name in listed_names:
                continue
            if any(t.start <= candidate.end and candidate.start <= t.end for t in self.listed):
                continue
            terms.append(candidate)
        result = tuple(sorted(terms))
        self._by_year[year] = result
        return result

    def _terms_from_year(self, year: int) -> Iterator[Term]:
        for y in range(year, year + _SEARCH_YEARS + 1):
            yield from self.terms_starting_in(y)

    def window_term(self, day: date) -> Term:
        """The term whose window holds ``day``: the term itself, or the holiday before it."""
        for term in self._terms_from_year(day.year - 1):
            if term.end >= day:
                return term
        raise TermDatesError(f"no term after {day} can be found in pcplan.yaml")  # pragma: no cover

    def next_term(self, term: Term) -> Term:
        """The term after ``term``."""
        found = self._next.get(term)
        if found is None:
            found = self._next[term] = self.window_term(term.end + timedelta(days=1))
        return found

    def previous_term(self, term: Term) -> Term:
        """The term before ``term``."""
        found = self._previous.get(term)
        if found is not None:
            return found
        for candidate in reversed(
            [t for y in range(term.year - 2, term.year + 1) for t in self.terms_starting_in(y)]
        ):
            if candidate.end < term.start:
                self._previous[term] = candidate
                return candidate
        raise TermDatesError(f"no term before {term.name} can be found")  # pragma: no cover

    def window_start(self, term: Term) -> date:
        """The first day of ``term``'s window: the day after the previous term ends."""
        return self.previous_term(term).end + timedelta(days=1)

    def terms_between(self, first: date, last: date) -> list[Term]:
        """The terms whose windows meet the days from ``first`` to ``last``, in order."""
        out: list[Term] = []
        term = self.window_term(first)
        while True:
            out.append(term)
            if term.end >= last:
                return out
            term = self.next_term(term)

    def term_of(self, day: date) -> Term | None:
        """The term ``day`` falls in, or ``None`` in the holidays."""
        term = self.window_term(day)
        return term if term.contains(day) else None

    def half_term_of(self, day: date) -> HalfTerm:
        """The half-term whose window holds ``day`` (holidays count for the half after)."""
        term = self.window_term(day)
        for half in term.halves():
            if day <= half.end:
                return half
        return term.halves()[-1]  # pragma: no cover

    def school_day_on_or_after(self, day: date) -> date:
        """``day`` when it is in a term; in the holidays, the first day of the next term."""
        term = self.window_term(day)
        return day if day >= term.start else term.start

    def next_school_day(self, day: date) -> date:
        """The first weekday in term after ``day`` (Friday to Monday, across holidays)."""
        candidate = day + timedelta(days=1)
        for _ in range(400):
            candidate = self.school_day_on_or_after(candidate)
            if candidate.weekday() < 5:
                return candidate
            candidate += timedelta(days=1)
        return candidate  # pragma: no cover

    def add_term_days(self, day: date, days: int) -> date:
        """The day reached after ``days`` days of term time following ``day``.

        Holidays do not count: three weeks of term and three after the holiday make six.
        """
        remaining = days
        current = day
        while True:
            term = self.window_term(current + timedelta(days=1))
            begin = max(current + timedelta(days=1), term.start)
            available = (term.end - begin).days + 1
            if remaining <= available:
                return begin + timedelta(days=remaining - 1)
            remaining -= available
            current = term.end

    def named(self, name: str) -> Term:
        """The term called ``name``: listed in ``pcplan.yaml``, or a default when none are."""
        parsed = parse_term_name(name)
        if parsed is None:
            raise UnknownTerm(_not_a_term(name))
        year, season = parsed
        if self.uses_defaults:
            return default_term(year, season)
        for term in self.listed:
            if term.name == name:
                return term
        raise UnknownTerm(
            f"pcplan.yaml has no dates for the term {name}",
            hint=(
                f"it lists terms from {self.listed[0].name} to {self.listed[-1].name}; add "
                f"{name} under 'terms:' with its start and end dates"
            ),
        )


TERM_WORDS = ("autumn", "spring", "summer", "current")


# A year and a season in either order, as people write them: 2026-autum, autumn 2026.
_YEAR_AND_SEASON = re.compile(r"(\d{4})[\s_-]*([a-z]+)|([a-z]+)[\s_-]*(\d{4})")


def _not_a_term(text: str) -> str:
    shown = text[:30]
    word = text.strip().lower()
    named = _YEAR_AND_SEASON.fullmatch(word)
    if named:
        year, season = named.group(1) or named.group(4), named.group(2) or named.group(3)
        close = [f"{year}-{s}" for s in difflib.get_close_matches(season, SEASONS, n=1, cutoff=0.6)]
    else:
        close = difflib.get_close_matches(word, TERM_WORDS, n=1, cutoff=0.6)
    suggestion = f" (did you mean '{close[0]}'?)" if close else ""
    return (
        f"'{shown}' is not a term{suggestion}: write autumn, spring or summer (the current or "
        "next term of that name), current, or a term's name such as 2027-spring"
    )


def resolve_term(text: str, calendar: TermCalendar, today: date) -> Term:
    """The term a user means by ``text``.

    ``autumn``, ``spring`` or ``summer`` is the current term of that name when ``today``
    is in it, else the next one; ``current`` is the term under way, or the next one in the
    holidays; ``2027-spring`` names a term exactly. With term dates in ``pcplan.yaml``
    only the terms listed there can be meant.
    """
    word = text.strip().lower()
    if word == "current":
        term = calendar.window_term(today)
    elif word in SEASONS:
        term = calendar.window_term(today)
        while term.season != word:
            term = calendar.next_term(term)
    else:
        return calendar.named(word)
    if calendar.uses_defaults or term in calendar.listed:
        return term
    return calendar.named(term.name)  # raises: the school has not listed this term's dates
