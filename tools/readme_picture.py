"""Make docs/easy-read-profile.png: a pupil's easy-read profile beside the staff version.

    .venv/bin/python tools/readme_picture.py [PUPIL]

Renders the example pupil's one-page profile for staff and for the pupil (with the same
--today as the tests), lays the two side by side, and takes a screenshot in headless
Chromium. Nothing is fetched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-22"
WIDTH, HEIGHT = 1560, 1900

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Two versions of one profile</title>
<style>
body {{ margin: 0; padding: 14px; display: flex; gap: 14px; background: #ecebe6;
  font: 15px "Liberation Sans", sans-serif; }}
figure {{ margin: 0; flex: 1; }}
figcaption {{ font-weight: 700; padding: 0 0 6px; color: #1d2731; }}
iframe {{ border: 1px solid #c9cfd6; width: 100%; height: {frame}px; background: #fff; }}
</style></head><body>
<figure><figcaption>The pupil's copy: pcplan render profile {pupil} --audience pupil</figcaption>
<iframe src="pupil.html"></iframe></figure>
<figure><figcaption>The staff copy: pcplan render profile {pupil}</figcaption>
<iframe src="staff.html"></iframe></figure>
</body></html>
"""


def main(pupil: str) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for audience in ("staff", "pupil"):
            subprocess.run(
                [sys.executable, "-m", "pcplan", "render", "profile", pupil, "--repo",
                 str(PROJECT), "--today", TODAY, "--audience", audience,
                 "-o", str(folder / f"{audience}.html")],
                check=True, capture_output=True,
            )  # fmt: skip
        (folder / "side.html").write_text(
            PAGE.format(pupil=pupil, frame=HEIGHT - 60), encoding="utf-8"
        )
        target = PROJECT / "docs" / "easy-read-profile.png"
        target.parent.mkdir(exist_ok=True)
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={folder / 'profile'}", "--hide-scrollbars",
             f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={target}",
             "--virtual-time-budget=5000",
             (folder / "side.html").as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        print(f"Wrote {target.relative_to(PROJECT)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "maisie-kowalczyk")
