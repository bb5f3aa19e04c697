"""Word documents: the same words as the HTML, Word's own features, the same bytes every time,
and a record's text kept as text."""

from __future__ import annotations

import io
import itertools
import zipfile
from datetime import date
from pathlib import Path

import pytest
from renderkit import GOLDEN_PUPIL, GOLDEN_REPO, PROJECT
from wordkit import docx_text, html_blocks, missing_from_docx, normal, open_docx

from conftest import TODAY, MakeRepo, RunCli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLE_PUPILS = sorted(p.stem for p in (PROJECT / "records").glob("*.yaml"))
CASES = [
    *((PROJECT, pupil, kind) for pupil in EXAMPLE_PUPILS for kind in ("profile", "plan")),
    (GOLDEN_REPO, GOLDEN_PUPIL, "profile"),
    (GOLDEN_REPO, GOLDEN_PUPIL, "plan"),
]


def _document(repo: Path, pupil: str, kind: str, fmt: str, audience: str = "staff") -> str | bytes:
    from pcplan.loading.records import load_repository
    from pcplan.loading.repo import find_repository
    from pcplan.render.documents import Renderer

    day = date.fromisoformat(TODAY)
    repository = find_repository(repo)
    loaded = load_repository(repository, day, [repository.resolve_pupil(pupil)]).records[0]
    renderer = Renderer(repository, day)
    return renderer.document_file(kind, loaded, fmt, audience=audience)  # type: ignore[arg-type]


@pytest.mark.parametrize(("repo", "pupil", "kind"), CASES, ids=lambda v: getattr(v, "name", v))
def test_the_word_file_says_everything_the_html_says(repo: Path, pupil: str, kind: str) -> None:
    html = _document(repo, pupil, kind, "html")
    data = _document(repo, pupil, kind, "docx")
    assert isinstance(html, str) and isinstance(data, bytes)
    assert missing_from_docx(html, data) == []
    # ...and its headings are the HTML's headings.
    said = normal(" ".join(html_blocks(html)))
    document = open_docx(data)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings
    assert [h for h in headings if normal(h) not in said] == []


@pytest.mark.parametrize("kind", ["profile", "plan"])
def test_the_familys_word_file_says_what_the_familys_html_says(kind: str) -> None:
    html = _document(GOLDEN_REPO, GOLDEN_PUPIL, kind, "html", "family")
    data = _document(GOLDEN_REPO, GOLDEN_PUPIL, kind, "docx", "family")
    assert isinstance(html, str) and isinstance(data, bytes)
    assert missing_from_docx(html, data) == []
    assert "Cost" not in docx_text(data).split()


def test_the_same_record_gives_the_same_bytes() -> None:
    first = _document(GOLDEN_REPO, GOLDEN_PUPIL, "plan", "docx")
    again = _document(GOLDEN_REPO, GOLDEN_PUPIL, "plan", "docx")
    assert isinstance(first, bytes)
    assert first == again
    package = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert package.namelist()[0] == "[Content_Types].xml"
    assert "docProps/thumbnail.jpeg" not in package.namelist()


def test_documents_made_in_one_run_keep_to_themselves() -> None:
    """Each document is a copy of one prepared document and shares its styles, theme and
    settings: nothing one document adds reaches those, or the next document."""
    from pcplan.render.word.builder import _PROTOTYPES

    first = _document(PROJECT, "maisie-kowalczyk", "plan", "docx", "pupil")
    other = _document(PROJECT, "jamal-haddad", "plan", "docx", "pupil")
    again = _document(PROJECT, "maisie-kowalczyk", "plan", "docx", "pupil")
    assert isinstance(first, bytes) and isinstance(other, bytes)
    assert first == again
    assert "Maisie" not in docx_text(other)
    media = [n for n in zipfile.ZipFile(io.BytesIO(other)).namelist() if "media" in n]
    assert len(media) == 1  # the one picture of Jamal's hopes and goals, none of Maisie's
    assert _PROTOTYPES
    for prototype in _PROTOTYPES.values():
        for key, part in prototype.shared.items():
            assert part.blob == prototype.blobs[key], part.partname
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert "word/styles.xml" in names and "word/stylesWithEffects.xml" not in names


