"""Running git on a records repository without running anything the repository configures.

A records repository can come from someone else, with its own ``.git/config`` and hooks.
Git runs programs named there: an ``core.fsmonitor`` command on every status or commit,
hooks on commit, ``filter.*.clean`` on add and commit, ``diff.external`` and textconv
drivers when showing changes, ``gpg.program`` when a commit is signed, a pager. pcplan asks
git for facts and small commits only, so every git call goes through :func:`run` here,
which switches all of those off:

- ``core.fsmonitor=false`` and ``core.hooksPath=/dev/null`` (no hook can be found there);
- every ``filter.<name>.clean/smudge/process`` configured anywhere is set empty, which git
  treats as "no filter", and ``required`` false;
- ``diff``, ``log``, ``show`` and ``blame`` get ``--no-ext-diff --no-textconv``;
- signing (``commit.gpgSign``, ``tag.gpgSign``, ``log.showSignature``) is off, automatic
  housekeeping (``gc.auto``, ``maintenance.auto``) is off, and there is no pager or editor.

pcplan never runs ``git merge`` or talks to a remote, so merge drivers and transport
settings never come into play.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

GIT_TIMEOUT = 120
"""Seconds before a git call is given up (a stuck lock or network file system)."""

SAFE_OPTIONS: tuple[str, ...] = (
    "--no-pager",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.pager=cat",
    "-c",
    "core.editor=:",
    "-c",
    "commit.gpgSign=false",
    "-c",
    "tag.gpgSign=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "gc.auto=0",
    "-c",
    "maintenance.auto=false",
)
"""Options given to git before every subcommand."""

_SHOWS_CHANGES = frozenset({"diff", "log", "show", "blame"})
_FILTER_KEYS = ("clean", "smudge", "process")


def available() -> bool:
    """Whether a ``git`` program is on the PATH."""
    return shutil.which("git") is not None


def environment() -> dict[str, str]:
    """The environment for git: the user's, with no prompts, pager, editor or outside diff."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_EDITOR", "GIT_ASKPASS"}
    }
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_PAGER": "cat",
            "PAGER": "cat",
            "GIT_EDITOR": ":",
            "GIT_OPTIONAL_LOCKS": "0",
        }
    )
    return env


_filter_cache: dict[Path, tuple[str, ...]] = {}


def _filter_overrides(cwd: Path) -> tuple[str, ...]:
    """``-c`` options that empty every content filter configured for ``cwd``'s repository.

    Filters are named in ``.gitattributes`` (which travels with the records) and defined
    in config; an empty command is no filter at all, so defining each one empty is enough.
    """
    key = cwd.resolve()
    cached = _filter_cache.get(key)
    if cached is not None:
        return cached
    try:
        done = subprocess.run(
            ["git", "config", "--null", "--name-only", "--get-regexp", r"^filter\."],
            cwd=cwd,
            env=environment(),
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
        names = done.stdout.decode("utf-8", "replace").split("\0") if done.returncode == 0 else []
    except (OSError, subprocess.SubprocessError):
        names = []
    drivers = sorted(
        {name[len("filter.") : name.rfind(".")] for name in names if name.count(".") >= 2}
    )
    options: list[str] = []
    for driver in drivers:
        for setting in _FILTER_KEYS:
            options += ["-c", f"filter.{driver}.{setting}="]
        options += ["-c", f"filter.{driver}.required=false"]
    result = tuple(options)
    _filter_cache[key] = result
    return result


def command(cwd: Path, args: Sequence[str]) -> list[str]:
    """The whole command line for ``git ARGS`` run in ``cwd``, with every safety option.

    For callers that need a long-running git (``Popen``); most should use :func:`run`.
    """
    if not args:
        raise ValueError("a git subcommand is needed")
    subcommand, *rest = args
    extra = ["--no-ext-diff", "--no-textconv"] if subcommand in _SHOWS_CHANGES else []
    return ["git", *SAFE_OPTIONS, *_filter_overrides(cwd), subcommand, *extra, *rest]


def run(
    cwd: Path,
    *args: str,
    input: str | None = None,
    timeout: float = GIT_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run ``git ARGS`` in ``cwd`` safely; output as text (UTF-8, bad bytes replaced).

    Never raises for git's own failures (look at ``returncode``); raises ``OSError`` or
    ``subprocess.SubprocessError`` when git cannot be started or does not finish in time.
    """
    return subprocess.run(
        command(cwd, args),
        cwd=cwd,
        env=environment(),
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )


def run_bytes(
    cwd: Path,
    *args: str,
    input: bytes | None = None,
    timeout: float = GIT_TIMEOUT,
) -> subprocess.CompletedProcess[bytes]:
    """Like :func:`run`, with output as bytes (for file contents at a past commit)."""
    return subprocess.run(
        command(cwd, args),
        cwd=cwd,
        env=environment(),
        input=input,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def last_line(text: str) -> str:
    """git's reason for a failure, in one line, without its ``fatal:``/``error:`` prefix."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    reason = lines[-1] if lines else "git gave no reason"
    return reason.removeprefix("fatal: ").removeprefix("error: ")[:200]
