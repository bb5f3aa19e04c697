"""Record text escaped for Markdown reads back, through a real CommonMark parser, as typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from renderkit import inline_text, markdown_parser

from pcplan.render.markdown import escape_block, escape_cell, escape_line, escape_line_only

HOSTILE = [
    "<script>alert('x')</script>",
    "# not a heading",
    "- not a list",
    "+ not a list either",
    "1. not a numbered list",
    "2) nor this",
    "> not a quote",
    "*not emphasis* and _not_ either, **nor** __this__",
    "`not code`",
    "[not a link](https://example.com) ![not an image](x.png)",
    "<https://example.com> is not an autolink",
    "Fish &amp; chips, &#60; and &copy; stay as typed",
    "a | table | pipe",
    "~~not struck~~",
    "back\\slash \\* and a trailing one \\",
    "---",
    "===",
    "heading closer #",
    "<!-- not a comment -->",
    "£12.50 a week, 3 × 20 minutes, “quotes” and ‘single’ ones",
]


def paragraph_text(markdown: str) -> str:
    tokens = markdown_parser().parse(markdown)
    inline = [t for t in tokens if t.type == "inline"]
    assert len(inline) == 1, markdown
    return inline_text(inline[0].children or [])


@pytest.mark.parametrize("text", HOSTILE)
def test_a_list_item_shows_the_text_as_typed(text: str) -> None:
    markdown = f"- {escape_block(text)}\n"
    tokens = markdown_parser().parse(markdown)
    assert [t.type for t in tokens][:3] == ["bullet_list_open", "list_item_open", "paragraph_open"]
    assert paragraph_text(markdown) == text
    assert "<script" not in markdown_parser().render(markdown)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_heading_shows_the_text_as_typed(text: str) -> None:
    markdown = f"### {escape_line_only(text)}\n"
    tokens = markdown_parser().parse(markdown)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h3"
    assert inline_text(tokens[1].children or []) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_a_table_cell_shows_the_text_as_typed(text: str) -> None:
    markdown = f"| a | b |\n| --- | --- |\n| {escape_cell(text)} | x |\n"
    tokens = markdown_parser().parse(markdown)
    cells = [t for t in tokens if t.type == "inline"]
    assert len(cells) == 4, markdown  # the table keeps its two columns
    assert inline_text(cells[2].children or []) == text
    assert inline_text(cells[3].children or []) == "x"


def test_line_breaks_are_kept_as_hard_breaks_and_blank_lines_do_not_end_the_item() -> None:
    text = "First line\n\n# second line\n   - third line\n"
    markdown = f"- {escape_block(text)}\n- next item\n"
    tokens = markdown_parser().parse(markdown)
    assert sum(1 for t in tokens if t.type == "list_item_open") == 2
    assert paragraph_text(f"{escape_block(text)}\n") == "First line\n# second line\n- third line"


def test_cells_break_lines_with_br_and_headings_with_spaces() -> None:
    assert escape_cell("one\ntwo | three") == "one<br>two \\| three"
    assert escape_line_only("one\ntwo") == "one two"


def test_escaping_is_light_where_nothing_needs_it() -> None:
    plain = "Celine reads her story aloud, then asks to go first. £2.50 - not much."
    assert escape_line(plain) == plain


safe_text = st.text(
    alphabet=st.characters(
        codec="utf-8",
        categories=("L", "N", "P", "S", "Zs"),
        exclude_characters="\u2028\u2029\x85",
    ),
    min_size=1,
    max_size=60,
).map(lambda s: " ".join(s.split()))


@settings(max_examples=300, deadline=None)
@given(safe_text)
def test_any_line_of_text_reads_back_exactly(text: str) -> None:
    if not text:
        return
    assert paragraph_text(f"- {escape_block(text)}\n") == text
    markdown = f"| a |\n| --- |\n| {escape_cell(text)} |\n"
    cells = [t for t in markdown_parser().parse(markdown) if t.type == "inline"]
    assert inline_text(cells[1].children or []) == text


@settings(max_examples=500)
@given(
    st.text(
        alphabet=st.sampled_from(
            list(" a|#-1.\n\r\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\xa0<&")
        )
    )
)
def test_a_cell_of_one_line_is_escaped_as_its_lines_are(text: str) -> None:
    # A one-line cell skips splitting the text into lines: the same text either way.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert escape_cell(text) == "<br>".join(escape_line(line) for line in lines)
