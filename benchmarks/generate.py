"""Generate a synthetic records repository for benchmarks.

Usage::

    python benchmarks/generate.py N DIR [--seed SEED]

writes ``DIR/pcplan.yaml`` and ``DIR/records/pupil-00001.yaml`` ... ``pupil-NNNNN.yaml``:
N fictional, valid pupil records of about 6-9 KB each, shaped like
``records/celine-m.yaml`` (profile, aspirations, goals with progress, resources,
cadence and reviews with actions). Every reference resolves and ids are unique
within a record. The output depends only on N and the seed.

Standard library only: the YAML is written with plain string formatting, and free
text is quoted with ``json.dumps`` (a JSON string is a valid YAML double-quoted
scalar).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

SCHEMA_LINE = "# yaml-language-server: $schema=../pcplan-record.schema.json"

MIN_BYTES = 6_000
MAX_BYTES = 9_200

# The school year the generated records are set in, and "now" for their history.
SCHOOL_YEAR_START = 2026
HISTORY_START = dt.date(2025, 9, 8)
TODAY = dt.date(2026, 11, 20)

TERMS: tuple[tuple[str, str, str], ...] = (
    ("2025-autumn", "2025-09-03", "2025-12-19"),
    ("2026-spring", "2026-01-05", "2026-03-27"),
    ("2026-summer", "2026-04-13", "2026-07-22"),
    ("2026-autumn", "2026-09-02", "2026-12-18"),
    ("2027-spring", "2027-01-05", "2027-03-26"),
    ("2027-summer", "2027-04-12", "2027-07-21"),
)
TERM_DATES = tuple(
    (dt.date.fromisoformat(start), dt.date.fromisoformat(end)) for _, start, end in TERMS
)
# Goals are set at the start of a half-term.
HALF_TERM_STARTS = tuple(
    dt.date.fromisoformat(day)
    for day in (
        "2025-09-08",
        "2025-11-03",
        "2026-01-05",
        "2026-02-23",
        "2026-04-13",
        "2026-06-01",
        "2026-09-07",
    )
)
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


class Raw(str):
    """A scalar written as it is (ids, enum values, dates, numbers), not quoted."""


Node: TypeAlias = "str | int | list[Node] | dict[str, Node]"


# ---------------------------------------------------------------------------
# Writing YAML
# ---------------------------------------------------------------------------


def scalar(value: str | int) -> str:
    """Format one scalar: raw tokens as they are, free text as a quoted string."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Raw):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def is_scalar(node: Node) -> bool:
    return isinstance(node, str | int)


# Lists whose entries are written on one line each, {key: value, ...}, when short enough:
# teachers write progress logs and review outcomes that way.
FLOW_ENTRIES = frozenset({"progress", "goals_reviewed", "steps"})
FLOW_WIDTH = 110


def flow(node: Node) -> str | None:
    """The one-line flow form of a list or mapping of scalars, or None."""
    if isinstance(node, list) and all(isinstance(v, str | int) for v in node):
        return "[" + ", ".join(scalar(v) for v in node if isinstance(v, str | int)) + "]"
    if isinstance(node, dict) and all(isinstance(v, str | int) for v in node.values()):
        parts = [f"{k}: {scalar(v)}" for k, v in node.items() if isinstance(v, str | int)]
        return "{" + ", ".join(parts) + "}"
    return None


def emit(node: Node, indent: int, lines: list[str], flow_entries: bool = False) -> None:
    """Append the YAML lines for a mapping or a list, block style with short flow parts."""
    pad = " " * indent
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str | int):
                lines.append(f"{pad}{key}: {scalar(value)}")
                continue
            if isinstance(value, dict) and not value:
                lines.append(f"{pad}{key}: {{}}")
                continue
            if isinstance(value, list) or indent > 0:
                one_line = flow(value)
                if one_line is not None and len(pad) + len(key) + len(one_line) < 100:
                    lines.append(f"{pad}{key}: {one_line}")
                    continue
            lines.append(f"{pad}{key}:")
            emit(value, indent + 2, lines, key in FLOW_ENTRIES)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, str | int):
                lines.append(f"{pad}- {scalar(item)}")
                continue
            one_line = flow(item) if flow_entries else None
            if one_line is not None and len(pad) + len(one_line) < FLOW_WIDTH:
                lines.append(f"{pad}- {one_line}")
                continue
            inner: list[str] = []
            emit(item, indent + 2, inner)
            inner[0] = f"{pad}- {inner[0][indent + 2 :]}"
            lines.extend(inner)
    else:
        raise TypeError("emit() takes a mapping or a list")


