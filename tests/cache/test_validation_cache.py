"""The validation cache is never stale: any change that could change a result re-reads."""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from cachekit import FUTURE_PROGRESS, OLD, Reads, age
from hypothesis import given, settings
from hypothesis import strategies as st

import pcplan
from conftest import MINIMAL_RECORD, PROJECT, TODAY, MakeRepo, Result, RunCli
from pcplan.cache.store import CACHE_DIR


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    return Reads(monkeypatch)


def validate(run_cli: RunCli, root: Path, *args: str, today: str = TODAY) -> Result:
    return run_cli("validate", "--repo", str(root), "--today", today, *args, cwd=root)


def three_pupils(make_repo: MakeRepo) -> Path:
    root = make_repo(
        {
            "pcplan.yaml": "school: Brookfield\n",
            "records/a.yaml": MINIMAL_RECORD.format(id="a"),
            "records/b.yaml": MINIMAL_RECORD.format(id="b") + "  nmae: x\n",
            "records/c.yaml": MINIMAL_RECORD.format(id="c"),
        }
    )
    age(root)
    return root


def test_a_second_run_reads_nothing_and_says_the_same(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = three_pupils(make_repo)
    cold = validate(run_cli, root)
    assert reads.take() == ["a.yaml", "b.yaml", "c.yaml"]
    assert (root / CACHE_DIR / "validation").is_file()
    warm = validate(run_cli, root)
    assert reads.take() == []
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout) == (1, warm.stdout)
    assert "records/b.yaml:7:3: pupil.nmae: unknown key 'nmae'" in warm.stdout
    uncached = validate(run_cli, root, "--no-cache")
    assert reads.take() == ["a.yaml", "b.yaml", "c.yaml"]
    assert uncached.stdout == cold.stdout
    as_json = [validate(run_cli, root, "--format", "json").stdout for _ in range(2)]
    assert as_json[0] == as_json[1]


