"""The editor schema as a teacher meets it: records opened in the real yaml-language-server
(what VS Code's YAML extension runs), its diagnostics and its hovers."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import PROJECT

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(PROJECT / "tests" / "render"))

from lspclient import SERVER, YamlLanguageServer
from renderkit import need_tool

MODELINE = "# yaml-language-server: $schema=../pcplan-record.schema.json\n"


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[YamlLanguageServer, Path]]:
    need_tool(SERVER.is_file() and shutil.which("node") is not None, "yaml-language-server (npm)")
    root = tmp_path_factory.mktemp("school")
    shutil.copy(PROJECT / "pcplan-record.schema.json", root)
    shutil.copytree(PROJECT / "records", root / "records")
    server = YamlLanguageServer(root)
    try:
        yield server, root
    finally:
        server.close()


def _opened(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text if "$schema=" in text else MODELINE + text


def test_every_example_record_is_clean_in_the_editor(
    editor: tuple[YamlLanguageServer, Path],
) -> None:
    server, root = editor
    for path in sorted((root / "records").glob("*.yaml")):
        assert server.diagnostics(path, _opened(path)) == [], path.name


def test_mistakes_read_as_pcplan_says_them(editor: tuple[YamlLanguageServer, Path]) -> None:
    server, root = editor
    path = root / "records" / "sam-lee.yaml"
    text = (
        MODELINE
        + "schema_version: 1\n"
        + "pupil:\n  id: sam-lee\n  name: Sam Lee\n"
        + "  date_of_birth: 07/09/2015\n"
        + "  year_group: Year 4\n"
        + "  sen_status: K\n  needs: {primary: SLCN}\n"
    )
    found = {d["range"]["start"]["line"]: d["message"] for d in server.diagnostics(path, text)}
    assert found == {
        5: "write the date as YYYY-MM-DD, e.g. 2027-03-14",
        6: "write N1, N2, R or a year from 1 to 14 (e.g. 9), without 'Year'",
    }


def test_hovers_name_the_field_once_and_explain_it(
    editor: tuple[YamlLanguageServer, Path],
) -> None:
    server, root = editor
    path = root / "records" / "celine-m.yaml"
    text = _opened(path)
    server.diagnostics(path, text)
    lines = text.splitlines()
    seen = 0
    for number, line in enumerate(lines):
        stripped = line.lstrip()
        if ":" not in stripped or stripped.startswith("#"):
            continue
        column = len(line) - len(stripped) + (2 if stripped.startswith("- ") else 0)
        hover = server.hover(path, number, column)
        if not hover:
            continue
        seen += 1
        heading = hover.splitlines()[0]
        assert "||" not in heading, (number, line)
        assert (heading.startswith("#### ") and heading != "#### Pupil") or "pupil:" in line
    assert seen > 100
    year = next(i for i, line in enumerate(lines) if "year_group:" in line)
    hover = server.hover(path, year, 3)
    assert hover.startswith("#### Year group\n")
    assert "worked out from the date of birth" in hover
    allowed = [line[3:-1] for line in hover.splitlines() if line.startswith("* `")]
    assert sorted(allowed) == sorted(["N1", "N2", "R", *(str(n) for n in range(1, 15))])
