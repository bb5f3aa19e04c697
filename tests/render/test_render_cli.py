"""`pcplan render profile|plan|all`: where documents go, what they say, and exit codes."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from renderkit import GOLDEN_REPO, PROJECT

from conftest import MINIMAL_RECORD, TODAY, MakeRepo, RunCli

FIVE_HEADINGS = [
    "1. Developing and exploring aspirations",
    "2. Getting started on personalising the curriculum",
    "3. Designing strategies to support learning",
    "4. Identifying resources to support learning",
    "5. Monitoring progress, recognising achievement and moving on",
]


def test_render_profile_writes_under_out_and_then_leaves_it_alone(
    run_cli: RunCli, examples_copy: Path
) -> None:
    args = ("render", "profile", "celine-m", "--repo", str(examples_copy), "--today", TODAY)
    first = run_cli(*args)
    assert first.exit_code == 0, first.output
    target = examples_copy / "out" / "celine-m" / "profile.html"
    assert first.stdout.startswith("Wrote ") and first.stdout.strip().endswith("profile.html")
    before = target.stat().st_mtime_ns
    second = run_cli(*args)
    assert second.exit_code == 0
    assert second.stdout.startswith("Unchanged: ")
    assert target.stat().st_mtime_ns == before


def test_a_pupil_can_be_named_by_path(run_cli: RunCli, examples_copy: Path) -> None:
    result = run_cli(
        "render", "plan", "records/celine-m.yaml", "--today", TODAY, "-o", "-", cwd=examples_copy
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")


def test_output_to_a_file_a_folder_or_standard_output(
    run_cli: RunCli, examples_copy: Path, tmp_path: Path
) -> None:
    base = ("--repo", str(examples_copy), "--today", TODAY)
    to_file = run_cli("render", "profile", "celine-m", *base, "-o", str(tmp_path / "c.html"))
    assert to_file.exit_code == 0 and (tmp_path / "c.html").is_file()
    to_folder = run_cli("render", "plan", "celine-m", *base, "--format", "md", "-o", str(tmp_path))
    assert to_folder.exit_code == 0 and (tmp_path / "celine-m-plan.md").is_file()
    to_stdout = run_cli("render", "profile", "celine-m", *base, "--format", "md", "-o", "-")
    assert to_stdout.exit_code == 0
    assert to_stdout.stdout.startswith("**OFFICIAL-SENSITIVE** · Brookfield Community School\n")
    assert to_stdout.stderr == ""
    assert not (examples_copy / "out").exists()


def test_the_plan_has_the_five_headings_in_order_and_everything_in_the_record(
    run_cli: RunCli,
) -> None:
    from pcplan.loading.records import load_record

    for fmt in ("html", "md"):
        result = run_cli(
            "render", "plan", "celine-m", "--repo", str(PROJECT), "--today", TODAY,
            "--format", fmt, "-o", "-",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        text = (
            html.unescape(re.sub(r"<[^>]+>", "", result.stdout))
            if fmt == "html"
            else result.stdout.replace("\\", "")
        )
        positions = [text.find(heading) for heading in FIVE_HEADINGS]
        assert all(p >= 0 for p in positions), positions
        assert positions == sorted(positions)
        from pcplan.models.common import note_text

        loaded, _ = load_record(PROJECT / "records" / "celine-m.yaml", "celine-m.yaml", _today())
        assert loaded is not None
        record = loaded.record
        flat = " ".join(text.split())
        for goal in record.goals:
            assert " ".join(goal.text.split()) in flat
            assert goal.success and " ".join(goal.success.split()) in flat
            for strategy in goal.strategies:
                assert " ".join(note_text(strategy).split()) in flat
        for resource in record.resources:
            assert " ".join(resource.text.split()) in flat


def _today() -> date:
    return date.fromisoformat(TODAY)


def test_the_profile_has_the_three_sections_and_the_pupils_words_as_quotes(
    run_cli: RunCli,
) -> None:
    result = run_cli(
        "render", "profile", "celine-m", "--repo", str(PROJECT), "--today", TODAY, "-o", "-"
    )
    page = result.stdout
    for section in (
        "What people like and admire about me",
        "What is important to me",
        "How best to support me",
        "How I communicate",
    ):
        assert section in page
    assert '<li class="voice"><q>My family, my brother Jordan, and my little cousins.</q>' in page
    assert "Written with Celine and her mum, March 2026" in page
    assert "Brookfield Community School" in page and "OFFICIAL-SENSITIVE" in page
    assert page.count("<h1>") == 1 and '<html lang="en-GB"' in page


def test_unknown_pupil_is_a_usage_error(run_cli: RunCli, examples_copy: Path) -> None:
    result = run_cli("render", "profile", "celin", "--repo", str(examples_copy))
    assert result.exit_code == 2
    assert "did you mean celine-m" in result.stderr


def test_an_invalid_record_is_reported_and_not_rendered(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    root = make_repo(
        {"records/sam-lee.yaml": MINIMAL_RECORD.format(id="sam-lee") + "profile: {colour: red}\n"}
    )
    result = run_cli("render", "profile", "sam-lee", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert "records/sam-lee.yaml" in result.stderr or "sam-lee.yaml:" in result.stderr
    assert re.search(r"sam-lee\.yaml:7:\d+: profile\.colour", result.stderr), result.stderr
    assert not (root / "out").exists()


def test_render_all_writes_every_document_and_an_index(
    run_cli: RunCli, examples_copy: Path
) -> None:
    result = run_cli("render", "all", "--repo", str(examples_copy), "--today", TODAY)
    assert result.exit_code == 0, result.output
    out = examples_copy / "out"
    pupils = sorted(p.stem for p in (examples_copy / "records").glob("*.yaml"))
    for pupil in pupils:
        for kind in ("profile", "plan"):
            assert (out / pupil / f"{kind}.html").is_file()
    index = (out / "index.html").read_text()
    for pupil in pupils:
        assert f'href="{pupil}/profile.html"' in index and f'href="{pupil}/plan.html"' in index
    assert f"Rendered {2 * len(pupils)} documents for {len(pupils)} pupils" in result.stdout
    assert "Index: " in result.stdout and result.stdout.strip().endswith("index.html")
    again = run_cli("render", "all", "--repo", str(examples_copy), "--today", TODAY)
    assert f"0 written, {2 * len(pupils) + 1} unchanged" in again.stdout
    assert not list(out.rglob("*.tmp"))


def test_render_all_carries_on_past_an_invalid_record(run_cli: RunCli, examples_copy: Path) -> None:
    broken = examples_copy / "records" / "ruby-thompson.yaml"
    broken.write_text(broken.read_text().replace("year_group: 3", "year_group: Year 3"))
    result = run_cli(
        "render", "all", "--repo", str(examples_copy), "--today", TODAY, "--format", "md"
    )
    assert result.exit_code == 1
    assert re.search(r"ruby-thompson\.yaml:\d+:\d+: pupil\.year_group: ", result.stderr)
    assert "1 record was not rendered" in result.stderr
    out = examples_copy / "out"
    assert not (out / "ruby-thompson").exists()
    assert (out / "celine-m" / "plan.md").is_file()
    index = (out / "index.md").read_text()
    assert "ruby-thompson/profile.md" not in index
    assert "Records that need attention" in index and "ruby-thompson.yaml" in index


def test_render_all_will_not_write_to_standard_output(run_cli: RunCli, examples_copy: Path) -> None:
    result = run_cli("render", "all", "--repo", str(examples_copy), "-o", "-")
    assert result.exit_code == 2
    assert "cannot write to standard output" in result.stderr


def test_invalid_school_settings_stop_rendering(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "pcplan.yaml": "school: X\nmarkings: OFFICIAL\n",
            "records/sam-lee.yaml": MINIMAL_RECORD.format(id="sam-lee"),
        }
    )
    result = run_cli("render", "all", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert "pcplan.yaml" in result.stderr
    assert not (root / "out").exists()


def test_a_minimal_record_renders_with_kind_words_for_what_is_missing(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    root = make_repo({"records/sam-lee.yaml": MINIMAL_RECORD.format(id="sam-lee")})
    profile = run_cli("render", "profile", "sam-lee", "--repo", str(root), "-o", "-")
    assert profile.exit_code == 0, profile.output
    assert "Not written yet" in profile.stdout
    plan = run_cli("render", "plan", "sam-lee", "--repo", str(root), "-o", "-", "--format", "md")
    assert "No hopes and dreams are written down yet" in plan.stdout
    assert "School records" in profile.stdout  # no pcplan.yaml: no school name to show


def test_the_family_copy_of_an_empty_profile_speaks_to_the_family(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    root = make_repo({"records/sam-lee.yaml": MINIMAL_RECORD.format(id="sam-lee")})
    for fmt in ("md", "html"):
        family = run_cli(
            "render", "profile", "sam-lee", "--audience", "family", "--format", fmt,
            "--repo", str(root), "-o", "-",
        )  # fmt: skip
        assert family.exit_code == 0, family.output
        assert "we will agree this with you and Sam" in family.stdout
        assert "ask the people who know" not in family.stdout  # an instruction to staff
        assert "and the family" not in family.stdout
    staff = run_cli("render", "profile", "sam-lee", "--repo", str(root), "-o", "-")
    assert "ask the people who know Sam best" in staff.stdout


def test_the_same_records_and_date_give_byte_identical_files(tmp_path: Path) -> None:
    """Two runs in separate processes, with different hash seeds, write the same bytes."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("PCPLAN_REPO", None)
        for fmt in ("html", "md"):
            subprocess.run(
                [sys.executable, "-m", "pcplan", "render", "all", "--repo", str(GOLDEN_REPO),
                 "--today", TODAY, "--format", fmt, "-o", str(out)],
                check=True, capture_output=True, env=env,
            )  # fmt: skip
        outputs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.*"))})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 7  # 2 pupils' documents in 2 formats, 2 indexes, the list


