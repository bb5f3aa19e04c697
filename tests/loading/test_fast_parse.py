"""The fast parser gives exactly the data, records and diagnostics of the strict reader.

A batch of records is read with pyrs-yaml where it is proven to read a file as libyaml
does (src/pcplan/loading/fastyaml.py); everything else, and any file with a problem, is
read the strict way. These tests compare the two readings over the example records, the
invalid corpus, the editing corpus, generated records and hypothesis-generated YAML (a few
hundred examples by default; HYPOTHESIS_PROFILE=long runs thousands).
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL_RECORD, PROJECT, MakeRepo
from pcplan.cache.validation import check_with_cache
from pcplan.loading import fastyaml
from pcplan.loading.fastyaml import parse_fast, readable_fast
from pcplan.loading.records import FAST_FROM, fast_batch, load_many, load_record_bytes
from pcplan.loading.repo import Repository
from pcplan.loading.yamlstrict import YamlError, check_text, parse

TODAY = date(2026, 11, 22)
TESTS = Path(__file__).resolve().parent.parent
CORPORA = [
    *sorted((PROJECT / "records").glob("*.yaml")),
    *sorted((TESTS / "corpus" / "invalid").glob("*.yaml")),
    *sorted((TESTS / "editing" / "corpus").glob("*.yaml")),
]
EXAMPLES = max(
    300, settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "default")).max_examples
)

pytestmark = pytest.mark.skipif(
    fastyaml.fast_loader() is None, reason="pyrs-yaml is not installed (a core dependency)"
)


def strict_data(text: str) -> tuple[bool, str]:
    """Whether the strict reader reads ``text``, and the repr of its data (order and types)."""
    try:
        return True, repr(parse(text).data)
    except YamlError as exc:
        return False, exc.problem.code


def assert_same_data(text: str) -> bool:
    """The fast parser reads ``text`` only as the strict reader does; True if it read it."""
    try:
        text = check_text(text.encode("utf-8", "surrogatepass"))
    except (YamlError, UnicodeEncodeError):
        return False  # refused before either parser sees it
    fast = parse_fast(text)
    if fast is None:
        return False
    read, data = strict_data(text)
    assert read, f"the fast parser read a file the strict reader refuses ({data}): {text!r}"
    assert repr(fast.data) == data, text
    return True


def test_the_pinned_library_is_installed() -> None:
    # CI installs the core dependencies: there the fast path must be the one measured.
    assert fastyaml.fast_loader() is not None


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_records_and_diagnostics_over_the_corpora(path: Path) -> None:
    raw = path.read_bytes()
    display = path.name
    fast_record, fast_problems = load_record_bytes(path, display, raw, TODAY, fast=True)
    strict_record, strict_problems = load_record_bytes(path, display, raw, TODAY)
    assert fast_problems == strict_problems
    assert (fast_record is None) == (strict_record is None)
    if fast_record is not None and strict_record is not None:
        assert fast_record.record == strict_record.record
        assert fast_record.document is not None and strict_record.document is not None
        assert repr(fast_record.document.data) == repr(strict_record.document.data)
        # Positions asked of a fast-read record come from libyaml reading the same text.
        for where in [("pupil", "id"), ("pupil", "upn"), ("goals", 0, "id"), ("nothing",)]:
            assert fast_record.position(where) == strict_record.position(where)
    with contextlib.suppress(UnicodeDecodeError):
        assert_same_data(raw.decode("utf-8-sig"))


def test_the_example_records_are_read_fast() -> None:
    # Otherwise the comparisons above would prove nothing about the fast path.
    fast = 0
    for path in sorted((PROJECT / "records").glob("*.yaml")):
        loaded, _problems = load_record_bytes(path, path.name, path.read_bytes(), TODAY, fast=True)
        if loaded is not None and loaded.document is not None and not loaded.document.has_tree:
            fast += 1
    assert fast >= 3


def generated_records(count: int, folder: Path) -> list[Path]:
    subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "generate.py"), str(count), str(folder)],
        check=True,
        capture_output=True,
    )
    return sorted((folder / "records").glob("*.yaml"))


def test_generated_records_read_fast_and_the_same(tmp_path: Path) -> None:
    paths = generated_records(60, tmp_path / "school")
    read_fast = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        read_fast += assert_same_data(text)
    assert read_fast == len(paths)
    fast = load_many(paths, TODAY)
    assert fast_batch(len(paths))
    strict = [load_record_bytes(p, p.name, p.read_bytes(), TODAY)[0] for p in paths]
    assert [r.record for r in fast.records] == [r.record for r in strict if r is not None]


# Hand-picked texts where YAML readers are known to differ: each is either read the same
# way, or handed back to the strict reader.
TRICKY = [
    "a:\n",
    "a: ~\nb: null\nc: Null\nd: NULL\ne: nULL\nf: '~'\ng: \"null\"\nh: ''\n",
    "a: [~, '', null, ]\nb: {c: , d}\n",
    "a: 12\nb: 0755\nc: true\nd: 1.5e3\ne: .nan\nf: 0x1F\ng: 12:30\nh: 2024-02-30\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: !\n",
    "a: ! x\n",
    "<<: {a: 1}\n",
    "a: 1\na: 2\n",
    "a: 1\n'a': 2\n",
    "a: 1\n---\nb: 2\n",
    "---\na: 1\n...\n",
    "--- a: 1\n",
    "a: 1\n...\nb: 2\n",
    "%YAML 1.1\n---\na: 1\n",
    "null: 1\n",
    "~: 1\n",
    ": 1\n",
    "a:\n  : 1\n",
    "? a\n: b\n",
    "? [a]\n: 1\n",
    "[a]: 1\n",
    "{a: 1}: 2\n",
    "a: {[b]: c}\n",
    "a: x & y\nb: x * y\nc: done!\nd: 'Tom & *Jerry*'\n",
    "a: & y\n",
    "a: *\n",
    'a: "\\N\\_\\L\\P\\e\\x41\\U0001F600\\/\\0\\a\\b\\v\\f\\r\\ \\""\n',
    'a: "\\q"\n',
    "a: x\rb: y\n",
    "a: 1\r\nb: |\r\n  x\r\n  y\r\n",
    "a: 'x\r\n  y'\n",
    'a: "x  \n   \n  y"\n',
    "a: x   \n  y   \n",
    "a: |2\n   x\n  y\n",
    "a: >+\n  x\n\n\n",
    "a: |-\n  x\n",
    "a: >\n\n  x\n  \n  y\n",
    "a: |  # c\n  x\n",
    "a: x\x85y\n",
    "a: x\u2028y\n",
    "a: x\ufeffy\n",
    "a:\tb\n",
    "a: 'x\ty'\n",
    "\ufeffa: 1\n",
    "a: x #y\nb: x# y\n",
    "a: [a:b, c: d]\n",
    '{"a":b}\n',
    '{"a":!x b}\n',
    '{"a":&x b}\n',
    "a: b\n  c\n",
    "a: -b\nb: ?x\nc: :x\nd: x:y\n",
    "- a\n- b\n",
    "a",
    "",
    "# only a comment\n",
    "a: x\xa0y\n",
    "a: @x\n",
    "a: '''\n'\n",
    "a: b: c\n",
    "'a\n  b': 1\n",
    "a:\n  - b\n  -\n",
    "a: [" * 70 + "]" * 70 + "\n",
    "'null': 1\n\"~\": 2\n'': 3\n",
    '"\\x41": 1\nA: 2\n',
    'a: 1\n"a": 2\n',
    "a b: 1\na  b: 2\n",
    "k:\n  a: 1\n  b:\n    a: 2\n  a: 3\n",
    "a: 'x\n\n\n  y'\n",
    'a: "x\\\n  \\ y"\n',
    "a: |\n  x\n # not a comment\n",
    "a: x\n# c\n  y\n",
    "- [a, b]: c\n",
    "a: {b: [c, {d: e}], f: g}\n",
    "a: b #c\n #d\nc: d\n",
    "a: 'x' \n",
    'a: "x"\t\n',
    # Flow collections over several lines: libyaml refuses a key that spans lines.
    "{x\ny: 1}\n",
    "- {x\n  y: 1}\n",
    "k:\n  a: {'x\n   y': 1}\n",
    "a: [x,\n  y]\n",
    "a: {b: 1,\n  c: 2}\n",
    'a: ["]", x\n  y: 1]\n',
    "a: ['it''s ]', x\n  y: 1]\n",
    "a: [x # ]\n  , y]\n",
    "a: x] [y\n  z: 1]\n",
    "a: [x, [y]\n  z: 1]\n",
    "a: [it's, [b\n  c: 1]]\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_are_read_the_same_or_handed_back(text: str) -> None:
    assert_same_data(text)


# Every short run of indicators in the places where YAML readers disagree most: inside
# flow collections, in plain text, as keys. Each text is read the same or handed back.
MARKS = [",", "[", "]", "{", "}", ":", "?", "-", "#", "'", '"', " ", "a", "\n", "\n "]
SHAPES = [
    "x: [0{}1]\n",
    "x: {{0{}1}}\n",
    "x: 0{}1\n",
    "x: [{}]\n",
    "{}: 1\n",
    "x:\n- {}\n",
    "x:\n  - [{}]\n  - y{}\n",
]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_run_of_three_indicators(shape: str) -> None:
    read = 0
    for marks in itertools.product(MARKS, repeat=3):
        run = "".join(marks)
        read += assert_same_data(shape.replace("{}", run).replace("{{", "{").replace("}}", "}"))
    assert read > 100  # the fast parser reads many of them: the comparison is real


# Pieces of records (keys, comments, indents, list items, block headers), four at a time.
PIECES = ["a:", " # c", "\n", "  ", "b", "- ", "c: d", "|", ">", "'e'", "\n  ", "\n    "]
PIECES += ["\n- ", "x y", ":", "  # c\n"]


def test_every_four_pieces_of_a_record() -> None:
    texts = ["".join(pieces) + "\n" for pieces in itertools.product(PIECES, repeat=4)]
    assert sum(map(assert_same_data, texts)) > 1000


def test_every_escape_and_character() -> None:
    # Escapes in double quotes (libyaml refuses UTF-16 surrogates, which the fast parser
    # would join), and characters in every style of scalar.
    texts = [f'a: "\\{chr(c)}"\n' for c in range(32, 127)]
    texts += [f'a: "\\x{c:02x}"\n' for c in range(256)]
    texts += [f'a: "\\u{c:04x}"\n' for c in range(0, 0x10000, 7)]
    texts += ['a: "\\ud83d\\ude00"\n', 'a: "\\U0000D83D\\U0000DE00"\n']
    texts += [f'a: "\\U{c:08x}"\n' for c in range(0, 0x110010, 997)]
    for c in range(0x20, 0x3000, 3):
        texts += [
            f'a: "x{chr(c)}y"\n',
            f"a: x{chr(c)}y\n",
            f"a: '{chr(c)}'\n",
            f"a: |\n  {chr(c)}\n",
        ]
    assert sum(map(assert_same_data, texts)) > len(texts) // 2


def test_deep_nesting_is_handed_back_without_harm() -> None:
    # The fast parser stops at a depth records never reach; the strict reader explains.
    deep = [
        "a:\n  " + "- " * 100_000 + "x\n",
        "a:\n" + "".join(" " * i + "-\n" for i in range(1, 1400)),
        "".join(" " * i + "k:\n" for i in range(1400)) + " " * 1400 + "v\n",
    ]
    for text in deep:
        assert parse_fast(text) is None
        assert not assert_same_data(text)


def test_what_is_handed_back() -> None:
    for text in ["a: &x 1\n", "a: *x\n", "a: !t 1\n", "<<: {}\n", "a: 1\n---\nb: 2\n"]:
        assert not readable_fast(text)
    for text in ["a: x\tb\n", "? a\n: b\n", "~: 1\n", "[a]: 1\n", "a: x\ry\n"]:
        assert not readable_fast(text)
    for text in ["a: [x,\n  y]\n", "a: {b: 'c\n  d'}\n", 'a: ["]", x\n  y]\n']:
        assert not readable_fast(text)
    for text in ["a: Tom & Jerry\n", "a: done!\n", "---\na: [b, c]\n", "a: 'x' # c\r\n"]:
        assert readable_fast(text)
    for text in ["a: {b: [c, 'd, e'], f: \"g]\"}\n", "a: [x] # [\n"]:
        assert readable_fast(text)


# Hypothesis: records-like YAML with every scalar style, nesting, comments and flow
# collections, then the same text with tricky snippets put in at random places.
WORD = st.text(alphabet="abcxyz019-_ .é中", min_size=1, max_size=8)
# Characters with a meaning in YAML, in text: most files holding them are still read fast.
PUNCTUATION = st.sampled_from(
    [*"&*!?:,[]{}#|>'\"%@`\\~-. ", "null", "~", "true", "0755", "12:30", " #", ": ", "- "]
)
# Snippets that change what a file means, put in anywhere: most such files are handed back.
ODD = st.one_of(
    PUNCTUATION,
    st.sampled_from(
        [
            "\t",
            "\r",
            "\x85",
            "\u2028",
            "\xa0",
            "\ufeff",
            "&a ",
            "*a",
            "!t ",
            "<<: ",
            "? ",
            "\n---\n",
            "\n...\n",
            "%YAML 1.1\n",
            "null:",
            "~:",
            "[a]: ",
            "{",
            "}",
        ]
    ),
)
TEXT = st.lists(st.one_of(WORD, WORD, PUNCTUATION), min_size=0, max_size=6).map("".join)
KEY = st.sampled_from(
    ["a", "b", "id", "name", "a b", "y", "on", "1", "é", "'q'", '"d"', "e-f", "g_h", "Ü"] * 4
    + ["null", "~", "<<", "? k", "[k]", ""]
)


def _double(value: str) -> str:
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    return '"' + "".join(escapes.get(c, c) for c in value) + '"'


# Plain text as teachers write it: words, with punctuation inside (not at the start).
PLAIN = st.lists(
    st.tuples(WORD, st.sampled_from(["", " ", " & ", "!", "?", "'", '"', "%", "*", ".", "-", ","])),
    min_size=1,
    max_size=4,
).map(lambda parts: "".join(w + p for w, p in parts).strip(" ,") or "x")


@st.composite
def scalar(draw: st.DrawFn, indent: int) -> str:
    style = draw(
        st.sampled_from(["plain", "plain", "single", "double", "literal", "folded", "raw"])
    )
    if style == "plain":
        return draw(st.one_of(PLAIN, PLAIN, PLAIN, st.sampled_from(["", "~", "null", "Null"])))
    value = draw(TEXT)
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return _double(value + draw(st.sampled_from(["", "\n", "\t", "\r\n"])))
    if style in ("literal", "folded"):
        head = ("|" if style == "literal" else ">") + draw(st.sampled_from(["", "-", "+", "2"]))
        lines = draw(st.lists(TEXT, min_size=0, max_size=3))
        pad = " " * (indent + 2)
        return head + "".join("\n" + (pad + line if line else "") for line in lines)
    return value  # whatever it is: the readers must agree or hand it back


@st.composite
def node(draw: st.DrawFn, indent: int, depth: int) -> str:
    kind = draw(
        st.sampled_from(["scalar", "scalar", "map", "seq", "flow"] if depth < 3 else ["scalar"])
    )
    pad = " " * indent
    if kind == "scalar":
        return " " + draw(scalar(indent))
    if kind == "flow":
        items = draw(st.lists(st.one_of(WORD, WORD, WORD, TEXT), max_size=4, unique=True))
        # Most collections on one line; some over several, with keys that span lines.
        gap = draw(st.sampled_from([", ", ", ", ", ", ",\n", ",\n" + pad + "  ", "\n" + pad]))
        if draw(st.booleans()):
            return " [" + gap.join(items) + "]"
        pairs = zip(items, reversed(items), strict=True)
        return " {" + gap.join(f"{k}: {v}" for k, v in pairs) + "}"
    step = draw(st.sampled_from([1, 2, 4]))
    inner = indent + step
    lines = []
    keys = draw(st.lists(KEY, min_size=1, max_size=3, unique=True))
    for key in keys:
        comment = draw(st.sampled_from(["", "", " # note", "\n" + pad + "# a comment"]))
        if kind == "map":
            lines.append(f"\n{' ' * inner}{key}:{draw(node(inner, depth + 1))}{comment}")
        else:
            lines.append(f"\n{' ' * inner}-{draw(node(inner + 2, depth + 1))}{comment}")
    return "".join(lines)


@st.composite
def document(draw: st.DrawFn) -> str:
    keys = draw(st.lists(KEY, min_size=1, max_size=5, unique=True))
    top = [f"{key}:{draw(node(0, 1))}\n" for key in keys]
    text = draw(st.sampled_from(["", "---\n", "# head\n"])) + "".join(top)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    for _ in range(draw(st.sampled_from([0, 0, 1, 3]))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + draw(ODD) + text[at:]
    return text


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document())
def test_generated_yaml_is_read_the_same_or_handed_back(text: str) -> None:
    assert_same_data(text)


@settings(max_examples=EXAMPLES // 3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_records_with_edits_give_the_same_diagnostics(data: st.DataObject) -> None:
    # A real record with a line changed: the same record and diagnostics either way.
    path = data.draw(st.sampled_from(sorted((PROJECT / "records").glob("*.yaml"))))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    line = lines[at]
    cut = data.draw(st.integers(min_value=0, max_value=len(line)))
    lines[at] = line[:cut] + data.draw(st.one_of(ODD, WORD)) + line[cut:]
    raw = "".join(lines).encode("utf-8", "surrogatepass")
    fast_record, fast_problems = load_record_bytes(path, path.name, raw, TODAY, fast=True)
    strict_record, strict_problems = load_record_bytes(path, path.name, raw, TODAY)
    assert fast_problems == strict_problems
    assert (None if fast_record is None else fast_record.record) == (
        None if strict_record is None else strict_record.record
    )


# Without the library (another platform, a broken install), every file is read the strict
# way and nothing else changes.


def test_without_the_library_every_file_is_read_strictly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert fastyaml._load_extension() is None
    monkeypatch.setattr(fastyaml, "_loader", None)
    assert parse_fast("a: 1\n") is None
    assert not fast_batch(1000)
    path = PROJECT / "records" / "celine-m.yaml"
    loaded, _problems = load_record_bytes(path, path.name, path.read_bytes(), TODAY, fast=True)
    assert loaded is not None and loaded.document is not None and loaded.document.has_tree


def _school(make_repo: MakeRepo, clash: bool) -> Path:
    upn = "  upn: A123456789012\n"
    files = {
        f"records/p{i:02}.yaml": MINIMAL_RECORD.format(id=f"p{i:02}") for i in range(FAST_FROM)
    }
    files["records/p03.yaml"] = "# first\n\n" + MINIMAL_RECORD.format(id="p03") + upn
    files["records/p07.yaml"] = MINIMAL_RECORD.format(id="p07") + "\n" + upn
    if clash:
        files["records/p09.yaml"] = "\n\n" + MINIMAL_RECORD.format(id="p08")
    return make_repo(files)


def _validate(root: Path, use_cache: bool) -> list[str]:
    checked = check_with_cache(Repository(root), TODAY, use_cache=use_cache)
    return [d.as_text() for d in checked.diagnostics]


@pytest.mark.parametrize("clash", [True, False])
def test_a_batch_read_fast_reports_clashes_at_the_same_lines(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, clash: bool
) -> None:
    root = _school(make_repo, clash)
    monkeypatch.chdir(root)
    fast = _validate(root, use_cache=False)
    cached = [_validate(root, use_cache=True), _validate(root, use_cache=True)]
    monkeypatch.setattr(fastyaml, "_loader", None)
    strict = _validate(root, use_cache=False)
    assert fast == strict == cached[0] == cached[1]
    assert any("upn" in line for line in strict)
    if clash:
        # p08 is read fast (its positions are found when the clash needs them), p09 has an
        # error and is read the strict way.
        assert "records/p08.yaml:3:7: pupil.id: the pupil id 'p08' is also used by " in "".join(
            strict
        )
        assert any(line.startswith("records/p09.yaml:5:7: pupil.id:") for line in strict)
    assert any(line.startswith("records/p07.yaml:8:8: pupil.upn:") for line in strict)


def test_a_record_read_fast_can_still_be_edited(tmp_path: Path) -> None:
    # Edits need the node tree: it is built from the same text when first asked for.
    folder = tmp_path / "school"
    shutil.copytree(PROJECT / "records", folder / "records")
    paths = sorted((folder / "records").glob("*.yaml"))
    result = load_many(paths * (FAST_FROM // len(paths) + 1), TODAY, keep_documents=True)
    loaded = result.records[0]
    assert loaded.document is not None and not loaded.document.has_tree
    strict = parse(loaded.text)
    assert loaded.tree.root is not None and strict.root is not None
    assert loaded.tree.position(("pupil", "name")) == strict.position(("pupil", "name"))
