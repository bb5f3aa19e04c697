"""Every kind of mistake in tests/corpus/invalid is reported at the expected line and field.

The expected diagnostics are data: tests/corpus/invalid/expected.txt, one line per problem,
``file:line:col: field: severity code``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from conftest import RunCli
from pcplan.loading.records import load_many

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "invalid"
TODAY = date(2026, 11, 22)


def expected() -> dict[str, list[str]]:
    by_file: dict[str, list[str]] = defaultdict(list)
    for line in (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            by_file[line.split(":", 1)[0]].append(line)
    return by_file


CASES = sorted(p.name for p in CORPUS.glob("*.yaml"))


def test_every_corpus_file_has_expectations() -> None:
    assert set(CASES) == set(expected())


@pytest.mark.parametrize("name", CASES)
def test_diagnostics_match(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    result = load_many([Path(name)], TODAY)
    got = [
        f"{d.file}:{d.line}:{d.column}: {d.field or '(file)'}: {d.severity} {d.code}"
        for d in result.diagnostics
    ]
    assert got == expected()[name]
    assert result.errors, "every corpus file has at least one error"


def test_validate_reports_every_file_with_exit_1(run_cli: RunCli) -> None:
    result = run_cli("validate", "--today", "2026-11-22", *CASES, cwd=CORPUS)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for name in CASES:
        assert f"{name}:" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith(f"Checked {len(CASES)} records")


def test_free_text_is_never_echoed(run_cli: RunCli) -> None:
    result = run_cli("validate", "free-text-in-code.yaml", "--format", "json", cwd=CORPUS)
    assert result.exit_code == 1
    assert "upset" not in result.output and "dad" not in result.output


def test_validate_changes_no_file(run_cli: RunCli) -> None:
    before = {p.name: p.read_bytes() for p in CORPUS.iterdir()}
    run_cli("validate", *CASES, cwd=CORPUS)
    assert {p.name: p.read_bytes() for p in CORPUS.iterdir()} == before