def to_yaml(record: dict[str, Node], header: list[str]) -> str:
    lines = list(header)
    for key, value in record.items():
        part: dict[str, Node] = {key: value}
        if lines and lines[-1] != "" and not is_scalar(value):
            lines.append("")
        emit(part, 0, lines)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Word pools (all fictional)
# ---------------------------------------------------------------------------

FIRST_NAMES = (
    "Amelia",
    "Oliver",
    "Aisha",
    "Noah",
    "Zofia",
    "Kai",
    "Chloé",
    "Mohammed",
    "Freya",
    "Tomás",
    "Isla",
    "Yusuf",
    "Niamh",
    "Leo",
    "Priya",
    "Jayden",
    "Eilidh",
    "Oskar",
    "Maya",
    "Reuben",
    "Siân",
    "Ibrahim",
    "Lily",
    "Dara",
    "Grace",
    "Kofi",
    "Ana",
    "Harvey",
    "Zara",
    "Łukasz",
    "Ruby",
    "Ezra",
    "Hana",
    "Callum",
    "Bethany",
    "Idris",
)
LAST_NAMES = (
    "Okafor",
    "Smith",
    "Nowak",
    "Patel",
    "Hughes",
    "O'Neill",
    "Khan",
    "Brown",
    "Mensah",
    "Jones",
    "Ferreira",
    "Ali",
    "Walsh",
    "Chen",
    "Taylor",
    "Begum",
    "Müller",
    "Evans",
    "Adeyemi",
    "Clarke",
    "Rossi",
    "Hussain",
    "Murphy",
    "Kowalski",
    "Wright",
    "Ó Súilleabháin",
)
PARENT_NAMES = ("Sarah", "James", "Fatima", "Michael", "Agnieszka", "David", "Yetunde", "Lisa")
STAFF = (
    "Mrs Adeyemi (SENCO)",
    "Mr Hughes",
    "Mrs Begum",
    "Ms Lowe",
    "Mr Osei",
    "Miss Carter",
    "Mr Jessop",
    "Ms Quinn",
    "Mrs Pryce",
    "Ms Fairley",
    "Mr Ndlovu",
    "Miss Shaw",
)
NEEDS = ("SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH")
VALUES = ("respect", "self-determination", "inclusion", "relationships")
RATINGS = ("emerging", "developing", "secure")

