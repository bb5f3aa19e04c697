"""The SEN register and the provision map in Word: the same words, rows and totals as the
HTML and the CSV, Word's own features, the same bytes every time, and LibreOffice opens them."""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from renderkit import PROJECT, pdf_pages
from test_word_libreoffice import convert_to_pdf
from wordkit import docx_text, html_blocks, missing_from_docx, normal, open_docx

from conftest import TODAY, MakeRepo, RunCli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _view(run_cli: RunCli, repo: Path, command: str, fmt: str, target: Path) -> bytes:
    result = run_cli(
        command, "--format", fmt, "--repo", str(repo), "--today", TODAY, "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    return target.read_bytes()


def _cells(table: object) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ["register", "provision"])
def test_the_word_file_says_what_the_html_says(
    run_cli: RunCli, tmp_path: Path, command: str
) -> None:
    html = _view(run_cli, PROJECT, command, "html", tmp_path / f"{command}.html").decode()
    data = _view(run_cli, PROJECT, command, "docx", tmp_path / f"{command}.docx")
    assert missing_from_docx(html, data) == []
    document = open_docx(data)
    said = normal(" ".join(html_blocks(html)))
    headings = [(p.style.name, p.text) for p in document.paragraphs if "Heading" in p.style.name]
    assert headings[0][0] == "Heading 1"
    assert [text for _, text in headings if normal(text) not in said] == []
    levels = [int(style.split()[-1]) for style, _ in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))

    # Word's own features: A4 landscape, the marking on every page, en-GB, no author.
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    marking = "OFFICIAL-SENSITIVE"
    assert marking in section.header.paragraphs[0].text
    assert marking in " ".join(p.text for p in section.footer.paragraphs)
    props = document.core_properties
    assert props.title.startswith("SEN register" if command == "register" else "Provision map")
    assert props.author == "" and props.last_modified_by == ""
    assert props.language == "en-GB"
    # Every table names every column in a header row that repeats on each page.
    assert document.tables
    for table in document.tables:
        first = table.rows[0]
        assert first._tr.trPr.find(f"{W}tblHeader") is not None
        assert all(cell.text.strip() for cell in first.cells)


def test_the_word_register_has_the_csvs_pupils(run_cli: RunCli, tmp_path: Path) -> None:
    data = _view(run_cli, PROJECT, "register", "docx", tmp_path / "register.docx")
    text = _view(run_cli, PROJECT, "register", "csv", tmp_path / "register.csv").decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    table = _cells(open_docx(data).tables[0])
    assert table[0][:3] == ["Pupil", "UPN", "Year"]
    assert [(r[0], r[1], r[8], r[9]) for r in table[1:]] == [
        (r["Pupil"], r["UPN"], r["Open Actions"], r["Active Goals"]) for r in rows
    ]
    # The needs are spelled out under the table, as the HTML's abbreviations do on hover.
    assert "SLCN: Speech, language and communication needs" in docx_text(data)


def test_the_word_provision_map_has_the_csvs_rows_and_totals(
    run_cli: RunCli, tmp_path: Path
) -> None:
    data = _view(run_cli, PROJECT, "provision", "docx", tmp_path / "provision.docx")
    text = _view(run_cli, PROJECT, "provision", "csv", tmp_path / "provision.csv").decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    tables = [_cells(t) for t in open_docx(data).tables]
    lines = tables[0]
    assert lines[0][-1] == "Cost per pupil per year"
    assert len(lines) - 1 == len(rows) == 20

    def pounds(value: str) -> str:
        return f"£{Decimal(value):,.2f}" if value else "none"

    assert [(line[0], line[8].split("\n")[0]) for line in lines[1:]] == [
        (r["Pupil"], pounds(r["Cost per pupil per year"])) for r in rows
    ]
    assert all(line[3].startswith(r["Provision"]) for line, r in zip(lines[1:], rows, strict=True))
    # Each table of totals ends with the school's total, the sum of the rows.
    total = sum((Decimal(r["Cost per pupil per year"] or "0") for r in rows), Decimal("0"))
    assert total == Decimal("9583.18")
    for totals in tables[1:]:
        assert totals[-1][0] == "Total"
        assert totals[-1][3] == "£9,583.18"
        assert sum(Decimal(r[3].lstrip("£").replace(",", "")) for r in totals[1:-1]) == total


def test_the_same_records_give_the_same_bytes(run_cli: RunCli, tmp_path: Path) -> None:
    for command in ("register", "provision"):
        first = _view(run_cli, PROJECT, command, "docx", tmp_path / "one.docx")
        again = _view(run_cli, PROJECT, command, "docx", tmp_path / "two.docx")
        assert first == again
        package = zipfile.ZipFile(io.BytesIO(first))
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_hostile_provision_comes_out_as_literal_text(
    run_cli: RunCli, tmp_path: Path, make_repo: MakeRepo
) -> None:
    repo = make_repo(
        {
            "records/sam-lee.yaml": "schema_version: 1\n"
            "pupil: {id: sam-lee, name: Sam Lee, sen_status: K, needs: {primary: SLCN}}\n"
            "resources:\n"
            '  - {id: one, text: "</w:t><w:t>injected {{ 7*7 }}", kind: staff, '
            "cost: {amount: 10, per: once}}\n"
            '  - {id: two, text: "nul\\0byte", who: "{ DDEAUTO c:\\\\x \\"/k calc\\" }", '
            "kind: staff}\n"
        }
    )
    data = _view(run_cli, repo, "provision", "docx", tmp_path / "provision.docx")
    text = docx_text(data)
    assert "</w:t><w:t>injected {{ 7*7 }}" in text
    assert "49" not in text
    assert "nul\u2400byte" in text
    assert '{ DDEAUTO c:\\x "/k calc" }' in text
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "instrText" not in body and "<w:fldSimple" not in body


@pytest.mark.browser
def test_libreoffice_opens_them_as_a4_landscape(run_cli: RunCli, tmp_path: Path) -> None:
    files = [
        tmp_path / f"{command}.docx"
        for command in ("register", "provision")
        if _view(run_cli, PROJECT, command, "docx", tmp_path / f"{command}.docx")
    ]
    convert_to_pdf(files, tmp_path / "pdf", tmp_path / "lo-profile")
    for file in files:
        pages, size = pdf_pages(tmp_path / "pdf" / f"{file.stem}.pdf")
        assert pages >= 1
        assert size.startswith("841.") and "(A4)" in size, size  # wider than tall
