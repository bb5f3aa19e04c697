"""How much more a Word document costs than the same document in HTML.

Usage::

    python benchmarks/word_bench.py [DIR] [--runs N]

DIR is a records repository (default: the example records). Prints, from one run:

- ``pcplan render profile PUPIL`` as a teacher runs it, in HTML and in Word (the median of
  N runs of each, a new process each time, start-up and imports included), and their ratio;
- in one process, with everything imported, the time per document of every pupil's
  profile and plan in HTML, in Word, and in Word in the pupil's easy-read version, each
  as a ratio to HTML.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = "2026-11-22"
EXAMPLES = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path, nargs="?", default=EXAMPLES)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from pcplan.loading.records import load_repository
    from pcplan.loading.repo import find_repository
    from pcplan.render.documents import KINDS, Renderer

    repository = find_repository(args.repo)
    day = date.fromisoformat(TODAY)
    records = load_repository(repository, day).records
    pupil = records[0].pupil_id

    with tempfile.TemporaryDirectory() as out:
        medians = {}
        for fmt in ("html", "docx"):
            command = [sys.executable, "-m", "pcplan", "render", "profile", pupil,
                       "--repo", str(args.repo), "--today", TODAY, "--format", fmt,
                       "-o", f"{out}/profile.{fmt}"]  # fmt: skip
            medians[fmt] = statistics.median(timed(command) for _ in range(args.runs))
    print(f"pcplan render profile {pupil} (a new process, median of {args.runs})")
    print(f"  html {medians['html'] * 1000:7.0f} ms")
    ratio = medians["docx"] / medians["html"]
    print(f"  docx {medians['docx'] * 1000:7.0f} ms  {ratio:5.2f}x html")

    renderer = Renderer(repository, day)
    cases = (("html", "staff"), ("docx", "staff"), ("docx", "pupil"))
    for fmt, audience in cases:  # once first, so templates are compiled and imports done
        for loaded in records:
            renderer.document_file("profile", loaded, fmt, audience=audience)  # type: ignore[arg-type]
    per_document = {}
    for fmt, audience in cases:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            for loaded in records:
                for kind in KINDS:
                    renderer.document_file(kind, loaded, fmt, audience=audience)  # type: ignore[arg-type]
            times.append((time.perf_counter() - start) / (len(records) * len(KINDS)))
        per_document[(fmt, audience)] = statistics.median(times)
    html = per_document[("html", "staff")]
    print(f"{len(records)} pupils' profiles and plans, in one process (per document)")
    for (fmt, audience), seconds in per_document.items():
        print(f"  {fmt:4} {audience:5} {seconds * 1000:7.1f} ms  {seconds / html:6.1f}x html")


if __name__ == "__main__":
    main()