LIKE = (
    "{n} is kind and always notices when someone is on their own.",
    "{n} has a great sense of humour.",
    "{n} works hard, even when something is difficult.",
    "{n} is brilliant with animals.",
    "{n} is a loyal friend.",
    "{n} is creative and loves making things.",
    "{n} is honest and says what they think, politely.",
    "{n} remembers everyone's birthday.",
)
IMPORTANT = (
    "My family and my pets.",
    "Football on Saturdays.",
    "Knowing what is happening next in the day.",
    "Having a quiet place to go at lunchtime.",
    "My friends in my class.",
    "Drawing and music.",
    "Going to my grandparents' house at the weekend.",
    "Being trusted to do jobs on my own.",
)
SUPPORT = (
    "Tell me about changes to the day as early as you can.",
    "Give me time to answer; count to ten in your head.",
    "Show me as well as telling me.",
    "Talk to me on my own if something has gone wrong, not in front of the class.",
    "Let me have a movement break when I start fidgeting.",
    "Check I have understood by asking me to tell you what to do.",
    "Sit me near the front, away from the door.",
)
COMMUNICATION = (
    ("I'm worried", "I go quiet and look down", "I need a moment", "Give me time and a quiet word"),
    (
        "I'm excited",
        "I talk very fast",
        "I want to share something",
        "Listen, then help me slow down",
    ),
    ("It's too noisy", "I cover my ears", "The noise is too much", "Offer me somewhere quieter"),
)
ASPIRATIONS = (
    ("I want to work with animals, maybe at a farm or a vet's.", "employment"),
    ("I'd like a job in a café and learn to make proper coffee.", "employment"),
    ("I want to be a mechanic like my uncle.", "employment"),
    ("I want to live in my own flat one day.", "independent-living"),
    ("I want to get the bus into town on my own.", "independent-living"),
    ("I'd like to cook a meal for my family.", "independent-living"),
    ("I want to join a football team outside school.", "community"),
    ("I'd like to help at the community garden.", "community"),
    ("I want to sing in a choir.", "community"),
    ("I want to be fit and keep playing sport.", "health"),
    ("I'd like to sleep better and feel less tired.", "health"),
    ("I want to go to college with my friends.", "employment"),
)
HORIZONS = ("this-year", "next-year", "post-16", "adulthood")
PROSPER = (
    "Small groups with people I know",
    "Outdoors",
    "Practical, hands-on lessons",
    "Quiet rooms",
    "The library",
    "With animals",
    "On the sports field",
)
STEPS = (
    ("Visit a place where people do this job", "Form tutor"),
    ("Talk to the careers adviser", "{n} and the careers adviser"),
    ("Practise at home at the weekend", "{n} and family"),
    ("Find a club that meets near home", "Family"),
    ("Try a taster session", "SENCO"),
)
# (area, goal text, success criterion, strategies)
GOALS = (
    (
        "English",
        "Read my own writing aloud to a small group.",
        "{n} reads a piece of their own writing to a group of four, once a week, for four weeks.",
        ("Practise with a partner first.", "{n} chooses the piece."),
    ),
    (
        "English",
        "Write a paragraph of five sentences using full stops and capitals.",
        "Three pieces in a row with full stops and capital letters in the right places.",
        ("Sentence checklist on the desk.", "Model one sentence together first."),
    ),
    (
        "Maths",
        "Work out change from £10 when buying two or three items.",
        "{n} works out the right change on four out of five shopping tasks.",
        ("Real coins and a class shop.", "Weekly shopping trip with a TA."),
    ),
    (
        "Maths",
        "Tell the time to five minutes on an analogue clock.",
        "Nine out of ten clock questions right, two weeks running.",
        ("Clock in the classroom labelled in five-minute steps.",),
    ),
    (
        "Break time",
        "Join in a game with two other children.",
        "{n} joins a game with two others at three break times a week for a month.",
        ("Playground buddies.", "An adult starts the game, then steps back."),
    ),
    (
        "Lunchtime",
        "Choose my lunch and carry my tray to a table on my own.",
        "Every day for two weeks without an adult's help.",
        ("Picture menu.", "Practise when the hall is quiet."),
    ),
    (
        "Clubs",
        "Go to an after-school club every week.",
        "{n} goes to the club for a whole half-term.",
        ("Visit the club with a friend first.",),
    ),
    (
        "Assemblies",
        "Stay in assembly for the whole time.",
        "{n} stays for the whole assembly four times out of five, for a half-term.",
        ("Seat by the door.", "A fidget toy."),
    ),
    (
        "Work experience",
        "Arrive on time for my placement and tell my supervisor when I'm stuck.",
        "On time every day, and asks for help at least once a day, for two weeks.",
        ("A written plan for each day.", "A help card."),
    ),
    (
        "Science",
        "Learn the key words before each new topic.",
        "Eight out of ten on the key-word check for three topics in a row.",
        ("Pre-teaching with a TA.", "Word cards with pictures."),
    ),
    (
        "PE",
        "Take turns and follow the rules in team games.",
        "{n} plays a whole team game without leaving, three lessons in a row.",
        ("Go over the rules before the lesson.",),
    ),
    (
        "Tutorial",
        "Say how I am feeling using my feelings chart.",
        "{n} uses the chart to tell an adult how they feel each morning for three weeks.",
        ("Feelings chart in planner.", "Check-in with tutor at registration."),
    ),
    (
        "Trips",
        "Stay with my group on a school trip.",
        "{n} stays with the group for the whole of the next two trips.",
        ("Visual timetable for the day.", "A named adult for the day."),
    ),
)
PROGRESS = (
    "Managed it with a reminder.",
    "Did it on their own today.",
    "Found it hard today; we tried again after break.",
    "Good week: three times without help.",
    "Needed an adult alongside but joined in.",
    "Chose to do it first.",
    "Very proud of this one.",
    "Not this week: upset after the fire drill.",
)
# Kinds of provision that come in sessions (with a group size, a length and a weekly count).
SESSION_KINDS = frozenset({"staff", "specialist", "time", "programme", "community"})
RESOURCES = (
    ("One-to-one time with a teaching assistant", "staff", "Teaching assistant", 3, 1),
    ("Small-group social skills programme", "programme", "SENCO", 2, 6),
    ("Speech and language therapy visits", "specialist", "NHS therapist", 3, 1),
    ("Quiet room at lunchtime", "place", "Learning support team", 2, 8),
    ("Coloured overlays and a reading ruler", "equipment", "Class teacher", 1, 30),
    ("Travel budget for trips and placements", "funding", "School SEN budget", 3, 1),
    ("Tutor time for one-to-one talks", "time", "Form tutor", 3, 1),
    ("Visits to the local shops and library", "community", "Teaching assistant", 2, 4),
)
WORKING_PUPIL = ("My helper", "Break times", "Art club", "Having a plan for the day")
WORKING_SCHOOL = ("Settles quickly in the morning.", "Much better at asking for help.")
NOT_WORKING = ("Noisy lessons after lunch.", "Homework takes too long.", "Changes of teacher.")
QUESTIONS = (
    "Would a taster day at college help?",
    "Can the timetable give a quieter last lesson?",
    "Who could help with travel to the placement?",
)
ACTIONS = (
    "Share the updated one-page profile with all staff",
    "Arrange a visit to the placement",
    "Order new equipment",
    "Book a meeting with the therapist",
    "Ask the club leader about a taster session",
    "Send home a weekly note about progress",
)


