"""Importing pupils from the school's MIS export, and checking the records against it.

The flow is one way: read the table, read each row's values, match each row to a record
(by pcplan id when the file came from pcplan, then by UPN, then by surname, forename and
date of birth), then compare. What comes out is a plan: new pupils, changes to identity
fields, and records the export does not mention. Nothing is written here; the plan holds
the new text of every file, already checked, for the command to write in one go.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

from pcplan.diagnostics.core import Diagnostic
from pcplan.editing.session import PlannedWrite
from pcplan.errors import InvalidRecordError, PcplanError
from pcplan.interop.columns import GROUP_WORDS, Columns, find_columns, header_score
from pcplan.interop.table import Row, Table, read_table
from pcplan.interop.values import (
    CellProblem,
    read_date,
    read_name,
    read_needs,
    read_status,
    read_upn,
    read_year,
)
from pcplan.loading.records import (
    LoadedRecord,
    display_path,
    map_chunks,
    no_cyclic_gc,
    record_files,
    workers_for,
)
from pcplan.loading.repo import RECORDS_DIR, Repository
from pcplan.schoolyear import derived_year_group
from pcplan.vocabulary import fold_words

NONE = "(none)"


# -- what the export says ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One pupil as the MIS export describes them."""

    line: int
    pupil_id: str | None
    upn: str | None
    forename: str
    surname: str
    preferred: str | None
    date_of_birth: date | None
    year: str | None
    status: str
    primary: str | None
    secondary: tuple[str, ...]
    secondary_shown: int
    """How many secondary needs the export can show for this row."""
    group: str | None
    """The registration group as the record's `setting` words it ("Tutor group 9F")."""
    shows: frozenset[str] = frozenset()
    """The fields the export has columns for."""

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}".strip()


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the export (or in what it would make), at a line of the file."""

    line: int
    column: str
    message: str

    def as_text(self, display: str) -> str:
        where = f"{self.column}: " if self.column else ""
        return f"{display}:{self.line}: {where}{self.message}"


def _cell(row: Row, columns: Columns, name: str) -> str:
    index = columns.one(name)
    return row.cell(index) if index is not None else ""


T = TypeVar("T")


def _read(
    row: Row, columns: Columns, name: str, parse: Callable[[str], T], bad: list[Problem]
) -> T | None:
    """One cell read by ``parse``; a blank cell or a missing column is None."""
    index = columns.one(name)
    if index is None:
        return None
    text = row.cell(index)
    if not text:
        return None
    try:
        return parse(text)
    except CellProblem as exc:
        bad.append(Problem(row.line, columns.header(index), exc.message))
        return None


def _group(row: Row, columns: Columns) -> str | None:
    index = columns.one("reg_group")
    text = " ".join(row.cell(index).split()) if index is not None else ""
    if not text or index is None or len(text) > 40:
        return None
    word = GROUP_WORDS.get(fold_words(columns.header(index)), "Registration group")
    return f"{word} {text}"


def read_rows(table: Table, columns: Columns, today: date) -> tuple[list[ExportRow], list[Problem]]:
    """Every row's values; every unreadable cell as a problem naming line and column."""
    rows: list[ExportRow] = []
    problems: list[Problem] = []
    secondary_columns = columns.found.get("secondary", [])
    for row in table.rows:
        bad: list[Problem] = []
        forename = _read(row, columns, "forename", lambda t: read_name(t, "forename"), bad)
        surname = _read(row, columns, "surname", lambda t: read_name(t, "surname"), bad)
        preferred = _read(row, columns, "preferred", lambda t: read_name(t, "preferred name"), bad)
        born = _read(row, columns, "dob", lambda t: read_date(t, today), bad)
        year = _read(row, columns, "year", read_year, bad)
        status = _read(row, columns, "status", read_status, bad)
        upn = _read(row, columns, "upn", read_upn, bad)
        primary = _read(row, columns, "primary", read_needs, bad) or []
        secondary: list[str] = []
        for column in secondary_columns:
            text = row.cell(column)
            if not text:
                continue
            try:
                secondary += [c for c in read_needs(text) if c not in secondary]
            except CellProblem as exc:
                bad.append(Problem(row.line, columns.header(column), exc.message))
        if not forename and not surname and not bad:
            # One name alone is enough (some pupils have one); neither is a row to fix.
            where = columns.header(columns.found["surname"][0])
            bad.append(Problem(row.line, where, "the forename and surname are blank"))
        if len(primary) > 1:
            bad.append(
                Problem(
                    row.line, columns.header(columns.found["primary"][0]), "give one primary need"
                )
            )
        if bad:
            problems.extend(bad)
            continue
        rows.append(
            ExportRow(
                line=row.line,
                pupil_id=_cell(row, columns, "pupil_id") or None,
                upn=upn,
                forename=forename or "",
                surname=surname or "",
                preferred=preferred,
                date_of_birth=born,
                year=year,
                status=status or "N",
                primary=primary[0] if primary else None,
                secondary=tuple(c for c in secondary if c not in primary[:1]),
                secondary_shown=max(len(secondary_columns), len(secondary)),
                group=_group(row, columns),
                shows=frozenset(columns.found),
            )
        )
    seen: dict[str, int] = {}
    unique: list[ExportRow] = []
    for export_row in rows:
        if export_row.upn is not None and export_row.upn in seen:
            problems.append(
                Problem(
                    export_row.line,
                    columns.header(columns.found["upn"][0]),
                    f"the UPN {export_row.upn} is also on line {seen[export_row.upn]}; "
                    "each pupil has their own",
                )
            )
            continue
        if export_row.upn is not None:
            seen[export_row.upn] = export_row.line
        unique.append(export_row)
    rows = unique
    return rows, problems


