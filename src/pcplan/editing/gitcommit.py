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

import os
import re
import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from pcplan import gitcmd
from pcplan.errors import PcplanError
from pcplan.fileio import FileRefused, read_regular_file
from pcplan.loading.files import repository_of
from pcplan.loading.yamlstrict import MAX_FILE_BYTES


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


def prepare_commit(path: Path, display: str, include_earlier: bool = False) -> GitTarget | NoCommit:
    """Check that the record can be committed on its own.

    Returns where to commit, or why git will not be used (git is missing, or the record is
    not in a git repository), with the commands that would put that right; the edit then
    goes ahead uncommitted. Raises :class:`PcplanError` when a commit is possible but would
    not hold just this change, with the git commands that would put that right.
    """
    if not gitcmd.available():
        return NoCommit("git is not installed on this computer")
    try:
        found = gitcmd.run(path.parent, "rev-parse", "--show-toplevel")
    except (OSError, subprocess.SubprocessError):
        return NoCommit("git could not be run")
    root = repository_of(path)
    if found.returncode != 0:
        return _not_in_git(f"{display} is not in a git repository", root)
    top = Path(found.stdout.strip())
    try:
        relative = path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return _not_in_git(f"{display} is not in a git repository", root)
    _refuse_unless_ready(top)
    if gitcmd.run(top, "ls-files", "--error-unmatch", "--", relative).returncode != 0:
        raise PcplanError(
            f"{display} has never been committed to git, so the commit would hold more than "
            "this change; nothing was changed",
            hint=fix_commands(
                top,
                "commit it first, then run the command again (or leave out --commit):",
                _commit_command([relative], f"Add {Path(relative).stem}", add=True),
            ),
        )
    if gitcmd.run(top, "diff", "--quiet", "HEAD", "--", relative).returncode != 0:
        earlier = earlier_changes(top, relative, path, display)
        if include_earlier:
            return GitTarget(top, relative, tuple(earlier))
        listed = "\n".join(f"  - {words}" for words in earlier)
        raise PcplanError(
            f"{display} already has changes that are not committed yet, so the commit would "
            f"hold more than this change; nothing was changed. They are:\n{listed}",
            hint=fix_commands(
                top,
                "to commit them together with this change, run the command again with "
                "--include-earlier added; or commit them on their own first:",
                _commit_command([relative], f"Earlier changes to {Path(relative).stem}"),
                f"git diff -- {shlex.quote(relative)}   # to see them line by line",
            ),
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
        raw = read_regular_file(path, MAX_FILE_BYTES, within=repository_of(path))
        now, problem = _load(raw, display)
    except FileRefused as refused:
        now, problem = None, refused.message
    except OSError:
        now, problem = None, "it cannot be read"
    if now is None:
        return [f"the file as it is does not load ({problem or 'it is not there'})"]
    words = [change.words for change in diff_records(before, now)]
    return words or ["layout or comments only (nothing the record says)"]


@dataclass(frozen=True, slots=True)
class NoCommit:
    """Why a change was saved but not committed, and the commands that would let pcplan
    commit next time (none when git itself is missing)."""

    reason: str
    fix: str | None = None


def _not_in_git(reason: str, root: Path) -> NoCommit:
    return NoCommit(
        reason,
        fix_commands(
            root,
            "to keep the records in git (pcplan init does this for a new repository), run:",
            "git init",
            'git add -A && git commit -m "Pupil records"',
            "pcplan git-setup",
        ),
    )


def fix_commands(top: Path, lead: str, *commands: str) -> str:
    """A hint: ``lead``, then the commands one to a line, run where they must be (a ``cd``
    first when the working directory is not the top of the repository)."""
    lines = [*([f"cd {shlex.quote(where)}"] if (where := _way_to(top)) else []), *commands]
    return lead + "".join(f"\n      {line}" for line in lines)


def _way_to(top: Path) -> str | None:
    """How to get from the working directory to ``top``: None when already there."""
    try:
        here = Path.cwd().resolve()
    except OSError:
        return str(top)
    there = top.resolve()
    if here == there:
        return None
    if here.is_relative_to(there) or there.is_relative_to(here):
        return os.path.relpath(there, here)
    return str(there)


def _commit_command(paths: list[str], message: str, *, add: bool = False) -> str:
    """``git commit`` of just ``paths`` (added first when git does not know them yet)."""
    quoted = " ".join(shlex.quote(p) for p in paths)
    commit = f'git commit -m "{message}" -- {quoted}'
    return f"git add -- {quoted} && {commit}" if add else commit


def _refuse_unless_ready(top: Path) -> None:
    """Refuse, before anything is written, while git cannot commit one change on its own:
    git does not know who is committing, there is no commit yet, a lock is left in place,
    a merge, rebase, cherry-pick or revert is under way, or no branch is checked out.
    Each refusal gives the git commands that put it right."""
    _refuse_unknown_identity(top)
    if gitcmd.run(top, "rev-parse", "-q", "--verify", "HEAD").returncode != 0:
        raise PcplanError(
            "the git repository has no commits yet, so this change cannot be committed "
            "alone; nothing was changed",
            hint=fix_commands(
                top,
                "commit the records first, then run the command again (or leave out --commit):",
                'git add -A && git commit -m "Pupil records"',
            ),
        )
    _wait_for_index_lock(top)
    _refuse_unfinished_operation(top)
    if gitcmd.run(top, "symbolic-ref", "-q", "HEAD").returncode != 0:
        listed = gitcmd.run(top, "for-each-ref", "--format=%(refname:short)", "refs/heads/")
        branches = [b for b in listed.stdout.splitlines() if b]
        back = (
            [f"git switch {shlex.quote(branches[0])}"]
            if len(branches) == 1
            else [f"git switch BRANCH   # one of: {', '.join(branches[:6])}"]
            if branches
            else []
        )
        raise PcplanError(
            "git has no branch checked out (a 'detached HEAD'), so a commit would belong to "
            "no branch and could be lost; nothing was changed",
            hint=fix_commands(
                top,
                "go back to a branch, or keep where you are as a new branch, then run the "
                "command again:",
                *back,
                "git switch -c records-work",
            ),
        )


_UNFINISHED: tuple[tuple[str, str, str], ...] = (
    ("MERGE_HEAD", "a merge", "merge"),
    ("rebase-merge", "a rebase", "rebase"),
    ("rebase-apply", "a rebase", "rebase"),
    ("CHERRY_PICK_HEAD", "a cherry-pick", "cherry-pick"),
    ("REVERT_HEAD", "a revert", "revert"),
)
"""git's marks of an operation left part-way: the file, its name, and its command."""


def _refuse_unfinished_operation(top: Path) -> None:
    names = [mark for mark, _, _ in _UNFINISHED]
    asked = [part for name in names for part in ("--git-path", name)]
    paths = gitcmd.run(top, "rev-parse", *asked).stdout.split("\n")
    for (mark, what, command), where in zip(_UNFINISHED, paths, strict=False):
        if not where or not os.path.lexists(top / where):
            continue
        listed = gitcmd.run(top, "diff", "--name-only", "-z", "--diff-filter=U")
        conflicted = [shlex.quote(n) for n in listed.stdout.split("\0") if n]
        finish = (
            f"git add -- {' '.join(conflicted)} && git {command} --continue"
            if conflicted
            else f"git {command} --continue"
        )
        if mark == "MERGE_HEAD":
            finish = finish.replace("git merge --continue", "git commit --no-edit")
        lead = (
            f"finish it (first mend the conflicts in {', '.join(conflicted)}: "
            "pcplan validate shows where), or undo it:"
            if conflicted
            else "finish it, or undo it:"
        )
        raise PcplanError(
            f"git is in the middle of {what}, so this change cannot be committed alone; "
            "nothing was changed",
            hint=fix_commands(top, lead, finish, f"git {command} --abort"),
        )


def _refuse_unknown_identity(top: Path) -> None:
    """Refuse when git does not know the name and email to commit under."""
    if all(
        gitcmd.run(top, "var", ident).returncode == 0
        for ident in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT")
    ):
        return
    missing = [
        command
        for key, command in (
            ("user.name", 'git config user.name "Your Name"'),
            ("user.email", "git config user.email you@school.example"),
        )
        if not gitcmd.run(top, "config", "--get", key).stdout.strip()
    ]
    raise PcplanError(
        "git does not know your name and email yet, so it cannot commit; nothing was changed",
        hint=fix_commands(
            top,
            "tell git who you are (your own name and school email), then run the command again:",
            *(
                missing
                or [
                    'git config user.name "Your Name"',
                    "git config user.email you@school.example",
                ]
            ),
        ),
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
        hint=fix_commands(
            top,
            "if no git program is running (close any git window first), delete it and run "
            "the command again:",
            f"rm {shlex.quote(_shown(top, lock))}",
        ),
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
                hint=fix_commands(
                    target.top,
                    "commit it yourself:",
                    f"git commit --only -- {shlex.quote(target.path)}",
                ),
            )
        if attempt == 4:
            raise CommitFailed(
                "the change is saved, but git did not commit it: git's lock file "
                f"{_lock_file(target.top, done.stderr)} is there, so another git program "
                "is running or one stopped part-way",
                hint=fix_commands(
                    target.top,
                    "if no git program is running, delete that file, then commit it yourself:",
                    f"rm {shlex.quote(_lock_file(target.top, done.stderr))}",
                    f"git commit --only -- {shlex.quote(target.path)}",
                ),
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


def prepare_files_commit(folder: Path, changed: list[Path], new: list[Path]) -> GitFiles | NoCommit:
    """Check that these records can be committed together and alone, before any is written.

    Like :func:`prepare_commit`: returns where to commit or why git will not be used;
    raises :class:`PcplanError` when a commit would hold more than this change, with the
    git commands that would put that right.
    """
    if not gitcmd.available():
        return NoCommit("git is not installed on this computer")
    try:
        found = gitcmd.run(folder, "rev-parse", "--show-toplevel")
    except (OSError, subprocess.SubprocessError):
        return NoCommit("git could not be run")
    root = folder.parent if folder.name == "records" else folder
    if found.returncode != 0:
        return _not_in_git("the records are not in a git repository", root)
    top = Path(found.stdout.strip())
    try:
        changed_rel = tuple(p.resolve().relative_to(top.resolve()).as_posix() for p in changed)
        new_rel = tuple(
            (p.parent.resolve() / p.name).relative_to(top.resolve()).as_posix() for p in new
        )
    except ValueError:
        return _not_in_git("the records are not in a git repository", root)
    _refuse_unless_ready(top)
    if changed_rel:
        listed = gitcmd.run(top, "ls-files", "-z", "--", *changed_rel)
        tracked = set(listed.stdout.split("\0"))
        untracked = [p for p in changed_rel if p not in tracked]
        if untracked:
            raise PcplanError(
                f"{_some(untracked)} never been committed to git, so the commit would hold "
                "more than this change; nothing was changed",
                hint=fix_commands(
                    top,
                    "commit them first, then run the command again (or leave out --commit):",
                    _commit_command(untracked, "Add records", add=True),
                ),
            )
        dirty = gitcmd.run(top, "diff", "--name-only", "-z", "HEAD", "--", *changed_rel)
        names = [n for n in dirty.stdout.split("\0") if n]
        if dirty.returncode != 0 or names:
            names = names or list(changed_rel)
            raise PcplanError(
                f"{_some(names)} changes that are not committed yet, so the commit would hold "
                "more than this change; nothing was changed",
                hint=fix_commands(
                    top,
                    "commit those changes on their own first, then run the command again:",
                    _commit_command(names, "Earlier changes to the records"),
                    f"git diff -- {' '.join(shlex.quote(n) for n in names)}   # to see them "
                    "line by line",
                ),
            )
    return GitFiles(top, changed_rel, new_rel)


def _some(paths: list[str]) -> str:
    """``records/a.yaml has`` or ``2 records have (records/a.yaml, records/b.yaml)``."""
    if len(paths) == 1:
        return f"{paths[0]} has"
    shown = ", ".join(paths[:5]) + (" …" if len(paths) > 5 else "")
    return f"{len(paths)} records have ({shown})"


def commit_files(target: GitFiles, message: str) -> str:
    """Add the new records and commit them with the changed ones; the new commit's short id."""
    paths = [*target.changed, *target.new]
    if target.new:
        added = gitcmd.run(target.top, "add", "--", *target.new)
        if added.returncode != 0:
            raise CommitFailed(
                "the records are saved, but git did not add the new ones: "
                + gitcmd.last_line(added.stderr or added.stdout),
                hint=fix_commands(
                    target.top, "commit them yourself:", _commit_command(paths, message, add=True)
                ),
            )
    for attempt in range(5):
        done = gitcmd.run(target.top, "commit", "--only", "--quiet", "-m", message, "--", *paths)
        if done.returncode == 0:
            break
        if "index.lock" not in done.stderr or attempt == 4:
            raise CommitFailed(
                "the records are saved, but git did not commit them: "
                + gitcmd.last_line(done.stderr or done.stdout),
                hint=fix_commands(
                    target.top, "commit them yourself:", _commit_command(paths, message, add=True)
                ),
            )
        time.sleep(0.2 * (attempt + 1))
    return gitcmd.run(target.top, "rev-parse", "--short", "HEAD").stdout.strip()
