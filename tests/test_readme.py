"""Every command the README shows runs, in order, on a copy of the example records."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY

README = (PROJECT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def console_commands() -> list[str]:
    commands: list[str] = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        commands += [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    return commands


def test_quick_start_is_two_make_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, flags=re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert commands == ["make demo", "make test"]
    ci = (PROJECT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_every_console_example_runs(tmp_path: Path) -> None:
    repo = tmp_path / "school"
    repo.mkdir()
    shutil.copy(PROJECT / "pcplan.yaml", repo)
    shutil.copytree(PROJECT / "records", repo / "records")
    shutil.copytree(PROJECT / "examples", repo / "examples")
    env = {**os.environ, "PCPLAN_TODAY": TODAY, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PCPLAN_REPO", None)
    commands = console_commands()
    assert len(commands) >= 5
    for command in commands:
        argv = shlex.split(command, comments=True)
        assert argv[0] == "pcplan"
        result = subprocess.run(
            argv, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=120
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_runs_on_a_copy(tmp_path: Path) -> None:
    repo = tmp_path / "school"
    repo.mkdir()
    shutil.copy(PROJECT / "pcplan.yaml", repo)
    shutil.copytree(PROJECT / "records", repo / "records")
    result = subprocess.run(
        [
            "make",
            "-s",
            "-C",
            str(PROJECT),
            "demo",
            f"VENV={sys.prefix}",
            "STAMP=",
            f"REPO={repo}",
            f"TODAY={TODAY}",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout
