"""The three audiences of a document: staff (everything), the family (no costs, no UPN, no
``share: staff``), the pupil (easy read). The pupil's own quoted words are the same in all
three; names and pronouns follow the record; the agenda's wording fits the child's age."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from renderkit import GOLDEN_PUPIL, GOLDEN_REPO, PROJECT

from conftest import TODAY, MakeRepo, RunCli

AUDIENCES = ("staff", "family", "pupil")
EXAMPLES = sorted(p.stem for p in (PROJECT / "records").glob("*.yaml"))


def _render_all(repo: Path, out: Path, fmt: str) -> None:
    from typer.testing import CliRunner

    from pcplan.cli.app import app

    result = CliRunner().invoke(
        app,
        ["render", "all", "--repo", str(repo), "--today", TODAY, "--format", fmt,
         "--audiences", "staff,family,pupil", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example pupil's and the golden pupil's documents, for the three audiences."""
    root = tmp_path_factory.mktemp("audiences")
    for fmt in ("html", "md"):
        _render_all(PROJECT, root / "examples" / fmt, fmt)
        _render_all(GOLDEN_REPO, root / "golden" / fmt, fmt)
    return root


def _records() -> Iterator[tuple[str, Path, str]]:
    for pupil in EXAMPLES:
        yield "examples", PROJECT / "records" / f"{pupil}.yaml", pupil
    yield "golden", GOLDEN_REPO / "records" / f"{GOLDEN_PUPIL}.yaml", GOLDEN_PUPIL


CASES = [(repo, pupil) for repo, _, pupil in _records()]


def _record(repo: str, pupil: str):  # type: ignore[no-untyped-def]
    from pcplan.loading.records import load_record

    base = PROJECT if repo == "examples" else GOLDEN_REPO
    loaded, problems = load_record(
        base / "records" / f"{pupil}.yaml", pupil, date.fromisoformat(TODAY)
    )
    assert loaded is not None, problems
    return loaded.record


def _doc(root: Path, repo: str, fmt: str, audience: str, pupil: str, kind: str) -> str:
    return (root / repo / fmt / audience / pupil / f"{kind}.{fmt}").read_text(encoding="utf-8")


def _html_text(value: str) -> str:
    from pcplan.render.environment import html_lines

    return str(html_lines(value))


@pytest.mark.parametrize(("repo", "pupil"), CASES)
def test_quoted_pupil_words_are_byte_identical_for_every_audience(
    rendered: Path, repo: str, pupil: str
) -> None:
    from pcplan.models.common import StatementDetail
    from pcplan.render.views import statement

    record = _record(repo, pupil)
    profile_quotes = [
        statement(s, "x").text
        for key in ("like_and_admire", "important_to_me", "how_to_support_me")
        for s in getattr(record.profile, key)
        if isinstance(s, StatementDetail) and s.is_pupil_voice and s.how in (None, "quoted")
    ]
    hope_quotes = [
        statement(a.text, "x", said_by=a.said_by, how=a.how).text
        for a in record.aspirations
        if (a.said_by or "").lower() == "pupil" and a.how in (None, "quoted")
    ]
    for kind, quotes in (("profile", profile_quotes), ("plan", hope_quotes)):
        found = {}
        for audience in AUDIENCES:
            html = _doc(rendered, repo, "html", audience, pupil, kind)
            md = _doc(rendered, repo, "md", audience, pupil, kind)
            inside_q = re.findall(r"<q>(.*?)</q>", html, flags=re.S)
            for quote in quotes:
                assert _html_text(quote) in inside_q, (audience, kind, quote)
                assert f"“{_md_line(quote)}”" in md, (audience, kind, quote)
            found[audience] = [q for q in inside_q if q in {_html_text(x) for x in quotes}]
        assert found["staff"] == found["family"] == found["pupil"]


def _md_line(text: str) -> str:
    from pcplan.render import markdown

    return markdown.escape_block(text)


def _staff_only_texts(record) -> list[str]:  # type: ignore[no-untyped-def]
    from pcplan.models.common import for_staff_only, note_text

    texts: list[str] = []
    for key in ("like_and_admire", "important_to_me", "how_to_support_me"):
        texts += [s.text for s in getattr(record.profile, key) if for_staff_only(s)]
    texts += [note_text(s) for g in record.goals for s in g.strategies if for_staff_only(s)]
    texts += [r.text for r in record.resources if for_staff_only(r)]
    for review in record.reviews:
        for views in (review.working, review.not_working):
            for _, entries in views.items():
                texts += [note_text(e) for e in entries if for_staff_only(e)]
        texts += [note_text(q) for q in review.questions if for_staff_only(q)]
    return texts


