"""history --proposed: the plan with what changed since a version marked in <ins> and <del>,
for the local authority; valid, accessible HTML."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import RunCli
from gitrepo import commit_edit, git

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "render"))
from renderkit import browser_check, nu_check_errors


@pytest.fixture
def proposed(school: Path, run_cli: RunCli) -> tuple[str, str]:
    first = git(school, "rev-parse", "HEAD").strip()
    commit_edit(
        school,
        lambda t: (
            t.replace("Ask for help when stuck.", "Ask for help when stuck, using a card.")
            .replace("    area: English\n", "    area: English\n    strategies: [Pair reading]\n")
            .replace("    - My dog, Biscuit.\n", "")
        ),
        "Amendments agreed at the annual review",
        "Mrs Adeyemi",
        "2026-11-10",
    )
    out = school / "out" / "proposed.html"
    result = run_cli(
        "history", "sam-lee", "--since", first[:10], "--proposed", "--format", "html",
        "-o", str(out), "--repo", str(school), "--today", "2026-11-22",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out.read_text(), first[:7]


def test_additions_are_inserted_and_deletions_struck(proposed: tuple[str, str]) -> None:
    html, first = proposed
    assert f"as it stood at commit {first}" in html
    assert "<ins>using a card.</ins>" in html or "<ins>stuck, using a card.</ins>" in html
    assert re.search(r"<del>[^<]*stuck\.</del>", html)
    assert "<ins>Pair reading</ins>" in html
    # The profile is not part of the plan; the plan's own text that did not change is plain.
    assert "<del>Read a short story" not in html and "Read a short story aloud" in html
    # Bold and struck through in print, and said aloud to a screen reader.
    assert "ins { font-weight: 700;" in html and "del { text-decoration: line-through;" in html
    assert 'content: " [added: "' in html


def test_proposed_needs_a_version(school: Path, run_cli: RunCli) -> None:
    base = ("history", "sam-lee", "--proposed", "--repo", str(school))
    for fmt in ("html", "docx"):
        no_since = run_cli(*base, "--format", fmt)
        assert no_since.exit_code == 2 and "--proposed needs --since" in no_since.stderr


@pytest.mark.browser
def test_proposed_changes_pass_the_nu_checker_and_axe(
    proposed: tuple[str, str], tmp_path: Path
) -> None:
    page = tmp_path / "proposed.html"
    page.write_text(proposed[0])
    assert nu_check_errors([page]) == []
    report = browser_check(tmp_path, ["proposed.html"], [], tmp_path / "pdf")
    assert report["proposed.html"]["violations"] == []


@given(
    st.lists(st.sampled_from("abcdefg"), max_size=14),
    st.lists(st.sampled_from("abcdefgh"), max_size=14),
)
def test_lines_line_up_whole_and_in_order(old: list[str], new: list[str]) -> None:
    from pcplan.history.proposed import aligned

    i = j = 0
    previous = ""
    for op, i1, i2, j1, j2 in aligned(old, new):
        assert (i1, j1) == (i, j)
        assert (op == "equal") != (previous == "equal") or not previous
        if op == "equal":
            assert old[i1:i2] == new[j1:j2]
        i, j, previous = i2, j2, op
    assert (i, j) == (len(old), len(new))


def test_a_line_found_once_in_each_version_anchors_the_rest() -> None:
    from pcplan.history.proposed import aligned

    old = ["Goal 1", "None yet.", "Goal 2", "None yet."]
    new = ["Goal 1", "Pair reading", "Goal 2", "None yet.", "Goal 3", "None yet."]
    assert aligned(old, new) == [
        ("equal", 0, 1, 0, 1),
        ("replace", 1, 2, 1, 2),
        ("equal", 2, 4, 2, 4),
        ("insert", 4, 4, 4, 6),
    ]
