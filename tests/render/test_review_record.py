"""The record of a review, for the family: pcplan render review PUPIL [--date DATE]."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from renderkit import GOLDEN_DIR, GOLDEN_PUPIL, GOLDEN_REPO, PROJECT
from wordkit import docx_text, missing_from_docx

from conftest import TODAY, MakeRepo, RunCli


def _render(run_cli: RunCli, *args: str, repo: Path = GOLDEN_REPO) -> str:
    result = run_cli("render", "review", *args, "--repo", str(repo), "--today", TODAY, "-o", "-")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_golden_record_of_a_review(run_cli: RunCli, fmt: str, update_golden: bool) -> None:
    text = _render(run_cli, GOLDEN_PUPIL, "--date", "2026-03-04", "--format", fmt)
    golden = GOLDEN_DIR / f"{GOLDEN_PUPIL}-review-2026-03-04.{fmt}"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_golden_pupils_own_record_of_a_review(
    run_cli: RunCli, fmt: str, update_golden: bool
) -> None:
    text = _render(run_cli, GOLDEN_PUPIL, "--date", "2026-03-04", "--format", fmt,
                   "--audience", "pupil")  # fmt: skip
    golden = GOLDEN_DIR / f"{GOLDEN_PUPIL}-review-2026-03-04-pupil.{fmt}"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_the_pupils_copy_is_easy_read(run_cli: RunCli) -> None:
    html = _render(run_cli, GOLDEN_PUPIL, "--date", "2026-03-04", "--audience", "pupil")
    assert 'class="doc-easy easy-review' in html
    for expected in (
        "<p>This is about my review.</p>",  # first person, one idea a line
        '<h2 id="voice">What I told people</h2>',
        "<q>I like the Hub.</q>",  # the pupil's own words, exactly as said
        '<h3 id="view-1">I said</h3>',
        '<h2 id="goals">How I am doing with my goals</h2>',
        "I ask for help when I am stuck.",  # the goal's easy-read wording...
        'alt="An open book &lt;English&gt;"',  # ...and its picture, with its words
        "<p>Who will do it: SENCO</p>",
        '<h2 id="words-to-know">Words to know</h2>',  # the initials explained
        "<dt>SENCO</dt>",
    ):
        assert expected in html, expected
    # Nothing marked share: staff, no UPN, no staff wording of the goal.
    for hidden in ("quiet space for exams", "Fewer meltdowns at lunch.",
                   "Ask for help when I'm stuck, using my help card."):  # fmt: skip
        assert hidden not in html, hidden


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_pupils_quoted_words_are_the_same_in_every_copy(run_cli: RunCli, fmt: str) -> None:
    quote = "“I like the Hub.”" if fmt == "md" else "<q>I like the Hub.</q>"
    for audience in ("staff", "family", "pupil"):
        text = _render(run_cli, GOLDEN_PUPIL, "--date", "2026-03-04", "--format", fmt,
                       "--audience", audience)  # fmt: skip
        assert quote in text, audience


def test_it_says_what_a_family_needs_to_know(run_cli: RunCli) -> None:
    text = _render(run_cli, GOLDEN_PUPIL, "--date", "2026-03-04", "--format", "md")
    for expected in (
        "# Alex: what we agreed on 4 March 2026",
        "- Sam O'Neill (Mum)",  # who was there
        "**“I like the Hub.”** (Alex’s own words)",  # the pupil's words, as theirs
        "| Family | She is calmer after school. | *Nothing noted* |",  # each point of view
        "- How it is going: **Just starting**",  # each goal's outcome, in plain words
        "| Ask about access arrangements for exams (Goal 1: English) | SENCO | "
        "1 May 2026 | Done on 28 Apr 2026 |",  # what, who, by when
    ):
        assert expected in text, expected
    # What is marked share: staff is the staff's: not in the family's record...
    assert "quiet space for exams" not in text
    assert "Fewer meltdowns at lunch." not in text
    # ...and in the staff's copy, with the questions.
    staff = _render(run_cli, GOLDEN_PUPIL, "--date", "2026-03-04", "--format", "md",
                    "--audience", "staff")  # fmt: skip
    assert "- Could Alex have a quiet space for exams?" in staff
    assert "| School | Fewer meltdowns at lunch. | Changes to the timetable. |" in staff


def test_without_a_date_it_is_the_latest_review(run_cli: RunCli) -> None:
    text = _render(run_cli, GOLDEN_PUPIL, "--format", "md")
    assert "what we agreed on 15 July 2026" in text
    assert "Book travel training for the autumn term" in text


def test_a_date_with_no_review_names_the_dates_there_are(run_cli: RunCli) -> None:
    result = run_cli(
        "render", "review", GOLDEN_PUPIL, "--date", "2026-05-05", "--repo", str(GOLDEN_REPO),
        "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "no review on 2026-05-05" in result.stderr
    assert "2026-03-04, 2026-07-15" in result.stderr


def test_a_pupil_with_no_review_yet_is_told_how_to_add_one(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    repo = make_repo(
        {
            "records/sam-lee.yaml": "schema_version: 1\n"
            "pupil: {id: sam-lee, name: Sam Lee, sen_status: K, needs: {primary: SLCN}}\n"
        }
    )
    result = run_cli("render", "review", "sam-lee", "--repo", str(repo), "--today", TODAY)
    assert result.exit_code == 2
    assert "pcplan record-review sam-lee" in result.stderr


def test_the_word_file_says_what_the_html_says(run_cli: RunCli, tmp_path: Path) -> None:
    html = _render(run_cli, GOLDEN_PUPIL, "--date", "2026-03-04")
    target = tmp_path / "review.docx"
    result = run_cli(
        "render", "review", GOLDEN_PUPIL, "--date", "2026-03-04", "--format", "docx",
        "--repo", str(GOLDEN_REPO), "--today", TODAY, "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert missing_from_docx(html, target.read_bytes()) == []


def test_by_default_it_is_written_beside_the_pupils_other_documents(
    run_cli: RunCli, tmp_path: Path
) -> None:
    import shutil

    repo = tmp_path / "school"
    shutil.copytree(GOLDEN_REPO, repo)
    result = run_cli("render", "review", GOLDEN_PUPIL, "--repo", str(repo), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert (repo / "out" / GOLDEN_PUPIL / "review-2026-07-15.html").is_file()
    assert "out/alex-example/review-2026-07-15.html" in result.stdout
    # The pupil's own copy goes with the pupil's other copies, never over the family's.
    result = run_cli("render", "review", GOLDEN_PUPIL, "--repo", str(repo), "--today", TODAY,
                     "--audience", "pupil")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "out/pupil/alex-example/review-2026-07-15.html" in result.stdout
    family = (repo / "out" / GOLDEN_PUPIL / "review-2026-07-15.html").read_text()
    assert "This is about my review." not in family


# --- A school's own Word form -------------------------------------------------------------

FORM = PROJECT / "examples" / "forms" / "review.docx"


def _with_form(tmp_path: Path, form: bytes) -> Path:
    import shutil

    repo = tmp_path / "school"
    shutil.copytree(GOLDEN_REPO, repo)
    (repo / "templates").mkdir(exist_ok=True)
    (repo / "templates" / "review.docx").write_bytes(form)
    return repo


def test_the_example_local_authority_form_is_filled_in(run_cli: RunCli, tmp_path: Path) -> None:
    repo = _with_form(tmp_path, FORM.read_bytes())
    target = tmp_path / "filled.docx"
    result = run_cli(
        "render", "review", GOLDEN_PUPIL, "--date", "2026-03-04", "--format", "docx",
        "--audience", "staff", "--repo", str(repo), "--today", TODAY, "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = docx_text(target.read_bytes())
    assert "Annual review of an Education, Health and Care plan" in text
    for expected in (
        "Alexandra O'Neill-Smith",  # the full name, in the details table
        "Sam O'Neill (Mum)",  # a row per person there
        "“I like the Hub.”",
        "She is calmer after school.",
        "Could Alex have a quiet space for exams?",  # for the authority: staff notes too
        "Goal 1 (English)",  # a table row per goal
        "Just starting",
        "Ask about access arrangements for exams",
        "Completed by the SENCO on 22 November 2026",
    ):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    again = tmp_path / "again.docx"
    run_cli(
        "render", "review", GOLDEN_PUPIL, "--date", "2026-03-04", "--format", "docx",
        "--audience", "staff", "--repo", str(repo), "--today", TODAY, "-o", str(again),
    )  # fmt: skip
    assert again.read_bytes() == target.read_bytes()


def test_the_committed_form_is_what_its_script_makes(tmp_path: Path) -> None:
    import subprocess
    import sys

    made = tmp_path / "review.docx"
    subprocess.run(
        [sys.executable, str(FORM.parent / "make_annual_review_form.py"), str(made)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert made.read_bytes() == FORM.read_bytes()


def _form_with(tmp_path: Path, paragraph: str) -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_tag_naming_nothing_is_an_error_naming_the_form_and_the_tag(
    run_cli: RunCli, tmp_path: Path
) -> None:
    repo = _with_form(tmp_path, _form_with(tmp_path, "Name: {{ review.pupil.shoe_size }}"))
    result = run_cli(
        "render", "review", GOLDEN_PUPIL, "--format", "docx", "--repo", str(repo),
        "--today", TODAY, "-o", str(tmp_path / "x.docx"),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "templates/review.docx" in result.stderr
    assert "{{ review.pupil.shoe_size }}" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_a_form_cannot_reach_outside_its_data(run_cli: RunCli, tmp_path: Path) -> None:
    repo = _with_form(tmp_path, _form_with(tmp_path, "{{ review.__class__.__init__.__globals__ }}"))
    result = run_cli(
        "render", "review", GOLDEN_PUPIL, "--format", "docx", "--repo", str(repo),
        "--today", TODAY, "-o", str(tmp_path / "x.docx"),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "templates/review.docx" in result.stderr


def test_record_text_in_a_form_stays_text(
    run_cli: RunCli, make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = make_repo(
        {
            "records/sam-lee.yaml": "schema_version: 1\n"
            "pupil: {id: sam-lee, name: Sam Lee, sen_status: K, needs: {primary: SLCN}}\n"
            "reviews:\n  - date: 2026-10-01\n    present:\n"
            '      - "</w:t><w:t>x & {{ 7*7 }} {%p if 1 %}"\n'
            '      - "nul\\0 and { DDEAUTO c:\\\\\\\\cmd }"\n',
            "templates/review.docx": "",
        }
    )
    (repo / "templates" / "review.docx").write_bytes(FORM.read_bytes())
    target = tmp_path / "sam.docx"
    result = run_cli(
        "render", "review", "sam-lee", "--format", "docx", "--repo", str(repo),
        "--today", TODAY, "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = docx_text(target.read_bytes())
    assert "</w:t><w:t>x & {{ 7*7 }} {%p if 1 %}" in text
    assert "nul\u2400 and { DDEAUTO c:\\\\cmd }" in text
    body = zipfile.ZipFile(target).read("word/document.xml").decode()
    assert "instrText" not in body and "fldSimple" not in body


def test_record_review_says_how_to_make_the_record_for_the_family(
    run_cli: RunCli, tmp_path: Path
) -> None:
    import shutil

    repo = tmp_path / "school"
    shutil.copytree(GOLDEN_REPO, repo)
    result = run_cli(
        "record-review", GOLDEN_PUPIL, "--date", "2026-11-20", "--repo", str(repo),
        "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"pcplan render review {GOLDEN_PUPIL} --date 2026-11-20" in result.stdout
