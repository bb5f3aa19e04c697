"""An edit the validation cache vouches for gives exactly what the full checks give.

`pcplan log` on a record the cache knows to be valid loads no model (see
:mod:`pcplan.editing.known`): the new text is read back and compared, and the result it
stores for the next edit is worked out from the old one. Each test makes the same edits
in a repository whose cache is warm and in one with no cache, and compares the bytes
written, every message, and what `validate` reports afterwards, from the cache and with
``--no-cache``, today and on the days the new entries make a difference.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, Result, RunCli, imported_by
from pcplan.cache.store import ValidationCache, digest

CORPUS = Path(__file__).parent / "corpus"

# Warnings before and after the goal that is logged, so that stored problems move down.
WITH_WARNINGS = """\
schema_version: 1
pupil:
  id: wren-b
  name: Wren Bailey
  sen_status: K
  needs: {primary: SLCN}
goals:
  - id: first
    area: Reading
    text: Read a page aloud.
    status: achieved
  - id: talk
    area: Speaking
    text: Ask for help in class.
    progress:
      - {date: 2026-10-01, note: Asked once.}
  - id: later
    area: PE
    text: Bring my kit.
    status: achieved
    progress:
      - date: 2026-12-25
        note: Planned ahead.
"""

LOGS = [
    ["Asked twice today."],
    ["2031-01-01"],  # a note that reads like a date: it limits the days a result holds
    ["Tried it at home.", "--date", "2027-01-04", "--by", "Mum", "--rating", "developing"],
    ["Looked back.", "--date", "2020-02-02", "--rating", "secure"],
    ['Said "yes" # not a comment', "--by", "Ms Ito, TA"],
]


def _goals(record: Path) -> list[str]:
    from pcplan.loading.yamlstrict import check_text, parse

    data = parse(check_text(record.read_bytes())).data
    return [goal["id"] for goal in data.get("goals") or []]


def _twins(tmp_path: Path, name: str, raw: bytes) -> tuple[Path, Path]:
    """Two repositories holding the same record: ``warm`` (validated once, so its cache
    vouches for the record) and ``cold`` (no cache, so every edit is checked in full)."""
    roots = []
    for twin in ("warm", "cold"):
        root = tmp_path / twin
        (root / "records").mkdir(parents=True)
        shutil.copy(PROJECT / "pcplan.yaml", root / "pcplan.yaml")
        (root / "records" / name).write_bytes(raw)
        roots.append(root)
    return roots[0], roots[1]


def _same(warm: Result, cold: Result) -> None:
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)


def _validate_alike(root: Path, run_cli: RunCli, *days: str) -> None:
    """`validate` from the cache says what `validate --no-cache` says, on each day."""
    for day in days:
        cached = run_cli("validate", "--today", day, cwd=root)
        fresh = run_cli("validate", "--no-cache", "--today", day, cwd=root)
        _same(cached, fresh)


def _vouched(root: Path, name: str) -> bool:
    """Whether the cache holds a result for the record's bytes as they are now."""
    cache = ValidationCache.open(root.resolve())
    entry = cache.entries.get(f"records/{name}")
    return entry is not None and entry.digest == digest((root / "records" / name).read_bytes())


def _edit_both(warm: Path, cold: Path, name: str, run_cli: RunCli, *args: str) -> None:
    """The same edit in both; ``cold`` has its cache removed first (an edit starts one)."""
    shutil.rmtree(cold / ".pcplan-cache", ignore_errors=True)
    done = run_cli(*args, "--today", TODAY, cwd=warm)
    _same(done, run_cli(*args, "--today", TODAY, cwd=cold))
    assert (warm / "records" / name).read_bytes() == (cold / "records" / name).read_bytes()


CASES = [
    pytest.param("wren-b.yaml", WITH_WARNINGS.encode(), id="warnings-move"),
    pytest.param(
        "wren-b.yaml",
        b"\xef\xbb\xbf" + WITH_WARNINGS.replace("\n", "\r\n").encode(),
        id="bom-crlf",
    ),
    *(
        pytest.param(path.name, path.read_bytes(), id=path.stem)
        for path in sorted(CORPUS.glob("*.yaml"))
    ),
]


