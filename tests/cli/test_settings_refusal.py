"""A pcplan.yaml with errors is refused by the commands that work with dates and costs, and
the refusal names what is at stake only when that is what is wrong."""

from __future__ import annotations

import pytest

from conftest import MINIMAL_RECORD, TODAY, MakeRepo, RunCli

TERMS = """\
terms:
  - {name: 2026-autumn, start: 2026-09-02, end: 2026-12-18}
"""
INVERTED = """\
terms:
  - {name: 2026-autumn, start: 2026-12-18, end: 2026-09-02}
"""


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        # A typo in the school's name: nothing about term dates or costs is wrong.
        ("schol: Brookfield\n" + TERMS, "pcplan.yaml has problems; fix it first"),
        (
            "school: Brookfield\n" + INVERTED,
            "pcplan.yaml has problems, so the term dates cannot be trusted; fix it first",
        ),
        (
            "school: Brookfield\n" + TERMS + "provision:\n  weeks_per_year: lots\n",
            "pcplan.yaml has problems, so the costs cannot be trusted; fix it first",
        ),
    ],
)
@pytest.mark.parametrize("command", ["due", "calendar", "register", "provision"])
def test_the_refusal_names_what_is_at_stake(
    run_cli: RunCli, make_repo: MakeRepo, settings: str, expected: str, command: str
) -> None:
    repo = make_repo(
        {"pcplan.yaml": settings, "records/sam-lee.yaml": MINIMAL_RECORD.format(id="sam-lee")}
    )
    args = [command, "--repo", str(repo), "--today", TODAY]
    if command == "calendar":
        args += ["-o", "-"]
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    assert f"pcplan: error: {expected}" in result.stderr
    assert "pcplan.yaml:" in result.stderr  # the problem itself, at its line