def test_word_features_for_navigation_and_accessibility() -> None:
    from docx.shared import Mm

    data = _document(GOLDEN_REPO, GOLDEN_PUPIL, "plan", "docx")
    assert isinstance(data, bytes)
    document = open_docx(data)
    # Headings in order: never more than one level deeper than the one before.
    levels = [
        int(p.style.name.rsplit(" ", 1)[1])
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    # Every table's first row names every column and repeats on each page.
    assert document.tables
    for table in document.tables:
        header = table.rows[0]
        assert header._tr.trPr.find(f"{W}tblHeader") is not None
        assert all(cell.text.strip() for cell in header.cells)
    # en-GB, a title, no personal author, A4.
    props = document.core_properties
    assert props.title == 'Alex: personalised learning plan (Riverside <Academy> & "Sixth Form")'
    assert props.author == "" and props.last_modified_by == ""
    assert props.language == "en-GB"
    lang = document.styles.element.find(f"{W}docDefaults").find(f".//{W}lang")
    assert lang.get(f"{W}val") == "en-GB"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.left_margin >= Mm(12)
    # The protective marking on every page: header and footer.
    assert "OFFICIAL-SENSITIVE" in section.header.paragraphs[0].text
    assert any("OFFICIAL-SENSITIVE" in p.text for p in section.footer.paragraphs)


def test_the_photo_has_alt_text_and_the_pupils_words_their_own_style() -> None:
    data = _document(GOLDEN_REPO, GOLDEN_PUPIL, "profile", "docx")
    assert isinstance(data, bytes)
    document = open_docx(data)
    pictures = document.element.body.findall(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )
    assert [p.get("descr") for p in pictures] == ["Photo of Alex"]
    voiced = [
        run.text
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if run.style is not None and run.style.name == "Pupil's words"
    ]
    assert voiced, "the pupil's own words are set in their character style"
    assert any(text.startswith("“") for text in voiced)


HOSTILE = [
    "</w:t><w:t>injected",
    "{{ 7*7 }} and {% if true %}x{% endif %}",
    "nul\\0byte and bell\\a",
    '{ DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \\"/k calc\\" }',
    '=DDE(\\"cmd\\";\\"/c calc\\";\\"x\\")',
    "<w:fldSimple w:instr='PAGE'/> & more",
]


def test_a_hostile_statement_comes_out_as_literal_text(make_repo: MakeRepo) -> None:
    statements = "\n".join(f'    - "{text}"' for text in HOSTILE)
    repo = make_repo(
        {
            "records/sam-lee.yaml": "schema_version: 1\n"
            "pupil: {id: sam-lee, name: Sam Lee, sen_status: K, needs: {primary: SLCN}}\n"
            "profile:\n  like_and_admire:\n" + statements + "\n"
        }
    )
    data = _document(repo, "sam-lee", "profile", "docx")
    assert isinstance(data, bytes)
    text = docx_text(data)
    assert "</w:t><w:t>injected" in text
    assert "{{ 7*7 }} and {% if true %}x{% endif %}" in text
    assert "49" not in text
    assert "nul\u2400byte and bell\u2407" in text  # control characters shown, not dropped
    assert '{ DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc" }' in text
    assert '=DDE("cmd";"/c calc";"x")' in text
    assert "<w:fldSimple w:instr='PAGE'/> & more" in text
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "instrText" not in body and "<w:fldSimple" not in body and "<w:fldChar" not in body


def test_render_profile_and_plan_write_word_files(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    for kind in ("profile", "plan"):
        result = run_cli(
            "render", kind, GOLDEN_PUPIL, "--format", "docx", "--repo", str(GOLDEN_REPO),
            "--today", TODAY, "-o", str(out),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert f"{GOLDEN_PUPIL}-{kind}.docx" in result.stdout
    assert zipfile.is_zipfile(out / f"{GOLDEN_PUPIL}-profile.docx")
    again = run_cli(
        "render", "profile", GOLDEN_PUPIL, "--format", "docx", "--repo", str(GOLDEN_REPO),
        "--today", TODAY, "-o", str(out),
    )  # fmt: skip
    assert again.stdout.startswith("Unchanged:")


def test_render_all_writes_word_files_and_an_index_that_links_them(
    run_cli: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "render", "all", "--format", "docx", "--repo", str(PROJECT), "--today", TODAY,
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for pupil in EXAMPLE_PUPILS:
        for kind in ("profile", "plan"):
            assert zipfile.is_zipfile(out / pupil / f"{kind}.docx")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="celine-m/profile.docx"' in index


def test_review_agendas_as_word_files(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "agendas"
    result = run_cli(
        "review", "--term", "2027-spring", "--format", "docx", "--repo", str(GOLDEN_REPO),
        "--today", TODAY, "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = (out / f"{GOLDEN_PUPIL}.docx").read_bytes()
    html = run_cli(
        "review", GOLDEN_PUPIL, "--term", "2027-spring", "--repo", str(GOLDEN_REPO),
        "--today", TODAY, "-o", "-",
    )  # fmt: skip
    assert html.exit_code == 0, html.output
    assert missing_from_docx(html.stdout, data) == []


def _form(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_schools_word_forms_replace_the_built_in_layouts(run_cli: RunCli, tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "school"
    shutil.copytree(GOLDEN_REPO, repo)
    templates = repo / "templates"
    templates.mkdir(exist_ok=True)
    forms = {
        "profile": "Profile form: {{ profile.pupil.name }} at {{ school.name }}",
        "plan": "Plan form: {% for goal in plan.goals %}{{ goal.area }}; {% endfor %}",
        "agenda": "Agenda form: {{ agenda.occasion.kind }} for {{ agenda.pupil.name }}",
    }
    for name, text in forms.items():
        (templates / f"{name}.docx").write_bytes(_form(text))
    out = tmp_path / "out"
    out.mkdir()
    for kind in ("profile", "plan"):
        result = run_cli(
            "render", kind, GOLDEN_PUPIL, "--format", "docx", "--repo", str(repo),
            "--today", TODAY, "-o", str(out),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    result = run_cli(
        "review", GOLDEN_PUPIL, "--term", "2027-spring", "--format", "docx", "--repo",
        str(repo), "--today", TODAY, "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert 'Profile form: Alex at Riverside <Academy> & "Sixth Form"' in docx_text(
        (out / f"{GOLDEN_PUPIL}-profile.docx").read_bytes()
    )
    assert "Plan form: English; Travel training;" in docx_text(
        (out / f"{GOLDEN_PUPIL}-plan.docx").read_bytes()
    )
    assert "Agenda form: Annual review for Alex" in docx_text(
        (out / f"{GOLDEN_PUPIL}.docx").read_bytes()
    )
