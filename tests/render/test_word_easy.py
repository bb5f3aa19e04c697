"""The pupil's easy-read documents in Word: the easy-read layout of the HTML (big type,
one idea a line, a picture column, the words to know), the pupil's own words untouched in
every audience, and nothing for staff only in the family's or the pupil's Word copy."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from renderkit import GOLDEN_PUPIL, GOLDEN_REPO, PROJECT
from test_audiences import _record, _staff_only_texts
from test_golden_documents import compare
from test_word import _document
from wordkit import (
    body_runs,
    docx_text,
    heading_problems,
    missing_from_docx,
    open_docx,
    outline,
    picture_alts,
)

from conftest import TODAY, RunCli

GOLDEN_DIR = Path(__file__).parent.parent / "golden"
# A Reception child (pictures, 18 pt) and a Year 12 student (14 pt), and the golden record.
EASY = [(PROJECT, "maisie-kowalczyk"), (PROJECT, "jamal-haddad"), (GOLDEN_REPO, GOLDEN_PUPIL)]


@functools.cache
def _word(repo: Path, pupil: str, kind: str, audience: str) -> bytes:
    """A Word document, made once for all the tests here."""
    data = _document(repo, pupil, kind, "docx", audience)
    assert isinstance(data, bytes)
    return data


@pytest.mark.parametrize("kind", ["profile", "plan"])
@pytest.mark.parametrize(("repo", "pupil"), EASY, ids=lambda v: getattr(v, "name", v))
def test_the_pupils_word_copy_says_what_the_easy_read_html_says(
    repo: Path, pupil: str, kind: str
) -> None:
    html = _document(repo, pupil, kind, "html", "pupil")
    data = _word(repo, pupil, kind, "pupil")
    assert isinstance(html, str)
    assert missing_from_docx(html, data) == []
    assert heading_problems(html, data) == []
    document = open_docx(data)
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    # First-person headings, never the staff's.
    titles = [h.text for h in headings if h.style.name == "Heading 2"]
    if kind == "profile":
        assert titles[:3] == [
            "What people like about me",
            "What is important to me",
            "How to help me",
        ]
    else:
        assert titles[:2] == ["My hopes and dreams", "What I am working on"]
    # No table: the picture column is laid out with indents, and read in order.
    assert document.tables == []
    assert "This is my copy." in " ".join(p.text for p in document.sections[0].footer.paragraphs)


@pytest.mark.parametrize(("pupil", "smallest"), [("maisie-kowalczyk", 18), ("jamal-haddad", 14)])
@pytest.mark.parametrize("kind", ["profile", "plan"])
def test_body_text_is_big_enough(pupil: str, smallest: float, kind: str) -> None:
    runs = body_runs(_word(PROJECT, pupil, kind, "pupil"))
    assert runs
    too_small = [(style, text, size) for style, text, size in runs if size < smallest]
    assert too_small == []
    body = [size for style, _, size in runs if not style.startswith("Heading")]
    assert min(body) == smallest
    # The staff's profile is set smaller, to fit one page: the pupil's is not.
    staff = body_runs(_word(PROJECT, pupil, "profile", "staff"))
    assert min(size for _, _, size in staff) < 14


def test_pictures_sit_in_a_column_on_the_left_with_alt_text() -> None:
    profile = _word(PROJECT, "maisie-kowalczyk", "profile", "pupil")
    plan = _word(PROJECT, "maisie-kowalczyk", "plan", "pupil")
    assert picture_alts(profile) == ["A bucket in the sand"]
    assert sorted(picture_alts(plan)) == sorted(
        ["Two children holding hands", "A plate of food", "A red ball"]
    )
    for data in (profile, plan):
        document = open_docx(data)
        for paragraph in document.paragraphs:
            if paragraph._p.xpath(".//wp:docPr"):
                # The picture starts the line; the words keep to the column beside it.
                fmt = paragraph.paragraph_format
                assert fmt.left_indent is not None and fmt.left_indent > 0
                assert fmt.first_line_indent == -fmt.left_indent
    for repo, pupil in EASY:
        for kind in ("profile", "plan"):
            alts = picture_alts(_word(repo, pupil, kind, "pupil"))
            assert all(alt.strip() for alt in alts), (pupil, kind)


def _quotes(repo: str, pupil: str) -> dict[str, list[str]]:
    from pcplan.models.common import StatementDetail
    from pcplan.render.views import statement

    record = _record(repo, pupil)
    profile = [
        statement(s, "x").text
        for key in ("like_and_admire", "important_to_me", "how_to_support_me")
        for s in getattr(record.profile, key)
        if isinstance(s, StatementDetail) and s.is_pupil_voice and s.how in (None, "quoted")
    ]
    plan = [
        statement(a.text, "x", said_by=a.said_by, how=a.how).text
        for a in record.aspirations
        if (a.said_by or "").lower() == "pupil" and a.how in (None, "quoted")
    ]
    return {"profile": profile, "plan": plan}


def _pupils_words(data: bytes) -> list[str]:
    """The runs set in the pupil's own words' character style."""
    document = open_docx(data)
    return [
        run.text
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if run.style is not None and run.style.name == "Pupil's words"
    ]


CASES = [("golden" if repo == GOLDEN_REPO else "examples", repo, pupil) for repo, pupil in EASY]


@pytest.mark.parametrize(("name", "repo", "pupil"), CASES, ids=[c[2] for c in CASES])
def test_quoted_pupil_words_are_byte_identical_in_every_audience(
    name: str, repo: Path, pupil: str
) -> None:
    for kind, quotes in _quotes(name, pupil).items():
        wanted = {f"“{quote}”" for quote in quotes}
        found = {}
        for audience in ("staff", "family", "pupil"):
            runs = _pupils_words(_word(repo, pupil, kind, audience))
            assert wanted <= set(runs), (audience, kind)
            found[audience] = [run for run in runs if run in wanted]
        assert found["staff"] == found["family"] == found["pupil"]


@pytest.mark.parametrize(("name", "repo", "pupil"), CASES, ids=[c[2] for c in CASES])
def test_no_cost_upn_wave_or_staff_only_item_in_the_family_and_pupil_word_copies(
    name: str, repo: Path, pupil: str
) -> None:
    from pcplan.render.views import cost_label, money

    record = _record(name, pupil)
    hidden = _staff_only_texts(record)
    costs = [cost_label(r) for r in record.resources if r.cost]
    costs += [money(r.cost.amount) for r in record.resources if r.cost and r.cost.amount]
    for kind in ("profile", "plan"):
        for audience in ("family", "pupil"):
            text = docx_text(_word(repo, pupil, kind, audience))
            assert [cost for cost in costs if cost in text] == [], (audience, kind)
            assert "Cost" not in text.split() and "Wave " not in text
            if record.pupil.upn:
                assert record.pupil.upn not in text
            shown = [item for item in hidden if " ".join(item.split()[:4]) in text]
            assert shown == [], (audience, kind)
    staff = docx_text(_word(repo, pupil, "plan", "staff"))
    assert all(cost in staff for cost in costs)  # staff still see them


@pytest.mark.parametrize("kind", ["profile", "plan"])
@pytest.mark.parametrize("pupil", ["maisie-kowalczyk", "jamal-haddad"])
def test_the_pupils_word_copy_matches_its_golden_outline(
    pupil: str, kind: str, update_golden: bool
) -> None:
    text = outline(_word(PROJECT, pupil, kind, "pupil")).encode("utf-8")
    compare(GOLDEN_DIR / f"{pupil}-{kind}-pupil.docx.txt", text, update_golden)


def test_render_all_writes_each_audience_in_word(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "render", "all", "--repo", str(GOLDEN_REPO), "--today", TODAY, "--format", "docx",
        "--audiences", "staff,pupil", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for kind in ("profile", "plan"):
        easy = (out / "pupil" / GOLDEN_PUPIL / f"{kind}.docx").read_bytes()
        assert easy == _word(GOLDEN_REPO, GOLDEN_PUPIL, kind, "pupil")
    assert "longer than one A4 page" not in result.stderr


def test_the_pupils_record_of_a_review_in_word_is_easy_read(
    run_cli: RunCli, tmp_path: Path
) -> None:
    files = {}
    for audience, fmt in (("pupil", "html"), ("pupil", "docx"), ("family", "docx")):
        target = tmp_path / f"{audience}.{fmt}"
        result = run_cli(
            "render", "review", GOLDEN_PUPIL, "--date", "2026-03-04", "--format", fmt,
            "--audience", audience, "--repo", str(GOLDEN_REPO), "--today", TODAY,
            "-o", str(target),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        files[audience, fmt] = target.read_bytes()
    data = files["pupil", "docx"]
    assert missing_from_docx(files["pupil", "html"].decode(), data) == []
    assert heading_problems(files["pupil", "html"].decode(), data) == []
    document = open_docx(data)
    titles = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert titles[:3] == ["Who came", "What I told people", "What is going well and what is hard"]
    assert "“I like the Hub.”" in _pupils_words(data)
    assert "“I like the Hub.”" in _pupils_words(files["family", "docx"])
    assert picture_alts(data) == ["An open book <English>"]
    assert min(size for _, _, size in body_runs(data)) >= 14
    assert document.tables == []
    text = docx_text(data)
    for hidden in ("quiet space for exams", "Fewer meltdowns at lunch."):
        assert hidden not in text
