"""PDF files: the HTML printed by WeasyPrint (the optional extra), tagged, one A4 page for a
profile; without WeasyPrint, the command says how to get it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from renderkit import GOLDEN_PUPIL, GOLDEN_REPO, need_tool, pdf_pages

from conftest import TODAY, RunCli


def _weasyprint_installed() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def test_a_profile_is_one_tagged_a4_page(run_cli: RunCli, tmp_path: Path) -> None:
    need_tool(_weasyprint_installed(), "WeasyPrint (pip install 'pcplan[pdf]')")
    target = tmp_path / "profile.pdf"
    result = run_cli(
        "render", "profile", GOLDEN_PUPIL, "--format", "pdf", "--repo", str(GOLDEN_REPO),
        "--today", TODAY, "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    pages, size = pdf_pages(target)
    assert pages == 1 and "(A4)" in size
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    first = target.read_bytes()
    again = run_cli(
        "render", "profile", GOLDEN_PUPIL, "--format", "pdf", "--repo", str(GOLDEN_REPO),
        "--today", TODAY, "-o", str(target),
    )  # fmt: skip
    assert again.stdout.startswith("Unchanged:") and target.read_bytes() == first


def test_without_weasyprint_the_command_says_how_to_get_it(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    for args in (
        ["render", "profile", GOLDEN_PUPIL],
        ["render", "all"],
        ["review", "--term", "2027-spring"],
    ):
        result = run_cli(
            *args, "--format", "pdf", "--repo", str(GOLDEN_REPO), "--today", TODAY,
            "-o", str(tmp_path / "out"),
        )  # fmt: skip
        assert result.exit_code == 2, result.output
        assert "pip install 'pcplan[pdf]'" in result.stderr
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_every_example_profile_is_one_page_in_the_pdf(run_cli: RunCli, tmp_path: Path) -> None:
    from renderkit import PROJECT

    need_tool(_weasyprint_installed(), "WeasyPrint (pip install 'pcplan[pdf]')")
    for record in sorted((PROJECT / "records").glob("*.yaml")):
        target = tmp_path / f"{record.stem}.pdf"
        result = run_cli(
            "render", "profile", record.stem, "--format", "pdf", "--repo", str(PROJECT),
            "--today", TODAY, "-o", str(target),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert pdf_pages(target) == (1, "595.276 x 841.89 pts (A4)"), record.stem
