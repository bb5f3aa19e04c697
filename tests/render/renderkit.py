"""Helpers shared by the rendering tests (not a conftest: the root conftest stays shared)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

PROJECT = Path(__file__).resolve().parents[2]
GOLDEN_REPO = PROJECT / "tests" / "fixtures" / "golden"
GOLDEN_DIR = PROJECT / "tests" / "golden"
BROWSER_TOOLS = PROJECT / "tools" / "browser"
GOLDEN_PUPIL = "alex-example"


def markdown_parser() -> MarkdownIt:
    """CommonMark with GFM tables, as a git host reads it."""
    return MarkdownIt("commonmark").enable("table")


def inline_text(children: list[Any]) -> str:
    """The text an inline token shows, with line breaks as newlines."""
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and child.content == "<br>"
        ):
            out.append("\n")
        elif child.children:
            out.append(inline_text(child.children))
    return "".join(out)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def need_tool(available: bool, what: str) -> None:
    """Skip a test whose tool is missing, except in CI, where that is a failure."""
    if available:
        return
    message = f"{what} is not installed (make browser-tools installs it)"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def chromium() -> str | None:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    return found if found and Path(found).is_file() else None


def node_modules_ready() -> bool:
    modules = BROWSER_TOOLS / "node_modules"
    return all(
        (modules / name).is_dir() for name in ("axe-core", "playwright-core", "vnu-jar")
    ) and bool(shutil.which("node"))


def vnu_jar() -> Path:
    return BROWSER_TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def browser_check(root: Path, checked: list[str], printed: list[str], pdfs: Path) -> dict[str, Any]:
    """axe-core over every file under ``root`` in one Chromium session, and ``printed`` also
    printed to A4 PDFs in ``pdfs``: each file's result by its path relative to ``root``."""
    import json
    import subprocess

    need_tool(chromium() is not None, "Chromium")
    need_tool(node_modules_ready(), "Node with the packages of tools/browser")
    done = subprocess.run(
        ["node", str(BROWSER_TOOLS / "check.mjs"), "--pdf", str(pdfs), *checked,
         "--print", *printed],
        cwd=root, capture_output=True, text=True, timeout=300,
        env={**os.environ, "CHROMIUM": chromium() or ""},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return {
        Path(entry["file"]).relative_to(root.resolve()).as_posix(): entry
        for entry in json.loads(done.stdout)["files"]
    }


def nu_check_errors(files: list[Path]) -> list[Any]:
    """The Nu HTML checker's errors over ``files`` (empty when all are valid)."""
    import json
    import subprocess

    need_tool(shutil.which("java") is not None, "Java")
    need_tool(vnu_jar().is_file(), "the Nu HTML checker (npm vnu-jar)")
    done = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages: list[Any] = json.loads(done.stderr or '{"messages": []}')["messages"]
    if not messages:
        assert done.returncode == 0, done.stderr[-2000:]
    return messages


def pdf_pages(pdf: Path) -> tuple[int, str]:
    """How many pages a PDF has, and its page size as pdfinfo names it."""
    import re
    import subprocess

    need_tool(shutil.which("pdfinfo") is not None, "pdfinfo (poppler-utils)")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    size = re.search(r"^Page size:\s+(.*)$", info, re.MULTILINE)
    assert pages is not None and size is not None, info
    return int(pages.group(1)), size.group(1)
