"""The views' JSON is exactly what ``json.dumps(..., indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcplan.jsontext import dumps

plain = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    plain,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(values)
def test_the_text_is_the_standard_library_s(value: Any) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize(
    "value",
    [
        {"rows": [{"a": 1, "b": 'é\n"<', "c": None, "d": 1.5, "e": True}, {}], "n": []},
        {1: "a key that is a number", "x": [[], {}]},
        ("a", ["b", {"c": ("d",)}]),
        "\u2028 text alone",
    ],
)
def test_nesting_empty_containers_and_odd_keys(value: Any) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_what_json_cannot_hold_is_refused_as_json_refuses_it() -> None:
    from decimal import Decimal

    with pytest.raises(TypeError):
        dumps({"rows": [{"cost": Decimal("1.00")}]})
