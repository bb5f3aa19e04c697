"""Pydantic's validation errors, turned into plain words at a position in the file.

Wording is keyed on the error *type* (``missing``, ``extra_forbidden``, ``literal_error``…),
never on pydantic's English. Values from the record are echoed only where they are short
codes, dates or numbers, and then cut short: free text about a pupil is never repeated.
"""

from __future__ import annotations

import difflib
import types
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails, ValidationError

from pcplan.diagnostics.core import (
    MAX_PROBLEMS_PER_FILE,
    Diagnostic,
    Path,
    looks_like_key,
    more_problems,
    quoted_or_this,
)
from pcplan.english_dates import iso_suggestion

# What to write for a required field a teacher has left out.
MISSING_HINTS: dict[str, str] = {
    "schema_version": "add 'schema_version: 1' at the top of the file",
    "pupil": "add a 'pupil:' section with id, name and sen_status",
    "id": "add a short id of lower-case letters, digits and '-', e.g. 'id: read-aloud'",
    "name": "add the full name, e.g. 'name: Celine Martin'",
    "sen_status": "add 'sen_status:' with E (EHC plan), K (SEN support) or N (no SEN)",
    "text": "add 'text:' with the words themselves",
    "area": "add 'area:' with the subject or part of school life, e.g. 'area: English'",
    "date": "add 'date:' as YYYY-MM-DD",
    "note": "add 'note:' saying what happened",
    "what": "add 'what:' saying what will be done",
    "who": "add 'who:' saying who will do it",
    "by": "add 'by:' with the date it should be done by, as YYYY-MM-DD",
    "goal": "add 'goal:' with the id of one of this record's goals",
    "step": "add 'step:' saying what the step is",
    "role": "add 'role:', e.g. Mum, Form tutor, Speech and language therapist",
    "amount": "add 'amount:' in pounds, e.g. 12.50",
    "per": "add 'per:' with session, week, term, year or once",
    "start": "add 'start:' as YYYY-MM-DD",
    "end": "add 'end:' as YYYY-MM-DD",
}

_KIND_WORDS = {
    "str": "text",
    "dict": "a set of 'key: value' lines",
    "list": "a list (one '- ' item per line)",
    "NoneType": "nothing",
}


def _kind(value: Any) -> str:
    return _KIND_WORDS.get(type(value).__name__, type(value).__name__)


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[Path, Any, bool]:
    """Map pydantic's ``loc`` onto the record's own keys and indexes.

    Union tags and validator names appear in ``loc`` but not in the data: skip them.
    Returns the path, the value found there, and whether the path exists in the data.
    """
    path: list[str | int] = []
    current = data
    found = True
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict) and isinstance(part, str):
            if part in current:
                current = current[part]
                path.append(part)
            elif last:
                path.append(part)
                found = False
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            path.append(part)
    return tuple(path), current, found


