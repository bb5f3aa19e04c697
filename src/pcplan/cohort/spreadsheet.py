"""Tables as CSV and as xlsx workbooks, safe to open in a spreadsheet.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could
run as a formula when a spreadsheet opens the file (OWASP's "CSV injection"): such text
gets a leading ``'``, which spreadsheets show as text. Numbers and dates are written as
numbers and dates, never guarded.

Workbooks are byte-identical for the same content: XlsxWriter stores fixed times inside
the zip, and the document properties here are fixed too (the creation time is the date
of the run, which ``--today`` pins).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | Decimal | date | None
ColumnKind = Literal["text", "integer", "number", "money", "date"]


def guard(text: str) -> str:
    """Text that a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value: Value) -> str:
    """How a value is written in a CSV cell: dates ISO, money with two decimals."""
    if value is None:
        return ""
    if isinstance(value, str):
        return guard(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Value]]) -> str:
    """The table as CSV text: a header row, then one line per row, ``\\n`` line endings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([cell_text(v) for v in row])
    return out.getvalue()


@dataclass
class Sheet:
    """One worksheet: a name, headings, the kind of each column and the rows."""

    name: str
    headers: Sequence[str]
    kinds: Sequence[ColumnKind]
    rows: Sequence[Sequence[Value]]
    widths: Sequence[int] = field(default_factory=list)


MONEY_FORMAT = "£#,##0.00"
NUMBER_FORMAT = "0.##"
DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60


def _width(sheet: Sheet, column: int) -> int:
    if sheet.widths:
        return sheet.widths[column]
    longest = max(
        (len(cell_text(row[column])) for row in sheet.rows[:500]),
        default=0,
    )
    return min(MAX_WIDTH, max(len(sheet.headers[column]), longest, 6) + 2)


def xlsx_bytes(sheets: Sequence[Sheet], title: str, day: date, company: str = "") -> bytes:
    """The sheets as an xlsx workbook: header row, frozen panes, number formats, widths."""
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    stamp = datetime(day.year, day.month, day.day)
    workbook.set_properties(
        {
            "title": title,
            "author": "pcplan",
            "company": company,
            "comments": "Made by pcplan",
            "created": stamp,
        }
    )
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {
        "money": workbook.add_format({"num_format": MONEY_FORMAT}),
        "number": workbook.add_format({"num_format": NUMBER_FORMAT}),
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
    }
    for sheet in sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        worksheet.freeze_panes(1, 1)
        for column, heading in enumerate(sheet.headers):
            worksheet.write_string(0, column, heading, header)
            kind = sheet.kinds[column]
            worksheet.set_column(column, column, _width(sheet, column), formats.get(kind))
        _write_rows(worksheet, sheet, formats)
        if sheet.rows:
            worksheet.autofilter(0, 0, len(sheet.rows), len(sheet.headers) - 1)
    workbook.close()
    return out.getvalue()


def _write_rows(worksheet: Any, sheet: Sheet, formats: dict[str, Any]) -> None:
    """The sheet's rows: text, counts and money as :func:`_write` writes them, with the
    writer's methods looked up once (a provision map has tens of thousands of cells)."""
    write_string, write_number = worksheet.write_string, worksheet.write_number
    kinds = sheet.kinds
    decimal_formats = [formats["money"] if k == "money" else formats["number"] for k in kinds]
    for r, row in enumerate(sheet.rows, start=1):
        for column, value in enumerate(row):
            if type(value) is str:
                if value:
                    write_string(r, column, guard(value))
            elif value is None:
                continue
            elif type(value) is int:
                write_number(r, column, value)
            elif type(value) is Decimal:
                write_number(r, column, float(value), decimal_formats[column])
            else:
                _write(worksheet, r, column, value, kinds[column], formats)


def _write(
    worksheet: Any,
    row: int,
    column: int,
    value: Value,
    kind: ColumnKind,
    formats: dict[str, Any],
) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        worksheet.write_string(row, column, guard(value))
    elif isinstance(value, date):
        stamp = datetime(value.year, value.month, value.day)
        worksheet.write_datetime(row, column, stamp, formats["date"])
    elif isinstance(value, Decimal):
        style = formats["money"] if kind == "money" else formats["number"]
        worksheet.write_number(row, column, float(value), style)
    else:
        worksheet.write_number(row, column, value)
