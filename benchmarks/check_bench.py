"""How much more `pcplan check` costs than `pcplan validate`, on the same records.

Usage::

    python benchmarks/check_bench.py DIR [--runs N]

DIR is a records repository, e.g. one made by ``benchmarks/generate.py 1000 DIR``. Runs
``pcplan validate --no-cache --format json`` (every record read, as check does) and
``pcplan check --format json`` as a teacher would, alternately, N times each, and prints
the medians and their ratio. The goal is at most 1.3x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

TODAY = "2026-11-22"
GOAL = 1.3


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pcplan = [sys.executable, "-m", "pcplan"]
    repo = ["--repo", str(args.repo), "--today", TODAY, "--format", "json"]
    commands = {
        "validate": [*pcplan, "validate", "--no-cache", *repo],
        "check": [*pcplan, "check", *repo],
    }
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(args.runs):
        for label, command in commands.items():
            times[label].append(timed(command))
    files = len(list((args.repo / "records").glob("*.yaml")))
    medians = {label: statistics.median(values) for label, values in times.items()}
    for label, median in medians.items():
        print(f"{label:<9} {files} records: {median:.2f} s (median of {args.runs})")
    ratio = medians["check"] / medians["validate"]
    verdict = "within" if ratio <= GOAL else "over"
    print(f"check / validate: {ratio:.2f}x ({verdict} the goal of {GOAL}x)")


if __name__ == "__main__":
    main()
