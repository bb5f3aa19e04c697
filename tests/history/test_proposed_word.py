"""history --proposed --format docx: the plan as a Word document with what changed since a
version as Word's own tracked changes (w:ins, w:del), marking the same words as the HTML
copy, byte-identical from run to run, and opened by LibreOffice."""

from __future__ import annotations

import html
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import RunCli
from gitrepo import commit_edit, git

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "render"))

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SINCE_ARGS = ("--today", "2026-11-22")


NEW_GOAL = "  - id: lunch-queue\n    area: Independence\n    text: Queue for lunch alone.\n"


def _amend(school: Path, new_goal: bool = True) -> str:
    first = git(school, "rev-parse", "HEAD").strip()
    commit_edit(
        school,
        lambda t: (
            t.replace("Ask for help when stuck.", "Ask for help when stuck, using a card.")
            .replace("    area: English\n", "    area: English\n    strategies: [Pair reading]\n")
            .replace("        note: Read one page to Ms Hall.\n", "        note: Read a page.\n")
            .replace("cadence:\n", (NEW_GOAL if new_goal else "") + "cadence:\n")
        ),
        "Amendments agreed at the annual review",
        "Mrs Adeyemi",
        "2026-11-10",
    )
    return first


def _proposed(run_cli: RunCli, school: Path, since: str, fmt: str, out: Path) -> bytes:
    result = run_cli(
        "history", "sam-lee", "--since", since, "--proposed", "--format", fmt,
        "-o", str(out), "--repo", str(school), *SINCE_ARGS,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Wrote {out.name}" in result.stdout or out.name in result.stdout
    return out.read_bytes()


def _marks(data: bytes, tag: str) -> list[str]:
    """The text of each w:ins or w:del run in the body, after the key."""
    from docx import Document

    body = Document(io.BytesIO(data)).element.body
    text = "t" if tag == "ins" else "delText"
    found = []
    for mark in body.iter(f"{W}{tag}"):
        if mark.getparent().tag == f"{W}rPr":
            continue  # a paragraph's or row's own mark: no text of its own
        found.append("".join(t.text or "" for t in mark.iter(f"{W}{text}")))
    return found


def _html_marks(page: str, tag: str) -> list[str]:
    main = page[page.index("<main>") :]
    main = re.sub(r'<p class="proposed-key">.*?</p>', "", main, count=1, flags=re.S)
    return [html.unescape(m) for m in re.findall(rf"<{tag}>(.*?)</{tag}>", main, flags=re.S)]


def _words(pieces: list[str]) -> list[str]:
    return re.findall(r"\w+", " ".join(pieces))


@pytest.fixture
def amended(school: Path, run_cli: RunCli, tmp_path: Path) -> tuple[bytes, str, str]:
    first = _amend(school)
    data = _proposed(run_cli, school, first[:10], "docx", tmp_path / "proposed.docx")
    page = _proposed(run_cli, school, first[:10], "html", tmp_path / "proposed.html")
    return data, page.decode(), first[:7]


def test_word_marks_the_same_texts_as_the_html(
    school: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    first = _amend(school, new_goal=False)
    data = _proposed(run_cli, school, first, "docx", tmp_path / "proposed.docx")
    page = _proposed(run_cli, school, first, "html", tmp_path / "proposed.html").decode()
    inserted, deleted = _marks(data, "ins"), _marks(data, "del")
    assert "stuck, using a card." in inserted and "Pair reading" in inserted
    assert "one" in deleted and "page to Ms Hall." in deleted and "stuck." in deleted
    assert inserted == _html_marks(page, "ins")
    assert deleted == _html_marks(page, "del")


def test_a_new_goal_is_inserted_in_word_as_in_the_html(amended: tuple[bytes, str, str]) -> None:
    data, page, _ = amended
    inserted, deleted = _marks(data, "ins"), _marks(data, "del")
    assert "Goal 3: Queue for lunch alone." in inserted
    assert "Goal 3: Independence: Queue for lunch alone." in inserted
    # The goals that did not change are not marked: the new goal's parts are not paired
    # with another goal's because both say "No strategies written yet.".
    assert "Goal 2: Maths" not in inserted + deleted
    assert "<h3>Goal 2: Maths</h3>" in page
    assert inserted.count("No strategies written yet.") == 1  # the new goal's
    assert deleted.count("No strategies written yet.") == 1  # goal 1's, now Pair reading
    # Where the two layouts differ (Word writes "Goal 3: Independence: Queue..." as one
    # heading), Word marks no word as changed that the HTML does not.
    for mine, theirs in ((inserted, _html_marks(page, "ins")), (deleted, _html_marks(page, "del"))):
        left = list(_words(theirs))
        for word in _words(mine):
            assert word in left, (word, mine, theirs)
            left.remove(word)


def test_tracked_changes_are_words_own_with_a_fixed_author_and_date(
    amended: tuple[bytes, str, str],
) -> None:
    data, _, first = amended
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    marks = re.findall(r"<w:(ins|del) ([^>]*)>", body)
    assert marks
    assert {re.search(r'w:author="([^"]*)"', m[1]).group(1) for m in marks} == {  # type: ignore[union-attr]
        "Brookfield"
    }
    # The date of the commit that made the changes, not the time of the run.
    assert {re.search(r'w:date="([^"]*)"', m[1]).group(1) for m in marks} == {  # type: ignore[union-attr]
        "2026-11-10T00:00:00Z"
    }
    ids = [re.search(r'w:id="(\d+)"', m[1]).group(1) for m in marks]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))
    assert 'w:author="Mrs Adeyemi"' not in body
    # Bold and underlined, struck through: readable with the markup hidden and on paper.
    assert re.search(r"<w:ins [^>]*><w:r><w:rPr>(<[^>]*>)*<w:b/>.*?<w:u w:val=\"single\"/>", body)
    assert re.search(r"<w:del [^>]*><w:r><w:rPr>(<[^>]*>)*<w:strike/>", body)
    # The key says what the marks mean, in words, first in the document.
    from docx import Document

    document = Document(io.BytesIO(data))
    key = document.paragraphs[0].text
    assert key.startswith(f"Proposed changes to the plan as it stood at commit {first}")
    assert "in bold and underlined" in key and "struck through" in key
    assert document.core_properties.title.startswith("Proposed changes: ")


