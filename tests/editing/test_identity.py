"""Changing the identity fields of a record in place: every other byte stays."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT
from pcplan.editing.emit import printable
from pcplan.editing.identity import set_pupil_fields
from pcplan.editing.session import checked_bytes
from pcplan.loading.records import load_record_bytes

TODAY = date(2026, 11, 22)


def change(
    text: str,
    fields: dict[str, str] | None = None,
    primary: str | None = None,
    secondary: list[str] | None = None,
) -> str:
    path = Path("records/sam-lee.yaml")
    raw = text.encode("utf-8")
    loaded, before = load_record_bytes(path, "records/sam-lee.yaml", raw, TODAY)
    assert loaded is not None, before
    edit = set_pupil_fields(
        loaded,
        fields or {},
        primary=primary,
        secondary=secondary,
        description="Update sam-lee",
        summary="Updated sam-lee",
    )
    # The same check every edit passes: valid, and exactly the old data plus the change.
    new_raw, _ = checked_bytes(path, "records/sam-lee.yaml", raw, before, edit, TODAY)
    return new_raw.decode("utf-8")


BLOCK = """\
# Sam's record
schema_version: 1

pupil:
  id: sam-lee
  name: Sam Lee   # as on the birth certificate
  date_of_birth: 2015-01-04
  sen_status: K       # since Year 2
  needs:
    primary: SLCN
    secondary:
      - SEMH   # anxiety
  setting: "Mainstream, class 6 Oak"

profile: {}   # to do with Sam
"""


def test_a_value_is_replaced_where_it_stands_keeping_its_comment() -> None:
    new = change(BLOCK, {"sen_status": "E", "name": "Samuel Lee"})
    assert new == BLOCK.replace("sen_status: K  ", "sen_status: E  ").replace(
        "name: Sam Lee", "name: Samuel Lee"
    )


def test_missing_fields_are_added_in_the_order_of_the_record_format() -> None:
    new = change(BLOCK, {"upn": "A202400120017", "year_group": "6", "known_as": "Sammy"})
    assert new == BLOCK.replace(
        "  name: Sam Lee   # as on the birth certificate\n",
        "  name: Sam Lee   # as on the birth certificate\n  known_as: Sammy\n",
    ).replace(
        "  date_of_birth: 2015-01-04\n",
        "  date_of_birth: 2015-01-04\n  year_group: 6\n  upn: A202400120017\n",
    )


def test_a_block_list_of_secondary_needs_keeps_its_lines_when_needs_are_added() -> None:
    new = change(BLOCK, secondary=["SEMH", "ASD"])
    assert new == BLOCK.replace(
        "      - SEMH   # anxiety\n", "      - SEMH   # anxiety\n      - ASD\n"
    )


def test_a_block_list_is_rewritten_when_its_order_changes() -> None:
    new = change(BLOCK, primary="ASD", secondary=["HI", "SEMH"])
    assert "    primary: ASD\n    secondary:\n      - HI\n      - SEMH\n  setting:" in new
    assert new.startswith("# Sam's record\n") and new.endswith("profile: {}   # to do with Sam\n")


FLOW = """\
schema_version: 1
pupil:
  id: sam-lee
  name: Sam Lee
  sen_status: K
  needs: {primary: SPLD, secondary: [SEMH]}
"""


def test_a_block_list_can_become_empty() -> None:
    new = change(BLOCK, secondary=[])
    assert "    secondary: []   # anxiety\n  setting:" in new


def test_flow_needs_stay_flow() -> None:
    new = change(FLOW, primary="MLD", secondary=["SLCN", "SEMH"])
    assert new == FLOW.replace(
        "{primary: SPLD, secondary: [SEMH]}", "{primary: MLD, secondary: [SLCN, SEMH]}"
    )
    only_primary = FLOW.replace(", secondary: [SEMH]", "")
    assert change(only_primary, secondary=["HI"]) == FLOW.replace("[SEMH]", "[HI]")


def test_needs_are_added_when_the_record_has_none() -> None:
    text = "schema_version: 1\npupil:\n  id: sam-lee\n  name: Sam Lee\n  sen_status: N\n"
    new = change(text, {"sen_status": "K"}, primary="SLCN", secondary=["SEMH"])
    assert new == (
        "schema_version: 1\npupil:\n  id: sam-lee\n  name: Sam Lee\n  sen_status: K\n"
        "  needs:\n    primary: SLCN\n    secondary: [SEMH]\n"
    )


def test_a_pupil_written_in_flow_style() -> None:
    text = "schema_version: 1\npupil: {id: sam-lee, name: Sam Lee, sen_status: N}\n"
    new = change(text, {"sen_status": "K", "upn": "A202400120017"}, primary="SLCN")
    assert new == (
        "schema_version: 1\npupil: {id: sam-lee, name: Sam Lee, upn: A202400120017, "
        "sen_status: K, needs: {primary: SLCN}}\n"
    )


def test_windows_line_endings_and_empty_values() -> None:
    text = (
        "schema_version: 1\r\npupil:\r\n  id: sam-lee\r\n  name: Sam Lee\r\n  year_group:\r\n"
        "  sen_status: N\r\n"
    )
    new = change(text, {"year_group": "R", "date_of_birth": "2022-01-05"})
    assert new == (
        "schema_version: 1\r\npupil:\r\n  id: sam-lee\r\n  name: Sam Lee\r\n"
        "  date_of_birth: 2022-01-05\r\n  year_group: R\r\n  sen_status: N\r\n"
    )


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Søren Ødegård", "Søren Ødegård"),
        ("O'Neill: Sam", '"O\'Neill: Sam"'),
        ("Yes", '"Yes"'),
        ("#1 Sam", '"#1 Sam"'),
    ],
)
def test_names_are_quoted_only_when_yaml_needs_it(name: str, written: str) -> None:
    new = change(FLOW, {"name": name})
    assert f"  name: {written}\n" in new


EXAMPLES = sorted((PROJECT / "records").glob("*.yaml"))
CODES = st.sampled_from(["SPLD", "MLD", "SLD", "SEMH", "SLCN", "HI", "VI", "ASD", "OTH"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    example=st.sampled_from(EXAMPLES),
    name=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40),
    status=st.sampled_from(["E", "K", "N"]),
    primary=CODES,
    secondary=st.lists(CODES, max_size=3, unique=True),
    year=st.sampled_from(["N1", "R", "4", "11", "14"]),
)
def test_any_identity_change_reads_back_exactly(
    example: Path, name: str, status: str, primary: str, secondary: list[str], year: str
) -> None:
    """Whatever the values, every example record takes them and keeps everything else."""
    if not name.strip() or any(not printable(ch) for ch in name):
        return
    text = example.read_text(encoding="utf-8")
    raw = text.encode("utf-8")
    display = f"records/{example.name}"
    loaded, before = load_record_bytes(example, display, raw, TODAY)
    assert loaded is not None
    edit = set_pupil_fields(
        loaded,
        {"name": name, "sen_status": status, "year_group": year, "upn": "A202400120017"},
        primary=primary,
        secondary=[c for c in secondary if c != primary],
        description="d",
        summary="s",
    )
    checked_bytes(example, display, raw, before, edit, TODAY)
    old = text.split("\n")
    new = edit.text.split("\n")
    # Only lines of the pupil section change: before and after it, the file is the same.
    start = old.index("pupil:")
    end = next(i for i in range(start + 1, len(old)) if old[i][:1] not in (" ", ""))
    assert new[: start + 1] == old[: start + 1]
    assert new[-(len(old) - end) :] == old[end:]
