"""In the school's git: the plain pre-commit hook that `pcplan init --git-hook` writes, and
the pcplan-validate and pcplan-check hooks run by the real pre-commit framework."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, RunCli

BIN = Path(sys.executable).parent
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "PCPLAN_TODAY": TODAY,
}


def need(available: bool, what: str) -> None:
    if not available:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is needed for this test and is not installed")
        pytest.skip(f"{what} is not installed")


def git(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV, **(env or {})},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def break_celine(school: Path) -> None:
    record = school / "records" / "celine-m.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("  sen_status: E ", "  sen_status: X ", 1), encoding="utf-8")


def test_init_git_hook_refuses_a_commit_with_an_invalid_record(
    run_cli: RunCli, tmp_path: Path
) -> None:
    need(shutil.which("git") is not None, "git")
    school = tmp_path / "school"
    result = run_cli("init", str(school), "--git-hook")
    assert result.exit_code == 0, result.output
    hook = school / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK)
    shutil.copy(PROJECT / "records" / "celine-m.yaml", school / "records")
    git(school, "add", "-A")
    ok = git(school, "commit", "-m", "Celine's plan")
    assert ok.returncode == 0, ok.stderr
    break_celine(school)
    git(school, "add", "-A")
    refused = git(school, "commit", "-m", "broken")
    assert refused.returncode == 1
    assert "records/celine-m.yaml:13:15: pupil.sen_status: 'X' is not allowed" in refused.stderr
    # A record changed again after staging is not judged by its working copy.
    (school / "records" / "celine-m.yaml").write_text(
        (PROJECT / "records" / "celine-m.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    unstaged = git(school, "commit", "-m", "broken")
    assert unstaged.returncode == 1 and "not staged" in unstaged.stderr
    # Another commit that touches no record is not held up, and the hook can be written again.
    (school / "templates" / "notes.md").write_text("Our templates.\n", encoding="utf-8")
    git(school, "add", "-A")
    assert git(school, "commit", "-m", "notes").returncode == 0
    again = run_cli("init", str(school), "--git-hook")
    assert again.exit_code == 0 and "Updated" in again.stdout


def test_init_git_hook_never_replaces_a_hook_it_did_not_write(
    run_cli: RunCli, tmp_path: Path
) -> None:
    need(shutil.which("git") is not None, "git")
    school = tmp_path / "school"
    assert run_cli("init", str(school)).exit_code == 0
    hook = school / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho the school's own hook\n", encoding="utf-8")
    result = run_cli("init", str(school), "--git-hook")
    assert result.exit_code == 2
    assert "pcplan did not write it" in result.stderr
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\necho the school's own hook\n"


def test_init_git_hook_outside_git_is_a_plain_error(run_cli: RunCli, tmp_path: Path) -> None:
    need(shutil.which("git") is not None, "git")
    school = tmp_path / "school"
    (school / "records").mkdir(parents=True)
    result = run_cli("init", str(school), "--git-hook")
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr and "Traceback" not in result.output


def test_the_pre_commit_framework_runs_pcplan_validate_and_check(tmp_path: Path) -> None:
    need(shutil.which("git") is not None, "git")
    pre_commit = BIN / "pre-commit"
    need(pre_commit.exists(), "pre-commit (PyPI)")
    head = git(PROJECT, "rev-parse", "HEAD")
    listed = git(PROJECT, "ls-files", "--error-unmatch", ".pre-commit-hooks.yaml")
    need(head.returncode == 0 and listed.returncode == 0, "a git checkout of pcplan")
    school = tmp_path / "school"
    school.mkdir()
    shutil.copy(PROJECT / "pcplan.yaml", school)
    shutil.copytree(PROJECT / "records", school / "records")
    git(school, "init", "-q")
    git(school, "add", "-A")
    assert git(school, "commit", "-q", "-m", "records").returncode == 0
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(pre_commit), "try-repo", str(PROJECT), "--ref", head.stdout.strip()],
            cwd=school, env={**os.environ, **GIT_ENV, **env},
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip

    break_celine(school)
    git(school, "add", "records/celine-m.yaml")
    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    for hook in ("pcplan validate", "pcplan check"):
        assert f"{hook}." in failed.stdout and "Failed" in failed.stdout
    assert "records/celine-m.yaml:13:15: error: pupil.sen_status:" in failed.stdout
    assert "[not-allowed]" in failed.stdout
    # Put right and staged: both hooks pass (Celine's plan has warnings, not errors).
    shutil.copy(PROJECT / "records" / "celine-m.yaml", school / "records")
    (school / "records" / "celine-m.yaml").write_text(
        (PROJECT / "records" / "celine-m.yaml").read_text(encoding="utf-8") + "# checked\n",
        encoding="utf-8",
    )
    git(school, "add", "records/celine-m.yaml")
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.count("Passed") == 2
