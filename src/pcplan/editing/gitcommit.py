"""Committing one edited record to git, and nothing else.

``git commit --only -- <record>`` commits the record as it is in the working tree and leaves
whatever else the teacher has staged exactly as it was. So that the commit holds just
pcplan's change (and its message tells the truth), the record must have no uncommitted
changes before the edit: that is checked first, before anything is written. When it has
some, the teacher is told what they are (in the record's own terms, from comparing the
committed version with the file) and how to keep them; ``--include-earlier`` commits them
together with the change, and the message says so.
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from pcplan import gitcmd
from pcplan.errors import PcplanError


class CommitFailed(PcplanError):
    """The record was changed and saved, but git would not commit it."""


@dataclass(frozen=True, slots=True)
class GitTarget:
    """The repository holding a record and the record's path inside it."""

    top: Path
    path: str
    earlier: tuple[str, ...] = ()
    """Changes already in the file before the edit, committed with it (--include-earlier)."""

    def message(self, description: str) -> str:
        """The commit message: the change, and the earlier changes when there are any."""
        if not self.earlier:
            return description
        listed = "\n".join(f"- {words}" for words in self.earlier)
        return (
            f"{description}, with changes made earlier and not committed before\n\n"
            f"Also in this commit, made earlier:\n{listed}\n"
        )


def prepare_commit(path: Path, display: str, include_earlier: bool = False) -> GitTarget | str:
    """Check that the record can be committed on its own.

    Returns where to commit, or (as text) why git will not be used: git is missing or the
    record is not in a git repository; the edit then goes ahead uncommitted. Raises
    :class:`PcplanError` when a commit is possible but would not hold just this change.
    """
    if not gitcmd.available():
        return "git is not installed on this computer"
    try:
        found = gitcmd.run(path.parent, "rev-parse", "--show-toplevel")
    except (OSError, subprocess.SubprocessError):
        return "git could not be run"
    if found.returncode != 0:
        return f"{display} is not in a git repository"
    top = Path(found.stdout.strip())
    try:
        relative = path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return f"{display} is not in a git repository"
    _refuse_unless_ready(top)
    if gitcmd.run(top, "ls-files", "--error-unmatch", "--", relative).returncode != 0:
        raise PcplanError(
            f"{display} has never been committed to git, so the commit would hold more than "
            "this change",
            hint=f"commit it first (git add {relative} && git commit), or leave out --commit",
        )
    if gitcmd.run(top, "diff", "--quiet", "HEAD", "--", relative).returncode != 0:
        earlier = earlier_changes(top, relative, path, display)
        if include_earlier:
            return GitTarget(top, relative, tuple(earlier))
        listed = "\n".join(f"  - {words}" for words in earlier)
        raise PcplanError(
            f"{display} already has changes that are not committed yet, so the commit would "
            f"hold more than this change. They are:\n{listed}",
            hint="to commit them together with this change, add --include-earlier; to commit "
            f"them on their own first: git commit -m 'Earlier changes' -- {relative}; to see "
            f"them line by line: git diff -- {relative}",
        )
    return GitTarget(top, relative)


def earlier_changes(top: Path, relative: str, path: Path, display: str) -> list[str]:
    """What the file says now that the last commit did not, in the record's own terms.

    Only the words of each change are given (which goal, which field, which date), never
    the pupil's free text.
    """
    from pcplan.history.diff import diff_records
    from pcplan.history.git import run_git
    from pcplan.history.report import _load

    committed = run_git(top, "cat-file", "blob", f"HEAD:{relative}", check=False)
    before, _ = _load(committed.stdout if committed.returncode == 0 else None, display)
    try:
        now, problem = _load(path.read_bytes(), display)
    except OSError:
        now, problem = None, "it cannot be read"
    if now is None:
        return [f"the file as it is does not load ({problem or 'it is not there'})"]
    words = [change.words for change in diff_records(before, now)]
    return words or ["layout or comments only (nothing the record says)"]


def _refuse_unless_ready(top: Path) -> None:
    """Refuse, before anything is written, while git cannot commit one change on its own:
    no commit yet, a lock left in place, or a merge under way."""
    if gitcmd.run(top, "rev-parse", "-q", "--verify", "HEAD").returncode != 0:
        raise PcplanError(
            "the git repository has no commits yet, so this change cannot be committed alone",
            hint="commit the records first (git add records && git commit), or leave out --commit",
        )
    _wait_for_index_lock(top)
    if gitcmd.run(top, "rev-parse", "-q", "--verify", "MERGE_HEAD").returncode == 0:
        raise PcplanError(
            "git is in the middle of a merge; finish it first, or leave out --commit",
            hint="git status lists what is left; then git commit (or git merge --abort to undo it)",
        )


def _wait_for_index_lock(top: Path) -> None:
    """Refuse, before anything is written, while git's index lock stays in place.

    Another git program holds the lock for a moment; a lock that stays is left over from
    one that stopped part-way, and git will not commit until someone deletes it.
    """
    where = gitcmd.run(top, "rev-parse", "--git-path", "index.lock").stdout.strip()
    lock = top / (where or ".git/index.lock")
    for attempt in range(6):
        if not lock.exists():
            return
        time.sleep(0.1 * (attempt + 1))
    raise PcplanError(
        f"git's lock file {_shown(top, lock)} is there, so another git program is running "
        "or one stopped part-way; nothing was changed",
        hint="if no git program is running, delete that file and try again",
    )