@pytest.mark.parametrize(("name", "raw"), CASES)
def test_logs_vouched_for_by_the_cache_match_logs_checked_in_full(
    tmp_path: Path, run_cli: RunCli, name: str, raw: bytes
) -> None:
    warm, cold = _twins(tmp_path, name, raw)
    assert run_cli("validate", "--today", TODAY, cwd=warm).exit_code in (0, 1)
    pupil = name.removesuffix(".yaml")
    if not _vouched(warm, name):  # a record the cache knows to have an error: none here
        pytest.fail(f"validate did not vouch for {name}")
    goals = _goals(warm / "records" / name)
    for i, extra in enumerate(LOGS):
        goal = goals[i % len(goals)]
        _edit_both(warm, cold, name, run_cli, "log", pupil, goal, *extra)
        # The result of what was written is kept, so the next log is vouched for too.
        assert _vouched(warm, name)
    _validate_alike(warm, run_cli, TODAY, "2027-01-04", "2027-01-03", "2026-12-25", "2031-01-01")


def test_changes_that_need_the_record_are_checked_in_full(tmp_path: Path, run_cli: RunCli) -> None:
    # A review and an action done read the validated record: the cache spares only the
    # first check. The result of what they wrote is kept as validate keeps it.
    source = CORPUS / "sparse.yaml"
    warm, cold = _twins(tmp_path, "sparse.yaml", source.read_bytes())
    run_cli("validate", "--today", TODAY, cwd=warm)
    _edit_both(warm, cold, "sparse.yaml", run_cli, "action-done", "sparse", "1.2")
    assert _vouched(warm, "sparse.yaml")
    _edit_both(warm, cold, "sparse.yaml", run_cli, "record-review", "sparse")
    assert _vouched(warm, "sparse.yaml")
    _edit_both(warm, cold, "sparse.yaml", run_cli, "log", "sparse", "null-last", "Kit today.")
    _validate_alike(warm, run_cli, TODAY, "2026-10-22", "2027-01-01")


def test_an_edit_with_no_cache_yet_starts_one(tmp_path: Path) -> None:
    # A repository no validate has seen: the first log checks in full and keeps what it
    # found, so the next is vouched for and loads no model.
    root, _ = _twins(tmp_path, "wren-b.yaml", WITH_WARNINGS.encode())
    first, modules = imported_by(root, "log", "wren-b", "talk", "Asked.", "--today", TODAY)
    assert first.returncode == 0 and "pydantic" in modules
    assert _vouched(root, "wren-b.yaml")
    second, modules = imported_by(root, "log", "wren-b", "talk", "Again.", "--today", TODAY)
    assert second.returncode == 0 and "pydantic" not in modules
    cached = _pcplan(root, "validate", "--today", TODAY)
    fresh = _pcplan(root, "validate", "--no-cache", "--today", TODAY)
    assert (cached.returncode, cached.stdout) == (fresh.returncode, fresh.stdout)


def test_a_record_changed_since_the_cache_saw_it_is_checked_in_full(
    tmp_path: Path, run_cli: RunCli
) -> None:
    warm, cold = _twins(tmp_path, "wren-b.yaml", WITH_WARNINGS.encode())
    run_cli("validate", "--today", TODAY, cwd=warm)
    for root in (warm, cold):  # made invalid behind the cache's back (same size: racy)
        record = root / "records" / "wren-b.yaml"
        record.write_bytes(record.read_bytes().replace(b"sen_status: K", b"sen_status: Q"))
    _edit_both(warm, cold, "wren-b.yaml", run_cli, "log", "wren-b", "talk", "Asked.")
    done = run_cli("log", "wren-b", "talk", "Asked.", "--today", TODAY, cwd=warm)
    assert done.exit_code != 0 and "is not valid" in done.stderr


