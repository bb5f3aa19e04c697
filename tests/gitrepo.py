"""A pupil's record in a real git repository, built commit by commit with fixed authors and
dates so that every run sees the same history (the ``school`` fixture and its helpers)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

RECORD = """\
schema_version: 1
pupil:
  id: sam-lee
  name: Sam Lee
  year_group: 8
  sen_status: K
  needs: {primary: SLCN}
profile:
  important_to_me:
    - My dog, Biscuit.
    - Drawing comics at break.
goals:
  - id: read-aloud
    area: English
    text: Read a short story aloud to a friend.
    progress:
      - date: 2026-09-10
        note: Read one page to Ms Hall.
  - id: ask-for-help
    area: Maths
    text: Ask for help when stuck.
cadence:
  next_review: 2026-12-01
reviews:
  - date: 2026-07-10
    kind: termly
    actions:
      - what: Print a help card
        who: Ms Hall
        by: 2026-09-30
      - what: Share the reading list with home
        who: Mr Reyes
        by: 2026-10-15
"""


def git(root: Path, *args: str, author: str = "Ms Hall", when: str = "2026-09-01") -> str:
    """Run git with a fixed author, committer and date (noon, UTC)."""
    email = author.lower().replace(" ", ".") + "@school.invalid"
    stamp = f"{when}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def commit_edit(
    root: Path, edit: Callable[[str], str], message: str, author: str, when: str
) -> None:
    """Change Sam's record as a person would in an editor, and commit it."""
    path = root / "records" / "sam-lee.yaml"
    text = path.read_text(encoding="utf-8")
    new = edit(text)
    assert new != text
    path.write_text(new, encoding="utf-8")
    git(root, "commit", "-q", "-am", message, author=author, when=when)


@pytest.fixture
def school(tmp_path: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A records repository made by pcplan init, with Sam's record committed once."""
    if shutil.which("git") is None:
        message = "git is not installed (apt-get install git)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(message)
        pytest.skip(message)
    monkeypatch.setenv("HOME", str(tmp_path))  # no personal git config
    # Commits pcplan makes itself (--commit, pulls) get a fixed person and time too.
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Ms Hall")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "ms.hall@school.invalid")
        monkeypatch.setenv(f"GIT_{role}_DATE", "2026-11-22T12:00:00+00:00")
    root = tmp_path / "school"
    result = run_cli("init", str(root), "--school", "Brookfield")
    assert result.exit_code == 0, result.output
    (root / "records" / "sam-lee.yaml").write_text(RECORD, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Sam's plan", when="2026-09-01", author="Ms Hall")
    return root