# -- what the records say -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identity:
    """The identity fields of one record, as import compares them."""

    path: Path
    display: str
    pupil_id: str
    name: str
    known_as: str | None
    date_of_birth: date | None
    year_group: str | None
    upn: str | None
    status: str
    primary: str | None
    secondary: tuple[str, ...]
    setting: str | None

    def year(self, today: date, born: date | None = None) -> str | None:
        """The effective year group: as recorded, else from the date of birth."""
        if self.year_group is not None:
            return self.year_group
        born = born or self.date_of_birth
        return derived_year_group(born, today) if born else None


def _identity(loaded: LoadedRecord) -> Identity:
    p = loaded.record.pupil
    return Identity(
        loaded.path,
        f"{RECORDS_DIR}/{loaded.path.name}",
        p.id,
        p.name,
        p.known_as,
        p.date_of_birth,
        p.year_group,
        p.upn,
        p.sen_status,
        p.needs.primary if p.needs else None,
        tuple(p.needs.secondary) if p.needs else (),
        p.setting,
    )


@dataclass(frozen=True, slots=True)
class Edited:
    """A record's change for one row, made and checked while the record was loaded."""

    line: int
    write: PlannedWrite | None
    problems: tuple[Problem, ...]
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(slots=True)
class Loaded:
    """What loading the records gives the plan: identities, problems, early edits."""

    identities: list[Identity] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    edits: dict[str, Edited] = field(default_factory=dict)


class _RowIndex:
    """The rows that could match a record, for the edits made while records load."""

    def __init__(self, rows: Sequence[ExportRow]) -> None:
        self.by_id: dict[str, list[ExportRow]] = defaultdict(list)
        self.by_upn: dict[str, list[ExportRow]] = defaultdict(list)
        self.by_name: dict[str, list[ExportRow]] = defaultdict(list)
        for row in rows:
            if row.pupil_id:
                self.by_id[row.pupil_id].append(row)
            if row.upn:
                self.by_upn[row.upn].append(row)
            self.by_name[_name_key(row.name).casefold()].append(row)

    def candidates(self, ident: Identity) -> list[ExportRow]:
        found = [*self.by_id.get(ident.pupil_id, [])]
        if ident.upn:
            found += [r for r in self.by_upn.get(ident.upn, []) if r not in found]
        if found:
            return found
        named = self.by_name.get(_name_key(ident.name).casefold(), [])
        if ident.date_of_birth is None:
            return named
        return [r for r in named if r.date_of_birth == ident.date_of_birth]


