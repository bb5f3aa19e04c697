"""`pcplan init` and `pcplan new-pupil`: a SENCO's first two commands."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TODAY, RunCli
from pcplan.scaffold import slugify


def test_init_creates_a_repository_that_validates_once_a_pupil_is_added(
    run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / "brookfield"
    result = run_cli("init", str(target), "--school", "Brookfield School")
    assert result.exit_code == 0, result.output
    for name in ("pcplan.yaml", "records", "templates", ".gitignore", "pcplan-record.schema.json"):
        assert (target / name).exists(), name
    assert "out/" in (target / ".gitignore").read_text()
    assert ".pcplan-cache/" in (target / ".gitignore").read_text().splitlines()
    assert 'school: "Brookfield School"' in (target / "pcplan.yaml").read_text()
    if shutil.which("git"):
        assert (target / ".git").is_dir()

    added = run_cli(
        "new-pupil",
        "Siobhán Ní Bhriain",
        "--need",
        "SLCN",
        "--dob",
        "2015-03-02",
        "--repo",
        str(target),
        "--today",
        TODAY,
    )
    assert added.exit_code == 0, added.output
    record = target / "records" / "siobhan-ni-bhriain.yaml"
    text = record.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../pcplan-record.schema.json\n")
    assert '"Siobhán Ní Bhriain"' in text
    assert "What are your hopes and dreams?" in text
    assert "What is important to me" in text
    checked = run_cli("validate", "--repo", str(target), "--today", TODAY)
    assert checked.exit_code == 0, checked.output


def test_init_refuses_to_overwrite(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "pcplan.yaml").write_text("school: Ours\n")
    result = run_cli("init", str(tmp_path))
    assert result.exit_code == 2
    assert "never overwrites" in result.stderr
    assert (tmp_path / "pcplan.yaml").read_text() == "school: Ours\n"
    assert not (tmp_path / "records").exists()


def test_init_inside_a_git_repository_does_not_nest_one(run_cli: RunCli, tmp_path: Path) -> None:
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = run_cli("init", str(tmp_path / "send"))
    assert result.exit_code == 0
    assert not (tmp_path / "send" / ".git").exists()
    assert "already inside a git repository" in result.stdout


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Siobhán Ní Bhriain", "siobhan-ni-bhriain"),
        ("  Zoë  O'Neill-Smith ", "zoe-o-neill-smith"),
        ("Łukasz Kowalczyk", "lukasz-kowalczyk"),
        ("Anna Maria 2", "anna-maria-2"),
        ("Łucja Żak", "lucja-zak"),
        ("Søren Ødegård", "soren-odegard"),
        ("Jürgen Groß", "jurgen-gross"),
        ("Đorđe Nguyễn", "dorde-nguyen"),
        ("Æsa Þórsdóttir", "aesa-thorsdottir"),
        ("Yıldız Kaya", "yildiz-kaya"),
        ("Дмитрий Иванов", "dmitriy-ivanov"),
        ("Γιώργος Παπαδόπουλος", "giorgos-papadopoylos"),
        ("محمد علي", "mhmd-ly"),
        ("王小明", "wang-xiao-ming"),
        ("李 娜", "li-na"),
    ],
)
def test_ids_from_every_alphabet(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_derived_id_that_is_taken_gets_a_number(run_cli: RunCli, make_repo: object) -> None:
    root = make_repo({"pcplan.yaml": "school: Ours\n"})  # type: ignore[operator]
    assert run_cli("new-pupil", "Sam Lee", "--status", "N", "--repo", str(root)).exit_code == 0
    second = run_cli("new-pupil", "Sam  Lee", "--status", "N", "--repo", str(root))
    third = run_cli("new-pupil", "Sam Lee", "--status", "N", "--repo", str(root))
    assert second.exit_code == 0 and third.exit_code == 0
    assert "already taken" in second.stdout and "sam-lee-2" in second.stdout
    assert "records/sam-lee-3.yaml" in third.stdout
    text = (root / "records" / "sam-lee-2.yaml").read_text(encoding="utf-8")
    assert "id: sam-lee-2\n" in text


def test_new_pupil_refuses_to_overwrite(run_cli: RunCli, make_repo: object) -> None:
    root = make_repo({"pcplan.yaml": "school: Ours\n"})  # type: ignore[operator]
    first = run_cli("new-pupil", "Sam Lee", "--status", "N", "--repo", str(root))
    assert first.exit_code == 0
    before = (root / "records" / "sam-lee.yaml").read_bytes()
    again = run_cli("new-pupil", "Sam Lee", "--id", "sam-lee", "--status", "N", "--repo", str(root))
    assert again.exit_code == 2
    assert "never overwrites" in again.stderr
    assert (root / "records" / "sam-lee.yaml").read_bytes() == before


@pytest.mark.parametrize("bad_id", ["../escape", "Sam", "sam lee", "sam/lee", "-sam", ""])
def test_new_pupil_refuses_ids_that_are_not_slugs(
    run_cli: RunCli, make_repo: object, bad_id: str
) -> None:
    root = make_repo({"pcplan.yaml": ""})  # type: ignore[operator]
    result = run_cli("new-pupil", "Sam Lee", "--id", bad_id, "--status", "N", "--repo", str(root))
    assert result.exit_code == 2
    assert "cannot be a pupil id" in result.stderr
    assert list((root / "records").iterdir()) == []
    assert not (root.parent / "escape.yaml").exists()


def test_new_pupil_on_sen_support_needs_a_primary_need(run_cli: RunCli, make_repo: object) -> None:
    root = make_repo({"pcplan.yaml": ""})  # type: ignore[operator]
    result = run_cli("new-pupil", "Sam Lee", "--repo", str(root))
    assert result.exit_code == 2
    assert "--need" in result.stderr


def test_new_pupil_checks_its_options(run_cli: RunCli, make_repo: object) -> None:
    root = make_repo({"pcplan.yaml": ""})  # type: ignore[operator]
    bad_dob = run_cli(
        "new-pupil", "Sam", "--status", "N", "--dob", "2015-02-30", "--repo", str(root)
    )
    assert bad_dob.exit_code == 2 and "YYYY-MM-DD" in bad_dob.stderr
    bad_year = run_cli(
        "new-pupil", "Sam", "--status", "N", "--year", "Year 15", "--repo", str(root)
    )
    assert bad_year.exit_code == 2 and "--year" in bad_year.stderr
    bad_need = run_cli("new-pupil", "Sam", "--need", "DYSLEXIA", "--repo", str(root))
    assert bad_need.exit_code == 2
    assert list((root / "records").iterdir()) == []


def test_new_pupil_takes_codes_in_either_case_and_writes_capitals(
    run_cli: RunCli, make_repo: object
) -> None:
    root = make_repo({"pcplan.yaml": ""})  # type: ignore[operator]
    result = run_cli("new-pupil", "Sam Lee", "--status", "e", "--need", "semh", "--repo", str(root))
    assert result.exit_code == 0, result.output
    text = (root / "records" / "sam-lee.yaml").read_text()
    assert "  sen_status: E " in text and "    primary: SEMH\n" in text
    bad = run_cli("new-pupil", "Sam", "--status", "X", "--repo", str(root))
    assert bad.exit_code == 2
    assert "--status must be one of E, K, N (got 'X')" in bad.stderr


def test_new_pupil_reads_the_year_group_as_schools_write_it(
    run_cli: RunCli, make_repo: object
) -> None:
    root = make_repo({"pcplan.yaml": ""})  # type: ignore[operator]
    for name, year, written in (("Sam Lee", "Year 7", "7"), ("Jo Ho", "reception", "R")):
        result = run_cli("new-pupil", name, "--status", "N", "--year", year, "--repo", str(root))
        assert result.exit_code == 0, result.output
        path = root / "records" / f"{slugify(name)}.yaml"
        assert f"  year_group: {written}\n" in path.read_text()


def test_new_pupil_with_every_option_validates(run_cli: RunCli, make_repo: object) -> None:
    root = make_repo({"pcplan.yaml": ""})  # type: ignore[operator]
    result = run_cli(
        "new-pupil",
        'Jo "JJ" Bloggs: the second',
        "--id",
        "jo-b",
        "--status",
        "E",
        "--need",
        "ASD",
        "--year",
        "r",
        "--dob",
        "2021-10-14",
        "--repo",
        str(root),
        "--today",
        TODAY,
    )
    assert result.exit_code == 0, result.output
    text = (root / "records" / "jo-b.yaml").read_text()
    assert "year_group: R" in text and "primary: ASD" in text
    assert run_cli("validate", "--repo", str(root), "--today", TODAY).exit_code == 0


def test_the_override_example_init_writes_works(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "school"
    assert run_cli("init", str(target)).exit_code == 0
    guide = (target / "templates" / "README.md").read_text(encoding="utf-8")
    example = "\n".join(line.strip() for line in guide.splitlines() if line.startswith("    {%"))
    (target / "templates" / "profile.html.j2").write_text(example + "\n", encoding="utf-8")
    assert run_cli("new-pupil", "Amir Khan", "--need", "SEMH", "--repo", str(target)).exit_code == 0
    shown = run_cli("render", "profile", "amir-khan", "-o", "-", "--repo", str(target))
    assert shown.exit_code == 0, shown.output
    assert "Questions? Ask our SENCO." in shown.stdout
