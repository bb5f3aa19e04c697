"""How much more `pcplan import` costs than `pcplan validate`, on the same records.

Usage::

    python benchmarks/import_bench.py [N] [--runs R]

Generates N records (benchmarks/generate.py) and an MIS export of the same N pupils, as
SIMS writes it (a byte-order mark, DD/MM/YYYY dates, statuses in words). The export has a
UPN for every pupil, so every record without one gets it (about half); one pupil in ten
has moved from SEN support to an EHC plan, and one in ten with a recorded year group has
moved up a year. Then it times, as a teacher runs them, `pcplan validate` (reading every
record, and with its cache up to date), the first `pcplan import` (on a fresh copy each
run), `--dry-run`, and an import that finds nothing to change.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import upn_for  # noqa: E402

TODAY = "2026-11-22"
HEADERS = [
    "UPN",
    "Legal Surname",
    "Legal Forename",
    "Date of Birth",
    "Year",
    "SEN Status",
    "SEN Need 1",
    "SEN Need 2",
]
WORDS = {"E": "EHC Plan", "K": "SEN Support", "N": ""}


def write_export(repo: Path, export: Path) -> tuple[int, int]:
    """The MIS export of the records in ``repo``; returns (status changes, year changes)."""
    from pcplan.loading.records import load_repository
    from pcplan.loading.repo import find_repository
    from pcplan.schoolyear import year_group

    today = date.fromisoformat(TODAY)
    rng = random.Random(2026)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    moved = upgraded = 0
    records = load_repository(find_repository(repo), today).records
    # Generated names repeat; a pupil with neither a UPN nor a date of birth in the record
    # is matched by name alone, which is ambiguous when another has the same name. Such
    # records are given their UPN first, as a school would before importing.
    names = Counter(r.record.pupil.name for r in records)
    for index, loaded in enumerate(records, 1):
        pupil = loaded.record.pupil
        upn = pupil.upn or upn_for(
            100_000 + index, (pupil.date_of_birth or date(2010, 1, 1)).year + 5
        )
        if names[pupil.name] > 1 and pupil.upn is None and pupil.date_of_birth is None:
            text = loaded.path.read_text(encoding="utf-8")
            text = text.replace("\n  sen_status: ", f"\n  upn: {upn}\n  sen_status: ", 1)
            loaded.path.write_text(text, encoding="utf-8")
        forename, _, surname = pupil.name.rpartition(" ")
        status = pupil.sen_status
        if status == "K" and rng.random() < 0.1:
            status, upgraded = "E", upgraded + 1
        year = year_group(pupil, today)
        recorded = pupil.year_group
        if recorded and recorded.isdigit() and int(recorded) < 13 and rng.random() < 0.1:
            year, moved = str(int(recorded) + 1), moved + 1
        needs = pupil.needs
        writer.writerow(
            [
                upn,
                surname,
                forename,
                pupil.date_of_birth.strftime("%d/%m/%Y") if pupil.date_of_birth else "",
                "Reception" if year == "R" else f"Year {year}" if year else "",
                WORDS[status],
                needs.primary if needs and needs.primary else "",
                needs.secondary[0] if needs and needs.secondary else "",
            ]
        )
    export.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return upgraded, moved


def timed(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pcplan = [sys.executable, "-m", "pcplan"]
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "school"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(args.count), str(base)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        export = Path(folder) / "export.csv"
        upgraded, moved = write_export(base, export)
        exported = sum(1 for _ in export.open(encoding="utf-8-sig")) - 1
        print(
            f"{args.count} records, {exported} rows in the export, which moves {upgraded} to an "
            f"EHC plan and {moved} up a year, and gives a UPN to every record without one"
        )
        options = ["--repo", str(base), "--today", TODAY]
        # validate keeps a cache of what it found and reads only records that changed;
        # import reads every record, so it is set against validate reading every record too.
        cold = [timed([*pcplan, "validate", "--no-cache", *options])[0] for _ in range(args.runs)]
        validate = [timed([*pcplan, "validate", *options])[0] for _ in range(args.runs)]
        first = []
        for n in range(args.runs):
            copy = Path(folder) / f"copy-{n}"
            shutil.copytree(base, copy)
            seconds, code = timed(
                [*pcplan, "import", str(export), "--repo", str(copy), "--today", TODAY]
            )
            if code != 0:
                raise SystemExit(f"pcplan import failed with exit code {code}")
            first.append(seconds)
        again_repo = Path(folder) / "copy-0"
        again = [
            timed([*pcplan, "import", str(export), "--repo", str(again_repo), "--today", TODAY])[0]
            for _ in range(args.runs)
        ]
        dry = [
            timed([*pcplan, "import", str(export), "--dry-run", *options])[0]
            for _ in range(args.runs)
        ]
    v = statistics.median(cold)
    rows = {
        "validate --no-cache": v,
        "validate (cache up to date)": statistics.median(validate),
        "import (first: writes records)": statistics.median(first),
        "import --dry-run": statistics.median(dry),
        "import (nothing to change)": statistics.median(again),
    }
    for label, seconds in rows.items():
        print(f"{label:32} {seconds:6.2f} s  {seconds / v:4.2f}x validate --no-cache")


if __name__ == "__main__":
    main()