def _load_chunk(
    paths: list[Path], today: date, rows: tuple[ExportRow, ...] | None = None
) -> Loaded:
    """Load records; where ``rows`` has the one row for a record, make and check its edit.

    Making the edit here, while the record's text and node tree are at hand (and on every
    core), spares reading and parsing each changed record a second time.
    """
    from pcplan.fileio import FileRefused, read_regular_file
    from pcplan.loading.records import load_record, load_record_bytes, repository_of
    from pcplan.loading.yamlstrict import MAX_FILE_BYTES

    out = Loaded()
    index = _RowIndex(rows) if rows else None
    with no_cyclic_gc():
        for path in paths:
            display = display_path(path)
            try:
                raw = read_regular_file(path, MAX_FILE_BYTES, within=repository_of(path))
            except (FileRefused, OSError):  # load_record says why, as validate does
                loaded, problems = load_record(path, display, today)
            else:
                loaded, problems = load_record_bytes(path, display, raw, today)
            out.errors += [d for d in problems if d.severity == "error"]
            if loaded is None:
                continue
            ident = _identity(loaded)
            out.identities.append(ident)
            candidates = index.candidates(ident) if index is not None else []
            if len(candidates) == 1 and not any(d.severity == "error" for d in problems):
                update = compare(candidates[0], ident, today)
                if update.changes:
                    edited = edit_record(loaded, raw, problems, update, today)
                    out.edits[ident.pupil_id] = edited
    return out


def load_records(repo: Repository, today: date, rows: Sequence[ExportRow] | None = None) -> Loaded:
    """Every record's identity (and early edits, see :func:`_load_chunk`).

    An invalid record stops the import (exit 1): pcplan could not tell whether a row is
    that pupil.
    """
    paths = record_files(repo.records_dir)
    workers = workers_for(len(paths))
    work = partial(_load_chunk, rows=tuple(rows) if rows is not None else None)
    if workers == 1:
        result = work(paths, today)
    else:
        result = Loaded()
        for chunk in map_chunks(work, paths, today, workers):
            result.identities += chunk.identities
            result.errors += chunk.errors
            result.edits.update(chunk.edits)
    if result.errors:
        result.errors.sort(key=Diagnostic.sort_key)
        raise InvalidRecordError(
            "some records are not valid, so pcplan cannot match pupils to them; fix these "
            "first (pcplan validate lists them), then import again",
            result.errors,
        )
    return result


# -- matching and comparing ---------------------------------------------------------------------


def same_name(a: str, b: str) -> bool:
    """Names compared as people read them: spacing and Unicode forms do not matter."""
    return _name_key(a) == _name_key(b)


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def _match_key(name: str, born: date | None) -> tuple[str, date | None]:
    return (_name_key(name).casefold(), born)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One identity field that the export changes: ``pupil: field: old → new``."""

    field: str
    old: str
    new: str


@dataclass(slots=True)
class Update:
    """The changes a row makes to an existing record."""

    identity: Identity
    line: int
    changes: list[FieldChange]
    fields: dict[str, str] = field(default_factory=dict)
    primary: str | None = None
    secondary: tuple[str, ...] | None = None
    write: PlannedWrite | None = None
    """The record's new bytes, once made and checked."""
    warnings: tuple[Diagnostic, ...] = ()
    """Warnings the change brings (an EHC plan without an annual review date, say)."""


@dataclass(slots=True)
class NewPupil:
    """A row that matches no record: a new record will be written."""

    row: ExportRow
    pupil_id: str
    wanted_id: str
    """The id the name gives; differs from ``pupil_id`` when another pupil has it."""
    write: PlannedWrite | None = None
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class CensusDifference:
    """A difference the school census would notice between the export and a record.

    ``field`` is empty for a pupil on the export's SEN register who has no record at all
    (``pupil`` is then the name in the export).
    """

    line: int
    pupil_id: str
    field: str
    record: str
    export: str


