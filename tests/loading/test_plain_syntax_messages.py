"""The mistakes hand-editing makes most, each told once, at the line that needs changing,
with what to write instead."""

from __future__ import annotations

from conftest import MakeRepo, RunCli

HEAD = "schema_version: 1\npupil:\n  id: sam\n  name: Sam Lee\n  sen_status: K\n"
NEEDS = "  needs: {primary: SLCN}\n"


def _validate(run_cli: RunCli, make_repo: MakeRepo, text: str) -> list[str]:
    root = make_repo({"records/sam.yaml": text})
    result = run_cli("validate", "--repo", str(root), "--today", "2026-11-22", cwd=root)
    assert result.exit_code == 1
    return result.stdout.splitlines()[:-1]


def test_a_colon_in_a_list_item_is_one_message(run_cli: RunCli, make_repo: MakeRepo) -> None:
    text = (
        HEAD
        + NEEDS
        + (
            "profile:\n  how_to_support_me:\n"
            "    - Check I've understood: ask me to say it back\n"
            "    - Speak slowly\n"
        )
    )
    assert _validate(run_cli, make_repo, text) == [
        "records/sam.yaml:9:7: profile.how_to_support_me[0]: this line reads as 'key: value' "
        "because of ': ' in the text; put the whole line in quotes, e.g. - \"Check I've "
        'understood: ask me to say it back"'
    ]


def test_a_colon_in_a_strategy(run_cli: RunCli, make_repo: MakeRepo) -> None:
    text = (
        HEAD
        + NEEDS
        + (
            "goals:\n  - id: read\n    area: English\n    text: Read aloud\n    strategies:\n"
            "      - Use visuals: pictures and symbols\n"
        )
    )
    (line,) = _validate(run_cli, make_repo, text)
    assert line.startswith("records/sam.yaml:12:9: goals[0].strategies[0]: this line reads as")


def test_an_unclosed_quote_is_reported_where_it_opens(run_cli: RunCli, make_repo: MakeRepo) -> None:
    text = HEAD.replace("name: Sam Lee", 'name: "Sam Lee') + NEEDS + "profile: {}\n"
    assert _validate(run_cli, make_repo, text) == [
        "records/sam.yaml:4:9: (file): YAML syntax error: this quote is never closed; end the "
        "text with the same quote mark, or remove it"
    ]


def test_an_unclosed_quote_closed_by_a_later_one_is_reported_where_it_opens(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    text = (
        HEAD
        + NEEDS
        + "profile:\n"
        + '  provenance: "Written with Sam, October 2026\n'
        + "  important_to_me:\n"
        + '    - text: "Reading my books to Dad."\n'
    )
    assert _validate(run_cli, make_repo, text) == [
        "records/sam.yaml:8:15: (file): YAML syntax error: this quote is never closed; end the "
        "text with the same quote mark, or remove it"
    ]


def test_a_key_that_lost_its_indent_is_pointed_at(run_cli: RunCli, make_repo: MakeRepo) -> None:
    text = HEAD.replace("  sen_status: K\n", "known_as: Sammy\n  sen_status: K\n") + NEEDS
    assert _validate(run_cli, make_repo, text) == [
        "records/sam.yaml:5:1: (file): YAML syntax error: this line has lost its indent; "
        "indent it by 2 spaces, like the lines above and below it"
    ]


def test_a_section_key_at_the_top_says_which_section(run_cli: RunCli, make_repo: MakeRepo) -> None:
    text = HEAD + NEEDS + "known_as: Sammy\n"
    assert _validate(run_cli, make_repo, text) == [
        "records/sam.yaml:7:1: known_as: 'known_as' is not a top-level key; it belongs under "
        "'pupil:' (indent it to line up with the other pupil fields)"
    ]


def test_a_list_item_out_of_line(run_cli: RunCli, make_repo: MakeRepo) -> None:
    text = (
        HEAD + NEEDS + ("profile:\n  how_to_support_me:\n    - Speak slowly\n   - Give me time\n")
    )
    (line,) = _validate(run_cli, make_repo, text)
    assert line.startswith("records/sam.yaml:10:4: (file): YAML syntax error:")
    assert line.endswith(
        "this list item is not lined up with the one above it: start its '-' in column 5, "
        "like the others"
    )


def test_a_line_indented_too_far(run_cli: RunCli, make_repo: MakeRepo) -> None:
    text = HEAD + NEEDS + "profile:\n  provenance: With Sam\n    photo: sam.png\n"
    (line,) = _validate(run_cli, make_repo, text)
    assert line.startswith("records/sam.yaml:9:10: (file): YAML syntax error:")
    assert "indent" in line


def test_a_date_without_its_leading_zeros_is_given_back_written_in_full(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    text = HEAD + NEEDS + "  date_of_birth: 2015-3-7\n"
    assert _validate(run_cli, make_repo, text) == [
        "records/sam.yaml:7:18: pupil.date_of_birth: '2015-3-7' is not a date; write the date "
        "as YYYY-MM-DD; for 2015-3-7 write 2015-03-07"
    ]


def test_a_few_words_typed_where_a_code_goes_are_not_repeated(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    text = (
        HEAD
        + NEEDS
        + "goals:\n  - id: read\n    area: English\n    text: Read aloud\n"
        + "    review: when Dad can make it\n"
    )
    (line,) = _validate(run_cli, make_repo, text)
    assert line.startswith("records/sam.yaml:11:13: goals[0].review: this value is not allowed")
    assert "Dad" not in line
