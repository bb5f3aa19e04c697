"""How much more the whole-school views cost than `validate`, on the same records.

Usage::

    python benchmarks/cohort_bench.py DIR [--runs N] [--formats html,md,csv,xlsx,json]

DIR is a records repository, e.g. one made by ``benchmarks/generate.py 1000 DIR``.

The baseline is ``pcplan validate --no-cache``: it reads and checks every record, which is
the work ``register`` and ``provision`` cannot avoid, since they need what every record
says. Each view is timed twice:

- with ``--no-cache``, doing the very same reading and checking as the baseline, and then
  its own summaries, totals and output: this is the ratio the target (at most 1.2x) is set
  for;
- with the validation cache warm (the usual case once ``validate`` or any command has run):
  unchanged records are read but not checked again.

``validate`` with its cache warm is shown for reference only: it reads no record at all, so
it is no baseline for a command that must read them.

Every command gets the same ``--today`` and the same files; the commands are run in turn, N
rounds, after one round that is not timed, and each is timed right after a run of the
baseline: its ratios are the medians of those pairs' ratios, so that a moment when the
machine is busy falls on both sides of a ratio. Python may keep compiled bytecode (in a
temporary folder), as it does for an installed pcplan: without it, a command that imports
more of pcplan would pay for compiling its source on every run, which no user pays. Each
line gives the medians of wall-clock time and of CPU time (the process and its workers; on
a shared machine the steadier of the two), the ratios of both to the baseline, and the
wall-clock time a command takes beyond the baseline's median, all measured in this run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-11-22"
LIMIT = 1.2
FORMATS = ("html", "md", "csv", "xlsx", "json")


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``command``."""
    start, cpu = time.perf_counter(), _cpu()
    subprocess.run(
        command, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    pcplan = [sys.executable, "-m", "pcplan"]
    repo = ["--repo", str(args.repo), "--today", TODAY]
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as bytecode:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = bytecode
        env.pop("PCPLAN_REPO", None)
        env.pop("PCPLAN_TODAY", None)
        rows: dict[str, list[str]] = {
            "validate --no-cache": [*pcplan, "validate", "--no-cache", *repo],
            "validate, cache warm": [*pcplan, "validate", *repo],
        }
        for view in ("register", "provision"):
            for fmt in formats:
                command = [*pcplan, view, *repo, "--format", fmt, "-o", f"{out}/{view}.{fmt}"]
                rows[f"{view} {fmt} --no-cache"] = [*command, "--no-cache"]
                rows[f"{view} {fmt}, cache warm"] = command
        from pcplan import __file__ as package

        # pcplan's modules compiled, as installing pcplan compiles them
        timed([sys.executable, "-m", "compileall", "-q", str(Path(package).parent)], env)
        for command in rows.values():  # and the cache warm
            timed(command, env)
        baseline = rows["validate --no-cache"]
        walls: dict[str, list[float]] = {label: [] for label in rows}
        cpus: dict[str, list[float]] = {label: [] for label in rows}
        wall_ratios: dict[str, list[float]] = {label: [] for label in rows}
        cpu_ratios: dict[str, list[float]] = {label: [] for label in rows}
        for _ in range(args.runs):
            for label, command in rows.items():
                # Each command is timed right after the baseline: the pair shares the
                # machine's state of the moment, and the ratio is that pair's.
                base_wall, base_cpu = timed(baseline, env)
                walls["validate --no-cache"].append(base_wall)
                cpus["validate --no-cache"].append(base_cpu)
                wall, cpu = timed(command, env)
                walls[label].append(wall)
                cpus[label].append(cpu)
                wall_ratios[label].append(wall / base_wall)
                cpu_ratios[label].append(cpu / base_cpu)
    base_wall = statistics.median(walls["validate --no-cache"])
    print(f"{len(walls)} commands, {args.runs} rounds, --today {TODAY}; medians, and ratios to")
    print("validate --no-cache run just before each (target for the views: at most 1.2x)")
    print(f"{'':30} {'wall':>8} {'CPU':>8}  {'wall':>6} {'CPU':>6}  {'extra wall':>10}")
    for label in rows:
        wall = statistics.median(walls[label])
        cpu = statistics.median(cpus[label])
        ratio = statistics.median(wall_ratios[label])
        cpu_ratio = statistics.median(cpu_ratios[label])
        flag = ""
        if label.startswith(("register", "provision")) and max(ratio, cpu_ratio) > LIMIT:
            flag = f"  (over {LIMIT}x)"
        extra = f"{wall - base_wall:+7.2f} s"
        print(
            f"{label:30} {wall:6.2f} s {cpu:6.2f} s  {ratio:5.2f}x {cpu_ratio:5.2f}x  {extra}{flag}"
        )


if __name__ == "__main__":
    main()
