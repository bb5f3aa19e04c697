"""Golden files for review agendas: the golden record's termly review in the autumn and its
annual review in the spring, in each format, and the term's index.

Run ``pytest --update-golden`` after a deliberate change to an agenda template or view,
and read the difference in git before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from renderkit import GOLDEN_DIR, GOLDEN_PUPIL, GOLDEN_REPO

from conftest import TODAY, RunCli

AGENDAS = [(term, fmt) for term in ("2026-autumn", "2027-spring") for fmt in ("html", "md")]


def compare(path: Path, text: bytes, update: bool) -> None:
    if update:
        path.write_bytes(text)
        return
    assert path.exists(), f"{path.name} is missing: run pytest --update-golden"
    assert text == path.read_bytes(), (
        f"{path.name} differs: run pytest --update-golden and review the diff"
    )


@pytest.mark.parametrize(("term", "fmt"), AGENDAS)
def test_agenda_matches_its_golden_file(
    run_cli: RunCli, tmp_path: Path, update_golden: bool, term: str, fmt: str
) -> None:
    result = run_cli(
        "review", "--term", term, "--repo", str(GOLDEN_REPO), "--today", TODAY, "--no-history",
        "--format", fmt, "-o", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = (tmp_path / f"{GOLDEN_PUPIL}.{fmt}").read_bytes()
    compare(GOLDEN_DIR / f"{GOLDEN_PUPIL}-agenda-{term}.{fmt}", written, update_golden)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_term_index_matches_its_golden_file(
    run_cli: RunCli, tmp_path: Path, update_golden: bool, fmt: str
) -> None:
    result = run_cli(
        "review", "--term", "2027-spring", "--repo", str(GOLDEN_REPO), "--today", TODAY,
        "--no-history", "--format", fmt, "-o", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = (tmp_path / f"index.{fmt}").read_bytes()
    compare(GOLDEN_DIR / f"agendas-2027-spring.{fmt}", written, update_golden)