# ---------------------------------------------------------------------------
# Building one record
# ---------------------------------------------------------------------------


@dataclass
class Shape:
    """How many of each part one record has; adjusted to keep the size in range."""

    aspirations: int
    progress: list[int]
    resources: int
    reviews: int
    statements: int = 4

    def shrink(self, rng: random.Random) -> bool:
        """Take away one part, most likely from the part furthest above its minimum.

        False when every part is at its minimum.
        """
        excess = {
            "progress": (max(self.progress) - 3) / 9,
            "goals": (len(self.progress) - 4) / 5,
            "aspirations": (self.aspirations - 3) / 5,
            "resources": (self.resources - 3) / 3,
            "reviews": (self.reviews - 1) / 3,
            "statements": (self.statements - 2) / 4,
        }
        parts = [name for name, share in excess.items() if share > 0]
        if not parts:
            return False
        part = rng.choices(parts, weights=[excess[name] ** 2 for name in parts])[0]
        if part == "progress":
            self.progress[self.progress.index(max(self.progress))] -= 1
        elif part == "goals":
            self.progress.pop()
        elif part == "aspirations":
            self.aspirations -= 1
        elif part == "resources":
            self.resources -= 1
        elif part == "reviews":
            self.reviews -= 1
        else:
            self.statements -= 1
        return True

    def grow(self) -> bool:
        """Add one progress entry (or a review); False when every part is at its maximum."""
        if min(self.progress) < 12:
            self.progress[self.progress.index(min(self.progress))] += 1
        elif self.reviews < 4:
            self.reviews += 1
        else:
            return False
        return True


def upn_for(serial: int, year: int) -> str:
    """A valid unique pupil number: LA 202, establishment 4001, year, serial."""
    # Serials run to 999 a year: larger schools roll over into the next establishment number.
    body = f"202{4001 + serial // 1000:04d}{year % 100:02d}{serial % 1000:03d}"
    total = sum(int(c) * (i + 2) for i, c in enumerate(body))
    return UPN_LETTERS[total % 23] + body


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A date from start to end, moved back to the Friday when it falls at a weekend."""
    day = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))
    if day.weekday() >= 5 and day - dt.timedelta(days=day.weekday() - 4) >= start:
        day -= dt.timedelta(days=day.weekday() - 4)
    return day


def school_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A weekday in term time from start to end (or any date there, if none is found)."""
    day = random_date(rng, start, end)
    for _ in range(20):
        if any(first <= day <= last for first, last in TERM_DATES):
            break
        day = random_date(rng, start, end)
    return day


def d(value: dt.date) -> Raw:
    return Raw(value.isoformat())


def year_label(offset: int) -> str:
    """Year group for an offset from Reception (0 = R)."""
    return "R" if offset == 0 else str(offset)


