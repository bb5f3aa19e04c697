"""No pydantic plugin ever sees a pupil's record, whatever else is installed beside pcplan."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT


def test_an_installed_pydantic_plugin_is_never_loaded(tmp_path: Path) -> None:
    # A package that declares a pydantic plugin, as a tracing tool does.
    (tmp_path / "spy_plugin.py").write_text(
        "import pathlib, os\n"
        "pathlib.Path(os.environ['SPY_MARK']).write_text('loaded')\n"
        "class Plugin:\n"
        "    def new_schema_validator(self, *args, **kwargs):\n"
        "        return None, None, None\n"
        "plugin = Plugin()\n",
        encoding="utf-8",
    )
    info = tmp_path / "spy_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[pydantic]\nspy = spy_plugin:plugin\n", encoding="utf-8"
    )
    mark = tmp_path / "mark"
    code = (
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from importlib.metadata import entry_points\n"
        "assert [e.name for e in entry_points(group='pydantic')] == ['spy']\n"
        "from pcplan.loading.records import load_record\n"
        f"loaded, problems = load_record(Path({str(PROJECT / 'records/celine-m.yaml')!r}),"
        " 'celine-m.yaml', date(2026, 11, 22))\n"
        "assert loaded is not None\n"
        "import sys\n"
        "print('SPY' if 'spy_plugin' in sys.modules else 'CLEAN')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "SPY_MARK": str(mark)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "CLEAN"
    assert not mark.exists()
