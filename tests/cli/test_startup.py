"""`pcplan --help` starts fast: it must not import pydantic, jinja2 or yaml."""

from __future__ import annotations

import subprocess
import sys


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['pcplan', '--help']\n"
        "from pcplan.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('pydantic', 'jinja2', 'yaml', 'rich') if m in sys.modules)\n"
        "print('HEAVY', ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "Usage: pcplan" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "HEAVY"
