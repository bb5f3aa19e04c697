"""Word files in a real word processor: LibreOffice prints every example pupil's one-page
profile on exactly one A4 page.

LibreOffice (``soffice``, Debian's libreoffice-writer-nogui) and pdfinfo are installed by
``make browser-tools``. Without them the test is skipped, except in CI, where a missing tool
is a failure. All the profiles are converted in one run of LibreOffice, which is what takes
the time.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from renderkit import GOLDEN_PUPIL, GOLDEN_REPO, PROJECT, need_tool, pdf_pages

from conftest import TODAY, RunCli

pytestmark = pytest.mark.browser

EXAMPLE_PUPILS = sorted(p.stem for p in (PROJECT / "records").glob("*.yaml"))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(files: list[Path], out: Path, profile: Path) -> None:
    """Word files to PDFs with LibreOffice, in one run, with a user profile of its own."""
    program = soffice()
    need_tool(program is not None, "LibreOffice (libreoffice-writer-nogui)")
    assert program is not None
    done = subprocess.run(
        [program, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def profile_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from typer.testing import CliRunner

    from pcplan.cli.app import app

    root = tmp_path_factory.mktemp("word")
    files: list[Path] = []
    for repo, pupil in [*((PROJECT, p) for p in EXAMPLE_PUPILS), (GOLDEN_REPO, GOLDEN_PUPIL)]:
        target = root / f"{pupil}.docx"
        result = CliRunner().invoke(
            app,
            ["render", "profile", pupil, "--format", "docx", "--repo", str(repo),
             "--today", TODAY, "-o", str(target)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        files.append(target)
    convert_to_pdf(files, root / "pdf", root / "lo-profile")
    return {f.stem: root / "pdf" / f"{f.stem}.pdf" for f in files}


@pytest.mark.parametrize("pupil", [*EXAMPLE_PUPILS, GOLDEN_PUPIL])
def test_libreoffice_prints_the_profile_on_one_a4_page(
    profile_pdfs: dict[str, Path], pupil: str
) -> None:
    pages, size = pdf_pages(profile_pdfs[pupil])
    assert pages == 1, f"{pupil}'s profile takes {pages} pages in LibreOffice"
    assert "(A4)" in size, size


def test_a_profile_too_long_for_one_page_is_said_to_be(
    run_cli: RunCli, tmp_path: Path, make_repo: object
) -> None:
    del make_repo
    repo = tmp_path / "school"
    (repo / "records").mkdir(parents=True)
    (repo / "pcplan.yaml").write_text("school: Hill School\n", encoding="utf-8")
    many = "\n".join(
        f'    - "Statement {n}: she likes to talk about her day, her friends and what she '
        f'has made, and she tells everyone about it at length when asked."'
        for n in range(40)
    )
    (repo / "records" / "long-one.yaml").write_text(
        "schema_version: 1\npupil: {id: long-one, name: Long One, sen_status: K, "
        "needs: {primary: SLCN}}\nprofile:\n  like_and_admire:\n" + many + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "long.docx"
    result = run_cli(
        "render", "profile", "long-one", "--format", "docx", "--repo", str(repo),
        "--today", TODAY, "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "longer than one A4 page" in result.stderr
    # Nothing is dropped: every statement is in the file, which LibreOffice prints on two.
    from wordkit import docx_text

    text = docx_text(target.read_bytes())
    assert all(f"Statement {n}:" in text for n in range(40))
    convert_to_pdf([target], tmp_path / "pdf", tmp_path / "lo-profile")
    assert pdf_pages(tmp_path / "pdf" / "long.pdf")[0] > 1
