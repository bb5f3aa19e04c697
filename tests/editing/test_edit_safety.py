"""Parallel and interrupted edits lose nothing, and a half-written file is never a record."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TODAY, RunCli
from pcplan.loading.yamlstrict import check_text, parse

WRITERS = 20


def pcplan(*args: str) -> list[str]:
    return [sys.executable, "-m", "pcplan", *args]


def _environment(root: Path) -> dict[str, str]:
    env = {**os.environ, "PCPLAN_REPO": str(root), "PCPLAN_TODAY": TODAY}
    env.pop("PCPLAN_DEBUG", None)
    return env


def _notes(path: Path, goal: int = 0) -> list[str]:
    data = parse(check_text(path.read_bytes())).data
    return [entry["note"] for entry in data["goals"][goal]["progress"]]


def test_twenty_parallel_logs_leave_twenty_entries(examples_copy: Path, run_cli: RunCli) -> None:
    record = examples_copy / "records/celine-m.yaml"
    before = _notes(record)
    env = _environment(examples_copy)
    started = time.monotonic()
    writers = [
        subprocess.Popen(
            pcplan("log", "celine-m", "read-aloud", f"Parallel entry {n}"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(WRITERS)
    ]
    outcomes = [(w.wait(timeout=120), w.stderr.read() if w.stderr else b"") for w in writers]
    elapsed = time.monotonic() - started
    for writer in writers:
        for stream in (writer.stdout, writer.stderr):
            if stream:
                stream.close()
    assert all(code == 0 for code, _ in outcomes), outcomes
    notes = _notes(record)
    assert notes[: len(before)] == before
    assert sorted(notes[len(before) :]) == sorted(f"Parallel entry {n}" for n in range(WRITERS))
    check = run_cli("validate", "--repo", str(examples_copy), "--today", TODAY)
    assert check.exit_code == 0, check.output
    print(f"\n{WRITERS} parallel pcplan log processes took {elapsed:.2f} s")


def test_an_edit_waits_for_the_record_lock(examples_copy: Path) -> None:
    record = examples_copy / "records/celine-m.yaml"
    before = record.read_bytes()
    fd = os.open(record, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        writer = subprocess.Popen(
            pcplan("log", "celine-m", "budgets", "Waited for the lock."),
            env=_environment(examples_copy),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        assert writer.poll() is None
        assert record.read_bytes() == before
    finally:
        os.close(fd)
    assert writer.wait(timeout=60) == 0
    assert _notes(record, goal=2)[-1] == "Waited for the lock."


CRASH = """\
import os, signal, sys
import pcplan.fileio as fileio

def crash(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

setattr(fileio.os, sys.argv[1], crash)
sys.argv = ["pcplan", *sys.argv[2:]]
from pcplan.cli import main
main()
"""


@pytest.mark.parametrize("moment", ["fsync", "replace"])
def test_a_process_killed_while_writing_leaves_the_old_record(
    moment: str, examples_copy: Path, run_cli: RunCli
) -> None:
    record = examples_copy / "records/celine-m.yaml"
    before = record.read_bytes()
    killed = subprocess.run(
        [sys.executable, "-c", CRASH, moment, "log", "celine-m", "read-aloud", "Lost in a crash."],
        env=_environment(examples_copy),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    assert record.read_bytes() == before
    leftovers = list(record.parent.glob(".celine-m.yaml.*.tmp"))
    assert len(leftovers) == 1
    # The half-finished file is never taken for a record.
    check = run_cli("validate", "--repo", str(examples_copy), "--today", TODAY)
    assert check.exit_code == 0, check.output
    assert "Checked 7 records" in check.stdout
    # The next edit goes through, and tidies away the old leftover.
    old = time.time() - 3600
    os.utime(leftovers[0], (old, old))
    again = run_cli(
        "log",
        "celine-m",
        "read-aloud",
        "Logged again.",
        "--repo",
        str(examples_copy),
        "--today",
        TODAY,
    )
    assert again.exit_code == 0, again.output
    assert _notes(record)[-1] == "Logged again."
    assert not list(record.parent.glob(".celine-m.yaml.*.tmp"))


def test_a_failed_write_says_so_and_changes_nothing(
    examples_copy: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import pcplan.editing.session as session

    def disk_full(path: Path, content: bytes, *, skip_unchanged: bool = True) -> bool:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(session, "atomic_write_bytes", disk_full)
    record = examples_copy / "records/celine-m.yaml"
    before = record.read_bytes()
    result = run_cli(
        "log", "celine-m", "budgets", "x", "--repo", str(examples_copy), "--today", TODAY
    )
    assert result.exit_code == 2
    assert "could not be saved (No space left on device); it is unchanged" in result.stderr
    assert record.read_bytes() == before
