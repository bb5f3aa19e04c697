"""Random and mutated YAML never produces a traceback: only diagnostics."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT
from pcplan.loading.records import load_record

EXAMPLE = (PROJECT / "records" / "celine-m.yaml").read_bytes()
TODAY = date(2026, 11, 22)
YAMLISH = st.text(
    alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#\n\t %@`,?<=0129")), max_size=200
)


def load_bytes(tmp: Path, raw: bytes) -> None:
    path = tmp / "celine-m.yaml"
    path.write_bytes(raw)
    loaded, problems = load_record(path, "celine-m.yaml", TODAY)
    assert loaded is not None or problems
    for d in problems:
        assert d.line >= 0 and d.column >= 0 and d.message


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=YAMLISH)
def test_random_yaml(tmp_path: Path, text: str) -> None:
    load_bytes(tmp_path, text.encode("utf-8"))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(min_value=0, max_value=len(EXAMPLE)),
    length=st.integers(min_value=0, max_value=40),
    insert=st.binary(max_size=12) | YAMLISH.map(lambda s: s.encode()),
)
def test_mutated_example_record(tmp_path: Path, cut: int, length: int, insert: bytes) -> None:
    load_bytes(tmp_path, EXAMPLE[:cut] + insert + EXAMPLE[cut + length :])


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=4))
def test_example_with_lines_deleted(tmp_path: Path, lines: list[int]) -> None:
    kept = [ln for i, ln in enumerate(EXAMPLE.splitlines(keepends=True)) if i not in lines]
    load_bytes(tmp_path, b"".join(kept))
