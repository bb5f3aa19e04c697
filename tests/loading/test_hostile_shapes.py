"""A file of any shape, up to the 1 MiB limit, is answered quickly and in a few lines.

Time is measured as CPU time of this process, so a busy machine does not make the test
flaky: what is checked is the work pcplan does, which must grow linearly with the file.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import RunCli
from pcplan.loading.records import load_chunk
from pcplan.loading.yamlstrict import MAX_FILE_BYTES

TODAY = date(2026, 11, 22)
HEAD = b"schema_version: 1\npupil:\n  id: hostile\n  name: Sam Lee\n  sen_status: K\n"
BUDGET_SECONDS = 0.5


def lines(unit: Callable[[int], bytes], count: int) -> bytes:
    return b"".join(unit(i) for i in range(count))


def mib(body: bytes) -> bytes:
    """``HEAD`` and ``body`` cut to 1 MiB at the end of a line."""
    raw = (HEAD + body)[:MAX_FILE_BYTES]
    return raw[: raw.rfind(b"\n") + 1] if b"\n" in raw[len(HEAD) :] else raw


def flow_keys(count: int) -> bytes:
    keys = b",".join(b"k%07d: x" % i for i in range(count))
    return HEAD + b"profile: {" + keys[: MAX_FILE_BYTES - 200] + b"}\n"


SHAPES: dict[str, bytes] = {
    "unknown keys": mib(lines(lambda i: b"k%07d: x\n" % i, 90_000)),
    "unknown keys, under the entry limit": HEAD
    + lines(lambda i: b"k%07d: %s\n" % (i, b"y" * 60), 12_000),
    "sentences as keys": HEAD
    + lines(lambda i: b"Sam said %d things to Mrs Begum: x\n" % i, 12_000),
    "unknown keys in pupil": mib(lines(lambda i: b"  k%07d: x\n" % i, 80_000)),
    "unknown keys in one flow mapping": flow_keys(80_000),
    "a long list": mib(b"profile:\n  important_to_me:\n" + b"    - a\n" * 120_000),
    "a long flow list": HEAD + b"profile: {important_to_me: [" + b"a," * 500_000 + b"a]}\n",
    "lists in lists": mib(b"profile:\n  important_to_me:\n" + b"    - [[[[[a]]]]]\n" * 60_000),
    "goals with bad fields": mib(b"goals:\n" + b"  - {id: X, text: 1, zz: 2}\n" * 40_000),
    "reviews with bad dates": HEAD
    + b"reviews:\n"
    + (b"  - {date: 2026-13-45, note: " + b"n" * 60 + b"}\n") * 4_000,
    "comments": mib(b"# a note for the teacher\n" * 50_000),
    "one huge value": HEAD
    + b"profile: {important_to_me: ["
    + b"a" * (MAX_FILE_BYTES - 200)
    + b"]}\n",
    "duplicate keys": mib(b"a: 1\n" * 200_000),
    "control characters": mib(b"note: \x1b\n" * 100_000),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_hostile_file_is_answered_fast_in_few_lines(shape: str, tmp_path: Path) -> None:
    raw = SHAPES[shape]
    assert len(raw) <= MAX_FILE_BYTES
    path = tmp_path / "records" / "hostile.yaml"
    path.parent.mkdir()
    path.write_bytes(raw)
    started = time.process_time()
    diagnostics, loaded = load_chunk([path], TODAY)
    spent = time.process_time() - started
    assert spent < BUDGET_SECONDS, f"{shape}: {spent:.2f} s of CPU"
    assert diagnostics or loaded
    assert len(diagnostics) <= 101
    assert all(d.line >= 1 and "\n" not in d.message for d in diagnostics)


def test_problems_past_a_hundred_are_counted_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "records" / "hostile.yaml"
    path.parent.mkdir()
    path.write_bytes(HEAD + lines(lambda i: b"k%04d: x\n" % i, 5_000))
    diagnostics, _ = load_chunk([path], TODAY)
    assert len(diagnostics) == 101
    assert [d.line for d in diagnostics[:100]] == list(range(6, 106))
    last = diagnostics[-1]
    assert (last.line, last.code) == (106, "more-problems")
    assert last.message == "and 4,900 more problems in this file; fix these first"


def test_a_file_with_too_many_entries_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "records" / "hostile.yaml"
    path.parent.mkdir()
    path.write_bytes(HEAD + b"profile:\n  important_to_me:\n" + b"    - a\n" * 30_000)
    (problem,), _ = load_chunk([path], TODAY)
    assert problem.code == "too-many-entries"
    assert problem.message.startswith("the file holds more than 25,000 keys, values and list")


def test_a_sentence_typed_as_a_key_is_never_repeated(run_cli: RunCli, tmp_path: Path) -> None:
    sentence = "Celine disclosed self harm to Mrs Begum on Tuesday"
    record = tmp_path / "celine.yaml"
    record.write_text(
        "schema_version: 1\npupil:\n  id: celine\n  name: Celine Morgan\n  sen_status: N\n"
        f"  {sentence}: see the file\n  {sentence}: see the file\n"
    )
    result = run_cli("validate", str(record), "--today", "2026-11-22")
    assert result.exit_code == 1
    assert "Celine disclosed" not in result.output
    assert "celine.yaml:7:3: pupil.<unknown key>: a line that reads as a key is written twice" in (
        result.stdout
    )
    record.write_text(record.read_text().rsplit("\n", 2)[0] + "\n")
    result = run_cli("validate", str(record), "--today", "2026-11-22", "--format", "json")
    assert "Celine disclosed" not in result.output
    (problem,) = json.loads(result.stdout)["diagnostics"]
    assert problem["path"] == "pupil.<unknown key>" and problem["line"] == 6
    assert problem["message"] == (
        "a line here reads as a key: if it is text, put it under the right field, in quotes"
    )


def test_a_key_that_looks_like_a_key_is_named_with_a_suggestion(
    run_cli: RunCli, tmp_path: Path
) -> None:
    record = tmp_path / "sam.yaml"
    record.write_text(
        "schema_version: 1\npupil:\n  id: sam\n  name: Sam Lee\n  sen_status: N\n  nmae: Sam\n"
    )
    result = run_cli("validate", str(record), "--today", "2026-11-22")
    assert "sam.yaml:6:3: pupil.nmae: unknown key 'nmae': did you mean 'name'?" in result.stdout


def test_a_control_character_is_reported_at_its_line_in_one_line(
    run_cli: RunCli, tmp_path: Path
) -> None:
    record = tmp_path / "sam.yaml"
    record.write_bytes(
        b"schema_version: 1\npupil:\n  id: sam\n  name: Sam\n  sen_status: N\n"
        b"profile:\n  important_to_me: [Football \x1b[31m]\n"
    )
    result = run_cli("validate", str(record), "--format", "json")
    (problem,) = json.loads(result.stdout)["diagnostics"]
    assert (problem["line"], problem["column"], problem["code"]) == (7, 30, "control-character")
    assert problem["message"] == ("the file holds a control character (U+001B) here; delete it")