@pytest.mark.parametrize(("repo", "pupil"), CASES)
def test_no_cost_upn_or_staff_only_item_reaches_the_family_or_the_pupil(
    rendered: Path, repo: str, pupil: str
) -> None:
    from pcplan.render.views import cost_label, money

    record = _record(repo, pupil)
    hidden = _staff_only_texts(record)
    costs = [cost_label(r) for r in record.resources if r.cost]
    costs += [money(r.cost.amount) for r in record.resources if r.cost and r.cost.amount]
    for fmt in ("html", "md"):
        for kind in ("profile", "plan"):
            for audience in ("family", "pupil"):
                text = _doc(rendered, repo, fmt, audience, pupil, kind)
                assert not [cost for cost in costs if cost in text], (audience, kind)
                assert "No cost to the school" not in text and ">Cost<" not in text
                assert "Wave " not in text
                if record.pupil.upn:
                    assert record.pupil.upn not in text
                for item in hidden:
                    words = " ".join(item.split()[:4])
                    shown = _html_text(words) if fmt == "html" else _md_line(words)
                    assert shown not in text, (audience, kind, item)
    plan = _doc(rendered, repo, "html", "staff", pupil, "plan")
    assert all(cost in plan for cost in costs)  # staff still see costs
    if record.pupil.upn:
        assert record.pupil.upn in plan


def test_the_examples_and_the_golden_record_do_hide_something(rendered: Path) -> None:
    """The test above would pass on records with nothing to hide: these have some, and
    staff see them."""
    assert len(_staff_only_texts(_record("golden", GOLDEN_PUPIL))) >= 4
    assert len(_staff_only_texts(_record("examples", "jamal-haddad"))) >= 3
    staff = _doc(rendered, "golden", "html", "staff", GOLDEN_PUPIL, "plan")
    assert "Praise when she uses it: *quietly*." in staff and "School counsellor" in staff


def test_the_pupil_version_is_easy_read(rendered: Path) -> None:
    html = _doc(rendered, "golden", "html", "pupil", GOLDEN_PUPIL, "plan")
    # The easy-read wording is used, one idea per line, and its initials are explained.
    assert "I ask for help when I am stuck.<br>\nI use my help card &amp; my TA helps." in html
    assert '<h2 id="words-to-know">Words to know</h2>' in html
    assert "<dt>TA</dt>" in html
    # A picture column, with the picture embedded and its words as alt text.
    assert 'class="easy-card with-pictures"' in html
    assert 'alt="An open book &lt;English&gt;"' in html and 'src="data:image/png;base64,' in html
    # Never the staff's words for the same things.
    assert "Ask for help when I'm stuck, using my help card." not in html
    profile = _doc(rendered, "golden", "html", "pupil", GOLDEN_PUPIL, "profile")
    assert "I like to know what happens next.<br>\nShow me my timetable." in profile
    assert "What people understood from me" in profile
    # A pupil's quoted words are never replaced by `easy`.
    assert "never shown" not in profile and "this is ignored" not in profile


def test_the_family_version_speaks_to_the_family(rendered: Path) -> None:
    html = _doc(rendered, "golden", "html", "family", GOLDEN_PUPIL, "plan")
    assert "This is the plan we agreed with you and Alex." in html
    assert "What is working and not working, from your point of view" in html
    assert "What you told us at the review on 4 March 2026:" in html
    assert "She is calmer after school." in html
    assert '<th scope="col">Cost</th>' not in html
    profile = _doc(rendered, "golden", "html", "family", GOLDEN_PUPIL, "profile")
    assert "Your copy, prepared on 22 November 2026, of what we agreed with you." in profile
    assert "share it only with people who work with" not in profile


def test_render_all_links_every_audience_from_one_index(rendered: Path) -> None:
    index = (rendered / "golden" / "html" / "index.html").read_text()
    for audience in AUDIENCES:
        assert f'href="{audience}/{GOLDEN_PUPIL}/profile.html"' in index
        assert f'href="{audience}/{GOLDEN_PUPIL}/plan.html"' in index
    staff = _doc(rendered, "golden", "html", "staff", GOLDEN_PUPIL, "plan")
    assert 'href="../../index.html"' in staff
    # The family's and the pupil's copies do not point at the index of every pupil.
    for audience in ("family", "pupil"):
        text = _doc(rendered, "golden", "html", audience, GOLDEN_PUPIL, "plan")
        assert "index.html" not in text and 'href="profile.html"' in text