def _unwrap_models(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (through lists, unions and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_models(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        out: list[type[BaseModel]] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap_models(arg))
        return out
    return []


@cache
def _child_model(model: type[BaseModel], field: str) -> type[BaseModel] | None:
    info = model.model_fields.get(field)
    if info is None:
        return None
    models = _unwrap_models(info.annotation)
    return models[0] if models else None


def model_at(root: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path``."""
    model: type[BaseModel] | None = root
    for part in path:
        if model is None:
            return None
        if isinstance(part, str):
            model = _child_model(model, part)
    return model


def _section_of(root: type[BaseModel], path: Path) -> str | None:
    """For a top-level key that is a field of one section (``known_as`` moved out of
    ``pupil:``), that section's name."""
    if len(path) != 1 or not isinstance(path[0], str):
        return None
    homes = [
        name
        for name in root.model_fields
        if (child := _child_model(root, name)) is not None and path[0] in child.model_fields
    ]
    return homes[0] if len(homes) == 1 else None


def describe(error: ErrorDetails, data: Any, root: type[BaseModel]) -> tuple[Path, str, str, bool]:
    """Plain words for one error: (path, message, code, path points at a key)."""
    path, value, found = _data_path(data, tuple(error["loc"]))
    kind = error["type"]
    ctx = error.get("ctx") or {}
    field = next((p for p in reversed(path) if isinstance(p, str)), "")

    if kind == "missing":
        hint = MISSING_HINTS.get(field, f"add '{field}:'")
        if found:  # the key is there but empty
            return path, f"'{field}' is empty; it is required: {hint}", "missing", False
        return path, f"'{field}' is required here: {hint}", "missing", False
    if kind == "extra_forbidden":
        if not looks_like_key(field):
            return (
                path,
                "a line here reads as a key: if it is text, put it under the right field, "
                "in quotes",
                "unknown-key",
                True,
            )
        section = _section_of(root, path)
        if section is not None:
            return (
                path,
                f"'{field}' is not a top-level key; it belongs under '{section}:' (indent it "
                f"to line up with the other {section} fields)",
                "unknown-key",
                True,
            )
        model = model_at(root, path[:-1])
        allowed = sorted(model.model_fields) if model else []
        key = field
        close = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        if close:
            return path, f"unknown key '{key}': did you mean '{close[0]}'?", "unknown-key", True
        listing = ", ".join(allowed)
        return (
            path,
            f"unknown key '{key}'; the keys allowed here are: {listing}",
            "unknown-key",
            True,
        )
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        options = [o.strip() for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        also = f" (did you mean '{close[0]}'?)" if close else ""
        return (
            path,
            f"{quoted_or_this(value)} is not allowed here{also}; write one of: "
            + ", ".join(options),
            "not-allowed",
            False,
        )
    if kind == "choice":
        return (
            path,
            f"{quoted_or_this(value)} is not allowed here; {error['msg']}",
            "not-allowed",
            False,
        )
    if kind == "date_not_real":
        return (
            path,
            f"{quoted_or_this(value)} is not a real date (check the day and month); "
            "write it as YYYY-MM-DD",
            "bad-date",
            False,
        )
    if kind == "date_format":
        shown = quoted_or_this(value) if isinstance(value, str) else _kind(value)
        suggestion = iso_suggestion(value) if isinstance(value, str) else ""
        return (
            path,
            f"{shown} is not a date; write the date as YYYY-MM-DD"
            + (suggestion or ", e.g. 2027-03-14"),
            "bad-date",
            False,
        )
    if kind in ("string_type", "str_type"):
        return path, f"expected text here, found {_kind(value)}", "wrong-type", False
    if kind == "list_type":
        return (
            path,
            f"expected a list here (one '- ' item per line), found {_kind(value)}",
            "wrong-type",
            False,
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            path,
            f"expected a set of 'key: value' lines here, found {_kind(value)}",
            "wrong-type",
            False,
        )
    if kind == "string_too_short":
        return path, "this is empty; write something here or remove the line", "empty", False
    if kind == "string_too_long":
        return (
            path,
            f"this text is too long (at most {ctx.get('max_length')} characters)",
            "too-long",
            False,
        )
    if kind == "too_long":
        return (
            path,
            f"this list is too long (at most {ctx.get('max_length')} items)",
            "too-long",
            False,
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return (
            path,
            f"{quoted_or_this(value)} is not a whole number; write digits only, e.g. 3",
            "not-a-number",
            False,
        )
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        if isinstance(value, str) and value.strip().startswith("£"):
            return (
                path,
                "write the amount without the £ sign, in pounds, e.g. 12.50",
                "not-a-number",
                False,
            )
        return (
            path,
            f"{quoted_or_this(value)} is not a number; write digits, e.g. 2 or 12.50",
            "not-a-number",
            False,
        )
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limits = {
            "greater_than": f"more than {ctx.get('gt')}",
            "greater_than_equal": f"at least {ctx.get('ge')}",
            "less_than": f"less than {ctx.get('lt')}",
            "less_than_equal": f"at most {ctx.get('le')}",
        }
        return (
            path,
            f"{quoted_or_this(value)} is out of range; it must be {limits[kind]}",
            "out-of-range",
            False,
        )
    if kind in ("decimal_max_places", "decimal_max_digits", "decimal_whole_digits"):
        return (
            path,
            "write an amount in pounds with at most 2 decimal places, e.g. 12.50",
            "not-a-number",
            False,
        )
    if kind == "union_tag_invalid":
        return (
            path,
            f"expected text or a statement with 'text:', found {_kind(value)}",
            "wrong-type",
            False,
        )
    # Our own custom errors carry plain messages already (slug, upn, year group…).
    return path, str(error["msg"]), kind.replace("_", "-"), False


def diagnostics_from(
    exc: ValidationError,
    data: Any,
    root: type[BaseModel],
    file: str,
    position: typing.Callable[[Path, bool], tuple[int, int]],
    limit: int = MAX_PROBLEMS_PER_FILE,
) -> list[Diagnostic]:
    """Every validation error as a :class:`Diagnostic` at its line and column.

    Past ``limit`` errors the rest are counted, not described: describing costs a search
    for a close key, and a hostile file can hold tens of thousands of unknown keys.
    """
    out: list[Diagnostic] = []
    colon_lines: set[Path] = set()
    errors = exc.errors(include_url=False, include_input=False)
    for index, error in enumerate(errors):
        if len(out) >= limit:
            path, _, _ = _data_path(data, tuple(error["loc"]))
            line, column = position(path, True)
            first = Diagnostic(file, line, column, (), "", "")
            out.append(more_problems(first, len(errors) - index))
            break
        text_at = _text_read_as_mapping(data, tuple(error["loc"]))
        if text_at is not None:
            # One plain message for the line, instead of "'text' is required" and
            # "unknown key '…'" (or "expected text here") that a ': ' in the text causes.
            if text_at not in colon_lines:
                colon_lines.add(text_at)
                line, column = position(text_at, False)
                out.append(Diagnostic(file, line, column, text_at, COLON_MESSAGE, "colon-in-text"))
            continue
        path, message, code, at_key = describe(error, data, root)
        line, column = position(path, at_key)
        out.append(Diagnostic(file, line, column, path, message, code))
    return out


COLON_MESSAGE = (
    "this line reads as 'key: value' because of ': ' in the text; "
    'put the whole line in quotes, e.g. - "Check I\'ve understood: ask me to say it back"'
)


def _reads_as_text(value: Any) -> bool:
    """A one-entry mapping whose key has a space in it: a line of text with ': ' in it."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    ((key, inner),) = value.items()
    return isinstance(key, str) and " " in key.strip() and (inner is None or isinstance(inner, str))


def _text_read_as_mapping(data: Any, loc: tuple[str | int, ...]) -> Path | None:
    """Where, on the way to an error, a line of text was read as 'key: value' because it
    holds ': ' (none of pcplan's keys has a space in it)."""
    path: list[str | int] = []
    current = data
    for part in (*loc, None):
        if path and _reads_as_text(current):
            return tuple(path)
        in_mapping = isinstance(current, dict) and isinstance(part, str) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_mapping or in_list:
            current = current[part]
            path.append(part)  # type: ignore[arg-type]
    return None
