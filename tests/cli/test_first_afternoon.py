"""What a new user meets in the first afternoon: the version, init's words, dates typed the
English way, reviews dated in the future, a closed pipe, and one rule for no records."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL_RECORD, PROJECT, TODAY, MakeRepo, RunCli
from pcplan import __version__


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"pcplan {__version__}\n"


def test_init_says_what_it_assumed(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("init", "school", cwd=tmp_path)
    assert result.exit_code == 0
    out = result.stdout
    assert 'called "Our School"' in out and "--school" in out
    assert "autumn 1 Sep-31 Dec" in out and "`terms:` in pcplan.yaml" in out
    next_line = out.splitlines()[-1]
    assert next_line.startswith("Next: cd school && pcplan new-pupil")
    assert "--repo school" in next_line
    gitignore = (tmp_path / "school" / ".gitignore").read_text(encoding="utf-8")
    assert "*.ics" in gitignore.splitlines()


def test_init_with_a_school_name_inside_the_folder(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("init", ".", "--school", "Hill School", cwd=tmp_path)
    assert result.exit_code == 0
    assert "Our School" not in result.stdout
    assert result.stdout.splitlines()[-1] == (
        'Next: pcplan new-pupil "Full Name" --status K --need SLCN'
    )


def test_init_refusal_names_what_is_there(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "README.md").write_text("ours\n", encoding="utf-8")
    result = run_cli("init", str(tmp_path))
    assert result.exit_code == 2
    assert "already has templates/README.md;" in result.stderr
    assert (tmp_path / "templates" / "README.md").read_text(encoding="utf-8") == "ours\n"


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("07/09/2026", "2026-09-07"), ("7/9/26", "2026-09-07"), ("31.12.2026", "2026-12-31")],
)
def test_english_dates_in_a_record_suggest_iso(
    run_cli: RunCli, make_repo: MakeRepo, typed: str, suggested: str
) -> None:
    root = make_repo(
        {"records/sam.yaml": MINIMAL_RECORD.format(id="sam") + f"  date_of_birth: {typed}\n"}
    )
    result = run_cli("validate", "--repo", str(root), cwd=root)
    assert result.exit_code == 1
    assert (
        f"records/sam.yaml:7:18: pupil.date_of_birth: '{typed}' is not a date; write the date "
        f"as YYYY-MM-DD; for {typed} write {suggested}"
    ) in result.stdout


def test_a_pound_sign_in_a_cost(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/sam.yaml": MINIMAL_RECORD.format(id="sam")
            + "resources:\n  - id: tutor\n    text: Tutor\n    cost: {amount: £12, per: session}\n"
        }
    )
    result = run_cli("validate", "--repo", str(root), cwd=root)
    assert result.exit_code == 1
    assert "resources[0].cost.amount: write the amount without the £ sign" in result.stdout


def test_today_from_the_environment_is_named(run_cli: RunCli, make_repo: MakeRepo) -> None:
    from typer.testing import CliRunner

    from pcplan.cli.app import app

    root = make_repo({"records/sam.yaml": MINIMAL_RECORD.format(id="sam")})
    result = CliRunner().invoke(
        app, ["due", "--repo", str(root)], env={"PCPLAN_TODAY": "07/09/2026"}
    )
    assert result.exit_code == 2
    assert "the environment variable PCPLAN_TODAY must be a real date" in result.stderr
    assert "for 07/09/2026 write 2026-09-07" in result.stderr
    by_option = run_cli("due", "--repo", str(root), "--today", "07/09/2026")
    assert "error: --today must be a real date" in by_option.stderr


def test_record_review_after_today_warns(run_cli: RunCli, examples_copy: Path) -> None:
    result = run_cli(
        "record-review",
        "celine-m",
        "--date",
        "2027-01-10",
        "--today",
        TODAY,
        "--repo",
        str(examples_copy),
    )
    assert result.exit_code == 0
    assert "warning: 2027-01-10 is after today (2026-11-22)" in result.stderr


def test_record_review_from_a_file_after_today_needs_force(
    run_cli: RunCli, examples_copy: Path, tmp_path: Path
) -> None:
    review = tmp_path / "review.yaml"
    review.write_text("date: 2027-01-10\nkind: termly\npresent: [Celine]\n", encoding="utf-8")
    record = examples_copy / "records" / "celine-m.yaml"
    before = record.read_bytes()
    args = ("record-review", "celine-m", "--from", str(review), "--today", TODAY)
    refused = run_cli(*args, "--repo", str(examples_copy))
    assert refused.exit_code == 2
    assert "dated 2027-01-10, after today (2026-11-22)" in refused.stderr
    assert "--force" in refused.stderr
    assert record.read_bytes() == before
    forced = run_cli(*args, "--force", "--repo", str(examples_copy))
    assert forced.exit_code == 0, forced.output
    assert record.read_bytes() != before


def test_progress_logged_late_is_shown_in_date_order(run_cli: RunCli, examples_copy: Path) -> None:
    late = run_cli(
        "log",
        "celine-m",
        "read-aloud",
        "Read to the nursery class",
        "--date",
        "2024-09-02",
        "--today",
        TODAY,
        "--repo",
        str(examples_copy),
    )
    assert late.exit_code == 0, late.output
    plan = run_cli(
        "render",
        "plan",
        "celine-m",
        "--format",
        "md",
        "-o",
        "-",
        "--today",
        TODAY,
        "--repo",
        str(examples_copy),
    )
    text = plan.stdout
    from datetime import date

    from pcplan.loading.records import load_repository
    from pcplan.loading.repo import find_repository

    loaded = load_repository(find_repository(examples_copy), date(2026, 11, 22))
    (celine,) = [r for r in loaded.records if r.pupil_id == "celine-m"]
    goal = next(g for g in celine.record.goals if g.id == "read-aloud")
    assert goal.progress[-1].note == "Read to the nursery class"  # the file keeps its order
    in_order = [p.note.strip() for p in sorted(goal.progress, key=lambda p: p.date)]
    assert in_order[0] == "Read to the nursery class"
    positions = [text.index(note) for note in in_order]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("render", "all"),
        ("review", "--term", "autumn"),
        ("due",),
        ("calendar",),
    ],
)
def test_no_records_is_one_rule_everywhere(
    run_cli: RunCli, make_repo: MakeRepo, args: tuple[str, ...]
) -> None:
    root = make_repo({"pcplan.yaml": "school: Ours\n"})
    result = run_cli(*args, "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 2
    assert "there are no records in" in result.stderr
    assert "pcplan new-pupil" in result.stderr


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`pcplan due | head -1`: the reader stops early; no message, no traceback."""
    code = (
        "import sys\n"
        "sys.argv = ['pcplan', 'due', '--within', '400', '--repo', sys.argv[1],"
        f" '--today', '{TODAY}']\n"
        "from pcplan.cli import main\n"
        "main()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(PROJECT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader has gone before the first line, as `head` may
    stderr = process.stderr.read()
    process.wait(timeout=60)
    assert stderr == b""
    assert process.returncode == 141


@pytest.mark.parametrize(
    "named", ["celine-m", "Celine M", "celine", "celine-m.yaml", "records/celine-m.yaml"]
)
def test_a_pupil_is_found_however_named(run_cli: RunCli, named: str) -> None:
    result = run_cli("validate", named, "--repo", str(PROJECT), "--today", TODAY, cwd=PROJECT)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Checked 1 record: it is valid."


@pytest.mark.parametrize("named", ["Celine Morgan", "céline MORGAN", "Celine"])
def test_a_pupil_is_found_by_the_name_in_the_record(run_cli: RunCli, named: str) -> None:
    """The id `celine-m` is not the slug of "Celine Morgan": the record's name finds her."""
    result = run_cli("actions", named, "--repo", str(PROJECT), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "pcplan action-done celine-m NUMBER" in result.stdout


def test_a_name_shared_by_two_pupils_lists_their_ids(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/sam-l1.yaml": MINIMAL_RECORD.format(id="sam-l1"),
            "records/sam-l2.yaml": MINIMAL_RECORD.format(id="sam-l2"),
            "records/ana-p.yaml": MINIMAL_RECORD.format(id="ana-p").replace(
                "name: Sam Lee", 'name: "Ana Pérez"  # quoted'
            ),
        }
    )
    for named in ("Sam Lee", "Sam"):
        result = run_cli("validate", named, "--repo", str(root))
        assert result.exit_code == 2
        assert "could be 2 pupils: sam-l1, sam-l2; give the" in result.stderr
    found = run_cli("validate", "ana perez", "--repo", str(root))
    assert found.exit_code == 0, found.output
    assert found.stdout.strip() == "Checked 1 record: it is valid."
    # A surname alone is nobody's name.
    assert run_cli("validate", "Lee", "--repo", str(root)).exit_code == 2


def test_a_name_that_fits_nobody_gets_a_suggestion(run_cli: RunCli) -> None:
    result = run_cli("due", "Celine Mm", "--repo", str(PROJECT), "--today", TODAY)
    assert result.exit_code == 2
    assert "no pupil 'Celine Mm' (id celine-mm)" in result.stderr
    assert "did you mean celine-m?" in result.stderr


def test_a_first_name_shared_by_two_pupils_asks_for_the_id(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    root = make_repo(
        {
            "records/zoe-smith.yaml": MINIMAL_RECORD.format(id="zoe-smith"),
            "records/zoe-brown.yaml": MINIMAL_RECORD.format(id="zoe-brown"),
        }
    )
    result = run_cli("validate", "zoe", "--repo", str(root))
    assert result.exit_code == 2
    assert "'zoe' could be 2 pupils: zoe-brown, zoe-smith; give the whole id" in result.stderr
    # Never a guess from a single letter: `z` is not anybody.
    assert run_cli("validate", "z", "--repo", str(root)).exit_code == 2


def test_due_for_some_pupils_and_for_one_person(run_cli: RunCli) -> None:
    every = run_cli("due", "--within", "400", "--repo", str(PROJECT), "--today", TODAY)
    jamal = run_cli("due", "jamal", "--within", "400", "--repo", str(PROJECT), "--today", TODAY)
    assert jamal.exit_code == 0
    rows = [line for line in jamal.stdout.splitlines() if line[:4].isdigit()]
    assert rows and all("Jamal Haddad" in line for line in rows)
    assert len(rows) < len([line for line in every.stdout.splitlines() if line[:4].isdigit()])
    mum = run_cli(
        "due", "--who", "MUM", "--within", "400", "--repo", str(PROJECT), "--today", TODAY
    )
    rows = [line for line in mum.stdout.splitlines() if line[:4].isdigit()]
    assert rows and all(line.split("  ")[-1].startswith("Action:") for line in rows)
    assert all("Mum" in line for line in rows)
    # A name nobody's actions carry (a slip of the keyboard) is not "nothing is due".
    slip = run_cli("due", "--who", "Mrs Adeyemmi", "--repo", str(PROJECT), "--today", TODAY)
    assert slip.exit_code == 0
    assert slip.stdout.startswith("No action given to 'Mrs Adeyemmi' is due or overdue up to ")
    assert "Nothing is due" not in slip.stdout


def test_the_for_goal_column_only_when_an_action_names_a_goal(run_cli: RunCli) -> None:
    def plan(pupil: str) -> str:
        args = ("render", "plan", pupil, "--format", "md", "-o", "-", "--today", TODAY)
        return run_cli(*args, "--repo", str(PROJECT)).stdout

    assert "| What | Who | By | For goal |" in plan("celine-m")
    jamal = plan("jamal-haddad")
    assert "| What | Who | By |\n" in jamal and "For goal" not in jamal


def test_a_booked_meeting_of_no_kind_is_a_review_meeting(run_cli: RunCli) -> None:
    result = run_cli("due", "maisie", "--repo", str(PROJECT), "--today", TODAY)
    assert "Review meeting, booked" in result.stdout