def build_record(index: int, seed: int, shape: Shape) -> dict[str, Node]:
    """One record; the same index, seed and shape always give the same record."""
    rng = random.Random(f"{seed}:{index}")
    pupil_id = f"pupil-{index:05d}"
    first = rng.choice(FIRST_NAMES)
    name = f"{first} {rng.choice(LAST_NAMES)}"
    status = rng.choices(("E", "K", "N"), weights=(25, 55, 20))[0]
    offset = rng.randint(0, 13)
    born = random_date(
        rng,
        dt.date(SCHOOL_YEAR_START - 5 - offset, 9, 1),
        dt.date(SCHOOL_YEAR_START - 4 - offset, 8, 31),
    )

    pupil: dict[str, Node] = {"id": Raw(pupil_id), "name": name}
    if rng.random() < 0.3:
        pupil["known_as"] = first
    style = rng.random()
    if style < 0.7:
        pupil["date_of_birth"] = d(born)
    if style > 0.4:
        pupil["year_group"] = Raw(year_label(offset))
    if rng.random() < 0.5:
        pupil["upn"] = Raw(upn_for(index, born.year + 5))
    pupil["sen_status"] = Raw(status)
    if status != "N":
        primary, *secondary = rng.sample(NEEDS, rng.randint(1, 3))
        needs: dict[str, Node] = {"primary": Raw(primary)}
        if secondary:
            needs["secondary"] = [Raw(s) for s in secondary]
        pupil["needs"] = needs
    form = "class" if offset <= 6 else "tutor group"
    pupil["setting"] = f"Mainstream, {form} {year_label(offset)}{rng.choice('ABCD')}"

    parent = rng.choice(PARENT_NAMES)
    tutor, assistant = rng.sample(STAFF[1:], 2)
    circle: list[Node] = [
        {"name": f"{parent} {name.split(' ', 1)[1]}", "role": rng.choice(("Mum", "Dad", "Carer"))},
        {"name": tutor, "role": "Form tutor"},
        {"name": assistant, "role": "Teaching assistant"},
        {"name": "Mrs Adeyemi", "role": "SENCO", "contact": "senco@school.example"},
    ]

    def statements(pool: tuple[str, ...], count: int, *, own_words: bool = True) -> list[Node]:
        """Statements from a pool; own_words when the pool is written as the pupil speaking."""
        out: list[Node] = []
        for text in rng.sample(pool, min(count, len(pool))):
            text = text.format(n=first)
            kind = rng.random()
            if kind < 0.4:
                out.append(text)
            elif kind < 0.75 and own_words:
                out.append({"text": text, "said_by": Raw("pupil"), "how": Raw("quoted")})
            else:
                out.append(
                    {
                        "text": text,
                        "said_by": rng.choice(("Mum", "Dad", "Form tutor", "A friend")),
                        "how": Raw(rng.choice(("interpreted", "observed", "quoted"))),
                        "date": d(school_day(rng, HISTORY_START, TODAY)),
                    }
                )
        return out

    profile: dict[str, Node] = {
        "provenance": f"Written with {first} and their family",
        "like_and_admire": statements(LIKE, shape.statements - 1, own_words=False),
        "important_to_me": statements(IMPORTANT, shape.statements),
        "how_to_support_me": statements(SUPPORT, shape.statements),
        "communication": [
            {"when": w, "i_do": i, "it_means": m, "you_should": s}
            for w, i, m, s in rng.sample(COMMUNICATION, rng.randint(1, 2))
        ],
    }

    pfa_age = offset >= 9
    aspirations: list[Node] = []
    aspiration_ids: list[str] = []
    for n, (text, pfa) in enumerate(rng.sample(ASPIRATIONS, shape.aspirations), start=1):
        aid = f"hope-{n}"
        aspiration_ids.append(aid)
        entry: dict[str, Node] = {
            "id": Raw(aid),
            "text": text,
            "said_by": Raw("pupil"),
            "how": Raw("quoted"),
            "horizon": Raw(rng.choice(HORIZONS)),
        }
        if rng.random() < 0.3:
            del entry["said_by"], entry["how"]
        if pfa_age:
            entry["pfa"] = Raw(pfa)
        if rng.random() < 0.6:
            entry["where_i_prosper"] = list(rng.sample(PROSPER, rng.randint(1, 2)))
        if rng.random() < 0.5:
            step, who = rng.choice(STEPS)
            entry["steps"] = [{"step": step, "who": who.format(n=first)}]
        aspirations.append(entry)

    goals: list[Node] = []
    goal_ids: list[str] = []
    goal_starts: dict[str, dt.date] = {}
    for n, ((area, text, success, strategies), count) in enumerate(
        zip(rng.sample(GOALS, len(shape.progress)), shape.progress, strict=True), start=1
    ):
        gid = f"goal-{n}"
        goal_ids.append(gid)
        start = rng.choice(HALF_TERM_STARTS)
        goal_starts[gid] = start
        due = start + dt.timedelta(days=rng.choice((84, 120, 180, 270)))
        roll = rng.random()
        last_day = min(due, TODAY) if roll < 0.15 else TODAY
        dates = sorted(school_day(rng, start, last_day) for _ in range(count))
        goal: dict[str, Node] = {
            "id": Raw(gid),
            "area": area,
            "text": text,
            "aspirations": [Raw(a) for a in rng.sample(aspiration_ids, rng.randint(1, 2))],
            "values": [Raw(v) for v in rng.sample(VALUES, rng.randint(1, 2))],
            "success": success.format(n=first),
            "strategies": [s.format(n=first) for s in strategies],
            "review": Raw(rng.choice(("daily", "weekly", "weekly", "half-termly", "termly"))),
            "start": d(start),
            "due": d(due),
        }
        progress: list[Node] = []
        for position, when in enumerate(dates):
            rating = RATINGS[min(2, position * 3 // max(1, count))]
            progress.append(
                {
                    "date": d(when),
                    "note": rng.choice(PROGRESS),
                    "by": rng.choice(STAFF),
                    "rating": Raw(rating),
                }
            )
            if rng.random() < 0.25:
                entry_by = progress[-1]
                assert isinstance(entry_by, dict)
                del entry_by["by"]
        if roll < 0.15:
            goal["status"] = Raw("achieved")
            goal["achieved_on"] = d(dates[-1])
            last = progress[-1]
            assert isinstance(last, dict)
            last["rating"] = Raw("achieved")
            last["note"] = "Achieved: met the success criteria. Well done!"
        elif roll < 0.2:
            goal["status"] = Raw("paused")
        goal["progress"] = progress
        goals.append(goal)

    resources: list[Node] = []
    for n, (text, kind, who, wave, group) in enumerate(
        rng.sample(RESOURCES, shape.resources), start=1
    ):
        resource: dict[str, Node] = {
            "id": Raw(f"support-{n}"),
            "text": text,
            "kind": Raw(kind),
            "who": who,
            "goals": [Raw(g) for g in rng.sample(goal_ids, rng.randint(1, min(3, len(goal_ids))))],
            "wave": wave,
        }
        if kind in SESSION_KINDS:
            resource["group_size"] = group
            resource["sessions_per_week"] = Raw(rng.choice(("0.5", "1", "2", "3", "5")))
            resource["minutes"] = rng.choice((15, 20, 30, 45, 60))
            per = rng.choice(("session", "week", "term", "year"))
        else:
            per = rng.choice(("term", "year", "once"))
        resource["cost"] = {"amount": Raw(f"{rng.randint(0, 4000) / 100:.2f}"), "per": Raw(per)}
        resources.append(resource)

    review_dates = [
        school_day(rng, dt.date(2025, 10, 1), dt.date(2026, 11, 6)) for _ in range(shape.reviews)
    ]
    cadence: dict[str, Node] = {}
    annual: dt.date | None = None
    if status == "E":
        # The last annual review, and the next one within a year of it, still to come.
        annual = school_day(rng, dt.date(2026, 1, 12), dt.date(2026, 7, 10))
        review_dates[0] = annual
        next_annual = annual + dt.timedelta(days=rng.randint(336, 364))
        cadence["plan_review"] = Raw("termly")
        cadence["annual_review"] = d(
            school_day(rng, next_annual - dt.timedelta(days=14), next_annual)
        )
    else:
        cadence["plan_review"] = Raw(rng.choice(("termly", "half-termly")))
    if rng.random() < 0.5:
        cadence["next_review"] = d(school_day(rng, dt.date(2026, 11, 25), dt.date(2027, 3, 20)))

    reviews: list[Node] = []
    for when in sorted(review_dates):
        kind = "annual" if when == annual else rng.choice(("termly", "termly", "interim"))
        # A review only looks at goals that had started by then.
        started = [g for g in goal_ids if goal_starts[g] <= when]
        actions: list[Node] = []
        for what in rng.sample(ACTIONS, rng.randint(1, 3)):
            by = school_day(rng, when + dt.timedelta(days=7), when + dt.timedelta(days=60))
            action: dict[str, Node] = {"what": what, "who": rng.choice(STAFF), "by": d(by)}
            if by < TODAY and rng.random() < 0.8:
                action["done"] = d(by - dt.timedelta(days=rng.randint(0, 6)))
            if started and rng.random() < 0.6:
                action["goal"] = Raw(rng.choice(started))
            actions.append(action)
        review: dict[str, Node] = {
            "date": d(when),
            "kind": Raw(kind),
            "present": [first, f"{parent} (parent)", rng.choice(STAFF[1:]), "Mrs Adeyemi (SENCO)"],
            "pupil_voice": statements(IMPORTANT, 1),
            "working": {
                "pupil": [rng.choice(WORKING_PUPIL)],
                "school": [rng.choice(WORKING_SCHOOL)],
            },
            "not_working": {"family": [rng.choice(NOT_WORKING)]},
            "questions": [rng.choice(QUESTIONS)],
        }
        if started:
            review["goals_reviewed"] = [
                {"goal": Raw(g), "rating": Raw(rng.choice(RATINGS))}
                for g in rng.sample(started, rng.randint(1, min(3, len(started))))
            ]
        review["actions"] = actions
        reviews.append(review)

    return {
        "schema_version": 1,
        "pupil": pupil,
        "circle": circle,
        "profile": profile,
        "aspirations": aspirations,
        "goals": goals,
        "resources": resources,
        "cadence": cadence,
        "reviews": reviews,
    }


def render_record(index: int, seed: int) -> str:
    """The text of one record, with its parts trimmed or grown to land near a target size."""
    rng = random.Random(f"shape:{seed}:{index}")
    shape = Shape(
        aspirations=rng.randint(3, 8),
        progress=[rng.randint(3, 12) for _ in range(rng.randint(4, 9))],
        resources=rng.randint(3, 6),
        reviews=rng.randint(1, 4),
    )
    target = rng.randint(MIN_BYTES + 300, MAX_BYTES - 300)
    header = [SCHEMA_LINE, f"# Synthetic benchmark record {index}; not a real pupil."]
    text = ""
    for _ in range(100):
        text = to_yaml(build_record(index, seed, shape), header)
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES or size > target + 400:
            # One part is worth roughly 150-600 bytes: take several at once when far over.
            if not any([shape.shrink(rng) for _ in range(max(1, (size - target) // 400))]):
                break
        elif size < MIN_BYTES:
            if not shape.grow():
                break
        else:
            break
    return text


def settings_text() -> str:
    lines = [
        "# Synthetic records repository for pcplan benchmarks (fictional pupils).",
        f"school: {json.dumps('Brookfield Community School (benchmark)')}",
        "marking: OFFICIAL-SENSITIVE",
        "terms:",
    ]
    for name, start, end in TERMS:
        lines += [f"  - name: {name}", f"    start: {start}", f"    end: {end}"]
    return "\n".join(lines) + "\n"


def write_repository(count: int, root: Path, seed: int) -> None:
    """Write pcplan.yaml and ``count`` records under ``root``."""
    records = root / "records"
    records.mkdir(parents=True, exist_ok=True)
    (root / "pcplan.yaml").write_text(settings_text(), encoding="utf-8", newline="\n")
    for index in range(1, count + 1):
        path = records / f"pupil-{index:05d}.yaml"
        path.write_text(render_record(index, seed), encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write N synthetic pupil records into DIR.")
    parser.add_argument("count", type=int, metavar="N", help="how many records to write")
    parser.add_argument("directory", type=Path, metavar="DIR", help="the repository to write")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    args = parser.parse_args(argv)
    if args.count < 0 or args.count > 99_999:
        parser.error("N must be between 0 and 99999")
    write_repository(args.count, args.directory, args.seed)
    print(f"wrote {args.count} records to {args.directory / 'records'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
