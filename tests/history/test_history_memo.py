"""What keeps `pcplan history` fast over a long record: each version is read at most once
(versions with the same bytes once between them), and what was learnt about the versions
is kept in .pcplan-cache/history, so the next history reads only the new ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli
from gitrepo import commit_edit, git
from pcplan.history import report
from pcplan.history.memo import HistoryMemo

NOTE = "        note: Read one page to Ms Hall.\n"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bytes of every version history reads and checks, in order."""
    seen: list[bytes] = []
    real: Callable[..., Any] = report._load

    def counted(raw: bytes | None, display: str) -> Any:
        if raw is not None:
            seen.append(raw)
        return real(raw, display)

    monkeypatch.setattr(report, "_load", counted)
    return seen


def _story(school: Path) -> None:
    """Six commits after the first; two of them put back bytes the record had before."""
    record = school / "records" / "sam-lee.yaml"
    original = record.read_text()
    commit_edit(
        school, lambda t: t.replace("Read one page", "Read two pages"), "a", "A", "2026-10-01"
    )
    commit_edit(school, lambda t: original, "Put it back", "B", "2026-10-02")
    commit_edit(school, lambda t: t + "# checked\n", "Comment", "C", "2026-10-03")
    commit_edit(school, lambda t: original, "Comment out", "D", "2026-10-04")
    commit_edit(
        school, lambda t: t.replace("Read one page", "Read three pages"), "e", "E", "2026-10-05"
    )
    commit_edit(
        school,
        lambda t: t.replace("  name: Sam Lee\n", "  name: Sam Lee\n name: [\n"),
        "Typo",
        "F",
        "2026-10-06",
    )


def _memo(school: Path) -> Path:
    path = HistoryMemo.open(school, "sam-lee.yaml").path
    assert path is not None
    return path


def _history(run_cli: RunCli, school: Path) -> str:
    result = run_cli("history", "sam-lee", "--format", "json", "--repo", str(school))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_each_distinct_version_is_read_once_and_never_again(
    school: Path, run_cli: RunCli, reads: list[bytes]
) -> None:
    _story(school)
    log = git(school, "log", "--format=%H", "--", "records/sam-lee.yaml").split()
    blobs = {git(school, "rev-parse", f"{c}:records/sam-lee.yaml") for c in log}
    assert len(log) == 7 and len(blobs) == 5  # two commits put back earlier bytes

    first = _history(run_cli, school)
    assert len(reads) == len(set(reads)) == len(blobs)
    assert '"not_loaded": "line' in first  # the typo is named, and read once too
    assert [p.name for p in (school / ".pcplan-cache" / "history").iterdir()] == [
        _memo(school).name
    ]

    reads.clear()
    assert _history(run_cli, school) == first
    assert reads == []  # everything came from the memo

    commit_edit(
        school,
        lambda t: t.replace(" name: [\n", "").replace("three pages", "four pages"),
        "Mended",
        "G",
        "2026-10-07",
    )
    reads.clear()
    _history(run_cli, school)
    # Compared with the last version that loads (the typo does not): that one is read too.
    assert sorted(b"four pages" in r for r in reads) == [False, True]

    commit_edit(school, lambda t: t.replace("four pages", "five pages"), "Five", "H", "2026-10-08")
    reads.clear()
    again = _history(run_cli, school)
    # Only the new version, and its parent to compare it with (known, but as words only).
    assert sorted(b"five pages" in r for r in reads) == [False, True]
    assert sorted(b"four pages" in r for r in reads) == [False, True]
    assert again.startswith(first[: first.index('"commits"')])
    assert again.count('"commit":') == first.count('"commit":') + 2


def test_a_damaged_or_foreign_memo_is_ignored(
    school: Path, run_cli: RunCli, reads: list[bytes]
) -> None:
    _story(school)
    first = _history(run_cli, school)
    memo = _memo(school)
    stored = memo.read_bytes()
    for damaged in (b"", b"nonsense", stored[:-7], stored[:40] + b"\xff" * 9):
        memo.write_bytes(damaged)
        reads.clear()
        assert _history(run_cli, school) == first
        assert reads, "a damaged memo is not used"
    # One made by another version of pcplan (another code fingerprint) is not used either.
    other = HistoryMemo.open(school, "sam-lee.yaml")
    assert other.versions
    other.fingerprint = "another pcplan"
    other.dirty = True
    other.save()
    reads.clear()
    assert _history(run_cli, school) == first
    assert reads
