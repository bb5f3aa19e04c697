"""The commands that need the records themselves use the validation cache too.

`check`, `due`, `review`, `calendar`, `register` and `provision` read every record, but a
record the cache knows to be valid and unchanged is not checked again. They say exactly the
same with the cache, without it (`--no-cache`) and with it cold; anything that could change
a record's result (its bytes, its pictures, the settings, the date) has it checked again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cachekit import FUTURE_PROGRESS, Reads, age

from conftest import MINIMAL_RECORD, TODAY, MakeRepo, Result, RunCli
from pcplan.cache.store import CACHE_DIR
from pcplan.loading import records

EXAMPLES = sorted(p.name for p in (Path(__file__).parents[2] / "records").glob("*.yaml"))

COMMANDS = {
    "check": ["check"],
    "check-json": ["check", "--format", "json", "--select", "goal"],
    "due": ["due", "--within", "365"],
    "due-one": ["due", "jamal-haddad", "celine-m", "--format", "json"],
    "calendar": ["calendar"],
    "register": ["register", "--format", "md", "-o", "-"],
    "register-json": ["register", "--format", "json", "-o", "-", "--status", "K"],
    "provision": ["provision", "--format", "csv", "-o", "-"],
    "provision-html": ["provision", "--format", "html", "-o", "-"],
    "review": ["review", "--term", "spring", "--format", "md", "-o", "agendas", "--no-history"],
}


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    return Reads(monkeypatch)


def run(run_cli: RunCli, root: Path, args: list[str], *extra: str, today: str = TODAY) -> Result:
    return run_cli(*args, *extra, "--repo", str(root), "--today", today, cwd=root)


def written(root: Path) -> dict[str, bytes]:
    """Every file a command wrote into the agendas folder."""
    folder = root / "agendas"
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_the_same_with_the_cache_cold_warm_and_bypassed(
    run_cli: RunCli, examples_copy: Path, reads: Reads, command: str
) -> None:
    root = examples_copy
    age(root)
    args = COMMANDS[command]
    cold = run(run_cli, root, args)
    assert reads.take() == EXAMPLES  # every record checked, and the results stored
    assert (root / CACHE_DIR / "validation").is_file()
    files = written(root)
    warm = run(run_cli, root, args)
    assert reads.take() == []  # every record read, none checked again
    assert written(root) == files
    uncached = run(run_cli, root, args, "--no-cache")
    assert reads.take() == EXAMPLES
    assert written(root) == files
    assert warm == cold == uncached
    assert cold.exit_code in (0, 1) and cold.stdout


def test_no_cache_leaves_no_cache(run_cli: RunCli, examples_copy: Path) -> None:
    for args in COMMANDS.values():
        run(run_cli, examples_copy, args, "--no-cache")
    assert not (examples_copy / CACHE_DIR).exists()


def two_pupils(make_repo: MakeRepo) -> Path:
    root = make_repo(
        {
            "pcplan.yaml": "school: Brookfield\n",
            "records/a.yaml": MINIMAL_RECORD.format(id="a"),
            "records/b.yaml": MINIMAL_RECORD.format(id="b").replace("Sam Lee", "Ola Ray")
            + "  nmae: x\n",
        }
    )
    age(root)
    return root


def test_an_invalid_record_is_reported_as_validate_reports_it(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = two_pupils(make_repo)
    report = run_cli("validate", "--repo", str(root), "--today", TODAY, cwd=root).stdout
    expected = [line for line in report.splitlines() if "records/b.yaml" in line]
    assert expected
    reads.take()
    for args in (["register", "-o", "-", "--format", "csv"], ["provision", "-o", "-"]):
        for extra in ((), ("--no-cache",)):
            result = run(run_cli, root, args, *extra)
            assert result.exit_code == 1
            assert result.stderr.splitlines()[: len(expected)] == expected
    for args in (["due"], ["calendar"]):
        for extra in ((), ("--no-cache",)):
            result = run(run_cli, root, args, *extra)
            assert result.exit_code == 1
            assert result.stderr.splitlines()[-len(expected) :] == expected
    assert reads.take().count("a.yaml") == 4  # only the runs without the cache


def test_an_edited_record_is_checked_again(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = two_pupils(make_repo)
    (root / "records/b.yaml").write_text(MINIMAL_RECORD.format(id="b"), encoding="utf-8")
    age(root)
    assert run(run_cli, root, ["due"]).exit_code == 0
    reads.take()
    record = root / "records/a.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("sen_status: K", "sen_status: Q"),
        encoding="utf-8",
    )
    for args, checked in (
        (["due"], ["a.yaml"]),  # the edited record is checked again, and its result stored
        (["register", "-o", "-"], []),  # which the next commands report as it stands
        (["check"], []),
    ):
        result = run(run_cli, root, args)
        assert reads.take() == checked
        assert result.exit_code == 1
        assert "pupil.sen_status: 'Q' is not allowed" in result.output
        assert "records/a.yaml:5:15: " in result.output


def test_a_removed_picture_is_seen(run_cli: RunCli, make_repo: MakeRepo, reads: Reads) -> None:
    root = make_repo(
        {
            "records/a.yaml": MINIMAL_RECORD.format(id="a") + "profile:\n  photo: photos/a.png\n",
            "records/photos/a.png": "\x89PNG\r\n",
        }
    )
    age(root)
    first = run(run_cli, root, ["register", "--format", "json", "-o", "-"])
    assert first.exit_code == 0 and '"id": "a"' in first.stdout
    (root / "records/photos/a.png").unlink()
    reads.take()
    result = run(run_cli, root, ["register", "--format", "json", "-o", "-"])
    assert reads.take() == ["a.yaml"]
    assert result.exit_code == 1 and "photo-missing" not in result.stdout
    assert "there is no picture at this path" in result.stderr
    assert '"pupils": []' in result.stdout


def test_edited_settings_check_every_record_again(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = two_pupils(make_repo)
    run(run_cli, root, ["provision", "-o", "-"])
    reads.take()
    (root / "pcplan.yaml").write_text(
        "school: Brookfield\nprovision:\n  weeks_per_year: 39\n", encoding="utf-8"
    )
    run(run_cli, root, ["provision", "-o", "-"])
    assert reads.take() == ["a.yaml", "b.yaml"]


def test_a_date_that_changes_a_rule_checks_again(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = make_repo({"records/a.yaml": MINIMAL_RECORD.format(id="a") + FUTURE_PROGRESS})
    age(root)
    before = run(run_cli, root, ["check"], today="2026-11-22")
    assert "dated in the future" in before.stdout
    reads.take()
    assert run(run_cli, root, ["check"], today="2026-11-30").stdout == before.stdout.replace(
        "2026-11-22", "2026-11-30"
    )
    assert reads.take() == []
    after = run(run_cli, root, ["check"], today="2026-12-01")
    assert reads.take() == ["a.yaml"]
    assert "dated in the future" not in after.stdout


def test_an_edited_template_shows_though_no_record_is_checked(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = two_pupils(make_repo)
    (root / "records/b.yaml").unlink()
    args = ["register", "--format", "md", "-o", "-"]
    plain = run(run_cli, root, args)
    reads.take()
    (root / "templates").mkdir()
    (root / "templates/register.md.j2").write_text(
        '{% extends "builtin/register.md.j2" %}\n'
        "{% block heading %}# Our register\n\n{% endblock %}\n",
        encoding="utf-8",
    )
    changed = run(run_cli, root, args)
    assert reads.take() == []
    assert "\n# Our register\n" in changed.stdout and "# SEN register" in plain.stdout
    assert changed.stdout.replace("# Our register", "") != plain.stdout


def test_the_same_over_several_processes(
    run_cli: RunCli, examples_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = examples_copy
    age(root)
    chosen = ["check", "due", "calendar", "register-json", "provision-html"]
    alone = {name: run(run_cli, root, COMMANDS[name], "--no-cache") for name in chosen}
    monkeypatch.setattr(records, "PARALLEL_FROM", 2)
    for name in chosen:
        cold = run(run_cli, root, COMMANDS[name])
        warm = run(run_cli, root, COMMANDS[name])
        uncached = run(run_cli, root, COMMANDS[name], "--no-cache")
        assert cold == warm == uncached == alone[name]
