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
    quick = README.split("## Quick start (for developers)", 1)[1].split("##", 1)[0]
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
    # The records are in git, as a school keeps them, so the history examples have a history.
    for role in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{role}_NAME"] = "Mrs Begum"
        env[f"GIT_{role}_EMAIL"] = "begum@school.invalid"
        env[f"GIT_{role}_DATE"] = "2026-11-01T12:00:00+00:00"
    for git in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "The records"]):
        subprocess.run(["git", *git], cwd=repo, env=env, check=True, capture_output=True)
    commands = console_commands()
    assert len(commands) >= 5
    for command in commands:
        argv = shlex.split(command, comments=True)
        assert argv[0] == "pcplan"
        result = subprocess.run(
            argv, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=120
        )
        # An example may say in its comment that it finds problems in the examples.
        expected = 1 if "exit code 1" in command.partition("#")[2] else 0
        assert result.returncode == expected, f"{command}\n{result.stdout}\n{result.stderr}"
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


def test_the_table_of_check_rules_is_the_registry(update_golden: bool) -> None:
    from pcplan.checks.registry import rules_table

    start = (
        "<!-- check rules: generated from the registry; pytest --update-golden rewrites it -->\n"
    )
    end = "<!-- end of check rules -->"
    before, rest = README.split(start, 1)
    table, after = rest.split(end, 1)
    if update_golden:
        (PROJECT / "README.md").write_text(before + start + rules_table() + end + after)
        return
    assert table == rules_table(), "the README's table of rules is stale: pytest --update-golden"


def test_a_teacher_reaches_a_profile_by_following_getting_started(tmp_path: Path) -> None:
    """The getting-started steps, typed into a shell after activating the environment as
    the README says: no "command not found", and a profile at the end."""
    section = README.split("## Getting started for a SENCO", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    assert any(". .venv/bin/activate" in block for block in blocks)
    steps = [
        line.split("  #")[0].strip()
        for line in blocks[-1].splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert steps[0].startswith("pcplan init")
    script = "\n".join(["set -e", f". {shlex.quote(str(BIN / 'activate'))}", *steps])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PCPLAN_")}
    env["PATH"] = "/usr/bin:/bin"  # nothing of pcplan's until the activate step
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "command not found" not in result.stderr
    profile = tmp_path / "our-school" / "out" / "amir-khan" / "profile.html"
    assert profile.is_file()
    assert "Hill Primary School" in profile.read_text(encoding="utf-8")


def test_tab_completion_offers_commands_and_pupils() -> None:
    env = {**os.environ, "_PCPLAN_COMPLETE": "complete_bash"}
    env.pop("PCPLAN_REPO", None)

    def complete(words: str) -> list[str]:
        run_env = {**env, "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
        result = subprocess.run(
            [str(BIN / "pcplan")],
            cwd=PROJECT,
            env=run_env,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        return result.stdout.split()

    assert complete("pcplan vali") == ["validate"]
    assert complete("pcplan render profile cel") == ["celine-m"]
    assert complete("pcplan log jam") == ["jamal-haddad"]
