"""The speed figures of pcplan at trust scale, each as a ratio to a floor measured in the same run.

    python benchmarks/speed_bench.py [--records 10000] [--render-records 1000] [--runs 5]

Prints medians of wall-clock time and, beside them, of the CPU time the commands used (on a
shared machine the CPU time is the steadier of the two); every figure is set against a
floor timed in the same run:

- a bare libyaml parse of every record (``yaml.load`` with ``CSafeLoader``), one process;
- ``pcplan validate --no-cache`` of N records, and ``pcplan validate`` with an empty cache
  (cold: it writes the cache), as ratios to that parse;
- ``pcplan validate`` again with nothing changed, and ``pcplan validate ONE``, and
  ``pcplan log`` on the example records (after one ``validate``, as an editor's check or
  the pre-commit hook would have run), and ``pcplan --help``, as ratios to
  ``python -c pass``;
- ``pcplan render all`` of the smaller corpus with nothing changed, as a ratio to a bare
  parse of those records.

Generated corpora are kept in the temporary folder, keyed by the generator's parameters
and its source, so a second run does not write 10,000 files again.

Python may keep pcplan's compiled bytecode (in a temporary folder, compiled before timing),
as it does for an installed pcplan, even where ``PYTHONDONTWRITEBYTECODE`` is set: without
it every run would pay for compiling pcplan's source, which no user pays.
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
TODAY = "2026-11-22"
SEED = 2026
PCPLAN = [sys.executable, "-m", "pcplan"]
BYTECODE = tempfile.mkdtemp(prefix="pcplan-bench-bytecode-")
atexit.register(shutil.rmtree, BYTECODE, ignore_errors=True)


def environment() -> dict[str, str]:
    """The environment of every timed command: bytecode kept, no repository or date set."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = BYTECODE
    env.pop("PCPLAN_REPO", None)
    env["PCPLAN_TODAY"] = TODAY
    return env


def compile_pcplan() -> None:
    """Compile pcplan's modules into the bytecode folder, as installing pcplan does."""
    import pcplan

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(pcplan.__file__).parent)],
        env=environment(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def corpus(count: int) -> Path:
    """A generated repository of ``count`` records, made once per generator version."""
    source = (HERE / "generate.py").read_bytes()
    key = hashlib.sha256(source).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / "pcplan-bench" / f"{count}-seed{SEED}-{key}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        partial = folder.with_name(folder.name + f".partial-{os.getpid()}")
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(count),
                str(partial),
                "--seed",
                str(SEED),
            ],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        (partial / ".complete").touch()
        os.replace(partial, folder)
    shutil.rmtree(folder / ".pcplan-cache", ignore_errors=True)
    shutil.rmtree(folder / "out", ignore_errors=True)
    return folder


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def median_time(action: Callable[[], object], runs: int) -> Timing:
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), _cpu()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return Timing(statistics.median(walls), statistics.median(cpus))


def run(*command: str, cwd: Path | None = None, expect: int = 0) -> Callable[[], None]:
    env = environment()

    def action() -> None:
        done = subprocess.run(
            list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        if done.returncode != expect:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr!r}")

    return action


def bare_parse(repo: Path) -> Callable[[], None]:
    import yaml

    files = sorted((repo / "records").glob("*.yaml"))

    def action() -> None:
        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

    return action


def floor_line(label: str, timing: Timing) -> None:
    print(f"{label:40} {timing.wall * 1000:8.0f} ms {timing.cpu * 1000:8.0f} ms")


def line(label: str, timing: Timing, floor: Timing, floor_name: str, target: float) -> None:
    ratio = timing.wall / floor.wall
    cpu_ratio = timing.cpu / floor.cpu if floor.cpu > 0 else float("nan")
    verdict = "meets" if ratio <= target else "misses"
    print(
        f"{label:40} {timing.wall * 1000:8.0f} ms {timing.cpu * 1000:8.0f} ms"
        f"  {ratio:6.2f}x {floor_name} (CPU {cpu_ratio:.2f}x): {verdict} <= {target:g}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--render-records", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--start-up",
        action="store_true",
        help="only the figures against python -c pass (the cold run is made, not timed)",
    )
    args = parser.parse_args()
    runs = args.runs

    compile_pcplan()
    big = corpus(args.records)
    n = args.records
    print(f"pcplan speed on {os.cpu_count()} cores; medians of wall-clock and CPU time")
    print(f"{'':40} {'wall':>11} {'CPU':>11}")

    cold = run(*PCPLAN, "validate", "--repo", str(big))
    if args.start_up:
        cold()
    else:
        parse = median_time(bare_parse(big), 1)
        floor_line(f"bare libyaml parse of {n} records", parse)
        uncached = run(*PCPLAN, "validate", "--no-cache", "--repo", str(big))
        line(f"validate {n} --no-cache", median_time(uncached, 1), parse, "the parse", 0.35)

        def cold_once() -> None:
            shutil.rmtree(big / ".pcplan-cache", ignore_errors=True)
            cold()

        cold_timing = median_time(cold_once, 1)
        line(f"validate {n}, cold (empty cache)", cold_timing, parse, "the parse", 0.35)

    warm = median_time(run(*PCPLAN, "validate", "--repo", str(big)), runs)
    one = median_time(run(*PCPLAN, "validate", "pupil-00042", "--repo", str(big)), runs)
    nothing = median_time(run(sys.executable, "-c", "pass"), runs)
    floor_line("python -c pass", nothing)
    line(f"validate {n}, nothing changed", warm, nothing, "python -c pass", 12)
    line(f"validate ONE of {n}, nothing changed", one, nothing, "python -c pass", 10)

    with tempfile.TemporaryDirectory() as folder:
        examples = Path(folder) / "examples"
        examples.mkdir()
        shutil.copy(PROJECT / "pcplan.yaml", examples)
        shutil.copytree(PROJECT / "records", examples / "records")
        # As in a school's repository, where the editor's check or the pre-commit hook has
        # run validate: the cache vouches for the record, and each log keeps it so.
        run(*PCPLAN, "validate", cwd=examples)()
        log = run(*PCPLAN, "log", "celine-m", "read-aloud", "Read aloud.", cwd=examples)
        line("log (one progress entry)", median_time(log, runs), nothing, "python -c pass", 10)
    helped = median_time(run(*PCPLAN, "--help"), runs)
    line("pcplan --help", helped, nothing, "python -c pass", 10)
    if args.start_up:
        return

    small = corpus(args.render_records)
    m = args.render_records
    render = run(*PCPLAN, "render", "all", "--repo", str(small))
    render()  # the first run writes every document
    small_parse = median_time(bare_parse(small), 3)
    floor_line(f"bare libyaml parse of {m} records", small_parse)
    line(
        f"render all {m}, nothing changed", median_time(render, runs), small_parse, "the parse", 0.3
    )


if __name__ == "__main__":
    main()
