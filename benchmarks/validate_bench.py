"""How fast `pcplan validate` reads a school: records per second against a bare libyaml parse.

    python benchmarks/validate_bench.py 1000 [10000 ...]

Generates N realistic records (benchmarks/generate.py) in a temporary folder, then times,
in this process and as the median of a few runs:
  - the floor: yaml.load(..., Loader=yaml.CSafeLoader) of every file;
  - pcplan's strict load + schema + rules (what `pcplan validate` does), in one process;
  - the `pcplan validate` command end to end, as a subprocess (it uses every core from
    400 files on).
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 22)


def _median_time(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(n: int, runs: int) -> None:
    import pcplan.loading.records as records
    from pcplan.loading.records import check_many, record_files

    with tempfile.TemporaryDirectory(prefix="pcplan-bench-") as tmp:
        repo = Path(tmp)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(repo)], check=True)
        files = record_files(repo / "records")
        size = sum(f.stat().st_size for f in files)

        def bare() -> None:
            for f in files:
                yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)

        def pcplan_load() -> None:
            records.PARALLEL_FROM = 10**9  # one process, to compare like with like
            result = check_many(files, TODAY)
            assert not result.errors, result.errors[:3]

        floor = _median_time(bare, runs)
        ours = _median_time(pcplan_load, runs)
        env = {**os.environ, "PCPLAN_TODAY": TODAY.isoformat()}
        cmd = [str(Path(sys.executable).with_name("pcplan")), "validate", "--repo", str(repo)]

        def command() -> None:
            subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)

        whole = _median_time(command, max(1, runs // 2))
        print(
            f"{n:>6} records ({size / 1e6:.1f} MB): libyaml parse {floor:.2f} s "
            f"({n / floor:,.0f}/s); pcplan load+validate {ours:.2f} s ({n / ours:,.0f}/s), "
            f"{ours / floor:.2f}x the parse; `pcplan validate` {whole:.2f} s ({n / whole:,.0f}/s, "
            f"{os.cpu_count()} cores)"
        )


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000]
    for n in sizes:
        bench(n, runs=5 if n <= 2000 else 3)


if __name__ == "__main__":
    main()
