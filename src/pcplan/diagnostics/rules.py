"""Checks beyond types: each rule is a function of validated records returning diagnostics.

Rules see only records that passed the schema, so they can trust types; they still point
at the exact line through the record's node tree.
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from pcplan.diagnostics.across import check_across as check_across
from pcplan.diagnostics.core import FUTURE_PROGRESS, Diagnostic
from pcplan.diagnostics.days import valid_days_of
from pcplan.loading.records import LoadedRecord, repository_of
from pcplan.loading.yamlstrict import YamlDocument
from pcplan.models.common import SLUG_PATTERN
from pcplan.models.record import Settings
from pcplan.schoolyear import derived_year_group

SLUG = re.compile(SLUG_PATTERN)
RecordRule = Callable[[LoadedRecord, date], list[Diagnostic]]
MAX_ACTIVE_GOALS = 10
PHOTO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_PHOTO_BYTES = 5 * 1024 * 1024


def _did_you_mean(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def rule_id_matches_file(rec: LoadedRecord, today: date) -> list[Diagnostic]:
    stem = rec.path.stem
    if rec.record.pupil.id == stem:
        return []
    rename = f"rename the file to {rec.record.pupil.id}.yaml"
    if SLUG.match(stem):
        message = f"the id must match the file name: write 'id: {stem[:40]}' or {rename}"
    else:  # the file name could not be an id: only renaming helps
        message = f"the file name is not a pupil id (lower-case letters, digits and '-'): {rename}"
    return [rec.diagnostic(("pupil", "id"), message, "id-mismatch")]


def rule_unique_ids(rec: LoadedRecord, today: date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    sections: list[tuple[str, list[str]]] = [
        ("aspirations", [a.id for a in rec.record.aspirations]),
        ("goals", [g.id for g in rec.record.goals]),
        ("resources", [r.id for r in rec.record.resources]),
    ]
    for section, ids in sections:
        first: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident in first:
                line, _ = rec.position((section, first[ident], "id"))
                out.append(
                    rec.diagnostic(
                        (section, i, "id"),
                        f"the id '{ident}' is already "
                        f"used on line {line}; give each one its own id",
                        "duplicate-id",
                    )
                )
            else:
                first[ident] = i
    return out


def rule_references(rec: LoadedRecord, today: date) -> list[Diagnostic]:
    r = rec.record
    aspirations = {a.id for a in r.aspirations}
    goals = {g.id for g in r.goals}
    out: list[Diagnostic] = []

    def check(path: tuple[str | int, ...], ident: str, known: set[str], what: str) -> None:
        if ident not in known:
            if known:
                hint = (
                    _did_you_mean(ident, known) or f"; the {what}s are: {', '.join(sorted(known))}"
                )
            else:
                hint = f"; this record has no {what}s yet"
            out.append(
                rec.diagnostic(
                    path, f"there is no {what} with the id '{ident}'{hint}", "unknown-reference"
                )
            )

    for gi, goal in enumerate(r.goals):
        for ai, ident in enumerate(goal.aspirations):
            check(("goals", gi, "aspirations", ai), ident, aspirations, "aspiration")
    for ri, resource in enumerate(r.resources):
        for gj, ident in enumerate(resource.goals):
            check(("resources", ri, "goals", gj), ident, goals, "goal")
    for vi, review in enumerate(r.reviews):
        for gi, outcome in enumerate(review.goals_reviewed):
            check(("reviews", vi, "goals_reviewed", gi, "goal"), outcome.goal, goals, "goal")
        for ai, action in enumerate(review.actions):
            if action.goal is not None:
                check(("reviews", vi, "actions", ai, "goal"), action.goal, goals, "goal")
    return out


def rule_needs(rec: LoadedRecord, today: date) -> list[Diagnostic]:
    pupil = rec.record.pupil
    if pupil.sen_status in ("E", "K") and (pupil.needs is None or pupil.needs.primary is None):
        status = "an EHC plan (E)" if pupil.sen_status == "E" else "SEN support (K)"
        where = ("pupil", "needs") if pupil.needs is not None else ("pupil", "sen_status")
        return [
            rec.diagnostic(
                where,
                f"a pupil on {status} needs a primary need: add "
                "'needs:' with 'primary:' and a code such as SLCN, MLD or ASD",
                "missing-primary-need",
            )
        ]
    if pupil.sen_status == "N" and pupil.needs is not None and pupil.needs.primary is not None:
        return [
            rec.diagnostic(
                ("pupil", "needs"),
                "the pupil has no SEN (N) but a primary need is recorded: check sen_status",
                "needs-without-sen",
                severity="warning",
            )
        ]
    return []


def rule_year_group(rec: LoadedRecord, today: date) -> list[Diagnostic]:
    pupil = rec.record.pupil
    if pupil.date_of_birth is None:
        return []
    derived = derived_year_group(pupil.date_of_birth, today)
    if pupil.year_group is None and derived is None:
        return [
            rec.diagnostic(
                ("pupil", "date_of_birth"),
                "this date of birth gives an age "
                "outside nursery to Year 14: check it, or add 'year_group:'",
                "year-group-unknown",
                severity="warning",
            )
        ]
    if pupil.year_group is not None and derived is not None and pupil.year_group != derived:
        return [
            rec.diagnostic(
                ("pupil", "year_group"),
                f"the date of birth puts the pupil in "
                f"year group {derived}; keep this if they are taught out of "
                "their year group",
                "year-group-differs",
                severity="warning",
            )
        ]
    return []


def rule_dates(rec: LoadedRecord, today: date) -> list[Diagnostic]:
    r = rec.record
    out: list[Diagnostic] = []
    for gi, goal in enumerate(r.goals):
        if goal.start and goal.due and goal.due < goal.start:
            out.append(
                rec.diagnostic(
                    ("goals", gi, "due"), "the goal is due before it starts", "date-order"
                )
            )
        if goal.achieved_on and goal.start and goal.achieved_on < goal.start:
            out.append(
                rec.diagnostic(
                    ("goals", gi, "achieved_on"),
                    "the goal was achieved before it started",
                    "date-order",
                )
            )
        if goal.status == "achieved" and goal.achieved_on is None:
            out.append(
                rec.diagnostic(
                    ("goals", gi, "status"),
                    "add 'achieved_on:' with the date it was achieved",
                    "achieved-without-date",
                    severity="warning",
                )
            )
        for pi, entry in enumerate(goal.progress):
            if entry.date > today:
                message, code = FUTURE_PROGRESS
                out.append(
                    rec.diagnostic(
                        ("goals", gi, "progress", pi, "date"), message, code, severity="warning"
                    )
                )
    for ri, resource in enumerate(r.resources):
        if resource.start and resource.end and resource.end < resource.start:
            out.append(
                rec.diagnostic(
                    ("resources", ri, "end"), "the provision ends before it starts", "date-order"
                )
            )
    for vi in range(1, len(r.reviews)):
        if r.reviews[vi].date < r.reviews[vi - 1].date:
            out.append(
                rec.diagnostic(
                    ("reviews", vi, "date"),
                    "reviews are kept oldest first: move this review above the one before it",
                    "review-order",
                )
            )
    return out


def _picture_problem(
    rec: LoadedRecord, where: tuple[str | int, ...], value: str, what: str
) -> list[Diagnostic]:
    relative = Path(value)
    if relative.is_absolute() or ".." in relative.parts:
        return [
            rec.diagnostic(
                where,
                f"{what} must be a path inside the records repository, "
                "relative to this file (e.g. photos/celine.jpg)",
                "photo-path",
            )
        ]
    if relative.suffix.lower() not in PHOTO_SUFFIXES:
        return [
            rec.diagnostic(
                where, f"{what} must be a .png, .jpg, .gif or .webp picture", "photo-type"
            )
        ]
    target = rec.path.parent / relative
    problem = photo_file_problem(target, repository_of(rec.path), what)
    return [rec.diagnostic(where, problem[0], problem[1])] if problem else []


def photo_file_problem(target: Path, root: Path, what: str = "the photo") -> tuple[str, str] | None:
    """Why the picture file at ``target`` (``what``: "the photo", "the picture") cannot be
    used, found without reading it.

    The same reasons stop ``render``, so a record that validates also renders.
    """
    if not Path(os.path.realpath(target)).is_relative_to(os.path.realpath(root)):
        return (
            f"{what} is a link to a file outside the records repository; copy the "
            "picture into the repository instead",
            "photo-path",
        )
    try:
        info = os.stat(target)
    except OSError:
        return "there is no picture at this path (relative to the record file)", "photo-missing"
    if not stat.S_ISREG(info.st_mode):
        return f"{what} is not a regular file", "photo-unreadable"
    if info.st_size > MAX_PHOTO_BYTES:
        return (
            f"{what} is larger than 5 MB: save a smaller copy (a picture in a document "
            "needs about 200 KB)",
            "photo-size",
        )
    return None


def rule_photo(rec: LoadedRecord, today: date) -> list[Diagnostic]:
    """The profile photo, and every easy-read picture: inside the repository, a picture
    file that exists, and (for a picture) words saying what it shows."""
    r = rec.record
    out: list[Diagnostic] = []
    if r.profile.photo is not None:
        out += _picture_problem(rec, ("profile", "photo"), r.profile.photo, "the photo")
    for where, item in _picture_places(rec):
        image = getattr(item, "image", None)
        if image is None:
            continue
        out += _picture_problem(rec, (*where, "image"), image, "the picture")
        if getattr(item, "alt", None) is None:
            out.append(
                rec.diagnostic(
                    (*where, "image"),
                    "a picture needs 'alt:' beside it: a few words saying what it shows, "
                    "for people who cannot see it",
                    "picture-alt",
                    key=True,
                )
            )
    return out


def rule_plan_shape(rec: LoadedRecord, today: date) -> list[Diagnostic]:
    r = rec.record
    out: list[Diagnostic] = []
    active = [g for g in r.goals if g.status == "active"]
    if len(active) > MAX_ACTIVE_GOALS:
        out.append(
            rec.diagnostic(
                ("goals",),
                f"{len(active)} active goals: more than about "
                f"{MAX_ACTIVE_GOALS} usually reads as a list of deficits; "
                "agree the few that matter most",
                "many-goals",
                severity="warning",
                key=True,
            )
        )
    if r.pupil.sen_status == "E" and r.cadence.annual_review is None:
        out.append(
            rec.diagnostic(
                ("pupil", "sen_status"),
                "an EHC plan is reviewed every 12 months: add 'annual_review:' under 'cadence:'",
                "no-annual-review",
                severity="warning",
            )
        )
    if r.pupil.sen_status != "E" and r.cadence.annual_review is not None:
        # Without an EHC plan there is no annual review: the date is never shown, booked
        # or counted, so say so rather than leave it there unused.
        out.append(
            rec.diagnostic(
                ("cadence", "annual_review"),
                "only an EHC plan has an annual review, so this date is not used: remove "
                "'annual_review:', or write 'sen_status: E' if the pupil now has an EHC plan",
                "annual-review-without-ehc",
                severity="warning",
            )
        )
    return out


def _picture_places(rec: LoadedRecord) -> list[tuple[tuple[str | int, ...], object]]:
    """Every statement, hope and goal of a record that may hold an easy-read picture."""
    r = rec.record
    places: list[tuple[tuple[str | int, ...], object]] = []
    for key in ("like_and_admire", "important_to_me", "how_to_support_me"):
        places += [(("profile", key, i), s) for i, s in enumerate(getattr(r.profile, key))]
    places += [(("aspirations", i), a) for i, a in enumerate(r.aspirations)]
    places += [(("goals", i), g) for i, g in enumerate(r.goals)]
    return places


def files_read(rec: LoadedRecord) -> list[Path]:
    """The files other than the record itself that the rules above look at: its photo and
    its easy-read pictures (a path that leaves the repository is refused unread)."""
    values: list[str] = []
    if rec.record.profile.photo is not None:
        values.append(rec.record.profile.photo)
    for _, item in _picture_places(rec):
        image = getattr(item, "image", None)
        if image is not None:
            values.append(image)
    out: list[Path] = []
    for value in values:
        relative = Path(value)
        if not relative.is_absolute() and ".." not in relative.parts:
            out.append(rec.path.parent / relative)
    return out


def valid_days(rec: LoadedRecord, today: date) -> tuple[date, date]:
    """The days around ``today`` on which every rule above gives the same result (see
    :func:`pcplan.diagnostics.days.valid_days_of`). A rule that uses today in another way
    than those must narrow it too."""
    return valid_days_of(rec.document.data if rec.document is not None else None, today)


RECORD_RULES: list[RecordRule] = [
    rule_id_matches_file,
    rule_unique_ids,
    rule_references,
    rule_needs,
    rule_year_group,
    rule_dates,
    rule_photo,
    rule_plan_shape,
]


def check_record(rec: LoadedRecord, today: date) -> list[Diagnostic]:
    """Every single-record rule over one valid record."""
    out: list[Diagnostic] = []
    for rule in RECORD_RULES:
        out.extend(rule(rec, today))
    return out


def check_settings(settings: Settings, document: YamlDocument, display: str) -> list[Diagnostic]:
    """Term dates are in order, do not overlap, and are named by the year they start; the
    rules named under `check:` exist."""
    out: list[Diagnostic] = []

    def at(path: tuple[str | int, ...], message: str, code: str) -> None:
        line, column = document.position(path)
        out.append(Diagnostic(display, line, column, path, message, code))

    seen: dict[str, int] = {}
    for i, term in enumerate(settings.terms):
        if term.name in seen:
            at(("terms", i, "name"), f"the term {term.name} is listed twice", "duplicate-term")
        seen.setdefault(term.name, i)
        if term.end < term.start:
            at(("terms", i, "end"), "the term ends before it starts", "term-inverted")
        if int(term.name[:4]) != term.start.year:
            at(
                ("terms", i, "name"),
                f"a term is named by the year it starts in: this one starts in {term.start.year}",
                "term-year",
            )
    ordered = sorted(enumerate(settings.terms), key=lambda it: it[1].start)
    for (_, a), (j, b) in itertools.pairwise(ordered):
        if b.start <= a.end:
            at(("terms", j, "start"), f"the term {b.name} overlaps {a.name}", "term-overlap")
    _check_section(settings, at)
    return out


def _check_section(
    settings: Settings, at: Callable[[tuple[str | int, ...], str, str], None]
) -> None:
    """Every code named under `check:` in pcplan.yaml is a rule's (with a did-you-mean)."""
    from pcplan.checks.registry import REGISTRY, load_rules, unknown_code_message

    check = settings.check
    if not check.disable and not check.severity:
        return
    load_rules()
    named: list[tuple[tuple[str | int, ...], str]] = [
        (("check", "disable", i), code) for i, code in enumerate(check.disable)
    ]
    named += [(("check", "severity", code), code) for code in check.severity]
    for path, code in named:
        rule = REGISTRY.get(code)
        if rule is None:
            at(path, unknown_code_message(code), "check-setting")
        elif rule.stage == "validate" and rule.severity == "error":
            at(path, f"'{code}' makes a record invalid: it cannot be changed", "check-setting")
