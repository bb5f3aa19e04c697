"""How much more the whole-school views cost than `validate`, on the same records.

Usage::

    python benchmarks/cohort_bench.py DIR [--runs N]

DIR is a records repository, e.g. one made by ``benchmarks/generate.py 1000 DIR``. Runs
``pcplan validate --no-cache`` (which reads every record, as the views do), ``pcplan
register`` and ``pcplan provision`` (in the formats a school would use) as a teacher
would, N times each, interleaved so that the machine's noise falls on all of them alike,
and prints the medians and each one's ratio to validate. ``validate`` with its cache warm
is shown too: it reads only the records that changed, which the views cannot.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-11-22"
LIMIT = 1.2


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pcplan = [sys.executable, "-m", "pcplan"]
    repo = ["--repo", str(args.repo), "--today", TODAY]
    with tempfile.TemporaryDirectory() as out:
        rows: dict[str, list[str]] = {
            "validate": [*pcplan, "validate", "--no-cache", *repo],
            "validate, cache warm": [*pcplan, "validate", *repo],
        }
        for view in ("register", "provision"):
            for fmt in ("html", "csv", "xlsx"):
                rows[f"{view} ({fmt})"] = [
                    *pcplan, view, *repo, "--format", fmt, "-o", f"{out}/{view}.{fmt}",
                ]  # fmt: skip
        times: dict[str, list[float]] = {label: [] for label in rows}
        for _ in range(args.runs):
            for label, command in rows.items():
                times[label].append(timed(command))
    base = statistics.median(times["validate"])
    for label, measured in times.items():
        median = statistics.median(measured)
        ratio = median / base
        over = label.startswith(("register", "provision")) and ratio > LIMIT
        flag = f"  (over {LIMIT}x)" if over else ""
        print(f"{label:22} {median:6.2f} s  {ratio:5.2f}x validate --no-cache{flag}")


if __name__ == "__main__":
    main()
