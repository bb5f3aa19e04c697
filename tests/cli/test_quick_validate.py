"""`pcplan validate` read before Typer gives exactly what the Typer command gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINIMAL_RECORD, TODAY, MakeRepo, RunCli, shell_pcplan
from pcplan.cli.quick import parse


@pytest.fixture
def school(make_repo: MakeRepo) -> Path:
    upn = "  upn: A123456789012\n"
    return make_repo(
        {
            "pcplan.yaml": "school: Brookfield\n",
            "records/a.yaml": MINIMAL_RECORD.format(id="a") + upn,
            "records/b.yaml": MINIMAL_RECORD.format(id="b") + upn + "  nmae: x\n",
            "records/c.yaml": MINIMAL_RECORD.format(id="c") + "  year_group: 3\n"
            "  date_of_birth: 2012-01-01\n",
        }
    )


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["a"],
        ["c", "--strict"],
        ["--format", "json"],
        ["--format=json", "b", "--no-strict"],
        ["--no-cache", "a", "c"],
        ["--", "records/b.yaml"],
    ],
)
def test_the_quick_path_says_what_typer_says(
    school: Path, run_cli: RunCli, args: list[str]
) -> None:
    assert parse(args) is not None
    full = ["--today", TODAY, "--repo", str(school), *args]
    code, stdout, _ = shell_pcplan(school, "validate", *full)
    typer = run_cli("validate", *full, cwd=school)
    assert (code, stdout) == (typer.exit_code, typer.stdout)


def test_the_environment_is_read_as_typer_reads_it(school: Path, run_cli: RunCli) -> None:
    code, stdout, _ = shell_pcplan(
        school.parent, "validate", "b", env={"PCPLAN_REPO": str(school), "PCPLAN_TODAY": TODAY}
    )
    typer = run_cli("validate", "b", "--repo", str(school), "--today", TODAY, cwd=school.parent)
    assert (code, stdout) == (typer.exit_code, typer.stdout)
    assert "school/records/b.yaml:8:3: pupil.nmae" in stdout  # named from where it ran


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--help"], "Usage: pcplan validate"),
        (["--frobnicate"], "No such option: --frobnicate"),
        (["--today", "22/11/2026"], "--today must be a real date"),
        (["zed"], "no pupil 'zed'"),
        (["--format", "xml"], "'xml' is not one of"),
    ],
)
def test_anything_else_is_typer_s(school: Path, args: list[str], words: str) -> None:
    code, stdout, stderr = shell_pcplan(school, "validate", *args)
    assert words in stdout + stderr
    assert code in (0, 2)
    assert "Traceback" not in stderr
