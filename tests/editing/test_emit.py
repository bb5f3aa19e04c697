"""New text reads back as exactly what was meant, whatever a teacher types."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pcplan.editing.emit import Layout, Quoted, Value, can_be_plain, flow, item_lines, scalar
from pcplan.loading.yamlstrict import parse

# Text a teacher could type or paste: any character except the NUL the loader refuses.
typed = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))


@settings(max_examples=400, deadline=None)
@given(typed)
def test_any_text_reads_back_unchanged_in_block_and_flow(text: str) -> None:
    assert parse(f"k: {scalar(text)}\n").data == {"k": text}
    assert parse(f"k: [{scalar(text, flow=True)}]\n").data == {"k": [text]}
    assert parse(f"k: {{a: {scalar(text, flow=True)}}}\n").data == {"k": {"a": text}}


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["date", "note", "by", "rating"]), typed, min_size=1))
def test_entries_read_back_unchanged(entry: dict[str, str]) -> None:
    block = "\n".join(item_lines(entry, 2, Layout())) + "\n"
    assert parse("k:\n" + block).data == {"k": [entry]}
    assert parse(f"k: [{flow(entry)}]\n").data == {"k": [entry]}


def test_plain_only_when_it_cannot_be_misread() -> None:
    for plain in ("2026-11-22", "Mrs Begum", "Ms Lowe (English)", "read-aloud", "Siân"):
        assert can_be_plain(plain)
    for quoted in ("no", "null", "~", "12:30", "0123", "1.5", "- x", "a: b", "a #b", "x:", " x"):
        assert not can_be_plain(quoted), quoted
    assert can_be_plain("Mrs Kay, TA") and not can_be_plain("Mrs Kay, TA", flow=True)


def test_notes_are_always_quoted() -> None:
    assert scalar(Quoted("Read aloud")) == '"Read aloud"'
    assert scalar(Quoted('Said "hello"\tand left\n')) == '"Said \\"hello\\"\\tand left\\n"'
    # Line separators are line breaks to a YAML reader: they must be escaped.
    assert scalar(Quoted("a\u2028b\x85c")) == '"a\\u2028b\\x85c"'


def test_entries_follow_the_layout() -> None:
    entry = {"date": "2026-11-22", "note": Quoted("Read it."), "by": "Mrs Begum"}
    assert item_lines(entry, 4, Layout(item_offset=4)) == [
        "    -   date: 2026-11-22",
        '        note: "Read it."',
        "        by: Mrs Begum",
    ]
    nested: dict[str, Value] = {
        "date": "2026-11-22",
        "present": ["Celine"],
        "working": {"pupil": []},
    }
    assert item_lines(nested, 0, Layout(seq_offset=0, map_step=4, item_offset=4)) == [
        "-   date: 2026-11-22",
        "    present:",
        "    - Celine",
        "    working:",
        "        pupil: []",
    ]