def test_render_one_document_for_an_audience(run_cli: RunCli, tmp_path: Path) -> None:
    from shutil import copytree

    repo = tmp_path / "school"
    copytree(GOLDEN_REPO, repo)
    result = run_cli(
        "render", "plan", GOLDEN_PUPIL, "--audience", "pupil", "--repo", str(repo),
        "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (repo / "out" / "pupil" / GOLDEN_PUPIL / "plan.html").is_file()
    result = run_cli(
        "render", "profile", GOLDEN_PUPIL, "--audience", "family", "--repo", str(repo),
        "--today", TODAY, "-o", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{GOLDEN_PUPIL}-profile-family.html").is_file()


@pytest.mark.parametrize("value", ["teachers", "staff,parents", ","])
def test_an_unknown_audience_is_a_usage_error(run_cli: RunCli, value: str) -> None:
    result = run_cli("render", "all", "--repo", str(GOLDEN_REPO), "--audiences", value)
    assert result.exit_code == 2
    assert "--audiences takes a list of staff, family, pupil" in result.stderr
    assert "Traceback" not in result.output


# --- Names and pronouns ------------------------------------------------------------------

RECORD = """\
schema_version: 1
pupil:
  id: tom-baker
  name: Tom Baker
  {extra}
  year_group: {year}
  sen_status: K
  needs: {{primary: SLCN}}
cadence:
  annual_review: 2027-03-03
goals:
  - id: read
    area: English
    text: Read aloud.
"""


def _repo(make_repo: MakeRepo, extra: str = "", year: str = "4") -> Path:
    return make_repo({"records/tom-baker.yaml": RECORD.format(extra=extra, year=year)})


def _render(run_cli: RunCli, repo: Path, kind: str, audience: str = "staff") -> str:
    result = run_cli(
        "render", kind, "tom-baker", "--repo", str(repo), "--today", TODAY,
        "--audience", audience, "--format", "md", "-o", "-",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.stdout


def test_without_known_as_the_first_name_is_used_mid_sentence(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    repo = _repo(make_repo)
    plan = _render(run_cli, repo, "plan")
    assert "# Tom Baker: personalised learning plan" in plan
    assert "| Full name | Tom Baker |" in plan
    rest = plan.replace("# Tom Baker:", "").replace("| Full name | Tom Baker |", "")
    assert "Tom Baker" not in rest
    assert "How staff and Tom will work on each goal." in plan


def test_without_pronouns_the_name_is_used_never_a_guess(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    plan = _render(run_cli, _repo(make_repo), "plan")
    assert "with Tom and the family" in plan
    assert "their family" not in plan and " them " not in plan
    profile = _render(run_cli, _repo(make_repo), "profile")
    assert "in Tom’s words where possible" in profile


def test_the_record_of_a_review_guesses_no_pronoun(run_cli: RunCli, make_repo: MakeRepo) -> None:
    review = "reviews:\n  - date: 2026-10-01\n    kind: termly\n    present: [Tom, Mum]\n"
    repo = make_repo({"records/tom-baker.yaml": RECORD.format(extra="", year="4") + review})
    text = _render(run_cli, repo, "review", "family")
    assert "Prepared on 22 November 2026 for Tom and the family." in text
    assert "their family" not in text and " them " not in text


@pytest.mark.parametrize(
    ("pronouns", "family", "words"),
    [("he/him", "his family", "his words"), ("they/them", "their family", "their words"),
     ("ze/zir", "zir family", "zir words"), ("any pronouns", "the family", "Tom’s words")],
)  # fmt: skip
def test_pronouns_are_used_when_given(
    run_cli: RunCli, make_repo: MakeRepo, pronouns: str, family: str, words: str
) -> None:
    repo = _repo(make_repo, extra=f"pronouns: {pronouns}")
    assert f"with Tom and {family}" in _render(run_cli, repo, "plan")
    assert f"in {words} where possible" in _render(run_cli, repo, "profile")


def test_staff_lists_show_the_full_name_and_the_known_as_name(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    repo = _repo(make_repo, extra="known_as: Tommy")
    result = run_cli("due", "--repo", str(repo), "--today", TODAY, "--within", "60")
    assert result.exit_code == 0, result.output
    assert "Tom Baker (Tommy)" in result.stdout


# --- Wording that fits the age -----------------------------------------------------------


def _agenda(run_cli: RunCli, repo: Path, tmp_path: Path) -> str:
    out = tmp_path / "agendas"
    result = run_cli(
        "review", "--term", "2026-autumn", "--repo", str(repo), "--today", TODAY,
        "--format", "md", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return (out / "tom-baker.md").read_text()


@pytest.mark.parametrize(
    ("year", "chairs"), [("R", False), ("5", False), ("6", True), ("12", True)]
)
def test_only_from_year_6_may_a_pupil_chair_the_review(
    run_cli: RunCli, make_repo: MakeRepo, tmp_path: Path, year: str, chairs: bool
) -> None:
    agenda = _agenda(run_cli, _repo(make_repo, year=year), tmp_path)
    assert ("may chair it" in agenda) is chairs
    assert ("pictures, objects of reference or a trusted adult" in agenda) is not chairs


def test_a_pupil_without_an_ehc_plan_has_no_annual_review_rows(
    run_cli: RunCli, make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = _repo(make_repo)  # SEN support, with an annual_review date typed in by mistake
    agenda = _agenda(run_cli, repo, tmp_path)
    assert "annual review" not in agenda.lower()
    plan = _render(run_cli, repo, "plan")
    assert "Annual review" not in plan and "Annually" not in plan
    due = run_cli("due", "--repo", str(repo), "--today", TODAY, "--within", "365")
    assert "nnual review" not in due.stdout and "apers" not in due.stdout


def test_empty_sections_say_something_true(
    run_cli: RunCli, make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = _repo(make_repo)
    plan = _render(run_cli, repo, "plan")
    assert "*No goal is marked achieved yet.*" in plan
    assert "progress above" not in plan
    agenda = _agenda(run_cli, repo, tmp_path)
    # The history section keeps its name; no other part speaks of a review that never was.
    assert "last review" not in agenda.replace("What has changed since the last review", "")
    assert "This is the first review, so no actions are waiting." in agenda


def test_a_misspelt_audience_is_named_with_the_one_meant(run_cli: RunCli) -> None:
    result = run_cli("render", "all", "--repo", str(GOLDEN_REPO), "--audiences", "staff,famly")
    assert result.exit_code == 2
    assert "('famly' is not one; did you mean 'family'?)" in result.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_family_copy_of_an_empty_plan_speaks_to_the_family(
    run_cli: RunCli, make_repo: MakeRepo, tmp_path: Path, fmt: str
) -> None:
    """Without hopes written down, the family is not told to "Ask Tom: what are your hopes";
    staff still get the questions to ask the pupil."""
    repo = _repo(make_repo)
    texts = {}
    for audience in ("family", "staff"):
        out = tmp_path / f"plan-{audience}.{fmt}"
        result = run_cli(
            "render", "plan", "tom-baker", "--repo", str(repo), "--today", TODAY,
            "--audience", audience, "--format", fmt, "-o", str(out),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        if fmt == "docx":
            from docx import Document

            texts[audience] = "\n".join(p.text for p in Document(str(out)).paragraphs)
        else:
            texts[audience] = out.read_text(encoding="utf-8")
    family, staff = texts["family"], texts["staff"]
    assert "We will ask Tom about them with you: what Tom hopes for" in family
    assert "Ask Tom:" not in family and "your hopes" not in family
    assert " his " not in family and " her " not in family and " their " not in family
    assert "Ask Tom: what are your hopes and dreams?" in staff


def test_the_family_reads_key_stages_in_words(rendered: Path) -> None:
    staff = _doc(rendered, "golden", "md", "staff", GOLDEN_PUPIL, "plan")
    family = _doc(rendered, "golden", "md", "family", GOLDEN_PUPIL, "plan")
    assert "| Year group | Year 9 (KS3) |" in staff
    assert "| Year group | Year 9 (Key Stage 3) |" in family
    assert "KS3" not in family


def test_the_pupils_plan_without_hopes_says_who_will_ask(rendered: Path) -> None:
    plan = _doc(rendered, "examples", "md", "pupil", "ruby-thompson", "plan")
    assert "*We have not written my hopes and dreams yet. People will ask me about them.*" in plan
    assert "We will ask me" not in plan
