"""Running git safely, and reading every version of one record in two git calls.

Every git call pcplan makes for history goes through :func:`run_git`, which uses
pcplan's one safe git runner (:mod:`pcplan.gitcmd`): nothing in the records repository's
own configuration runs, and git never asks a question on the terminal.

The versions of a record come from one ``git log --follow --name-status`` (which commits
touched the file, under which name, and their parents) and one ``git cat-file --batch``
(the file's bytes at each of those commits), so 200 commits cost two processes, not 400.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pcplan import gitcmd
from pcplan.errors import PcplanError
from pcplan.gitcmd import last_line


class NotInGit(PcplanError):
    """The record is not in a git repository (or git is not installed)."""


class GitFailed(PcplanError):
    """git refused a command pcplan needed."""


def run_git(
    cwd: Path, *args: str, input: bytes | None = None, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` in ``cwd`` through pcplan's safe git runner (:mod:`pcplan.gitcmd`);
    raise :class:`GitFailed` on error when ``check`` is set."""
    if not gitcmd.available():
        raise NotInGit("git is not installed on this computer, so there is no history to read")
    try:
        done = gitcmd.run_bytes(cwd, *args, input=input)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitFailed(f"git could not be run ({type(exc).__name__})") from None
    if check and done.returncode != 0:
        raise GitFailed("git said: " + last_line(done.stderr.decode("utf-8", "replace")))
    return done


def git_top(folder: Path) -> Path | None:
    """The top folder of the git repository holding ``folder``, or None."""
    if not gitcmd.available():
        return None
    done = run_git(folder, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        return None
    return Path(done.stdout.decode("utf-8", "replace").strip())


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit that touched a record."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    when: str
    """The author's date and time, ISO 8601 with the author's offset."""
    subject: str
    path: str
    """The record's path at this commit (it may have been renamed since)."""
    parent_path: str | None
    """The record's path in the first parent, or None when the commit added it."""

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def day(self) -> date:
        return date.fromisoformat(self.when[:10])

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(slots=True)
class RecordHistory:
    """The commits that touched a record, oldest first, and the bytes of each version."""

    top: Path
    path: str
    commits: list[Commit] = field(default_factory=list)
    blobs: dict[tuple[str, str], bytes | None] = field(default_factory=dict)
    """(commit, path) -> the file's bytes there, None where the file is absent."""

    def version(self, commit: str, path: str | None) -> bytes | None:
        if path is None:
            return None
        return self.blobs.get((commit, path))


_SEP = "\x1e"
_FIELD = "\x1f"
LOG_FORMAT = _SEP + _FIELD.join(["%H", "%P", "%an", "%ae", "%aI", "%s"])
_COMMIT_ID = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


def _parse_log(text: str, path: str) -> list[Commit]:
    """Commits newest first from ``git log --follow --name-status`` output."""
    commits: list[Commit] = []
    current = path
    for chunk in text.split(_SEP)[1:]:
        head, _, rest = chunk.partition("\n")
        parts = head.split(_FIELD)
        if len(parts) != 6:
            continue
        sha, parents, author, email, when, subject = parts
        here = current
        before: str | None = current
        for line in rest.splitlines():
            status = line.split("\t")
            if not status[0]:
                continue
            kind = status[0][0]
            if kind in "RC" and len(status) == 3:
                before, here = status[1], status[2]
            elif kind == "A" and len(status) == 2:
                here, before = status[1], None
            elif len(status) == 2:
                here = before = status[1]
        commits.append(
            Commit(sha, tuple(parents.split()), author, email, when, subject, here, before)
        )
        if before is not None:
            current = before
    return commits


def _cat_files(top: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes | None]:
    """The bytes of each ``commit:path`` in one ``git cat-file --batch``."""
    out: dict[tuple[str, str], bytes | None] = {}
    if not wanted:
        return out
    request = "".join(f"{sha}:{path}\n" for sha, path in wanted).encode("utf-8")
    data = run_git(top, "cat-file", "--batch", input=request).stdout
    at = 0
    for key in wanted:
        end = data.index(b"\n", at)
        header = data[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out[key] = data[at : at + size]
            at += size + 1
        else:
            out[key] = None  # "missing": the file is not there at that commit
    return out


def resolve_commit(top: Path, name: str) -> str | None:
    """The full id of a commit named by the user (id, branch, tag, HEAD~2), or None."""
    done = run_git(
        top, "rev-parse", "-q", "--verify", "--end-of-options", f"{name}^{{commit}}", check=False
    )
    text = done.stdout.decode("ascii", "replace").strip()
    return text if done.returncode == 0 and _COMMIT_ID.match(text) else None


def record_history(
    record: Path, *, tip: str = "HEAD", start: str | None = None, after: date | None = None
) -> RecordHistory:
    """Every commit that touched ``record`` (following renames) up to ``tip``, oldest first,
    with the record's bytes at each commit and at each commit's first parent.

    With ``start`` (a commit id), only the commits after it; with ``after`` (a day), git
    skips commits made well before it (the caller filters by the exact author date).
    """
    top = git_top(record.parent if record.parent.is_dir() else Path.cwd())
    if top is None:
        raise NotInGit("the records are not in a git repository, so there is no history to read")
    try:
        relative = record.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise NotInGit("the record is not inside the git repository") from None
    history = RecordHistory(top, relative)
    if run_git(top, "rev-parse", "-q", "--verify", "HEAD", check=False).returncode != 0:
        return history  # a repository without commits yet
    revisions = f"{start}..{tip}" if start else tip
    coarse = (
        [f"--since={date.fromordinal(after.toordinal() - 2).isoformat()}T00:00:00"] if after else []
    )
    log = run_git(
        top,
        "log",
        "--follow",
        "-M",
        "--name-status",
        f"--format={LOG_FORMAT}",
        *coarse,
        revisions,
        "--",
        relative,
    )
    newest_first = _parse_log(log.stdout.decode("utf-8", "replace"), relative)
    history.commits = newest_first[::-1]
    wanted: dict[tuple[str, str], None] = {}
    for commit in history.commits:
        wanted[(commit.sha, commit.path)] = None
        if commit.parents and commit.parent_path is not None:
            wanted[(commit.parents[0], commit.parent_path)] = None
    history.blobs = _cat_files(top, list(wanted))
    return history