def test_a_full_goal_is_refused_as_the_full_checks_refuse_it(
    tmp_path: Path, run_cli: RunCli
) -> None:
    from pcplan.limits import MAX_PROGRESS

    full = "".join(f"      - {{date: 2026-10-01, note: Entry {i}.}}\n" for i in range(MAX_PROGRESS))
    record = WITH_WARNINGS.replace("      - {date: 2026-10-01, note: Asked once.}\n", full)
    warm, cold = _twins(tmp_path, "wren-b.yaml", record.encode())
    run_cli("validate", "--today", TODAY, cwd=warm)
    assert _vouched(warm, "wren-b.yaml")
    _edit_both(warm, cold, "wren-b.yaml", run_cli, "log", "wren-b", "talk", "One too many.")
    done = run_cli("log", "wren-b", "talk", "One too many.", "--today", TODAY, cwd=warm)
    assert done.exit_code != 0 and "progress" in done.stderr
    assert (warm / "records" / "wren-b.yaml").read_text() == record


def test_the_ratings_are_the_schemas() -> None:
    from typing import get_args

    from pcplan.cli.edit_cmds import Rating
    from pcplan.models.plan import Rating as SchemaRating
    from pcplan.vocabulary import PROGRESS_RATINGS

    assert PROGRESS_RATINGS == get_args(SchemaRating) == tuple(r.value for r in Rating)


# -- the plain command line, answered without Typer ------------------------------------------


def _pcplan(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PCPLAN_")}
    return subprocess.run(
        [sys.executable, "-m", "pcplan", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


QUICK = [
    ["log", "wren-b", "talk", "Asked twice.", "--by", "Ms Ito", "--rating=secure"],
    ["log", "wren-b", "talk", "--date", "2027-01-04", "--", "-1 points, then +3"],
    ["log", "Wren", "talk", "By name."],
    ["log", "wren-b", "tlak", "A slip of the keyboard."],
    ["log", "nobody", "talk", "No such pupil."],
    ["log", "wren-b", "talk", "Bad date.", "--date", "2026-02-30"],
    ["log", "wren-b", "talk", "Bad rating.", "--rating", "great"],
    ["log", "wren-b", "talk", "   "],
    ["log", "wren-b", "talk"],
    ["log", "wren-b", "talk", "Not in git.", "--commit"],
]


@pytest.mark.parametrize("args", QUICK, ids=lambda args: " ".join(args[1:4]))
def test_the_quick_log_says_what_typer_says(
    tmp_path: Path, run_cli: RunCli, args: list[str]
) -> None:
    warm, cold = _twins(tmp_path, "wren-b.yaml", WITH_WARNINGS.encode())
    for root in (warm, cold):
        _pcplan(root, "validate", "--today", TODAY)
    quick = _pcplan(warm, *args, "--today", TODAY)
    typer = run_cli(*args, "--today", TODAY, cwd=cold)
    said = (quick.stdout + quick.stderr).replace(str(warm), "SCHOOL")
    assert (quick.returncode, said) == (typer.exit_code, typer.output.replace(str(cold), "SCHOOL"))
    assert (warm / "records" / "wren-b.yaml").read_bytes() == (
        cold / "records" / "wren-b.yaml"
    ).read_bytes()


def test_a_plain_log_loads_neither_typer_nor_the_models(tmp_path: Path) -> None:
    warm, _ = _twins(tmp_path, "wren-b.yaml", WITH_WARNINGS.encode())
    _pcplan(warm, "validate", "--today", TODAY)
    for _ in range(3):  # the first log, and those after it (vouched for by what it kept)
        done, modules = imported_by(warm, "log", "wren-b", "talk", "Asked.", "--today", TODAY)
        assert done.returncode == 0
        assert "Logged progress on talk for wren-b" in done.stdout
        assert "pcplan.editing.known" in modules  # the command ran
        assert not {"pydantic", "typer", "jinja2", "pcplan.models"} & modules
