"""`pcplan check` reads each record once.

Nearly every record has a finding to point at, and a line needs the record's node tree. A
record read by the fast reader (which keeps none) would be read a second time for its
first finding, which made `check` cost twice what `validate` costs.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pcplan.checks.runner import lint_record, lint_setup, lint_with_cache
from pcplan.loading import records, yamlstrict
from pcplan.loading.files import display_path
from pcplan.loading.records import fast_batch, load_record
from pcplan.loading.repo import find_repository

TODAY = date(2026, 11, 22)
PROJECT = Path(__file__).resolve().parents[2]
COUNT = 40


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("school")
    subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "generate.py"), str(COUNT), str(folder)],
        check=True,
        capture_output=True,
    )
    return folder


@pytest.mark.parametrize("use_cache", [False, True])
def test_each_record_is_read_once_with_its_node_tree(
    school: Path, monkeypatch: pytest.MonkeyPatch, use_cache: bool
) -> None:
    # A batch this size is read by the fast reader wherever a node tree is not needed.
    assert fast_batch(COUNT)
    repository = find_repository(school)
    setup = lint_setup(repository.settings, TODAY)
    lint_with_cache(repository, None, setup, use_cache=use_cache)  # a cache to read through

    reads = {"fast": 0, "tree": 0}

    def counted(kind: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            reads[kind] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(records, "_parse_fast", counted("fast", records._parse_fast))
    monkeypatch.setattr(yamlstrict, "_compose", counted("tree", yamlstrict._compose))
    result = lint_with_cache(repository, None, setup, use_cache=use_cache)

    assert reads == {"fast": 0, "tree": COUNT}
    findings = [d for d in result.diagnostics if d.code]
    assert len({d.file for d in findings}) > COUNT // 2  # most records have one

    # The findings, at their lines, are the ones of each record read on its own.
    monkeypatch.undo()
    one_by_one = []
    for path in sorted(repository.records_dir.glob("*.yaml")):
        loaded, _ = load_record(path, display_path(path), TODAY)
        assert loaded is not None
        one_by_one.extend(lint_record(loaded, setup))
    linted = {d for d in result.diagnostics if d.code in {f.code for f in one_by_one}}
    assert set(one_by_one) <= linted
