"""Golden files: each document in each format, from a record that uses every optional field.

Run ``pytest --update-golden`` after a deliberate change to a template or a view, and read
the difference in git before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from renderkit import GOLDEN_DIR, GOLDEN_PUPIL, GOLDEN_REPO, PROJECT

from conftest import TODAY, RunCli

DOCUMENTS = [(kind, fmt) for kind in ("profile", "plan") for fmt in ("html", "md")]


def compare(path: Path, text: bytes, update: bool) -> None:
    if update:
        path.write_bytes(text)
        return
    assert path.exists(), f"{path.name} is missing: run pytest --update-golden"
    expected = path.read_bytes()
    assert text == expected, f"{path.name} differs: run pytest --update-golden and review the diff"


@pytest.mark.parametrize(("kind", "fmt"), DOCUMENTS)
def test_document_matches_its_golden_file(
    run_cli: RunCli, tmp_path: Path, update_golden: bool, kind: str, fmt: str
) -> None:
    target = tmp_path / f"{kind}.{fmt}"
    result = run_cli(
        "render",
        kind,
        GOLDEN_PUPIL,
        "--repo",
        str(GOLDEN_REPO),
        "--today",
        TODAY,
        "--format",
        fmt,
        "-o",
        str(target),
    )
    assert result.exit_code == 0, result.output
    compare(GOLDEN_DIR / f"{GOLDEN_PUPIL}-{kind}.{fmt}", target.read_bytes(), update_golden)


# The family's and the pupil's versions: the golden record (every optional field), and
# the pupil's easy-read version for a Reception child and a Year 12 student.
AUDIENCE_DOCUMENTS = [
    *((GOLDEN_REPO, GOLDEN_PUPIL, audience) for audience in ("family", "pupil")),
    (PROJECT, "maisie-kowalczyk", "pupil"),
    (PROJECT, "jamal-haddad", "pupil"),
]


@pytest.mark.parametrize(("kind", "fmt"), DOCUMENTS)
@pytest.mark.parametrize(("repo", "pupil", "audience"), AUDIENCE_DOCUMENTS)
def test_audience_version_matches_its_golden_file(
    run_cli: RunCli,
    tmp_path: Path,
    update_golden: bool,
    repo: Path,
    pupil: str,
    audience: str,
    kind: str,
    fmt: str,
) -> None:
    target = tmp_path / f"{kind}.{fmt}"
    result = run_cli(
        "render", kind, pupil, "--repo", str(repo), "--today", TODAY, "--format", fmt,
        "--audience", audience, "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    compare(GOLDEN_DIR / f"{pupil}-{kind}-{audience}.{fmt}", target.read_bytes(), update_golden)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_index_matches_its_golden_file(
    run_cli: RunCli, tmp_path: Path, update_golden: bool, fmt: str
) -> None:
    result = run_cli(
        "render", "all", "--repo", str(GOLDEN_REPO), "--today", TODAY, "--format", fmt,
        "-o", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    compare(GOLDEN_DIR / f"index.{fmt}", (tmp_path / f"index.{fmt}").read_bytes(), update_golden)


def test_the_golden_record_uses_every_optional_field() -> None:
    """Every key the models know appears in the golden record, so the goldens cover it."""
    from pcplan.loading.yamlstrict import parse
    from pcplan.models.record import Record

    data = parse((GOLDEN_REPO / "records" / f"{GOLDEN_PUPIL}.yaml").read_text()).data
    seen: set[tuple[str, str]] = set()

    def walk(model: type, value: object) -> None:
        from pydantic import BaseModel

        if not isinstance(value, dict):
            return
        for name, field in model.model_fields.items():  # type: ignore[attr-defined]
            if name not in value:
                continue
            seen.add((model.__name__, name))
            inner = value[name]
            for candidate in _models_in(field.annotation):
                if issubclass(candidate, BaseModel):
                    items = inner if isinstance(inner, list) else [inner]
                    for item in items:
                        walk(candidate, item)

    walk(Record, data)
    missing = [
        f"{model.__name__}.{name}"
        for model in _all_models(Record)
        for name in model.model_fields  # type: ignore[attr-defined]
        if (model.__name__, name) not in seen
    ]
    assert missing == []


def _models_in(annotation: object) -> list[type]:
    import typing

    from pydantic import BaseModel

    found: list[type] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _all_models(root: type) -> list[type]:
    out: list[type] = []
    todo = [root]
    while todo:
        model = todo.pop()
        if model in out:
            continue
        out.append(model)
        for field in model.model_fields.values():  # type: ignore[attr-defined]
            todo.extend(_models_in(field.annotation))
    return out
