"""Reading a table exported from the school's management information system (MIS).

SIMS, Arbor, Bromcom and ScholarPack all export CSV, and staff often save it again from
Excel, so a file may be UTF-8 with or without a byte-order mark, Windows-1252 (Excel's
"CSV" on a British PC), or UTF-16 (Excel's "Unicode text", tab-separated); the separator
may be a comma, a semicolon or a tab. An ``.xlsx`` workbook is read with openpyxl in
read-only mode, taking the values Excel last calculated: formulas are never evaluated.

Every row keeps the line (or spreadsheet row) it came from, so that a problem can be shown
as ``export.csv:14:DOB: ...`` and an editor can jump to it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pcplan.errors import PcplanError
from pcplan.fileio import FileRefused, read_regular_file

MAX_EXPORT_BYTES = 50 * 1024 * 1024
"""A whole-school export of a large secondary school is a few megabytes."""
MAX_ROWS = 100_000
MAX_CELL = 1_000
SEPARATORS = (",", ";", "\t")


class UnreadableExport(PcplanError):
    """The export cannot be read as a table."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the export: its cells by column, and where it is in the file."""

    line: int
    cells: tuple[str, ...]

    def cell(self, column: int) -> str:
        return self.cells[column].strip() if column < len(self.cells) else ""


@dataclass(frozen=True, slots=True)
class Table:
    """The header and the rows of an export."""

    display: str
    headers: tuple[str, ...]
    header_line: int
    rows: tuple[Row, ...]
    encoding: str
    separator: str


def read_table(
    path: Path, display: str, score_header: Callable[[list[str]], int] | None = None
) -> Table:
    """Read a CSV or an .xlsx export; ``score_header`` helps choose the CSV separator."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableExport(f"there is no file '{display}'") from None
    except OSError as exc:
        raise UnreadableExport(
            f"{display} cannot be read ({exc.strerror or 'unreadable'})"
        ) from None
    if path.is_dir():
        raise UnreadableExport(f"{display} is a folder; name the exported file")
    if size > MAX_EXPORT_BYTES:
        raise UnreadableExport(
            f"{display} is {size // (1024 * 1024)} MB; an MIS export is at most a few MB",
            hint="export just the pupils' identity and SEN columns",
        )
    try:
        raw = read_regular_file(path, MAX_EXPORT_BYTES)
    except FileRefused as exc:
        raise UnreadableExport(f"{display}: {exc.message}") from None
    except OSError as exc:
        raise UnreadableExport(
            f"{display} cannot be read ({exc.strerror or 'unreadable'})"
        ) from None
    if raw.startswith(b"PK\x03\x04"):
        return _read_xlsx(raw, display)
    if path.suffix.lower() in _NOT_AN_EXPORT:
        # A record, a document or a calendar named by mistake: never read it as CSV, whose
        # "column headers" would be the first line of what it says.
        raise UnreadableExport(
            f"{display} is not a CSV file or an .xlsx workbook",
            hint="export the pupils from the MIS as CSV or Excel (.xlsx), and import that file",
        )
    if path.suffix.lower() in (".xls", ".xlsb", ".ods"):
        raise UnreadableExport(
            f"{display} is an old-style or non-Excel spreadsheet that pcplan cannot read",
            hint="save it as .xlsx or as CSV, then import that file",
        )
    return _read_csv(raw, display, score_header or (lambda headers: 0))


# -- CSV -----------------------------------------------------------------------------------


_NOT_AN_EXPORT = (".yaml", ".yml", ".json", ".md", ".html", ".htm", ".ics", ".pdf", ".j2")


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in."""
    if raw.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    # cp1252 leaves five bytes undefined; Latin-1 reads every byte.
    return raw.decode("latin-1"), "latin-1"


def _rows(text: str, separator: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False)
    rows: list[Row] = []
    line = 1
    try:
        for cells in reader:
            if len(rows) > MAX_ROWS:
                raise UnreadableExport(f"the export has more than {MAX_ROWS:,} rows")
            if any(cell.strip() for cell in cells):
                rows.append(Row(line, tuple(cell[:MAX_CELL] for cell in cells)))
            line = reader.line_num + 1
    except csv.Error:
        raise UnreadableExport(f"line {line} of the export is not CSV pcplan can read") from None
    return rows


def _read_csv(raw: bytes, display: str, score_header: Callable[[list[str]], int]) -> Table:
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableExport(
            f"{display} is not a CSV file or an .xlsx workbook",
            hint="export the pupils from the MIS as CSV or Excel (.xlsx)",
        )
    text, encoding = decode(raw)
    first_line = text.split("\n", 1)[0]
    best: tuple[int, int, str] | None = None
    for separator in SEPARATORS:
        names = next(csv.reader([first_line], delimiter=separator), [])
        score = (score_header([h.strip() for h in names]), len(names), separator)
        if best is None or score[:2] > best[:2]:
            best = score
    assert best is not None
    separator = best[2]
    rows = _rows(text, separator)
    if not rows:
        raise UnreadableExport(f"{display} is empty: it has no header row and no pupils")
    header, body = rows[0], rows[1:]
    return Table(
        display,
        tuple(h.strip() for h in header.cells),
        header.line,
        tuple(body),
        encoding,
        separator,
    )


# -- xlsx ----------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:MAX_CELL]


def _read_xlsx(raw: bytes, display: str) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; data_only gives the values Excel cached for formulas.
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise UnreadableExport(
            f"{display} cannot be read as an Excel workbook (.xlsx)",
            hint="open it in Excel and save it again as .xlsx, or export CSV instead",
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise UnreadableExport(f"{display} has no worksheet")
        rows: list[Row] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(_cell_text(v) for v in values)
            if any(cell.strip() for cell in cells):
                rows.append(Row(number, cells))
                if len(rows) > MAX_ROWS:
                    raise UnreadableExport(f"the export has more than {MAX_ROWS:,} rows")
    except UnreadableExport:
        raise
    except Exception:
        raise UnreadableExport(
            f"{display} cannot be read as an Excel workbook (.xlsx)",
            hint="open it in Excel and save it again as .xlsx, or export CSV instead",
        ) from None
    finally:
        workbook.close()
    if not rows:
        raise UnreadableExport(f"{display} is empty: it has no header row and no pupils")
    header, body = rows[0], rows[1:]
    width = len(header.cells)
    while width and not header.cells[width - 1].strip():
        width -= 1
    return Table(
        display,
        tuple(h.strip() for h in header.cells[:width]),
        header.line,
        tuple(body),
        "xlsx",
        "",
    )
