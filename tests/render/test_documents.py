"""The Renderer: one environment per format for the whole run, each template compiled once."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from renderkit import PROJECT

from conftest import TODAY
from pcplan.loading.records import load_repository
from pcplan.loading.repo import find_repository
from pcplan.render.documents import Renderer, render_batch


def test_each_template_compiles_once_per_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pcplan.render.environment import DocumentSandbox

    compiled: list[str | None] = []
    original = DocumentSandbox._parse

    def counting(self: Any, source: str, name: str | None, filename: str | None) -> Any:
        compiled.append(name)
        return original(self, source, name, filename)

    monkeypatch.setattr(DocumentSandbox, "_parse", counting)
    repository = find_repository(PROJECT)
    day = date.fromisoformat(TODAY)
    result = load_repository(repository, day)
    renderer = Renderer(repository, day)
    for fmt in ("html", "md"):
        batch = render_batch(renderer, result, fmt, tmp_path, report=lambda d: None)
        assert batch.pupils == len(result.records) > 1
    assert len(compiled) == len(set(compiled)), compiled
    assert {"profile.html.j2", "plan.md.j2", "index.html.j2"} <= set(compiled)
