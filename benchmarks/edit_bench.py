"""How long the editing commands take: one `pcplan log`, then N of them at once on one record.

    python benchmarks/edit_bench.py [N]

Works on a copy of the example records; nothing in the project is changed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"
RUNS = 10


def _command(n: int) -> list[str]:
    return [sys.executable, "-m", "pcplan", "log", "celine-m", "read-aloud", f"Benchmark {n}"]


def main(parallel: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(PROJECT / "pcplan.yaml", root / "pcplan.yaml")
        shutil.copytree(PROJECT / "records", root / "records")
        env = {**os.environ, "PCPLAN_REPO": str(root), "PCPLAN_TODAY": TODAY}
        one = []
        for n in range(RUNS):
            started = time.perf_counter()
            subprocess.run(_command(n), env=env, check=True, capture_output=True)
            one.append(time.perf_counter() - started)
        print(f"one pcplan log: median {statistics.median(one) * 1000:.0f} ms over {RUNS} runs")
        started = time.perf_counter()
        writers = [
            subprocess.Popen(_command(RUNS + n), env=env, stdout=subprocess.DEVNULL)
            for n in range(parallel)
        ]
        codes = [w.wait() for w in writers]
        elapsed = time.perf_counter() - started
        text = (root / "records" / "celine-m.yaml").read_text(encoding="utf-8")
        logged = sum(f'"Benchmark {n}"' in text for n in range(RUNS + parallel))
        print(
            f"{parallel} pcplan log at once: {elapsed:.2f} s, "
            f"{codes.count(0)} succeeded, {logged}/{RUNS + parallel} entries in the record"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
