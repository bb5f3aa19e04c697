"""Shared fixtures: records repositories built from a dict of files, a CLI runner, goldens."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

# The `school` fixture: a pupil's record in a real git repository (tests/gitrepo.py).
pytest_plugins = ["gitrepo"]

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLES = PROJECT  # the project root is itself a records repository (pcplan.yaml, records/)
TODAY = "2026-11-22"

# HYPOTHESIS_PROFILE=long runs the fuzz tests with many more examples (minutes, not seconds).
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/golden from the current output.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


RunCli = Callable[..., Result]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Run ``pcplan ARGS`` in-process, with stdout and stderr apart and a fixed width."""
    from pcplan.cli.app import app

    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("PCPLAN_REPO", raising=False)
    monkeypatch.delenv("PCPLAN_TODAY", raising=False)
    monkeypatch.delenv("PCPLAN_DEBUG", raising=False)

    def run(*args: str, cwd: Path | None = None, input: str | None = None) -> Result:
        runner = CliRunner()
        old = Path.cwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        finally:
            os.chdir(old)
        stderr = result.stderr if result.stderr_bytes is not None else ""
        return Result(result.exit_code, result.stdout, stderr)

    return run


MakeRepo = Callable[[dict[str, str]], Path]


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """Build a records repository from ``{relative path: content}`` (content is dedented)."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "school"
        root.mkdir(exist_ok=True)
        (root / "records").mkdir(exist_ok=True)
        for name, content in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return make


MINIMAL_RECORD = """\
schema_version: 1
pupil:
  id: {id}
  name: Sam Lee
  sen_status: K
  needs: {{primary: SLCN}}
"""


@pytest.fixture
def examples_copy(tmp_path: Path) -> Iterator[Path]:
    """A private copy of the example records repository, safe to change."""
    import shutil

    root = tmp_path / "examples"
    root.mkdir()
    shutil.copy(PROJECT / "pcplan.yaml", root / "pcplan.yaml")
    shutil.copytree(PROJECT / "records", root / "records")
    if (PROJECT / "pcplan-record.schema.json").exists():
        shutil.copy(PROJECT / "pcplan-record.schema.json", root / "pcplan-record.schema.json")
    yield root


def shell_pcplan(cwd: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """``pcplan ARGS`` as a teacher's shell runs it (through a quick path when it has one):
    its exit code, stdout and stderr. PCPLAN_REPO and PCPLAN_TODAY are unset unless ``env``
    gives them."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("PCPLAN_REPO", "PCPLAN_TODAY")}
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "pcplan", *args], cwd=cwd, env=full_env, capture_output=True
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def imported_by(cwd: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """``pcplan ARGS`` run as a teacher runs it, and every module it imported (as Python's
    ``-X importtime`` lists them: the command ends without returning to a caller)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PCPLAN_")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pcplan", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    modules = {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    return done, modules
