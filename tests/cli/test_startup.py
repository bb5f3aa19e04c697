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


def _modules_after(args: list[str], cwd: str) -> set[str]:
    """The modules imported by ``pcplan ARGS``, run in a fresh interpreter."""
    code = (
        "import os, sys\n"
        f"sys.argv = ['pcplan', *{args!r}]\n"
        "os._exit = sys.exit  # a quick command's end, without teardown: seen here\n"
        "from pcplan.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('MODULES', ','.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    return set(result.stdout.strip().splitlines()[-1].removeprefix("MODULES ").split(","))


def test_a_spreadsheet_view_imports_no_template_machinery() -> None:
    from conftest import PROJECT, TODAY

    for fmt in ("csv", "json"):
        args = ["register", "--format", fmt, "-o", "-", "--today", TODAY, "--no-cache"]
        modules = _modules_after(args, str(PROJECT))
        assert "pcplan.cohort.load" in modules  # the command ran
        assert not {"jinja2", "xlsxwriter", "docx", "pcplan.render.documents"} & modules


def test_a_run_builds_only_the_command_it_names() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['pcplan', *sys.argv[1:]]\n"
        "from pcplan.cli import main\n"
        "from pcplan.cli.app import app\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('BUILT', len(app.registered_commands), len(app.registered_groups))\n"
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
        )

    one = run("log", "--help")
    assert "Usage: pcplan log [OPTIONS]" in one.stdout
    assert one.stdout.strip().splitlines()[-1] == "BUILT 1 0"
    group = run("render", "--help")
    assert "profile" in group.stdout and group.stdout.strip().splitlines()[-1] == "BUILT 0 1"
    typo = run("lgo")  # no such command: every command is built, to suggest the nearest
    assert "Did you mean 'log'?" in typo.stderr
    assert int(typo.stdout.split()[-2]) > 10
