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
    # An editor's hover shows a field's description; the model's class name as a title
    # only repeats ("Profile || Profile") or misleads (a pupil's year shown as "Pupil").
    if isinstance(node, dict):
        if isinstance(node.get("title"), str):
            node.pop("title")
        for value in node.values():
            _drop_titles(value)
    elif isinstance(node, list):
        for value in node:
            _drop_titles(value)


def _flatten_choices(node: Any) -> None:
    """A choice within a choice (a year group, or nothing) becomes one list of choices."""
    if isinstance(node, dict):
        options = node.get("anyOf")
        if isinstance(options, list):
            flat: list[Any] = []
            for option in options:
                if isinstance(option, dict) and isinstance(option.get("anyOf"), list):
                    flat.extend(option["anyOf"])
                    for key, value in option.items():
                        if key != "anyOf":
                            node.setdefault(key, value)
                else:
                    flat.append(option)
            node["anyOf"] = flat
        for value in node.values():
            _flatten_choices(value)
    elif isinstance(node, list):
        for value in node:
            _flatten_choices(value)


def _set_title(node: dict[str, Any], title: str) -> None:
    # A choice of types (a number or a numeric string) is titled on its first choice only:
    # yaml-language-server repeats a title once for every choice that carries or inherits it.
    choices = node.get("anyOf")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        _set_title(choices[0], title)
    else:
        node["title"] = title


def _field_titles(node: Any) -> None:
    """Give every field a title in words ("Year group"): the heading of an editor's hover."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for name, prop in props.items():
                if not isinstance(prop, dict):
                    continue
                # On an optional field, the title goes on the branch that is not `null`:
                # yaml-language-server shows a wrapper's title once for every branch.
                options = prop.get("anyOf")
                target = prop
                if isinstance(options, list) and _NULL in options:
                    target = next(o for o in options if o != _NULL)
                _set_title(target, name.replace("_", " ").capitalize())
        for value in node.values():
            _field_titles(value)
    elif isinstance(node, list):
        for value in node:
            _field_titles(value)


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a record file."""
    from pcplan.models.record import Record

    schema = Record.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    definitions = schema.pop("$defs", {})
    _drop_titles(schema)
    _drop_titles(definitions)
    _allow_null_when_optional(schema)
    _allow_null_when_optional(definitions)
    _flatten_choices(schema)
    _flatten_choices(definitions)
    _field_titles(schema)
    _field_titles(definitions)
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
