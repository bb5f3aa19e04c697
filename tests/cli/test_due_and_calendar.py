"""`pcplan due` and `pcplan calendar` on the command line: output, exit codes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest

from conftest import PROJECT, TODAY, MakeRepo, RunCli


def test_due_lists_what_is_due_by_date(run_cli: RunCli) -> None:
    result = run_cli("due", "--repo", str(PROJECT), "--today", TODAY)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2026-07-17  128 days overdue  Jamal Haddad")
    assert "2026-12-18  in 26 days" in result.stdout
    assert "Termly review not booked yet (due by the end of the autumn term 2026)" in result.stdout
    assert lines[-1] == "23 things due or overdue up to 2026-12-22: 13 overdue."
    dates = [line[:10] for line in lines[:-1]]
    assert dates == sorted(dates)


def test_due_within_a_window(run_cli: RunCli) -> None:
    narrow = run_cli("due", "--repo", str(PROJECT), "--today", TODAY, "--within", "0")
    wide = run_cli("due", "--repo", str(PROJECT), "--today", TODAY, "--within", "120")
    assert narrow.exit_code == wide.exit_code == 0
    assert "in 1 day" not in narrow.stdout
    assert "Annual review, booked" in wide.stdout
    assert len(wide.stdout.splitlines()) > len(narrow.stdout.splitlines())


def test_due_as_json(run_cli: RunCli) -> None:
    result = run_cli("due", "--repo", str(PROJECT), "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert (payload["today"], payload["until"], payload["within_days"]) == (
        "2026-11-22",
        "2026-12-22",
        30,
    )
    first = payload["items"][0]
    assert first["kind"] == "action" and first["status"] == "overdue" and first["days"] == -128
    ffion = next(
        i for i in payload["items"] if i["uid"] == "ffion-davies-review-2026-autumn@pcplan"
    )
    assert ffion == {
        "date": "2026-12-18",
        "status": "due",
        "days": 26,
        "pupil": "ffion-davies",
        "name": "Ffion Davies",
        "kind": "review",
        "what": "Termly review not booked yet (due by the end of the autumn term 2026)",
        "uid": "ffion-davies-review-2026-autumn@pcplan",
        "review": "termly",
        "booked": False,
        "due_by": "2026-12-18",
    }


def test_nothing_due(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/kai.yaml": """\
                schema_version: 1
                pupil: {id: kai, name: Kai Shaw, sen_status: N}
                """
        }
    )
    result = run_cli("due", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0
    assert result.stdout == "Nothing is due or overdue up to 2026-12-22.\n"


def test_due_usage_errors_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    bad_window = run_cli("due", "--repo", str(PROJECT), "--within", "-1")
    assert bad_window.exit_code == 2
    assert "--within" in bad_window.stderr
    bad_today = run_cli("due", "--repo", str(PROJECT), "--today", "2026-02-30")
    assert bad_today.exit_code == 2
    assert "--today must be a real date" in bad_today.stderr
    no_repo = run_cli("due", "--repo", str(tmp_path))
    assert no_repo.exit_code == 2
    assert "not a records repository" in no_repo.stderr


def test_invalid_records_stop_due_and_calendar(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/kai.yaml": """\
                schema_version: 1
                pupil: {id: kai, name: Kai Shaw, sen_status: K, needs: {primary: SLCN}}
                cadence: {next_review: 2026-13-01}
                """
        }
    )
    for command in ("due", "calendar"):
        result = run_cli(command, "--repo", str(root), "--today", TODAY)
        assert result.exit_code == 1, command
        assert result.stdout == ""
        assert "1 file with problems, so the dates would be incomplete" in result.stderr
        assert "records/kai.yaml:3:" in result.stderr


def test_overlapping_terms_in_settings_stop_the_command(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    root = make_repo(
        {
            "pcplan.yaml": """\
                terms:
                  - {name: 2026-autumn, start: 2026-09-02, end: 2026-12-18}
                  - {name: 2026-spring, start: 2026-12-01, end: 2027-03-26}
                """,
            "records/kai.yaml": """\
                schema_version: 1
                pupil: {id: kai, name: Kai Shaw, sen_status: N}
                """,
        }
    )
    result = run_cli("due", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert "overlaps 2026-autumn" in result.stderr


def test_calendar_to_standard_output_and_to_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    printed = run_cli("calendar", "--repo", str(PROJECT), "--today", TODAY)
    assert printed.exit_code == 0, printed.output
    # (The test runner reads standard output with universal newlines.)
    assert printed.stdout.startswith("BEGIN:VCALENDAR\n")
    target = tmp_path / "feeds" / "reviews.ics"
    written = run_cli("calendar", "--repo", str(PROJECT), "--today", TODAY, "-o", str(target))
    assert written.exit_code == 0
    assert written.stdout == ""
    assert written.stderr.startswith(f"Wrote {target} (")
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert target.read_bytes().decode("utf-8").replace("\r\n", "\n") == printed.stdout
    again = run_cli("calendar", "--repo", str(PROJECT), "--today", TODAY, "-o", str(target))
    assert again.stderr.startswith(f"Unchanged: {target}")
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert len(list(cal.walk("VEVENT"))) > 10


def test_help_lists_the_commands(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert "due" in result.stdout and "calendar" in result.stdout


def test_every_command_is_described_in_whole_in_the_help(run_cli: RunCli) -> None:
    for args in (["--help"], ["render", "--help"]):
        result = run_cli(*args)
        assert result.exit_code == 0
        commands = result.stdout.split("Commands:", 1)[1]
        assert "..." not in commands and "…" not in commands, commands


def test_the_terminal_table_shows_square_brackets_as_typed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    from datetime import date

    from pcplan.calendar.due import DueItem
    from pcplan.cli.review_cmds import _print_due_table

    item = DueItem(
        date(2026, 11, 20),
        "action",
        "sam",
        "Sam [bold]",
        "k",
        text="Check [/] the [red]reading[/red] log",
        who="Ms [Lowe]",
    )
    _print_due_table([item], date(2026, 11, 22), date(2026, 12, 22), {"sam": "Sam [bold]"})
    out = capsys.readouterr().out
    assert "Sam [bold]" in out
    assert "Check [/] the [red]reading[/red] log (Ms [Lowe])" in out
