"""Strict YAML reading: scalars stay as typed, and what records forbid is refused at a line."""

from __future__ import annotations

import pytest

from pcplan.loading.yamlstrict import MAX_FILE_BYTES, YamlError, check_text, parse


def problem(text: str | bytes) -> tuple[int, str]:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(YamlError) as caught:
        parse(check_text(raw))
    return caught.value.problem.line, caught.value.problem.code


def test_plain_scalars_stay_as_the_teacher_typed_them() -> None:
    data = parse("a: 12:30\nb: no\nc: 0123\nd: 1e3\ne: 2026-01-05\nf: true\n").data
    assert data == {
        "a": "12:30",
        "b": "no",
        "c": "0123",
        "d": "1e3",
        "e": "2026-01-05",
        "f": "true",
    }


def test_empty_values_mean_absent_but_quoted_empty_text_is_kept() -> None:
    data = parse("a:\nb: ~\nc: ''\nd: null\n").data
    assert data == {"a": None, "b": None, "c": "", "d": None}


def test_positions_point_at_keys_and_values() -> None:
    doc = parse("pupil:\n  id: sam\n  name: Sam\ngoals:\n  - id: x\n    text: y\n")
    assert doc.position(("pupil", "name")) == (3, 9)
    assert doc.position(("pupil", "name"), key=True) == (3, 3)
    assert doc.position(("goals", 0, "text")) == (6, 11)
    # A path that goes further than the file points at the deepest part that exists.
    assert doc.position(("goals", 0, "success")) == (5, 5)
    assert doc.position(("goals", 7)) == (5, 3)


def test_duplicate_key_is_refused_at_the_second_one() -> None:
    assert problem("a: 1\nb: 2\na: 3\n") == (3, "duplicate-key")


def test_duplicate_key_inside_a_list_item() -> None:
    assert problem("goals:\n  - id: a\n    text: x\n    id: b\n") == (4, "duplicate-key")


def test_anchor_and_alias_are_refused() -> None:
    assert problem("a: &x 1\nb: *x\n") == (1, "alias")
    # An anchor alone is refused too: records say everything in full.
    assert problem("a: &x 1\n") == (1, "alias")


def test_ampersand_in_text_is_fine() -> None:
    assert parse("a: Celine & her mum\n").data == {"a": "Celine & her mum"}


def test_merge_key_and_tags_are_refused() -> None:
    assert problem("a: 1\n<<: {b: 2}\n") == (2, "merge-key")
    assert problem("a: !!int 5\n") == (1, "tag")
    assert problem("a: !custom 5\n") == (1, "tag")
    assert problem("!!python/object:os.system x: 1\n")[1] == "tag"


def test_quoted_merge_key_is_just_a_key() -> None:
    assert parse("'<<': 1\n").data == {"<<": "1"}


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    assert problem(bomb) == (1, "alias")


def test_deep_flow_nesting_is_refused_before_libyaml_sees_it() -> None:
    assert problem("a: " + "[" * 30000 + "\n") == (1, "too-deep")


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "v: 1\n"
    assert problem(text)[1] == "too-deep"


def test_oversized_file_is_refused() -> None:
    assert problem(b"a: " + b"x" * MAX_FILE_BYTES) == (1, "too-large")


def test_not_utf8_names_the_line() -> None:
    assert problem(b"a: 1\nb: caf\xe9\n") == (2, "not-utf8")


def test_utf8_bom_and_crlf_are_read() -> None:
    assert parse(check_text(b"\xef\xbb\xbfa: 1\r\nb: SioBh\xc3\xa1n\r\n")).data == {
        "a": "1",
        "b": "SioBhán",
    }


def test_merge_conflict_names_the_marker_line() -> None:
    text = "a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> theirs\n"
    assert problem(text) == (2, "merge-conflict")


def test_syntax_error_has_a_line_and_plain_hint() -> None:
    with pytest.raises(YamlError) as caught:
        parse("a: 1\nb: [1, 2\n")
    assert caught.value.problem.code == "yaml-syntax"
    assert caught.value.problem.line >= 2


def test_two_documents_are_refused() -> None:
    with pytest.raises(YamlError) as caught:
        parse("a: 1\n---\nb: 2\n")
    assert "second '---'" in caught.value.problem.message


def test_nul_byte_is_refused() -> None:
    assert problem(b"a: 1\n\x00\n") == (2, "not-text")