def test_render_help_does_not_load_the_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from pcplan.cli.app import app\n"
        "CliRunner().invoke(app, ['render', '--help'])\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "print(sorted(m for m in ('jinja2', 'pydantic', 'yaml') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_templates_come_from_the_repository_never_the_working_directory(
    run_cli: RunCli, examples_copy: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "templates").mkdir(parents=True)
    (elsewhere / "templates" / "profile.html.j2").write_text(
        '{% extends "builtin/profile.html.j2" %}{% block intro %}FROM THE WORKING DIRECTORY'
        "{% endblock %}"
    )
    result = run_cli(
        "render", "profile", "celine-m", "--repo", str(examples_copy), "-o", "-", cwd=elsewhere
    )
    assert result.exit_code == 0, result.output
    assert "FROM THE WORKING DIRECTORY" not in result.stdout
    shutil.rmtree(elsewhere)


def test_a_file_named_for_another_format_is_refused_before_anything_is_written(
    run_cli: RunCli, examples_copy: Path, tmp_path: Path
) -> None:
    for args, name, meant in (
        (("render", "profile", "celine-m"), "profile.docx", "docx"),
        (("register",), "register.xlsx", "xlsx"),
        (("provision", "--format", "md"), "provision.csv", "csv"),
    ):
        target = tmp_path / name
        result = run_cli(*args, "-o", str(target), "--repo", str(examples_copy))
        assert result.exit_code == 2, result.output
        assert f"-o {name} is named as {meant} but the format is" in result.stderr
        assert f"add --format {meant}" in result.stderr
        assert not target.exists()
    fine = run_cli(
        "provision", "--format", "csv", "-o", str(tmp_path / "map.csv"),
        "--repo", str(examples_copy),
    )  # fmt: skip
    assert fine.exit_code == 0 and (tmp_path / "map.csv").read_text().startswith("UPN,")
