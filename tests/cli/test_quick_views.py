"""`pcplan register` and `pcplan provision` read before Typer give exactly what the Typer
commands give: the same view, messages and exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINIMAL_RECORD, TODAY, MakeRepo, RunCli, shell_pcplan
from pcplan.cli.quick_views import parse

RESOURCE = """\
resources:
  - id: r1
    text: "=1+1 speech and language group"
    kind: staff
    wave: 2
    who: Ms Begum
    group_size: 3
    sessions_per_week: 2
    minutes: 30
    cost: {amount: 12.50, per: session}
"""


@pytest.fixture
def school(make_repo: MakeRepo) -> Path:
    return make_repo(
        {
            "pcplan.yaml": "school: Brookfield\n",
            "records/a.yaml": MINIMAL_RECORD.format(id="a") + "  year_group: 3\n" + RESOURCE,
            "records/b.yaml": MINIMAL_RECORD.format(id="b") + "  nmae: x\n",
            "records/c.yaml": MINIMAL_RECORD.format(id="c") + "  year_group: 7\n",
        }
    )


@pytest.mark.parametrize(
    "args",
    [
        ["register", "--format", "csv", "-o", "-"],
        ["register", "--format=json", "--output=-", "--status", "K", "--need", "SLCN"],
        ["register", "--format", "md", "-o", "-", "--year", "Y3", "--year", "7", "--no-cache"],
        ["register", "--format", "html", "-o", "out/r.html"],
        ["register", "-o", "out"],
        ["provision", "--format", "csv", "-o", "-", "--year", "2026"],
        ["provision", "--format=json", "-o", "-", "--no-cache"],
        ["provision", "--format", "md", "-o", "out/p.md"],
        ["provision", "--format", "xlsx", "-o", "out/p.xlsx"],
    ],
)
def test_the_quick_path_says_what_typer_says(
    school: Path, run_cli: RunCli, args: list[str]
) -> None:
    assert parse(args[0], args[1:]) is not None
    full = [*args, "--today", TODAY, "--repo", str(school)]
    written = next((Path(school, a) for a in args if a.startswith("out/")), None)
    code, stdout, stderr = shell_pcplan(school, *full)
    quick = written.read_bytes() if written is not None else b""
    typer = run_cli(*full, cwd=school)
    assert (code, stdout, stderr) == (typer.exit_code, typer.stdout, typer.stderr)
    assert code == 1  # b.yaml is left out, as validate reports it
    assert "records/b.yaml:7:3: pupil.nmae" in stderr
    if written is not None:
        assert quick == written.read_bytes()


def test_the_environment_is_read_as_typer_reads_it(school: Path, run_cli: RunCli) -> None:
    args = ["provision", "--format", "csv", "-o", "-"]
    code, stdout, stderr = shell_pcplan(
        school.parent, *args, env={"PCPLAN_REPO": str(school), "PCPLAN_TODAY": TODAY}
    )
    typer = run_cli(*args, "--repo", str(school), "--today", TODAY, cwd=school.parent)
    assert (code, stdout, stderr) == (typer.exit_code, typer.stdout, typer.stderr)
    assert "school/records/b.yaml:7:3" in stderr  # named from where it ran


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["register", "--help"], "Usage: pcplan register"),
        (["provision", "--frobnicate"], "No such option: --frobnicate"),
        (["register", "--today", "22/11/2026"], "--today must be a real date"),
        (["register", "--status", "X"], "--status must be E, K or N"),
        (["provision", "--year", "26"], "--year"),
        (["provision", "--format", "pdf"], "'pdf' is not one of"),
        (["register", "-o", "register.xlsx"], "is named as xlsx but the format is html"),
        (["provision", "-o", "pcplan.yaml/p.html"], "cannot write"),
        (["register", "-o"], "requires an argument"),
    ],
)
def test_anything_else_is_typer_s(school: Path, args: list[str], words: str) -> None:
    code, stdout, stderr = shell_pcplan(school, args[0], "--today", TODAY, *args[1:])
    assert words in stdout + stderr
    assert code in (0, 2)
    assert "Traceback" not in stderr


def test_a_school_template_with_a_mistake_is_reported_as_before(
    school: Path, run_cli: RunCli
) -> None:
    # The page's template is compiled while the records are read; its mistake is still
    # reported when the page is made, after the records left out.
    (school / "templates").mkdir()
    (school / "templates/provision.html.j2").write_text(
        '{% extends "builtin/provision.html.j2" %}\n{% block rows %}{% if %}{% endblock %}\n',
        encoding="utf-8",
    )
    args = ["provision", "-o", "-", "--today", TODAY, "--repo", str(school)]
    code, stdout, stderr = shell_pcplan(school, *args)
    typer = run_cli(*args, cwd=school)
    assert (code, stdout, stderr) == (typer.exit_code, typer.stdout, typer.stderr)
    assert code == 2
    assert "records/b.yaml:7:3" in stderr.splitlines()[0]
    assert "templates/provision.html.j2:2" in stderr and "Traceback" not in stderr
