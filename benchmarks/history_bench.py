"""How long `pcplan history` takes over a record with many commits, against `validate`.

Usage::

    python benchmarks/history_bench.py [COMMITS] [--runs N]

Builds a records repository in a temporary folder whose one record (the example of Celine)
has COMMITS commits (default 200): progress logged, a goal reworded, actions done, a
comment added, in turn. Then runs ``pcplan validate`` and ``pcplan history`` on it as a
teacher would, each N times, and prints the medians and their ratio. The target is at
most 2 s for 200 commits.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commits", type=int, nargs="?", default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "school"
        build(root, args.commits)
        pcplan = [sys.executable, "-m", "pcplan"]
        repo = ["--repo", str(root), "--today", TODAY]
        validate = [timed([*pcplan, "validate", *repo]) for _ in range(args.runs)]
        history = [
            timed([*pcplan, "history", "celine-m", *repo, "--format", "json"])
            for _ in range(args.runs)
        ]
        v = statistics.median(w for w, _ in validate)
        h = statistics.median(w for w, _ in history)
        vc = statistics.median(c for _, c in validate)
        hc = statistics.median(c for _, c in history)
        print(
            f"record with {args.commits} commits, medians of {args.runs} runs (wall / processor):"
        )
        print(f"  pcplan validate (one record)  {v * 1000:6.0f} ms / {vc * 1000:6.0f} ms")
        print(
            f"  pcplan history                {h * 1000:6.0f} ms / {hc * 1000:6.0f} ms"
            f"  ({h / v:.1f}x validate)"
        )
        print(f"  target: at most 2000 ms wall  {'met' if h <= 2.0 else 'NOT MET'}")


if __name__ == "__main__":
    main()
