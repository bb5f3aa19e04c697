"""Files a records repository can carry to hurt pcplan: devices, FIFOs, links out of it.

Each is refused quickly, names the file, exits 1 or 2 and changes nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, MakeRepo, RunCli

RECORD = """\
schema_version: 1
pupil:
  id: {id}
  name: Sam Lee
  sen_status: K
  needs: {{primary: SLCN}}
"""

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX files")


@pytest.fixture
def school(make_repo: MakeRepo) -> Path:
    return make_repo({"records/sam-lee.yaml": RECORD.format(id="sam-lee")})


def pcplan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """pcplan in its own process, so that a hang is a failure and not a stuck test run."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "pcplan", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_record_linked_to_a_device_is_refused_at_once(
    school: Path, run_cli: RunCli, device: str
) -> None:
    os.symlink(device, school / "records/zero.yaml")
    started = time.perf_counter()
    result = run_cli("validate", "--repo", str(school), cwd=school)
    assert time.perf_counter() - started < 2
    assert result.exit_code == 1
    assert "records/zero.yaml:1:1: (file): this is not a regular file" in result.stdout
    assert "Checked 2 records: 1 file with problems, 1 error." in result.stdout


def test_a_fifo_record_does_not_hang_any_command(school: Path) -> None:
    os.mkfifo(school / "records/pipe.yaml")
    checked = pcplan("validate", "--repo", str(school), cwd=school)
    assert checked.returncode == 1
    assert "records/pipe.yaml:1:1: (file): this is not a regular file" in checked.stdout
    rendered = pcplan("render", "profile", "pipe", "--repo", str(school), "-o", "-", cwd=school)
    assert rendered.returncode == 1
    assert "records/pipe.yaml:1:1: (file): this is not a regular file" in rendered.stderr
    logged = pcplan(
        "log", "pipe", "read-aloud", "x", "--repo", str(school), "--today", TODAY, cwd=school
    )
    assert logged.returncode == 2
    assert "records/pipe.yaml: this is not a regular file" in logged.stderr
    assert "Traceback" not in checked.stderr + rendered.stderr + logged.stderr


def test_settings_linked_to_a_device_are_refused(school: Path, run_cli: RunCli) -> None:
    os.symlink("/dev/zero", school / "pcplan.yaml")
    result = run_cli("validate", "--repo", str(school), cwd=school)
    assert result.exit_code == 1
    assert "pcplan.yaml:1:1: (file): this is not a regular file" in result.stdout


def test_a_record_linked_to_a_file_outside_the_repository_is_refused(
    school: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(RECORD.format(id="pat-kay"))
    os.symlink(outside, school / "records/pat-kay.yaml")
    result = run_cli("validate", "--repo", str(school), cwd=school)
    assert result.exit_code == 1
    assert (
        "records/pat-kay.yaml:1:1: (file): this is a link to a file outside the records "
        "repository" in result.stdout
    )
    shown = run_cli("render", "profile", "pat-kay", "--repo", str(school), "-o", "-")
    assert shown.exit_code == 1 and shown.stdout == ""
    os.symlink("/etc/passwd", school / "records/passwd.yaml")
    result = run_cli("validate", "passwd", "--repo", str(school), cwd=school)
    assert result.exit_code == 1
    assert "root:" not in result.output


def test_an_edit_never_replaces_a_symbolic_link(school: Path, run_cli: RunCli) -> None:
    kept = school / "records/archive/sam-lee.yaml"
    kept.parent.mkdir()
    (school / "records/sam-lee.yaml").rename(kept)
    os.symlink("archive/sam-lee.yaml", school / "records/sam-lee.yaml")
    before = kept.read_bytes()
    assert run_cli("validate", "--repo", str(school), cwd=school).exit_code == 0
    result = run_cli("log", "sam-lee", "read-aloud", "x", "--repo", str(school), "--today", TODAY)
    assert result.exit_code == 2
    assert "records/sam-lee.yaml is a symbolic link; pcplan will not replace a link" in (
        result.stderr
    )
    assert (school / "records/sam-lee.yaml").is_symlink()
    assert kept.read_bytes() == before


def test_the_size_limit_is_worded_to_the_byte(school: Path, run_cli: RunCli) -> None:
    (school / "records/big.yaml").write_bytes(b"#" * (1024 * 1024 + 1))
    result = run_cli("validate", "--repo", str(school), cwd=school)
    assert result.exit_code == 1
    assert (
        "records/big.yaml:1:1: (file): the file is 1,048,577 bytes; a record may be at most "
        "1 MiB (1,048,576 bytes)" in result.stdout
    )
    (school / "records/big.yaml").write_bytes(b"#" * (1024 * 1024))
    result = run_cli("validate", "--repo", str(school), cwd=school)
    assert "big.yaml" not in result.stdout or "at most 1 MiB" not in result.stdout


def test_a_photo_that_is_a_fifo_is_refused_by_validate(
    make_repo: MakeRepo, run_cli: RunCli
) -> None:
    root = make_repo(
        {"records/sam-lee.yaml": RECORD.format(id="sam-lee") + "profile: {photo: sam.png}\n"}
    )
    os.mkfifo(root / "records/sam.png")
    result = run_cli("validate", "--repo", str(root), cwd=root)
    assert result.exit_code == 1
    assert "profile.photo: the photo is not a regular file" in result.stdout
