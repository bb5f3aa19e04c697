"""A plain git pre-commit hook that validates the staged records, for schools that do not
use the pre-commit framework (those use `.pre-commit-hooks.yaml`).

The hook is a short POSIX shell script in ``.git/hooks/pre-commit``. It asks git which
record files are staged, refuses to judge a record whose working copy differs from what
is staged (it would be checking the wrong text), and runs ``pcplan validate`` on the rest.
It runs the pcplan that wrote it when that is still installed, else ``pcplan`` on the PATH.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from pcplan import gitcmd
from pcplan.errors import PcplanError, WouldOverwrite
from pcplan.fileio import atomic_write_text
from pcplan.loading.repo import RECORDS_DIR

MARKER = "# pcplan pre-commit hook"

HOOK_TEXT = """\
#!/bin/sh
{marker}: written by 'pcplan init --git-hook'.
# Refuses a commit while a staged pupil record is not valid ('pcplan validate').
# To commit anyway, once: git commit --no-verify
PREFIX={prefix}
PYTHON={python}

files=$(git diff --cached --name-only --diff-filter=ACMR -- \\
  "${{PREFIX}}{records}/*.yaml" "${{PREFIX}}{records}/*.yml")
set --
while IFS= read -r file; do
  [ -n "$file" ] || continue
  if ! git diff --quiet -- "$file"; then
    echo "pcplan: $file has changes that are not staged:" \\
      "stage them (git add) or undo them, then commit again" >&2
    exit 1
  fi
  set -- "$@" "$file"
done <<EOF
$files
EOF
[ "$#" -gt 0 ] || exit 0
REPO="./${{PREFIX}}"
if [ -x "$PYTHON" ]; then
  exec "$PYTHON" -m pcplan validate --repo "$REPO" -- "$@"
fi
exec pcplan validate --repo "$REPO" -- "$@"
"""


@dataclass(frozen=True)
class HookResult:
    path: Path
    replaced: bool
    note: str | None


def _git(folder: Path, *args: str) -> str:
    try:
        done = gitcmd.run(folder, *args)
    except (OSError, subprocess.SubprocessError):
        raise PcplanError("git could not be run", hint="install git, then try again") from None
    if done.returncode != 0:
        raise PcplanError(
            f"'{folder}' is not in a git repository ({gitcmd.last_line(done.stderr)})",
            hint="start one with 'git init', then run 'pcplan init --git-hook' again",
        )
    return done.stdout.strip()


def hook_text(prefix: str, python: str = sys.executable) -> str:
    """The script, for a records repository at ``prefix`` inside the git work tree."""
    return HOOK_TEXT.format(
        marker=MARKER,
        prefix=shlex.quote(prefix),
        python=shlex.quote(python),
        records=RECORDS_DIR,
    )


def install_hook(root: Path) -> HookResult:
    """Write ``.git/hooks/pre-commit`` for the records repository at ``root``.

    Refuses to replace a pre-commit hook that pcplan did not write.
    """
    if not gitcmd.available():
        raise PcplanError("git is not installed", hint="install git, then try again")
    top = Path(_git(root, "rev-parse", "--show-toplevel"))
    git_dir = Path(_git(root, "rev-parse", "--absolute-git-dir"))
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    hooks = git_dir / "hooks"
    path = hooks / "pre-commit"
    replaced = False
    if path.exists() or path.is_symlink():
        try:
            current = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            current = ""
        if MARKER not in current:
            raise WouldOverwrite(
                f"{path} already exists and pcplan did not write it; it was left as it is",
                hint="add 'pcplan validate' to that hook yourself, or use the pre-commit "
                "framework with the pcplan-validate hook",
            )
        replaced = True
    hooks.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, hook_text(prefix), skip_unchanged=False)
    mode = path.stat().st_mode
    os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    note = None
    for scope in ("--local", "--global"):
        try:
            where = gitcmd.run(root, "config", scope, "--get", "core.hooksPath").stdout.strip()
        except (OSError, subprocess.SubprocessError):
            where = ""
        if where:
            note = (
                f"git is set to look for hooks in {where[:80]} (core.hooksPath), so it will "
                "not run this one until that setting is removed"
            )
            break
    return HookResult(path, replaced, note)