@dataclass(slots=True)
class ImportPlan:
    """Everything an import would do, checked, before any file is written."""

    display: str
    rows: int = 0
    new: list[NewPupil] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    not_in_export: list[Identity] = field(default_factory=list)
    census: list[CensusDifference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> list[Update]:
        return [u for u in self.updates if u.changes]


def _shown(codes: Sequence[str]) -> str:
    return ", ".join(codes) if codes else NONE


def compare(row: ExportRow, ident: Identity, today: date) -> Update:
    """The changes the row makes to the record: only what differs, and never a blank cell."""
    update = Update(ident, row.line, [])

    def change(key: str, old: str | None, new: str) -> None:
        update.fields[key] = new
        update.changes.append(FieldChange(key, old or NONE, new))

    if not same_name(row.name, ident.name):
        change("name", ident.name, _name_key(row.name))
    born = ident.date_of_birth
    if row.date_of_birth is not None and row.date_of_birth != ident.date_of_birth:
        change("date_of_birth", _iso(ident.date_of_birth), row.date_of_birth.isoformat())
        born = row.date_of_birth
    effective = ident.year(today, born)
    if row.year is not None and row.year != effective:
        change("year_group", effective, row.year)
    if row.upn is not None and row.upn != ident.upn:
        change("upn", ident.upn, row.upn)
    if row.status != ident.status:
        change("sen_status", ident.status, row.status)
    if row.primary is not None and row.primary != ident.primary:
        update.primary = row.primary
        update.changes.append(FieldChange("needs.primary", ident.primary or NONE, row.primary))
    secondary = merged_secondary(row, ident.secondary)
    if secondary != ident.secondary:
        update.secondary = secondary
        update.changes.append(
            FieldChange("needs.secondary", _shown(ident.secondary), _shown(secondary))
        )
    preferred = row.preferred
    if ident.known_as is None and preferred and not same_name(preferred, row.forename):
        change("known_as", None, _name_key(preferred))
    if ident.setting is None and row.group:
        change("setting", None, row.group)
    return update


def merged_secondary(row: ExportRow, recorded: tuple[str, ...]) -> tuple[str, ...]:
    """The secondary needs after the import.

    A blank never clears them. The export shows as many as it has columns (or codes in a
    cell); the record's needs beyond that stay, as the export cannot show them.
    """
    if not row.secondary:
        return recorded
    shown = recorded[: row.secondary_shown]
    if shown == row.secondary:
        return recorded
    kept = [c for c in recorded[row.secondary_shown :] if c not in row.secondary]
    return (*row.secondary, *(c for c in kept if c != row.primary))


def census_differences(row: ExportRow, ident: Identity, today: date) -> list[CensusDifference]:
    """What the census would see differently in the export and in the record."""
    out = []

    def differ(key: str, record: str | None, export: str | None) -> None:
        if export is not None and record != export:
            out.append(CensusDifference(row.line, ident.pupil_id, key, record or NONE, export))

    differ("sen_status", ident.status, row.status)
    if "primary" in row.shows:
        differ("needs.primary", ident.primary, row.primary or (NONE if ident.primary else None))
    recorded = ident.secondary[: row.secondary_shown]
    if "secondary" in row.shows and tuple(row.secondary) != recorded:
        out.append(
            CensusDifference(
                row.line, ident.pupil_id, "needs.secondary", _shown(recorded), _shown(row.secondary)
            )
        )
    differ("upn", ident.upn, row.upn)
    differ("year_group", ident.year(today), row.year)
    return out


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def match_rows(
    rows: list[ExportRow], identities: list[Identity]
) -> tuple[list[tuple[ExportRow, Identity | None]], list[Problem]]:
    """Each row with the record it matches (None: a new pupil), and matching problems."""
    by_id = {i.pupil_id: i for i in identities}
    by_upn = {i.upn: i for i in identities if i.upn}
    by_name: dict[tuple[str, date | None], list[Identity]] = defaultdict(list)
    for ident in identities:
        by_name[_match_key(ident.name, ident.date_of_birth)].append(ident)
    matched: list[tuple[ExportRow, Identity | None]] = []
    problems: list[Problem] = []
    taken: dict[str, int] = {}
    for row in rows:
        found: list[Identity] = []
        if row.pupil_id and row.pupil_id in by_id:
            found.append(by_id[row.pupil_id])
        if row.upn and row.upn in by_upn and by_upn[row.upn] not in found:
            found.append(by_upn[row.upn])
        if found and row.date_of_birth is not None:
            # The same pupil by name and date of birth in another record: which is right?
            found += [
                i
                for i in by_name.get(_match_key(row.name, row.date_of_birth), [])
                if i not in found
            ]
        if not found:
            found = by_name.get(_match_key(row.name, row.date_of_birth), [])
        if not found and row.date_of_birth is not None:
            # A record without a date of birth is matched by the name alone.
            found = by_name.get(_match_key(row.name, None), [])
        if len(found) > 1:
            names = ", ".join(i.display for i in found)
            problems.append(
                Problem(row.line, "", f"this pupil matches {len(found)} records: {names}")
            )
            continue
        if not found:
            matched.append((row, None))
            continue
        ident = found[0]
        if ident.pupil_id in taken:
            problems.append(
                Problem(
                    row.line,
                    "",
                    f"this row and line {taken[ident.pupil_id]} both match {ident.display}",
                )
            )
            continue
        taken[ident.pupil_id] = row.line
        matched.append((row, ident))
    return matched, problems


def read_export(
    path: Path, mapping: dict[str, str], today: date
) -> tuple[Table, list[ExportRow], list[Problem]]:
    """The export's table and rows, with every problem in its cells."""
    display = display_path(path)
    table = read_table(path, display, header_score(mapping))
    columns = find_columns(table.headers, display, table.header_line, mapping)
    rows, problems = read_rows(table, columns, today)
    if not rows and not problems:
        raise PcplanError(f"{display} has a header row but no pupils")
    return table, rows, problems


def plan_import(
    repo: Repository, path: Path, mapping: dict[str, str], today: date, *, edit: bool = True
) -> ImportPlan:
    """Read the export and work out everything the import would do (writes nothing).

    With ``edit``, every new and changed record's text is made and checked too (see
    :func:`finish_plan`); ``pcplan import --check`` needs only the comparison.
    """
    from pcplan.scaffold import free_id, slugify

    table, rows, problems = read_export(path, mapping, today)
    plan = ImportPlan(table.display, rows=len(table.rows), problems=problems)
    loaded = load_records(repo, today, rows if edit else None)
    identities = loaded.identities
    matched, problems = match_rows(rows, identities)
    plan.problems.extend(problems)
    taken = {i.pupil_id for i in identities}
    seen = set()
    for row, ident in matched:
        if ident is None:
            wanted = slugify(row.name) or "pupil"
            pupil_id = free_id(wanted, taken)
            taken.add(pupil_id)
            plan.new.append(NewPupil(row, pupil_id, wanted))
            continue
        seen.add(ident.pupil_id)
        plan.updates.append(compare(row, ident, today))
        plan.census.extend(census_differences(row, ident, today))
    plan.not_in_export = [i for i in identities if i.pupil_id not in seen]
    for new in plan.new:
        if new.row.status in ("E", "K"):
            plan.census.append(
                CensusDifference(new.row.line, new.row.name, "", NONE, new.row.status)
            )
    _check_upns(plan)
    if edit and not plan.problems:
        finish_plan(plan, repo, today, loaded.edits)
    plan.problems.sort(key=lambda p: p.line)
    return plan


def _check_upns(plan: ImportPlan) -> None:
    """No two pupils share a UPN once the import is done (with the records not in the file)."""
    holder: dict[str, str] = {i.upn: i.display for i in plan.not_in_export if i.upn}
    for update in plan.updates:
        upn = update.fields.get("upn", update.identity.upn)
        if upn:
            holder.setdefault(upn, update.identity.display)
    for update in plan.updates:
        upn = update.fields.get("upn")
        if upn and holder.get(upn) != update.identity.display:
            plan.problems.append(
                Problem(update.line, "UPN", f"the UPN {upn} is already in {holder[upn]}")
            )
    for new in plan.new:
        if new.row.upn and new.row.upn in holder:
            plan.problems.append(
                Problem(
                    new.row.line,
                    "UPN",
                    f"the UPN {new.row.upn} is already in {holder[new.row.upn]}",
                )
            )


# -- the files the import writes -----------------------------------------------------------------


def new_record_text(new: NewPupil, today: date) -> str:
    """A new pupil's record: the `new-pupil` skeleton with the identity fields filled in."""
    from pcplan.scaffold import pupil_record_text

    row = new.row
    derived = derived_year_group(row.date_of_birth, today) if row.date_of_birth else None
    preferred = (
        row.preferred if row.preferred and not same_name(row.preferred, row.forename) else None
    )
    return pupil_record_text(
        _name_key(row.name),
        new.pupil_id,
        row.status,
        row.primary,
        row.date_of_birth,
        row.year if row.year != derived else None,
        known_as=_name_key(preferred) if preferred else None,
        upn=row.upn,
        secondary=row.secondary if row.primary else (),
        setting=row.group,
    )


def _record_problems(line: int, display: str, diagnostics: Sequence[object]) -> list[Problem]:
    out = []
    for d in diagnostics:
        if not isinstance(d, Diagnostic) or d.severity != "error":
            continue
        out.append(
            Problem(line, "", f"{display} would not be valid: {d.field or 'record'}: {d.message}")
        )
    return out or [Problem(line, "", f"{display} would not be valid")]


def edit_record(
    loaded: LoadedRecord, raw: bytes, before: list[Diagnostic], update: Update, today: date
) -> Edited:
    """The record's new bytes for ``update``, checked as every edit is, or the problems."""
    from pcplan.editing.identity import set_pupil_fields
    from pcplan.editing.session import checked_bytes

    ident = update.identity
    try:
        change = set_pupil_fields(
            loaded,
            update.fields,
            primary=update.primary,
            secondary=update.secondary,
            description=f"Update {ident.pupil_id} from the MIS export",
            summary=f"Updated {ident.pupil_id}",
        )
        new_raw, warnings = checked_bytes(ident.path, ident.display, raw, before, change, today)
    except InvalidRecordError as exc:
        return Edited(
            update.line, None, tuple(_record_problems(update.line, ident.display, exc.diagnostics))
        )
    except PcplanError as exc:
        return Edited(update.line, None, (Problem(update.line, "", exc.message),))
    write = PlannedWrite(ident.path, ident.display, raw, new_raw)
    return Edited(update.line, write, (), tuple(warnings))


def finish_plan(plan: ImportPlan, repo: Repository, today: date, edits: dict[str, Edited]) -> None:
    """Make and check every new and changed record's bytes; problems go into the plan."""
    from pcplan.loading.records import load_record_bytes

    for new in plan.new:
        path = repo.record_path(new.pupil_id)
        display = display_path(path, repo.root)
        raw = new_record_text(new, today).encode("utf-8")
        made, diagnostics = load_record_bytes(path, display, raw, today)
        if made is None or any(d.severity == "error" for d in diagnostics):
            plan.problems += _record_problems(new.row.line, display, diagnostics)
            continue
        new.write = PlannedWrite(path, display, None, raw)
        new.warnings = tuple(d for d in diagnostics if d.severity == "warning")
    for update in plan.changed:
        ident = update.identity
        edited = edits.get(ident.pupil_id)
        if edited is None or edited.line != update.line:
            edited = _edit_again(update, today)
        update.write, update.warnings = edited.write, edited.warnings
        plan.problems += edited.problems


def _edit_again(update: Update, today: date) -> Edited:
    """The edit for a row whose match could not be known while the records loaded."""
    from pcplan.fileio import FileRefused, read_regular_file
    from pcplan.loading.records import load_record_bytes, repository_of
    from pcplan.loading.yamlstrict import MAX_FILE_BYTES

    ident = update.identity
    try:
        raw = read_regular_file(ident.path, MAX_FILE_BYTES, within=repository_of(ident.path))
    except FileRefused as exc:
        raise PcplanError(f"{ident.display}: {exc.message}") from None
    except OSError as exc:
        raise PcplanError(f"{ident.display} cannot be read ({exc.strerror})") from None
    loaded, before = load_record_bytes(ident.path, ident.display, raw, today)
    if loaded is None:
        problems = _record_problems(update.line, ident.display, before)
        return Edited(update.line, None, tuple(problems))
    return edit_record(loaded, raw, before, update, today)


def planned_writes(plan: ImportPlan) -> list[PlannedWrite]:
    """Every file the import writes, new records first."""
    writes = [new.write for new in plan.new if new.write is not None]
    return writes + [u.write for u in plan.changed if u.write is not None]
