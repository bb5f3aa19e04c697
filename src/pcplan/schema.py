"""The JSON Schema of a record, generated from the models, for editors.

Draft-07, so that VS Code's YAML extension and check-jsonschema read it; deterministic, so
that the copy committed beside the records can be checked for staleness.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://pcplan.invalid/schema/record-v1.json"
_NULL = {"type": "null"}


def _allow_null_when_optional(node: Any) -> None:
    """Optional keys may be left empty (`known_as:`); pcplan reads that as absent."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            required = set(node.get("required", []))
            for name, prop in props.items():
                if name in required or not isinstance(prop, dict):
                    continue
                options = prop.get("anyOf")
                if isinstance(options, list) and _NULL in options:
                    continue
                inner = {
                    k: v for k, v in prop.items() if k not in ("description", "title", "default")
                }
                outer = {k: prop[k] for k in ("description", "default") if k in prop}
                prop.clear()
                prop.update({"anyOf": [inner, _NULL], **outer})
        for value in node.values():
            _allow_null_when_optional(value)
    elif isinstance(node, list):
        for value in node:
            _allow_null_when_optional(value)


def _drop_titles(node: Any) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("title"), str) and "properties" not in node:
            node.pop("title")
        for value in node.values():
            _drop_titles(value)
    elif isinstance(node, list):
        for value in node:
            _drop_titles(value)


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a record file."""
    from pcplan.models.record import Record

    schema = Record.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    definitions = schema.pop("$defs", {})
    _drop_titles(schema)
    _drop_titles(definitions)
    _allow_null_when_optional(schema)
    _allow_null_when_optional(definitions)
    out: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "pcplan pupil record (format version 1)",
    }
    out.update(schema)
    out["title"] = "pcplan pupil record (format version 1)"
    out["definitions"] = dict(sorted(definitions.items()))
    return out


def record_schema_text() -> str:
    """The schema as the exact text written to files (UTF-8, final newline)."""
    return json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n"
