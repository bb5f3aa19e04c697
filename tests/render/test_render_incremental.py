"""`render all` keeps what has not changed, and its folder is always what a full render gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pcplan
import pcplan.render.incremental as incremental
from conftest import TODAY, Result, RunCli
from pcplan.cache.store import CACHE_DIR
from pcplan.render.written import LIST_NAME as WRITTEN

OLD = 1_600_000_000
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


def age(root: Path) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), (OLD, OLD))


def tree(folder: Path) -> dict[str, bytes]:
    """The documents in ``folder`` (not the list of them, which names where it was made)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != WRITTEN
    }


class Rendered:
    """Counts the records read and rendered again by `render all`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = incremental._render

        def counting(renderer: object, repository: object, names: list[str], *rest: object):  # type: ignore[no-untyped-def]
            self.names.extend(names)
            return real(renderer, repository, names, *rest)  # type: ignore[arg-type]

        monkeypatch.setattr(incremental, "_render", counting)

    def take(self) -> list[str]:
        names, self.names = sorted(Path(n).stem for n in self.names), []
        return names


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Rendered:
    return Rendered(monkeypatch)


def render(run_cli: RunCli, root: Path, *args: str, today: str = TODAY) -> Result:
    return run_cli("render", "all", "--repo", str(root), "--today", today, *args, cwd=root)


def full_render(run_cli: RunCli, root: Path, today: str = TODAY) -> dict[str, bytes]:
    """What rendering everything afresh gives, in a folder of its own."""
    fresh = root.parent / "fresh"
    result = render(run_cli, root, "--no-cache", "-o", str(fresh), today=today)
    assert result.exit_code == 0, result.output
    return tree(fresh)


ALL = ["celine-m", "kwame-asante", "maisie-kowalczyk", "ruby-thompson"]


@pytest.fixture
def school(examples_copy: Path, run_cli: RunCli, rendered: Rendered) -> Path:
    for record in (examples_copy / "records").glob("*.yaml"):
        if record.stem not in ALL:
            record.unlink()
    (examples_copy / "records/photos").mkdir()
    (examples_copy / "records/photos/celine.png").write_bytes(PNG)
    record = examples_copy / "records/celine-m.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace("\nprofile:\n", "\nprofile:\n  photo: photos/celine.png\n", 1),
        encoding="utf-8",
    )
    age(examples_copy)
    first = render(run_cli, examples_copy)
    assert first.exit_code == 0, first.output
    assert rendered.take() == ALL
    return examples_copy


def test_nothing_changed_renders_nothing_and_says_the_same(
    run_cli: RunCli, school: Path, rendered: Rendered
) -> None:
    before = tree(school / "out")
    result = render(run_cli, school)
    assert rendered.take() == []
    assert result.stdout.splitlines()[0] == (
        "Rendered 8 documents for 4 pupils, and an index, in out/: 0 written, 9 unchanged."
    )
    assert tree(school / "out") == before == full_render(run_cli, school)
    # Nothing of the cache's in the documents' folder: only the list of what pcplan wrote.
    assert not any(name.startswith(".") for name in before)
    assert sorted(p.name for p in (school / "out").glob(".*")) == [WRITTEN]


def test_an_edited_record_renders_that_pupil_only(
    run_cli: RunCli, school: Path, rendered: Rendered
) -> None:
    record = school / "records/ruby-thompson.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("name: Ruby Thompson", "name: Ruby Thomson"),
        encoding="utf-8",
    )
    result = render(run_cli, school)
    assert rendered.take() == ["ruby-thompson"]
    assert "3 written, 6 unchanged" in result.stdout  # her two documents and the index
    assert "Ruby Thomson" in (school / "out/index.html").read_text(encoding="utf-8")
    assert tree(school / "out") == full_render(run_cli, school)


@pytest.mark.parametrize(
    "change",
    ["photo", "settings", "template", "date", "version", "document"],
)
def test_every_input_of_a_document_renders_it_again(
    run_cli: RunCli,
    school: Path,
    rendered: Rendered,
    change: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    today = TODAY
    expected = ALL
    if change == "photo":
        (school / "records/photos/celine.png").write_bytes(PNG + b"more")
        expected = ["celine-m"]
    elif change == "settings":
        settings = school / "pcplan.yaml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(text.replace("school:", "school: Renamed", 1), encoding="utf-8")
        assert "Renamed" in settings.read_text(encoding="utf-8")
    elif change == "template":
        (school / "templates").mkdir(exist_ok=True)
        (school / "templates/profile.html.j2").write_text(
            '{% extends "builtin/profile.html.j2" %}\n'
            "{% block footer_text %}Printed for our school.{% endblock %}\n",
            encoding="utf-8",
        )
    elif change == "date":
        today = "2026-11-23"
    elif change == "version":
        monkeypatch.setattr(pcplan, "__version__", "99.0")
    elif change == "document":
        (school / "out/kwame-asante/plan.html").write_text("edited by hand", encoding="utf-8")
        expected = ["kwame-asante"]
    result = render(run_cli, school, today=today)
    assert result.exit_code == 0, result.output
    assert rendered.take() == expected
    assert tree(school / "out") == full_render(run_cli, school, today=today)
    if change == "template":
        assert "Printed for our school." in (school / "out/celine-m/profile.html").read_text()


def test_an_invalid_record_is_reported_every_time(
    run_cli: RunCli, school: Path, rendered: Rendered
) -> None:
    (school / "records/maisie-kowalczyk.yaml").write_text("broken: [\n", encoding="utf-8")
    runs = [render(run_cli, school) for _ in range(2)]
    for result in runs:
        assert result.exit_code == 1
        assert "records/maisie-kowalczyk.yaml:2:1: (file): YAML syntax error" in result.stderr
        assert "1 record was not rendered" in result.stderr
    assert rendered.take() == []  # the others are kept; only the index changes
    assert "1 written, 6 unchanged" in runs[0].stdout
    assert "0 written, 7 unchanged" in runs[1].stdout
    fresh = school.parent / "fresh"
    assert render(run_cli, school, "--no-cache", "-o", str(fresh)).exit_code == 1
    kept = tree(school / "out")
    del kept["maisie-kowalczyk/plan.html"], kept["maisie-kowalczyk/profile.html"]
    assert kept == tree(fresh)
    # Her documents from before stay, and stay known as pcplan's: her record is still there.
    assert b'"maisie-kowalczyk/plan.html"' in (school / "out" / WRITTEN).read_bytes()


def test_the_render_manifest_holds_no_pupil_text(run_cli: RunCli, school: Path) -> None:
    for path in (school / CACHE_DIR).iterdir():
        content = path.read_bytes()
        for secret in (b"Celine", b"Morgan", b"Ruby", b"Thompson", b"Creche"):
            assert secret not in content, path.name
