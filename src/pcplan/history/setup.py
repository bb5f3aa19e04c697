"""Registering the record merge driver in a records repository (``pcplan init`` and
``pcplan git-setup``).

Two places hold it. ``.gitattributes`` (committed, so every clone shares it) says that
records merge with the ``pcplan`` driver. The driver's command line lives in the
repository's own ``.git/config``, which git never copies between clones: each computer
runs ``pcplan git-setup`` once. A clone without it merges records as plain text, exactly
as before.
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pcplan.cache.store import CACHE_DIR
from pcplan.errors import PcplanError
from pcplan.fileio import FileRefused, atomic_write_bytes, read_regular_file
from pcplan.history.git import NotInGit, git_top, run_git

ATTRIBUTES_LINE = "records/*.yaml merge=pcplan"
ATTRIBUTES_TEXT = (
    "# Records merge with pcplan's merge driver, which keeps every entry both sides added\n"
    "# (pcplan git-setup registers it on each computer).\n"
)
DRIVER_NAME = "pcplan: keep every entry from both sides of a record"

IGNORED = ["out/", f"{CACHE_DIR}/"]
"""Folders pcplan makes that stay out of git: the rendered documents and the validation
cache. A part of pcplan that keeps other files in the repository adds its folder here, and
``git-setup`` adds it to an existing repository's ``.gitignore``."""
IGNORE_COMMENT = "# Made by pcplan from the records at any time; not part of them."


def driver_command() -> str:
    """The command git runs (through the shell) to merge a record: this pcplan, by its
    Python; if pcplan is no longer installed there, git's own text merge with conflict
    markers, so that a teacher's entry is never silently left out."""
    python = shlex.quote(sys.executable)
    return (
        f"{python} -c 'import pcplan' 2>/dev/null "
        f"&& exec {python} -m pcplan merge-record %O %A %B %L %P; "
        "exec git merge-file --marker-size=%L %A %O %B"
    )


@dataclass
class SetupResult:
    """What ``git-setup`` changed."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


_MAX_SETTINGS_FILE = 1024 * 1024
"""The largest .gitattributes or .gitignore pcplan adds lines to (real ones are tiny)."""


def _current(path: Path, root: Path) -> bytes:
    """The bytes of ``.gitattributes`` or ``.gitignore`` (none when it is not there), read
    only when it is a regular file inside the repository and of a sensible size."""
    try:
        return read_regular_file(path, _MAX_SETTINGS_FILE, within=root)
    except FileNotFoundError:
        if path.is_symlink():  # a link to nothing: writing would put a file where it points
            raise PcplanError(
                f"{path.name} is a link to a file that is not there; nothing was changed",
                hint=f"replace the link with a file, or delete it: rm {path.name}",
            ) from None
        return b""
    except FileRefused as exc:
        raise PcplanError(
            f"{path.name} cannot be used: {exc.message}; nothing was changed",
            hint=f"make {path.name} a plain text file in the repository, then run this again",
        ) from None
    except OSError as exc:
        raise PcplanError(
            f"{path.name} cannot be read ({exc.strerror or 'unreadable'}); nothing was changed"
        ) from None


def _ensure_lines(
    path: Path, raw: bytes, lines: list[str], comment: str, result: SetupResult
) -> None:
    """Add the ``lines`` missing from ``raw`` (the file's bytes, kept exactly as they are)."""
    present = {line.strip() for line in raw.decode("utf-8", "replace").splitlines()}
    missing = [line for line in lines if line not in present]
    if not missing:
        result.unchanged.append(path.name)
        return
    if raw and not raw.endswith(b"\n"):
        raw += b"\n"
    addition = (comment + "\n" if comment.strip() not in present else "") + "".join(
        f"{line}\n" for line in missing
    )
    atomic_write_bytes(path, raw + addition.encode("utf-8"))
    result.changed.append(path.name)


def write_attributes(root: Path, result: SetupResult) -> None:
    """``.gitattributes`` and ``.gitignore`` of the records repository, added to, never
    rewritten. Both are read (and refused, with nothing changed) before either is written."""
    attributes, ignore = root / ".gitattributes", root / ".gitignore"
    attributes_raw, ignore_raw = _current(attributes, root), _current(ignore, root)
    _ensure_lines(
        attributes, attributes_raw, [ATTRIBUTES_LINE], ATTRIBUTES_TEXT.rstrip("\n"), result
    )
    _ensure_lines(ignore, ignore_raw, IGNORED, IGNORE_COMMENT, result)


def register_driver(root: Path, result: SetupResult) -> None:
    """The driver's command in the repository's own git config."""
    top = git_top(root)
    if top is None:
        raise NotInGit(
            "the records repository is not in git, so there is no merge to set up",
            hint="run git init in it first (pcplan init does this for a new repository)",
        )
    wanted = {"merge.pcplan.name": DRIVER_NAME, "merge.pcplan.driver": driver_command()}
    for key, value in wanted.items():
        now = run_git(top, "config", "--local", "--get", key, check=False)
        if now.returncode == 0 and now.stdout.decode("utf-8", "replace").strip() == value:
            continue
        run_git(top, "config", "--local", key, value)
        if ".git/config" not in result.changed:
            result.changed.append(".git/config")
    if ".git/config" not in result.changed:
        result.unchanged.append(".git/config")


def git_setup(root: Path) -> SetupResult:
    """Register the merge driver (and the ignored folders) in an existing repository."""
    result = SetupResult()
    for name in (".gitattributes", ".gitignore"):
        _current(root / name, root)  # refused before the git config is touched
    register_driver(root, result)
    write_attributes(root, result)
    return result
