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