def test_no_cache_writes_no_cache(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = three_pupils(make_repo)
    validate(run_cli, root, "--no-cache")
    assert not (root / CACHE_DIR).exists()


def test_an_edited_record_is_read_again(run_cli: RunCli, make_repo: MakeRepo, reads: Reads) -> None:
    root = three_pupils(make_repo)
    validate(run_cli, root)
    reads.take()
    (root / "records/b.yaml").write_text(MINIMAL_RECORD.format(id="b"), encoding="utf-8")
    result = validate(run_cli, root)
    assert reads.take() == ["b.yaml"]
    assert result.exit_code == 0 and "nmae" not in result.stdout


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = three_pupils(make_repo)
    validate(run_cli, root)
    reads.take()
    record = root / "records/a.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("sen_status: K", "sen_status: Q"), encoding="utf-8")
    os.utime(record, (OLD, OLD))
    result = validate(run_cli, root)
    assert reads.take() == ["a.yaml"]
    assert "records/a.yaml:5:15: pupil.sen_status: 'Q' is not allowed" in result.stdout


def test_a_touched_but_unchanged_record_is_hashed_not_checked(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = three_pupils(make_repo)
    validate(run_cli, root)
    reads.take()
    (root / "records/a.yaml").touch()
    assert validate(run_cli, root).exit_code == 1
    assert reads.take() == []


def test_a_photo_added_or_removed_is_seen(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = make_repo(
        {
            "records/a.yaml": MINIMAL_RECORD.format(id="a") + "profile:\n  photo: photos/a.png\n",
        }
    )
    age(root)
    assert "photo-missing" in validate(run_cli, root, "--format", "json").stdout
    (root / "records/photos").mkdir()
    (root / "records/photos/a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    reads.take()
    assert validate(run_cli, root).exit_code == 0
    assert reads.take() == ["a.yaml"]
    (root / "records/photos/a.png").unlink()
    assert validate(run_cli, root).exit_code == 1
    assert reads.take() == ["a.yaml"]


def test_edited_settings_read_everything_again(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = three_pupils(make_repo)
    validate(run_cli, root)
    reads.take()
    (root / "pcplan.yaml").write_text("school: Brookfield\nmarking: [\n", encoding="utf-8")
    result = validate(run_cli, root)
    assert reads.take() == ["a.yaml", "b.yaml", "c.yaml"]
    assert "pcplan.yaml:3:1: (file): YAML syntax error" in result.stdout
    again = validate(run_cli, root)
    assert reads.take() == [] and again.stdout == result.stdout


def test_a_new_pcplan_reads_everything_again(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = three_pupils(make_repo)
    validate(run_cli, root)
    reads.take()
    monkeypatch.setattr(pcplan, "__version__", "99.0")
    validate(run_cli, root)
    assert reads.take() == ["a.yaml", "b.yaml", "c.yaml"]


def test_a_date_that_changes_a_rule_reads_again(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    root = make_repo({"records/a.yaml": MINIMAL_RECORD.format(id="a") + FUTURE_PROGRESS})
    age(root)
    before = validate(run_cli, root, today="2026-11-22")
    assert "dated in the future" in before.stdout
    reads.take()
    assert validate(run_cli, root, today="2026-11-30").stdout == before.stdout
    assert reads.take() == []  # the same side of 1 December: the stored result holds
    after = validate(run_cli, root, today="2026-12-01")
    assert reads.take() == ["a.yaml"]
    assert "dated in the future" not in after.stdout
    back = validate(run_cli, root, today="2026-11-22")
    assert reads.take() == ["a.yaml"] and back.stdout == before.stdout


def test_a_new_school_year_reads_again(run_cli: RunCli, make_repo: MakeRepo, reads: Reads) -> None:
    record = MINIMAL_RECORD.format(id="a") + "  date_of_birth: 2016-03-01\n  year_group: 6\n"
    root = make_repo({"records/a.yaml": record})
    age(root)
    assert "year-group" not in validate(run_cli, root, "--format", "json").stdout
    reads.take()
    validate(run_cli, root, today="2027-08-31")
    assert reads.take() == []
    later = validate(run_cli, root, "--format", "json", today="2027-09-01")
    assert reads.take() == ["a.yaml"]
    assert "year-group-differs" in later.stdout


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b"",
        lambda b: b[: len(b) // 2],
        lambda b: b[:-40] + bytes(40),
        lambda b: b.replace(b'"format": 1', b'"format": 7'),
        lambda b: b"\x00\xff" * 300,
    ],
    ids=["empty", "truncated", "zeroed-tail", "other-format", "garbage"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads, damage: object
) -> None:
    root = three_pupils(make_repo)
    cold = validate(run_cli, root)
    cache_file = root / CACHE_DIR / "validation"
    cache_file.write_bytes(damage(cache_file.read_bytes()))  # type: ignore[operator]
    reads.take()
    result = validate(run_cli, root)
    assert (result.exit_code, result.stdout) == (cold.exit_code, cold.stdout)
    assert reads.take() == ["a.yaml", "b.yaml", "c.yaml"]
    validate(run_cli, root)
    assert reads.take() == []  # written afresh


def test_an_unreadable_cache_is_ignored(run_cli: RunCli, make_repo: MakeRepo, reads: Reads) -> None:
    root = three_pupils(make_repo)
    cold = validate(run_cli, root)
    cache_file = root / CACHE_DIR / "validation"
    cache_file.unlink()
    cache_file.mkdir()  # a folder where the cache file should be
    result = validate(run_cli, root)
    assert (result.exit_code, result.stdout) == (cold.exit_code, cold.stdout)


def test_a_cache_from_another_repository_is_not_trusted(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads, tmp_path: Path
) -> None:
    root = three_pupils(make_repo)
    validate(run_cli, root)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    (copy / "records/a.yaml").write_text("broken: [\n", encoding="utf-8")
    age(copy)  # the stats may now match the original's: only the key of the repository differs
    reads.take()
    result = validate(run_cli, copy)
    assert reads.take() == ["a.yaml", "b.yaml", "c.yaml"]
    assert "records/a.yaml:2:1: (file): YAML syntax error" in result.stdout


def test_the_cache_holds_no_pupil_text(run_cli: RunCli, make_repo: MakeRepo) -> None:
    record = (
        MINIMAL_RECORD.format(id="a").replace("Sam Lee", "Zebedee Quartermaine")
        + "  upn: A123456789012\nprofile:\n  like_admire: [Kind to the younger ones]\n"
    )
    root = make_repo({"records/a.yaml": record, "records/b.yaml": record.replace("id: a", "id: b")})
    validate(run_cli, root)
    content = (root / CACHE_DIR / "validation").read_bytes()
    for secret in (b"Zebedee", b"Quartermaine", b"A123456789012", b"younger"):
        assert secret not in content


def test_validate_one_sees_a_upn_another_file_uses(
    run_cli: RunCli, make_repo: MakeRepo, reads: Reads
) -> None:
    upn = "  upn: A123456789012\n"
    root = make_repo(
        {
            "records/a.yaml": MINIMAL_RECORD.format(id="a") + upn,
            "records/b.yaml": MINIMAL_RECORD.format(id="b") + upn,
            "records/c.yaml": MINIMAL_RECORD.format(id="c"),
        }
    )
    age(root)
    for options in ((), ("--no-cache",)):
        result = validate(run_cli, root, "a", *options)
        assert result.exit_code == 1
        assert result.stdout.splitlines() == [
            "records/a.yaml:7:8: pupil.upn: the same UPN is also in records/b.yaml; "
            "each pupil has their own",
            "Checked 1 record: 1 file with problems, 1 error.",
        ]
    reads.take()
    assert validate(run_cli, root, "c").exit_code == 0
    assert reads.take() == []


def test_the_examples_give_the_same_report_warm_cold_and_uncached(
    run_cli: RunCli, examples_copy: Path
) -> None:
    cold = validate(run_cli, examples_copy)
    warm = validate(run_cli, examples_copy)
    uncached = validate(run_cli, examples_copy, "--no-cache")
    assert cold.stdout == warm.stdout == uncached.stdout
    assert cold.exit_code == warm.exit_code == uncached.exit_code


def test_the_warm_path_imports_neither_yaml_nor_pydantic_nor_the_models(
    examples_copy: Path,
) -> None:
    from conftest import imported_by

    heavy = {"pydantic", "yaml", "pcplan.models", "jinja2", "typer", "dataclasses"}
    age(examples_copy)
    runs = [
        imported_by(examples_copy, "validate", *which, "--today", TODAY)
        for which in ([], [], ["celine-m"])
    ]
    assert runs[0][1] & heavy == {"pcplan.models", "pydantic", "yaml", "dataclasses"}
    assert runs[1][1] & heavy == runs[2][1] & heavy == set()  # answered from the cache
    assert runs[0][0].stdout == runs[1][0].stdout
    assert runs[2][0].stdout == "Checked 1 record: it is valid.\n"


def _record_days() -> list[tuple[str, Path]]:
    return [(p.stem, p) for p in sorted((PROJECT / "records").glob("*.yaml"))]


@settings(max_examples=40, deadline=None)
@given(
    record=st.sampled_from(_record_days()),
    first=st.dates(date(2024, 1, 1), date(2029, 12, 31)),
    offset=st.integers(-800, 800),
)
def test_a_stored_result_holds_on_every_day_it_is_kept_for(
    record: tuple[str, Path], first: date, offset: int
) -> None:
    from pcplan.diagnostics.rules import check_record, valid_days
    from pcplan.loading.records import load_record

    _, path = record
    loaded, problems = load_record(path, path.name, first)
    assert loaded is not None
    start, until = valid_days(loaded, first)
    assert start <= first <= until
    other = min(max(first + timedelta(days=offset), start), until)
    assert check_record(loaded, other) == problems


def test_a_record_replaced_by_a_link_outside_is_refused_though_cached(
    run_cli: RunCli, make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = three_pupils(make_repo)
    validate(run_cli, root)
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(root / "records/a.yaml", outside)
    (root / "records/a.yaml").unlink()
    (root / "records/a.yaml").symlink_to(outside)
    result = validate(run_cli, root, "--format", "json")
    assert result.exit_code == 1
    assert '"code": "outside-repository"' in result.stdout
