"""How much more `render all` costs than `validate`, on the same records.

Usage::

    python benchmarks/render_bench.py DIR [--runs N]

DIR is a records repository, e.g. one made by ``benchmarks/generate.py 1000 DIR``. Runs
``pcplan validate`` and ``pcplan render all`` (HTML, then Markdown, into a temporary
folder) as a teacher would, each N times, and prints the medians; then the stages of one
in-process run: loading and checking, rendering, writing.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = "2026-11-22"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pcplan = [sys.executable, "-m", "pcplan"]
    repo = ["--repo", str(args.repo), "--today", TODAY]
    with tempfile.TemporaryDirectory() as out:
        rows = {
            "validate": [*pcplan, "validate", *repo],
            "render all (html)": [*pcplan, "render", "all", *repo, "-o", f"{out}/html"],
            "render all, nothing changed": [*pcplan, "render", "all", *repo, "-o", f"{out}/html"],
            "render all (md)": [
                *pcplan,
                "render",
                "all",
                *repo,
                "--format",
                "md",
                "-o",
                f"{out}/md",
            ],
        }
        for label, command in rows.items():
            if label == "render all (html)":
                times = []
                for _ in range(args.runs):
                    subprocess.run(["rm", "-rf", f"{out}/html"], check=True)
                    times.append(timed(command))
            else:
                times = [timed(command) for _ in range(args.runs)]
            print(f"{label:30} {statistics.median(times):7.2f} s")

    from pcplan.loading.records import load_repository
    from pcplan.loading.repo import find_repository
    from pcplan.render.documents import KINDS, Renderer, render_batch

    repository = find_repository(args.repo)
    day = date.fromisoformat(TODAY)
    start = time.perf_counter()
    result = load_repository(repository, day)
    loaded = time.perf_counter()
    renderer = Renderer(repository, day)
    gc.freeze()  # as render_batch does
    for record in result.records:
        for kind in KINDS:
            renderer.document(kind, record, "html")
    rendered = time.perf_counter()
    gc.unfreeze()
    with tempfile.TemporaryDirectory() as out:
        render_batch(renderer, result, "html", Path(out), report=lambda d: None)
    written = time.perf_counter()
    print(f"\nIn process, {len(result.records)} records:")
    print(f"  load and check      {loaded - start:7.2f} s")
    print(f"  render (html, both) {rendered - loaded:7.2f} s")
    print(f"  render and write    {written - rendered:7.2f} s  (new files)")


if __name__ == "__main__":
    main()
