"""Checking many files over several processes gives exactly the sequential diagnostics."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import pcplan.loading.records as records
from conftest import MINIMAL_RECORD, MakeRepo
from pcplan.loading.records import check_many, load_many, record_files

TODAY = date(2026, 11, 22)


def test_parallel_check_matches_sequential_load(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"records/p{i:02d}.yaml": MINIMAL_RECORD.format(id=f"p{i:02d}") for i in range(24)}
    files["records/p03.yaml"] += "  upn: A123456789012\n"
    files["records/p17.yaml"] += "  upn: A123456789012\n"
    files["records/p05.yaml"] = "broken: [\n"
    files["records/p09.yaml"] += "  nmae: x\n"
    root = make_repo(files)
    paths = record_files(root / "records")
    monkeypatch.setattr(records, "PARALLEL_FROM", 4)
    assert records.workers_for(len(paths)) >= 1
    parallel = check_many(paths, TODAY)
    sequential = load_many(paths, TODAY)
    assert parallel.diagnostics == sequential.diagnostics
    assert parallel.files == sequential.files == 24
    assert {d.code for d in parallel.diagnostics} == {"duplicate-upn", "yaml-syntax", "unknown-key"}
    upn = [d for d in parallel.diagnostics if d.code == "duplicate-upn"]
    assert [(Path(d.file).name, d.line) for d in upn] == [("p03.yaml", 7), ("p17.yaml", 7)]