def test_accepting_every_change_gives_the_plan_and_rejecting_gives_the_old_one(
    school: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    first = git(school, "rev-parse", "HEAD").strip()
    before = _render_plan_text(run_cli, school, tmp_path / "before.docx")
    _amend(school)
    after = _render_plan_text(run_cli, school, tmp_path / "after.docx")
    data = _proposed(run_cli, school, first, "docx", tmp_path / "p.docx")
    assert _resolved(data, accept=True) == after
    assert _resolved(data, accept=False) == before


def _render_plan_text(run_cli: RunCli, school: Path, out: Path) -> list[str]:
    result = run_cli(
        "render", "plan", "sam-lee", "--format", "docx", "-o", str(out),
        "--repo", str(school), *SINCE_ARGS,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return _resolved(out.read_bytes(), accept=True, key=False)


def _resolved(data: bytes, *, accept: bool, key: bool = True) -> list[str]:
    """The body's paragraphs as Word shows them after accepting or rejecting every change."""
    from docx import Document

    body = Document(io.BytesIO(data)).element.body
    keep, drop = (f"{W}ins", f"{W}del") if accept else (f"{W}del", f"{W}ins")
    paragraphs = []
    for p in body.iter(f"{W}p"):
        mark = p.find(f"{W}pPr/{W}rPr/{drop}")
        if mark is not None:
            continue  # the paragraph goes (its runs are all in the same change)
        row = next(p.iterancestors(f"{W}tr"), None)
        if row is not None and row.find(f"{W}trPr/{drop}") is not None:
            continue
        words = []
        for t in p.iter(f"{W}t", f"{W}delText"):
            parent = next(t.iterancestors(keep, drop), None)
            if parent is not None and parent.tag == drop:
                continue
            words.append(t.text or "")
        paragraphs.append("".join(words))
    return paragraphs[1:] if key else paragraphs


def test_the_same_records_give_the_same_bytes(
    school: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    first = _amend(school)
    one = _proposed(run_cli, school, first, "docx", tmp_path / "one.docx")
    two = _proposed(run_cli, school, first, "docx", tmp_path / "two.docx")
    assert one == two


HOSTILE = [
    "</w:t><w:t>injected",
    "{{ 7*7 }} and {% if true %}x{% endif %}",
    "nul\\0byte",
    '{ DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \\"/k calc\\" }',
]


def test_a_hostile_statement_is_literal_text_inside_the_marks(
    school: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    first = git(school, "rev-parse", "HEAD").strip()
    strategies = "".join(f'      - "{text}"\n' for text in HOSTILE)
    commit_edit(
        school,
        lambda t: t.replace(
            "    area: English\n", "    area: English\n    strategies:\n" + strategies
        ),
        "Strategies",
        "Ms Hall",
        "2026-11-10",
    )
    data = _proposed(run_cli, school, first, "docx", tmp_path / "hostile.docx")
    inserted = _marks(data, "ins")
    assert "</w:t><w:t>injected" in inserted
    assert "{{ 7*7 }} and {% if true %}x{% endif %}" in inserted
    assert "nul\u2400byte" in inserted
    assert '{ DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc" }' in inserted
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "instrText" not in body and "<w:fldSimple" not in body and "49" not in body

    # Taken out again: the same texts, deleted.
    middle = git(school, "rev-parse", "HEAD").strip()
    commit_edit(
        school,
        lambda t: t.replace("    strategies:\n" + strategies, ""),
        "No strategies",
        "Ms Hall",
        "2026-11-12",
    )
    data = _proposed(run_cli, school, middle, "docx", tmp_path / "hostile-gone.docx")
    deleted = _marks(data, "del")
    assert "</w:t><w:t>injected" in deleted
    assert "nul\u2400byte" in deleted


def test_docx_needs_proposed_and_proposed_needs_a_document_format(
    school: Path, run_cli: RunCli
) -> None:
    base = ("history", "sam-lee", "--repo", str(school))
    plain = run_cli(*base, "--format", "docx")
    assert plain.exit_code == 2
    assert "--format docx makes the plan with proposed changes: add --proposed" in plain.stderr
    text = run_cli(*base, "--proposed", "--since", "HEAD", "--format", "md")
    assert text.exit_code == 2 and "add --format html or --format docx" in text.stderr


@pytest.mark.browser
def test_libreoffice_opens_it_and_prints_both_the_added_and_the_taken_out_words(
    amended: tuple[bytes, str, str], tmp_path: Path
) -> None:
    import subprocess

    from test_word_libreoffice import convert_to_pdf

    data, _, _ = amended
    source = tmp_path / "proposed.docx"
    source.write_bytes(data)
    convert_to_pdf([source], tmp_path / "pdf", tmp_path / "lo-profile")
    pdf = tmp_path / "pdf" / "proposed.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Proposed changes to the plan as it stood" in flat
    assert "using a card." in flat and "Pair reading" in flat and "Queue for lunch alone." in flat
    # The words taken out are printed too (struck through), before the words that replace them.
    assert re.search(r"Read one ?a page to Ms Hall\. ?page\.", flat), flat
    assert "Ask for help when stuck.stuck, using a card." in flat


def test_a_schools_own_plan_form_gets_the_same_tracked_changes(
    school: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    from docx import Document

    form = Document()
    form.add_paragraph("Plan for {{ plan.pupil.name }}")
    form.add_paragraph("{%p for goal in plan.goals %}")
    form.add_paragraph("{{ goal.label }}: {{ goal.text }}")
    form.add_paragraph("{%p endfor %}")
    (school / "templates").mkdir(exist_ok=True)
    form.save(str(school / "templates" / "plan.docx"))
    git(school, "add", "-A")
    git(school, "commit", "-q", "-m", "Our plan form")
    first = _amend(school)
    data = _proposed(run_cli, school, first, "docx", tmp_path / "form.docx")
    assert _marks(data, "ins") == ["stuck, using a card.", "Goal 3: Queue for lunch alone."]
    assert _marks(data, "del") == ["stuck."]
    from docx import Document as Open

    texts = [p.text for p in Open(io.BytesIO(data)).paragraphs]
    assert texts[0].startswith("Proposed changes to the plan as it stood")
    assert texts[1] == "Plan for Sam"
