"""The wheel carries the built-in templates: installed into a fresh virtual environment,
outside the source tree, it renders the same documents."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from renderkit import GOLDEN_DIR, GOLDEN_PUPIL, GOLDEN_REPO, PROJECT

from conftest import TODAY


def test_an_installed_wheel_renders_the_golden_documents(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PCPLAN_REPO", "PCPLAN_TODAY")}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(PROJECT), "--no-deps", "-q",
         "--disable-pip-version-check", "-w", str(tmp_path / "dist")],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("pcplan-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    where = subprocess.run(
        [str(python), "-c", "import pcplan.render.environment as e; "
         "print(e.builtin_templates_dir())"],
        check=True, capture_output=True, text=True, cwd=tmp_path, env=env,
    ).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(venv), where

    pcplan = venv / "bin" / "pcplan"
    for kind in ("profile", "plan"):
        for fmt in ("html", "md"):
            done = subprocess.run(
                [str(pcplan), "render", kind, GOLDEN_PUPIL, "--repo", str(GOLDEN_REPO),
                 "--today", TODAY, "--format", fmt, "-o", "-"],
                check=True, capture_output=True, cwd=tmp_path, env=env,
            )  # fmt: skip
            assert done.stdout == (GOLDEN_DIR / f"{GOLDEN_PUPIL}-{kind}.{fmt}").read_bytes()

    # pcplan's own examples: their templates/ folder holds copies of the built-ins.
    made = subprocess.run(
        [str(pcplan), "render", "all", "--repo", str(PROJECT), "--today", TODAY,
         "-o", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "out" / "index.html").is_file()
