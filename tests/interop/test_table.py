"""Reading exports as MIS systems and Excel write them: encodings, separators, xlsx."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from conftest import TODAY, RunCli
from pcplan.interop.columns import header_score
from pcplan.interop.table import UnreadableExport, read_table
from pcplan.interop.values import CellProblem, read_date, read_needs, read_status, read_year

HEADER = ["UPN", "Surname", "Forename", "DOB", "SEN Status", "Primary Need"]
JAMAL = ["B202400114103", "Haddad", "Jamal", "19/01/2010", "EHC Plan", "ASD"]
SIOBHAN = ["A202400120017", "Ní Bhriain", "Siobhán", "02/03/2016", "SEN Support", "SPLD"]


def read(path: Path) -> list[tuple[str, ...]]:
    table = read_table(path, path.name, header_score({}))
    return [table.headers, *(row.cells for row in table.rows)]


@pytest.mark.parametrize(
    ("encoding", "separator", "lead"),
    [
        ("utf-8", ",", b""),
        ("utf-8", ";", b"\xef\xbb\xbf"),
        ("cp1252", ",", b""),
        ("cp1252", "\t", b""),
        ("utf-16-le", "\t", b"\xff\xfe"),
    ],
)
def test_encodings_and_separators(
    tmp_path: Path, encoding: str, separator: str, lead: bytes
) -> None:
    text = "\r\n".join(separator.join(r) for r in (HEADER, JAMAL, SIOBHAN)) + "\r\n"
    path = tmp_path / "export.csv"
    path.write_bytes(lead + text.encode(encoding))
    rows = read(path)
    assert rows == [tuple(HEADER), tuple(JAMAL), tuple(SIOBHAN)]


def test_rows_keep_their_line_numbers_across_quoted_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        'UPN,Surname,Forename,Notes\n\nB202400114103,Haddad,Jamal,"two\nlines"\n,Lee,Sam,\n',
        encoding="utf-8",
    )
    table = read_table(path, "export.csv", header_score({}))
    assert [row.line for row in table.rows] == [3, 5]


def test_an_xlsx_export_is_read_with_cached_formula_values(
    tmp_path: Path, examples_copy: Path, run_cli: RunCli
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["UPN", "Legal Surname", "Legal Forename", "Date of Birth", "NC Year", "SEN"])
    sheet.append(["B202400114103", "Haddad", "Jamal", None, None, "E"])
    sheet["D2"] = "=DATE(2010,1,19)"
    sheet["D2"].number_format = "dd/mm/yyyy"
    sheet["E2"] = "=10+3"
    buffer = io.BytesIO()
    book.save(buffer)
    # Excel keeps the value it last calculated beside each formula; openpyxl writes none,
    # so put in what Excel would have (19 January 2010 is day 40197; 13 is Year 13).
    parts = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w") as out:
        for item in parts.infolist():
            data = parts.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # <v />, or <v></v> when openpyxl writes with lxml.
                data = re.sub(rb"</f><v( />|></v>)", b"</f><v>40197</v>", data, count=1)
                data = re.sub(rb"</f><v( />|></v>)", b"</f><v>13</v>", data, count=1)
            out.writestr(item, data)

    rows = read(path)
    assert rows[1] == ("B202400114103", "Haddad", "Jamal", "2010-01-19", "13", "E")

    result = run_cli(
        "import", str(path), "--dry-run", "--repo", str(examples_copy), "--today", TODAY
    )
    assert result.exit_code == 0, result.output
    assert "jamal-haddad: year_group: 12 → 13" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04not really a workbook", "cannot be read as an Excel workbook"),
        (b"\x00\x01\x02binary", "is not a CSV file or an .xlsx workbook"),
    ],
)
def test_unreadable_exports(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableExport, match=message):
        read_table(path, "export.csv", header_score({}))


def test_a_missing_export_is_a_usage_error(examples_copy: Path, run_cli: RunCli) -> None:
    result = run_cli("import", "no-such.csv", "--repo", str(examples_copy))
    assert result.exit_code == 2
    assert "there is no file 'no-such.csv'" in result.stderr


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("19/01/2010", date(2010, 1, 19)),
        ("1/9/15", date(2015, 9, 1)),
        ("2015-09-01", date(2015, 9, 1)),
        ("3.4.98", date(1998, 4, 3)),
        ("2010-01-19 00:00:00", date(2010, 1, 19)),
    ],
)
def test_dates_as_schools_write_them(cell: str, day: date) -> None:
    assert read_date(cell, date(2026, 11, 22)) == day


@pytest.mark.parametrize(
    ("cell", "year"),
    [("R", "R"), ("Reception", "R"), ("Year 9", "9"), ("Y9", "9"), ("09", "9"), ("N1", "N1")],
)
def test_years_as_schools_write_them(cell: str, year: str) -> None:
    assert read_year(cell) == year


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("E", "E"),
        ("k", "K"),
        ("EHC Plan", "E"),
        ("Education, Health and Care Plan", "E"),
        ("SEN Support", "K"),
        ("Monitoring", "N"),
        ("No Special Educational Need", "N"),
        ("No SEN", "N"),
        ("", "N"),
    ],
)
def test_statuses_as_schools_write_them(cell: str, status: str) -> None:
    assert read_status(cell) == status


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("asd", ["ASD"]),
        ("Autistic Spectrum Disorder", ["ASD"]),
        ("Social, Emotional and Mental Health", ["SEMH"]),
        ("SEMH; SLCN", ["SEMH", "SLCN"]),
        ("semh,hi", ["SEMH", "HI"]),
    ],
)
def test_need_codes_and_their_words(cell: str, codes: list[str]) -> None:
    assert read_needs(cell) == codes


def test_year_fourteen_is_the_last() -> None:
    with pytest.raises(CellProblem, match="'Year 15' is not a year group"):
        read_year("Year 15")
