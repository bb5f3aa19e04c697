"""Byte-faithful edits: over hand-written records, only the lines a change needs differ.

Every record in ``corpus/`` is edited by every command it allows (a progress entry on
each goal, a review, each open action closed), as written and as CRLF, without a final
newline and with a byte-order mark. The diff against the original may only add lines, or
alter one line by adding to it (and dropping an empty ``[]``, ``~`` or ``null`` there).
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, RunCli
from pcplan.editing.commands import open_actions
from pcplan.loading.records import load_record
from pcplan.loading.yamlstrict import check_text, parse

CORPUS = Path(__file__).parent / "corpus"
DAY = date.fromisoformat(TODAY)
NOTE = 'Worked with a partner: "brilliant" # not a comment, 100% effort'

Variant = Callable[[bytes], bytes]


def _crlf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _no_final_newline(raw: bytes) -> bytes:
    return raw.rstrip(b"\r\n")


def _bom(raw: bytes) -> bytes:
    return b"\xef\xbb\xbf" + raw


VARIANTS: dict[str, Variant] = {
    "as-written": lambda raw: raw,
    "crlf": _crlf,
    "no-final-newline": _no_final_newline,
    "crlf-no-final-newline": lambda raw: _no_final_newline(_crlf(raw)),
    "bom": _bom,
}
EMPTY_VALUE = re.compile(r" *(?:\[\]|~|null)(?=[ \r\n,}\]]|$)")


def _operations(path: Path) -> list[tuple[str, list[str]]]:
    loaded, problems = load_record(path, path.name, DAY)
    assert loaded is not None, problems
    assert not [p for p in problems if p.severity == "error"], problems
    pupil = loaded.pupil_id
    ops: list[tuple[str, list[str]]] = [
        (
            f"log {g.id}",
            ["log", pupil, g.id, NOTE, "--by", "Ms Test, TA", "--rating", "secure"],
        )
        for g in loaded.record.goals
    ]
    ops.append(("record-review", ["record-review", pupil]))
    ops.extend(
        (f"action-done {pos}", ["action-done", pupil, pos]) for pos, _, _ in open_actions(loaded)
    )
    return ops


def _cases() -> list[Any]:
    cases = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for variant in VARIANTS:
            for name, args in _operations(path):
                cases.append(pytest.param(path, variant, args, id=f"{path.stem}-{variant}-{name}"))
    return cases


def _lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True)


def _is_one_insertion(before: str, after: str) -> bool:
    """Whether ``after`` is ``before`` with one run of text put in somewhere."""
    prefix = _common_start(before, after)
    rest_before, rest_after = before[prefix:], after[prefix:]
    return _common_start(rest_before[::-1], rest_after[::-1]) >= len(rest_before)


def _common_start(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _gained_text_only(before: str, after: str) -> bool:
    """``after`` is ``before`` with text added, perhaps without an empty value on it."""
    candidates = [before]
    for m in EMPTY_VALUE.finditer(before):
        trimmed = before[: m.start()] + before[m.end() :]
        candidates += [trimmed, trimmed.rstrip(" \r\n") + before[len(before.rstrip("\r\n")) :]]
    return any(_is_one_insertion(c, after) for c in candidates)


def assert_only_additions(old: bytes, new: bytes) -> int:
    """Every old line is still there, byte for byte, apart from at most one line that only
    gained text (and perhaps lost an empty value). Returns how many lines were altered."""
    a, b = _lines(old), _lines(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    altered = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "insert"):
            continue
        assert op == "replace", f"lines {i1 + 1}-{i2} were deleted"
        assert i2 - i1 == 1, f"{i2 - i1} old lines were rewritten at line {i1 + 1}"
        altered += 1
        before = a[i1].decode("utf-8")
        after = b"".join(b[j1:j2]).decode("utf-8")
        assert _gained_text_only(before, after), f"line {i1 + 1} lost text: {before!r}"
    assert altered <= 1
    return altered


def _data(raw: bytes) -> Any:
    return parse(check_text(raw)).data


@pytest.mark.parametrize(("source", "variant", "args"), _cases())
def test_edit_changes_only_its_own_lines(
    source: Path, variant: str, args: list[str], make_repo: Callable[..., Path], run_cli: RunCli
) -> None:
    root = make_repo({})
    target = root / "records" / source.name
    old = VARIANTS[variant](source.read_bytes())
    target.write_bytes(old)

    result = run_cli(*args, "--repo", str(root), "--today", TODAY)

    assert result.exit_code == 0, result.output
    new = target.read_bytes()
    assert new != old
    assert_only_additions(old, new)
    # The file keeps its own conventions: byte-order mark, line endings, final newline.
    assert new.startswith(b"\xef\xbb\xbf") == old.startswith(b"\xef\xbb\xbf")
    assert new.endswith(b"\n") == old.endswith(b"\n")
    if b"\r\n" in old:
        assert new.count(b"\n") == new.count(b"\r\n")
    else:
        assert b"\r\n" not in new
    # It still validates, and reads as the old data plus exactly the change.
    loaded, problems = load_record(target, target.name, DAY)
    assert loaded is not None and not [p for p in problems if p.severity == "error"], problems
    _check_data(_data(old), _data(new), args)


def _check_data(old: Any, new: Any, args: list[str]) -> None:
    command = args[0]
    if command == "log":
        goal = next(i for i, g in enumerate(old["goals"]) if g["id"] == args[2])
        added = new["goals"][goal]["progress"][-1]
        assert added == {"date": TODAY, "note": NOTE, "by": "Ms Test, TA", "rating": "secure"}
        old["goals"][goal]["progress"] = [*(old["goals"][goal].get("progress") or []), added]
    elif command == "record-review":
        added = new["reviews"][-1]
        assert added["date"] == TODAY and added["kind"] == "termly"
        assert added["actions"] == [] and added["working"]["pupil"] == []
        old["reviews"] = [*(old.get("reviews") or []), added]
    else:
        r, a = (int(n) - 1 for n in args[2].split("."))
        assert new["reviews"][r]["actions"][a]["done"] == TODAY
        old["reviews"][r]["actions"][a]["done"] = TODAY
    assert new == old


# -- the example records, checked with git diff ------------------------------------------------


def _git(root: Path, *args: str) -> str:
    env_free = ["-c", "user.name=pcplan tests", "-c", "user.email=tests@example.invalid"]
    done = subprocess.run(
        ["git", *env_free, *args], cwd=root, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_example_records_change_only_the_lines_they_should(
    examples_copy: Path, run_cli: RunCli
) -> None:
    _git(examples_copy, "init", "-q")
    _git(examples_copy, "add", "-A")
    _git(examples_copy, "commit", "-q", "-m", "Example records")
    edits = 0
    for path in sorted((examples_copy / "records").glob("*.yaml")):
        for name, args in _operations(path):
            result = run_cli(*args, "--repo", str(examples_copy), "--today", TODAY)
            assert result.exit_code == 0, (name, result.output)
            numstat = _git(examples_copy, "diff", "--numstat").split()
            added, deleted, changed = int(numstat[0]), int(numstat[1]), numstat[2]
            assert changed == f"records/{path.name}"
            assert deleted == 0, (name, _git(examples_copy, "diff"))
            expected = {"log": (1, 4), "record-review": (15, 60), "action-done": (1, 1)}
            low, high = expected[args[0]]
            assert low <= added <= high, (name, added)
            diff = _git(examples_copy, "diff", "-U0")
            body = [
                ln
                for ln in diff.splitlines()
                if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
            ]
            assert all(ln.startswith("+") for ln in body)
            check = run_cli("validate", "--repo", str(examples_copy), "--today", TODAY)
            assert check.exit_code == 0, check.output
            _git(examples_copy, "checkout", "-q", "--", ".")
            edits += 1
    assert edits >= 30
