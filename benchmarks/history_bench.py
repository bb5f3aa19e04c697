"""How long `pcplan history` takes over a record with many commits, against `validate`.

Usage::

    python benchmarks/history_bench.py [COMMITS] [--runs N]

Builds a records repository in a temporary folder whose one record (the example of Celine)
has COMMITS commits (default 200): progress logged, a goal reworded, actions done, a
comment added, in turn. Then runs ``python -c pass`` (the cost of starting Python),
``pcplan validate``, and ``pcplan history`` on it as a teacher would: first with nothing
learnt yet (every version is read), then again (what was learnt is in
``.pcplan-cache/history``), each N times, interleaved. Prints the medians of wall-clock and
processor time and their ratio to ``python -c pass`` measured in the same run, and the time
the history command spends importing. The target is at most 2 s for 200 commits.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

TODAY = "2026-11-22"
RECORD = Path(__file__).resolve().parent.parent / "records/celine-m.yaml"


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock seconds, and the processor seconds of the command and its workers."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr.decode()}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu


def build(root: Path, commits: int) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ms Hall",
        "GIT_AUTHOR_EMAIL": "hall@school.invalid",
        "GIT_COMMITTER_NAME": "Ms Hall",
        "GIT_COMMITTER_EMAIL": "hall@school.invalid",
    }

    def git(*args: str, day: int = 0) -> None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{1788264000 + day * 3600} +0000"
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

    (root / "records").mkdir(parents=True)
    (root / "pcplan.yaml").write_text("school: Brookfield\n")
    record = root / "records" / "celine-m.yaml"
    text = RECORD.read_text()
    record.write_text(text)
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "Alex's plan")
    marker = "        by: Mrs Begum\n        rating: secure\n"
    for n in range(1, commits):
        kind = n % 4
        if kind == 0:
            text = re.sub(
                r"text: (\(\d+\) )?Be more willing", f"text: ({n}) Be more willing", text, count=1
            )
        elif kind == 3:
            text = text + f"# checked {n}\n"
        else:
            entry = (
                f"      - date: {date(2026, 11, 20) + timedelta(days=n)}\n"
                f"        note: Entry {n}, read a page aloud.\n"
                "        by: Ms Hall\n"
            )
            text = text.replace(marker, marker + entry, 1)
            marker = "        by: Ms Hall\n"
        record.write_text(text)
        git("commit", "-q", "-am", f"Change {n}", day=n)


def import_ms(command: list[str]) -> float:
    """Milliseconds spent importing modules in one run (``python -X importtime``)."""
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]], check=False, capture_output=True
    )
    total = 0
    for line in done.stderr.decode().splitlines():
        parts = line.split("|")
        # Only the top-level imports: their cumulative time holds the nested ones.
        top = len(parts) == 3 and parts[2].startswith(" ") and not parts[2].startswith("  ")
        if top and parts[1].strip().isdigit():
            total += int(parts[1])
    return total / 1000


def in_one_process(root: Path) -> str:
    """Where the time goes without starting Python: git, reading and comparing every
    version, and the same from what was learnt (one process, one core)."""
    import pcplan.history.report as report
    from pcplan.history.git import record_history
    from pcplan.history.memo import HistoryMemo

    report.PARALLEL_FROM = 10**9
    record = root / "records" / "celine-m.yaml"
    start = time.perf_counter()
    history = record_history(record)
    read = time.perf_counter()
    versions = report.Versions(record.name, HistoryMemo(None))
    report.build_history(history, record.name, "Celine", versions=versions)
    learnt = time.perf_counter()
    report.build_history(
        history, record.name, "Celine", versions=report.Versions(record.name, versions.memo)
    )
    done = time.perf_counter()
    return (
        f"  in one process: git {(read - start) * 1000:.0f} ms; reading and comparing "
        f"{versions.parses} versions {(learnt - read) * 1000:.0f} ms; "
        f"the same from what was learnt {(done - learnt) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commits", type=int, nargs="?", default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "school"
        build(root, args.commits)
        memo = root / ".pcplan-cache" / "history"
        pcplan = [sys.executable, "-m", "pcplan"]
        repo = ["--repo", str(root), "--today", TODAY]
        history_command = [*pcplan, "history", "celine-m", *repo, "--format", "json"]

        def first_run() -> tuple[float, float]:
            shutil.rmtree(memo, ignore_errors=True)  # nothing learnt yet: every version is read
            return timed(history_command)

        commands: dict[str, Callable[[], tuple[float, float]]] = {
            "python -c pass": lambda: timed([sys.executable, "-c", "pass"]),
            "pcplan validate (one record)": lambda: timed([*pcplan, "validate", *repo]),
            "pcplan history, first run": first_run,
            "pcplan history, again": lambda: timed(history_command),
        }
        rows: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so a busy moment costs each row alike
            for name, run in commands.items():
                rows[name].append(run())
        base_wall = statistics.median(w for w, _ in rows["python -c pass"])
        base_cpu = statistics.median(c for _, c in rows["python -c pass"])
        print(
            f"record with {args.commits} commits, medians of {args.runs} runs "
            "(wall / processor, and as a multiple of python -c pass in this run):"
        )
        medians: dict[str, float] = {}
        for name, times in rows.items():
            wall = statistics.median(w for w, _ in times)
            cpu = statistics.median(c for _, c in times)
            medians[name] = wall
            print(
                f"  {name:30} {wall * 1000:6.0f} ms / {cpu * 1000:6.0f} ms"
                f"   {wall / base_wall:5.1f}x / {cpu / max(base_cpu, 1e-6):5.1f}x"
            )
        print(in_one_process(root))
        imports = import_ms(history_command)
        print(f"  imports in pcplan history, again (python -X importtime): {imports:.0f} ms")
        for name in ("pcplan history, first run", "pcplan history, again"):
            verdict = "met" if medians[name] <= 2.0 else "NOT MET"
            print(f"  target at most 2000 ms wall, {name.split(', ')[1]}: {verdict}")


if __name__ == "__main__":
    main()
