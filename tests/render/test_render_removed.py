"""After `render all`, the documents of a pupil who no longer has a record are removed:
only files pcplan wrote, never through a link, and an invalid record keeps its pupil's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from renderkit import need_tool

from conftest import MINIMAL_RECORD, TODAY, MakeRepo, Result, RunCli
from pcplan.cache.store import CACHE_DIR

PUPILS = ("amir-khan", "old-pupil", "zoe-smith")
GONE = "Removed the documents of 1 pupil with no record: out/old-pupil/\n"


@pytest.fixture
def school(make_repo: MakeRepo) -> Path:
    return make_repo({f"records/{p}.yaml": MINIMAL_RECORD.format(id=p) for p in PUPILS})


def render(run_cli: RunCli, root: Path, *args: str) -> Result:
    return run_cli("render", "all", "--today", TODAY, *args, cwd=root)


def remove_record(root: Path, pupil: str = "old-pupil") -> None:
    (root / "records" / f"{pupil}.yaml").unlink()


def files(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".pcplan-written.json"
    )


def _pdf_ready() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "pdf"])
def test_the_documents_of_a_removed_pupil_go_and_it_says_so(
    school: Path, run_cli: RunCli, fmt: str
) -> None:
    if fmt == "pdf":
        need_tool(_pdf_ready(), "WeasyPrint (pip install 'pcplan[pdf]')")
    index = "md" if fmt == "md" else "html"
    assert render(run_cli, school, "--format", fmt).exit_code == 0
    remove_record(school)

    result = render(run_cli, school, "--format", fmt)

    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"Index: out/index.{index}\n{GONE}")
    assert not (school / "out" / "old-pupil").exists()
    assert files(school / "out") == [
        f"amir-khan/plan.{fmt}", f"amir-khan/profile.{fmt}", f"index.{index}",
        f"zoe-smith/plan.{fmt}", f"zoe-smith/profile.{fmt}",
    ]  # fmt: skip
    again = render(run_cli, school, "--format", fmt)
    assert "Removed" not in again.stdout


def test_every_format_of_a_removed_pupil_goes_at_once(school: Path, run_cli: RunCli) -> None:
    for fmt in ("md", "docx", "html"):
        assert render(run_cli, school, "--format", fmt).exit_code == 0
    remove_record(school)
    result = render(run_cli, school, "--format", "html")
    assert result.stdout.endswith(GONE)
    assert not (school / "out" / "old-pupil").exists()


def test_a_teachers_own_file_stays_and_so_does_the_folder(school: Path, run_cli: RunCli) -> None:
    render(run_cli, school)
    notes = school / "out" / "old-pupil" / "notes.docx"
    notes.write_bytes(b"the teacher's own notes")
    remove_record(school)

    result = render(run_cli, school)

    assert result.stdout.endswith(
        GONE + "Kept out/old-pupil/, though its pupil has no record: pcplan did not write "
        "notes.docx, so pcplan left it; delete the folder yourself when it is not needed.\n"
    )
    assert sorted(os.listdir(school / "out" / "old-pupil")) == ["notes.docx"]
    assert notes.read_bytes() == b"the teacher's own notes"


def test_a_document_changed_after_pcplan_wrote_it_stays(school: Path, run_cli: RunCli) -> None:
    render(run_cli, school)
    profile = school / "out" / "old-pupil" / "profile.html"
    profile.write_text(profile.read_text() + "<!-- printed for the meeting -->\n")
    remove_record(school)

    result = render(run_cli, school)

    assert result.stdout.endswith(
        GONE + "Kept out/old-pupil/, though its pupil has no record: profile.html changed "
        "after pcplan wrote it, so pcplan left it; delete the folder yourself when it is not "
        "needed.\n"
    )
    assert sorted(os.listdir(school / "out" / "old-pupil")) == ["profile.html"]


def test_links_out_of_the_folder_are_never_followed(
    school: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    render(run_cli, school)
    out = school / "out"
    elsewhere = tmp_path / "elsewhere"
    # The pupil's folder is now a link to a copy of it outside out/, byte for byte the same.
    shutil.copytree(out / "old-pupil", elsewhere / "old-pupil")
    shutil.rmtree(out / "old-pupil")
    (out / "old-pupil").symlink_to(elsewhere / "old-pupil")
    # And one of Zoe's documents is a link to a copy outside.
    shutil.copy(out / "zoe-smith" / "plan.html", elsewhere / "zoe-plan.html")
    (out / "zoe-smith" / "plan.html").unlink()
    (out / "zoe-smith" / "plan.html").symlink_to(elsewhere / "zoe-plan.html")
    remove_record(school)
    remove_record(school, "zoe-smith")

    result = render(run_cli, school)

    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(elsewhere / "old-pupil")) == ["plan.html", "profile.html"]
    assert (elsewhere / "zoe-plan.html").is_file()
    assert (out / "zoe-smith" / "plan.html").is_symlink()
    assert not (out / "zoe-smith" / "profile.html").exists()
    assert result.stdout.endswith(
        "Removed the documents of 1 pupil with no record: out/zoe-smith/\n"
        "Kept out/zoe-smith/, though its pupil has no record: pcplan did not write plan.html, "
        "so pcplan left it; delete the folder yourself when it is not needed.\n"
        "Kept out/old-pupil, though its pupil has no record: it is a link to another folder, "
        "which pcplan never follows; delete it yourself when it is not needed.\n"
    )


def test_a_record_that_does_not_load_keeps_its_documents(school: Path, run_cli: RunCli) -> None:
    render(run_cli, school)
    before = files(school / "out")
    (school / "records" / "old-pupil.yaml").write_text("pupil: [\n")

    result = render(run_cli, school)

    assert result.exit_code == 1
    assert "Removed" not in result.stdout and "Kept" not in result.stdout
    assert files(school / "out") == before


def test_an_output_folder_of_its_own_with_each_audience(school: Path, run_cli: RunCli) -> None:
    args = ("-o", "shared", "--audiences", "staff,family", "--format", "md")
    assert render(run_cli, school, *args).exit_code == 0
    remove_record(school)

    result = render(run_cli, school, *args)

    assert result.stdout.endswith(
        "Removed the documents of 1 pupil with no record: shared/family/old-pupil/, "
        "shared/staff/old-pupil/\n"
    )
    assert not (school / "shared" / "family" / "old-pupil").exists()
    assert not (school / "shared" / "staff" / "old-pupil").exists()
    assert (school / "shared" / "family" / "zoe-smith" / "plan.md").is_file()


def test_the_list_outlives_a_deleted_cache(school: Path, run_cli: RunCli) -> None:
    render(run_cli, school)
    shutil.rmtree(school / CACHE_DIR)
    remove_record(school)
    assert render(run_cli, school).stdout.endswith(GONE)


def test_documents_made_one_at_a_time_are_known_too(school: Path, run_cli: RunCli) -> None:
    made = run_cli("render", "plan", "old-pupil", "amir", "--today", TODAY, cwd=school)
    assert made.exit_code == 0, made.output
    run_cli("render", "profile", "old-pupil", "--format", "md", "--today", TODAY, cwd=school)
    remove_record(school)

    result = render(run_cli, school)

    assert result.stdout.endswith(GONE)
    assert not (school / "out" / "old-pupil").exists()


def test_without_the_list_nothing_is_taken_for_pcplans(school: Path, run_cli: RunCli) -> None:
    render(run_cli, school)
    (school / "out" / ".pcplan-written.json").unlink()
    shutil.rmtree(school / CACHE_DIR)
    remove_record(school)

    result = render(run_cli, school)

    assert "Removed" not in result.stdout
    assert sorted(os.listdir(school / "out" / "old-pupil")) == ["plan.html", "profile.html"]


def test_the_list_holds_no_pupil_text(school: Path, run_cli: RunCli) -> None:
    render(run_cli, school)
    assert b"Sam Lee" not in (school / "out" / ".pcplan-written.json").read_bytes()


def test_a_folder_two_repositories_share_loses_neither_ones_documents(
    school: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    other = tmp_path / "other-school"
    (other / "records").mkdir(parents=True)
    (other / "records" / "bea-ng.yaml").write_text(MINIMAL_RECORD.format(id="bea-ng"))
    shared = tmp_path / "shared"
    for root in (school, other):
        assert render(run_cli, root, "-o", str(shared)).exit_code == 0
    remove_record(school)

    result = render(run_cli, school, "-o", str(shared))

    assert result.stdout.endswith(
        f"Removed the documents of 1 pupil with no record: {shared / 'old-pupil'}/\n"
    )
    assert sorted(os.listdir(shared / "bea-ng")) == ["plan.html", "profile.html"]