def commit_record(target: GitTarget, message: str) -> str:
    """Commit just the record with ``message``; return the new commit's short id."""
    for attempt in range(5):
        done = gitcmd.run(
            target.top,
            "commit",
            "--only",
            "--quiet",
            "-m",
            target.message(message),
            "--",
            target.path,
        )
        if done.returncode == 0:
            break
        # Another git command (perhaps committing another record) holds git's index lock.
        if "index.lock" not in done.stderr:
            raise CommitFailed(
                "the change is saved, but git did not commit it: "
                + gitcmd.last_line(done.stderr or done.stdout),
                hint=f"commit it yourself: git commit --only -- {target.path}",
            )
        if attempt == 4:
            raise CommitFailed(
                "the change is saved, but git did not commit it: git's lock file "
                f"{_lock_file(target.top, done.stderr)} is there, so another git program "
                "is running or one stopped part-way",
                hint="if no git program is running, delete that file, then commit it "
                f"yourself: git commit --only -- {target.path}",
            )
        time.sleep(0.2 * (attempt + 1))
    head = gitcmd.run(target.top, "rev-parse", "--short", "HEAD")
    return head.stdout.strip()


def _lock_file(top: Path, stderr: str) -> str:
    """The lock file git names in ``stderr``, relative to the repository when inside it."""
    found = re.search(r"'([^'\n]*index\.lock)'", stderr)
    return _shown(top, Path(found.group(1)) if found else top / ".git" / "index.lock")


def _shown(top: Path, lock: Path) -> str:
    try:
        return lock.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return str(lock)


@dataclass(frozen=True, slots=True)
class GitFiles:
    """Several records to commit together: changed ones and new ones, inside ``top``."""

    top: Path
    changed: tuple[str, ...]
    new: tuple[str, ...]


def prepare_files_commit(folder: Path, changed: list[Path], new: list[Path]) -> GitFiles | str:
    """Check that these records can be committed together and alone, before any is written.

    Like :func:`prepare_commit`: returns where to commit or (as text) why git will not be
    used; raises :class:`PcplanError` when a commit would hold more than this change.
    """
    if not gitcmd.available():
        return "git is not installed on this computer"
    try:
        found = gitcmd.run(folder, "rev-parse", "--show-toplevel")
    except (OSError, subprocess.SubprocessError):
        return "git could not be run"
    if found.returncode != 0:
        return "the records are not in a git repository"
    top = Path(found.stdout.strip())
    try:
        changed_rel = tuple(p.resolve().relative_to(top.resolve()).as_posix() for p in changed)
        new_rel = tuple(
            (p.parent.resolve() / p.name).relative_to(top.resolve()).as_posix() for p in new
        )
    except ValueError:
        return "the records are not in a git repository"
    _refuse_unless_ready(top)
    if changed_rel:
        listed = gitcmd.run(top, "ls-files", "-z", "--", *changed_rel)
        tracked = set(listed.stdout.split("\0"))
        untracked = [p for p in changed_rel if p not in tracked]
        if untracked:
            raise PcplanError(
                f"{untracked[0]} has never been committed to git, so the commit would hold "
                "more than this change",
                hint=f"commit it first (git add {untracked[0]} && git commit), or leave out "
                "--commit",
            )
        dirty = gitcmd.run(top, "diff", "--name-only", "-z", "HEAD", "--", *changed_rel)
        names = [n for n in dirty.stdout.split("\0") if n]
        if dirty.returncode != 0 or names:
            shown = names[0] if names else "a record"
            raise PcplanError(
                f"{shown} has changes that are not committed yet, so the commit would hold "
                "more than this change",
                hint="commit or undo those changes first, or leave out --commit",
            )
    return GitFiles(top, changed_rel, new_rel)


def commit_files(target: GitFiles, message: str) -> str:
    """Add the new records and commit them with the changed ones; the new commit's short id."""
    paths = [*target.changed, *target.new]
    if target.new:
        added = gitcmd.run(target.top, "add", "--", *target.new)
        if added.returncode != 0:
            raise CommitFailed(
                "the records are saved, but git did not add the new ones: "
                + gitcmd.last_line(added.stderr or added.stdout),
                hint="commit them yourself: git add records && git commit",
            )
    for attempt in range(5):
        done = gitcmd.run(target.top, "commit", "--only", "--quiet", "-m", message, "--", *paths)
        if done.returncode == 0:
            break
        if "index.lock" not in done.stderr or attempt == 4:
            raise CommitFailed(
                "the records are saved, but git did not commit them: "
                + gitcmd.last_line(done.stderr or done.stdout),
                hint="commit them yourself: git add records && git commit",
            )
        time.sleep(0.2 * (attempt + 1))
    return gitcmd.run(target.top, "rev-parse", "--short", "HEAD").stdout.strip()
