"""A full disk while writing documents: the message names the file, and no folder is left."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from conftest import MINIMAL_RECORD, TODAY, MakeRepo, RunCli
from pcplan import fileio

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write goes to /dev/full, which answers 'No space left on device'."""

    def temp_beside(path: Path) -> tuple[int, str]:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY), name

    monkeypatch.setattr(fileio, "_temp_beside", temp_beside)


@pytest.fixture
def school(make_repo: MakeRepo) -> Path:
    return make_repo(
        {
            "records/sam-lee.yaml": MINIMAL_RECORD.format(id="sam-lee"),
            "records/ava-khan.yaml": MINIMAL_RECORD.format(id="ava-khan"),
        }
    )


@pytest.mark.usefixtures("full_disk")
def test_render_one_names_the_file_and_leaves_no_folder(school: Path, run_cli: RunCli) -> None:
    result = run_cli("render", "profile", "sam-lee", "--repo", str(school), "--today", TODAY)
    assert result.exit_code == 2
    assert "out/sam-lee/profile.html (No space left on device)" in result.stderr
    assert not (school / "out").exists()


@pytest.mark.usefixtures("full_disk")
def test_render_all_names_the_file_and_leaves_no_folder(school: Path, run_cli: RunCli) -> None:
    (school / "out").mkdir()
    result = run_cli("render", "all", "--repo", str(school), "--today", TODAY)
    assert result.exit_code == 2
    assert "cannot write " in result.stderr and "No space left on device" in result.stderr
    assert "out/ava-khan/profile.html" in result.stderr
    assert list((school / "out").iterdir()) == []
