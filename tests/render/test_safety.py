"""Record text can never become markup, photos stay inside the repository, writes are atomic."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from renderkit import GOLDEN_REPO, markdown_parser

from conftest import MakeRepo, RunCli

SCRIPT = "<script>alert('x')</script>"

HOSTILE_RECORD = f"""\
schema_version: 1
pupil:
  id: sam-lee
  name: "Sam {SCRIPT}"
  known_as: "Sam</title><script>x()</script>"
  sen_status: K
  needs: {{primary: SLCN}}
  setting: "<img src=x onerror=alert(1)>"
circle:
  - {{name: "<b>Bold</b>", role: "[link](javascript:alert(1))"}}
profile:
  provenance: "Written with <em>Sam</em> & family"
  like_and_admire:
    - "{SCRIPT}"
    - text: "</q><script>bad()</script>"
      said_by: pupil
  important_to_me: ["# heading?", "- list?", "**bold?**"]
  how_to_support_me: ["| a | b |"]
  communication:
    - when: "<style>*{{display:none}}</style>"
      i_do: "a|b"
      it_means: "`code`"
      you_should: "![img](x)"
aspirations:
  - {{id: dream, text: "{SCRIPT}", said_by: pupil}}
goals:
  - id: g1
    area: "</h3><script>area()</script>"
    text: "{SCRIPT}"
    aspirations: [dream]
    success: "<iframe src=x>"
    strategies: ["<svg onload=alert(1)>"]
    progress:
      - {{date: 2026-10-01, note: "{SCRIPT}", by: "<u>me</u>"}}
resources:
  - {{id: r1, text: "{SCRIPT}", who: "<script>", goals: [g1]}}
reviews:
  - date: 2026-03-01
    present: ["{SCRIPT}"]
    actions:
      - {{what: "{SCRIPT}", who: "<b>x</b>", by: 2026-12-01, goal: g1}}
"""


@pytest.fixture
def hostile_repo(make_repo: MakeRepo) -> Path:
    return make_repo(
        {
            "pcplan.yaml": 'school: "</style></head><body><script>s()</script>"\n'
            'marking: "OFFICIAL\\"; } body { display: none } /*"\n',
            "records/sam-lee.yaml": HOSTILE_RECORD,
        }
    )


@pytest.mark.parametrize("kind", ["profile", "plan"])
def test_record_text_never_becomes_html(run_cli: RunCli, hostile_repo: Path, kind: str) -> None:
    result = run_cli("render", kind, "sam-lee", "--repo", str(hostile_repo), "-o", "-")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert "<script" not in page and "<img" not in page and "<iframe" not in page
    assert "<svg" not in page and "<b>" not in page and "<u>" not in page
    assert page.count("</style>") == 1 and page.count("<style>") == 1
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    style = page[page.index("<style>") : page.index("</style>")]
    assert "display: none }" not in style  # the marking in CSS is an escaped string


@pytest.mark.parametrize("kind", ["profile", "plan"])
def test_record_text_never_becomes_markdown(run_cli: RunCli, hostile_repo: Path, kind: str) -> None:
    result = run_cli(
        "render", kind, "sam-lee", "--repo", str(hostile_repo), "--format", "md", "-o", "-"
    )
    assert result.exit_code == 0, result.output
    rendered = markdown_parser().render(result.stdout)
    for tag in ("<script", "<img", "<iframe", "<svg", "<b>", "<u>", "<style", "<code>", "<a "):
        assert tag not in rendered, tag
    tokens = markdown_parser().parse(result.stdout)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any(h.startswith(("heading?", "# heading")) for h in headings)
    assert "alert('x')" in rendered.replace("&#x27;", "'").replace("&quot;", '"')


def test_a_photo_is_embedded_with_alt_text(run_cli: RunCli) -> None:
    result = run_cli("render", "profile", "alex-example", "--repo", str(GOLDEN_REPO), "-o", "-")
    assert re.search(r'<img class="photo" src="data:image/png;base64,[A-Za-z0-9+/=]+" '
                     r'alt="Photo of Alex">', result.stdout)  # fmt: skip
    md = run_cli(
        "render", "profile", "alex-example", "--repo", str(GOLDEN_REPO), "--format", "md",
        "-o", "-",
    )  # fmt: skip
    assert "![Photo of Alex][photo]" in md.stdout
    assert re.search(r"^\[photo\]: data:image/png;base64,", md.stdout, re.MULTILINE)


def _record_with_photo(path: str) -> str:
    return (
        "schema_version: 1\npupil: {id: sam-lee, name: Sam Lee, sen_status: K, "
        "needs: {primary: SLCN}}\n"
        f"profile: {{photo: {path}}}\n"
    )


def test_a_photo_outside_the_repository_is_refused(
    run_cli: RunCli, make_repo: MakeRepo, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes((GOLDEN_REPO / "records" / "photos" / "alex.png").read_bytes())
    root = make_repo({"records/sam-lee.yaml": _record_with_photo("photos/sam.png")})
    (root / "records" / "photos").mkdir()
    os.symlink(secret, root / "records" / "photos" / "sam.png")
    result = run_cli("render", "profile", "sam-lee", "--repo", str(root), "-o", "-")
    assert result.exit_code == 1
    refused = "profile.photo: the photo is a link to a file outside the records repository"
    assert refused in result.stderr
    assert result.stdout == ""
    # validate refuses what render refuses
    checked = run_cli("validate", "--repo", str(root), cwd=root)
    assert checked.exit_code == 1
    assert f"records/sam-lee.yaml:3:18: {refused}" in checked.stdout


def test_a_photo_that_is_not_a_picture_is_refused(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/sam-lee.yaml": _record_with_photo("photos/sam.png"),
            "records/photos/sam.png": "<svg onload=alert(1)>",
        }
    )
    result = run_cli("render", "all", "--repo", str(root))
    assert result.exit_code == 1
    assert "the photo is not a PNG, JPEG, GIF or WebP picture" in result.stderr
    index = (root / "out" / "index.html").read_text()
    assert "Records that need attention" in index


def test_an_interrupted_batch_replaces_nothing(tmp_path: Path) -> None:
    from pcplan.fileio import AtomicBatch

    kept = tmp_path / "a.html"
    kept.write_text("old")
    with pytest.raises(KeyboardInterrupt), AtomicBatch() as batch:
        assert batch.write_text(kept, "new") is True
        assert batch.write_text(tmp_path / "b" / "c.html", "new") is True
        raise KeyboardInterrupt
    assert kept.read_text() == "old"
    assert not (tmp_path / "b" / "c.html").exists()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.html"]
    with AtomicBatch() as batch:
        assert batch.write_text(kept, "old") is False
        assert batch.write_text(kept, "new") is True
    assert kept.read_text() == "new"
