"""`render all` on many processes writes exactly the files one process writes."""

from __future__ import annotations

from pathlib import Path

import pytest

import pcplan.loading.records as records
from conftest import TODAY, RunCli


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_parallel_render_matches_one_process(
    run_cli: RunCli, examples_copy: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    # One broken record among them: reported, left out, and the rest still rendered.
    (examples_copy / "records" / "broken.yaml").write_text("schema_version: 1\npupil: [\n")
    one = examples_copy / "one"
    many = examples_copy / "many"
    args = ("render", "all", "--format", fmt, "--repo", str(examples_copy), "--today", TODAY)
    first = run_cli(*args, "-o", str(one))
    monkeypatch.setattr(records, "PARALLEL_FROM", 2)
    assert records.workers_for(8) >= 1
    second = run_cli(*args, "-o", str(many))
    assert first.exit_code == second.exit_code == 1
    assert "records/broken.yaml" in first.stderr and "records/broken.yaml" in second.stderr
    assert tree(one) == tree(many)
    assert len(tree(one)) == 7 * 2 + 2  # the documents, the index, the list of them
