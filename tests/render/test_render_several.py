"""`render profile` and `render plan` for several pupils at once, each named as every
command names a pupil (id, start of an id, name, file name)."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, RunCli

NAMED = ("celine-m", "ffion", "Ruby Thompson", "jamal-haddad.yaml")
IDS = ("celine-m", "ffion-davies", "ruby-thompson", "jamal-haddad")


def render(run_cli: RunCli, root: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_cli("render", *args, "--today", TODAY, cwd=root)


def test_several_pupils_each_get_their_profile_under_out(
    run_cli: RunCli, examples_copy: Path
) -> None:
    result = render(run_cli, examples_copy, "profile", *NAMED)

    assert result.exit_code == 0, result.output
    assert result.stdout == "".join(f"Wrote out/{i}/profile.html\n" for i in IDS)
    assert result.stderr == ""
    several = {i: (examples_copy / "out" / i / "profile.html").read_bytes() for i in IDS}
    # Each is exactly the document rendering that pupil alone gives.
    for pupil_id, content in several.items():
        alone = render(run_cli, examples_copy, "profile", pupil_id, "-o", "-")
        assert alone.stdout.encode() == content

    again = render(run_cli, examples_copy, "profile", *NAMED)
    assert again.stdout == "".join(f"Unchanged: out/{i}/profile.html\n" for i in IDS)


def test_several_plans_for_the_family_go_in_their_folder(
    run_cli: RunCli, examples_copy: Path
) -> None:
    result = render(run_cli, examples_copy, "plan", "celine-m", "ffion", "--audience", "family")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Wrote out/family/celine-m/plan.html\nWrote out/family/ffion-davies/plan.html\n"
    )


def test_an_unknown_pupil_among_several_stops_everything(
    run_cli: RunCli, examples_copy: Path
) -> None:
    result = render(run_cli, examples_copy, "profile", "celine-m", "ruby-thomson", "ffion")

    assert result.exit_code == 2
    assert result.stderr == (
        "pcplan: error: no pupil 'ruby-thomson' in "
        f"{examples_copy / 'records'}; did you mean ruby-thompson?\n"
    )
    assert result.stdout == ""
    assert not (examples_copy / "out").exists()


def test_the_same_pupil_named_twice_is_made_once(run_cli: RunCli, examples_copy: Path) -> None:
    result = render(run_cli, examples_copy, "plan", "celine-m", "records/celine-m.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Wrote out/celine-m/plan.html\n"


def test_o_names_a_folder_made_when_missing(
    run_cli: RunCli, examples_copy: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "for the meeting"
    result = render(run_cli, examples_copy, "plan", "celine-m", "ffion", "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "celine-m-plan.html",
        "ffion-davies-plan.html",
    ]
    into_existing = render(
        run_cli, examples_copy, "profile", "celine-m", "ffion", "--format", "md",
        "--audience", "pupil", "-o", str(folder),
    )  # fmt: skip
    assert into_existing.exit_code == 0, into_existing.output
    assert (folder / "ffion-davies-profile-pupil.md").is_file()
    assert not (examples_copy / "out").exists()


def test_o_a_file_needs_one_pupil(run_cli: RunCli, examples_copy: Path) -> None:
    result = render(run_cli, examples_copy, "profile", "celine-m", "ffion", "-o", "both.html")
    assert result.exit_code == 2
    assert result.stderr == (
        "pcplan: error: -o both.html names one file, but 2 pupils make 2 profiles\n"
        "  give -o a folder to put them in (e.g. -o profiles), leave -o out to write each "
        "under out/<pupil>/, or name one pupil\n"
    )
    assert not (examples_copy / "both.html").exists()
    assert not (examples_copy / "out").exists()


def test_standard_output_takes_text_one_after_another(run_cli: RunCli, examples_copy: Path) -> None:
    both = render(run_cli, examples_copy, "plan", "celine-m", "ffion", "--format", "md", "-o", "-")
    one = render(run_cli, examples_copy, "plan", "celine-m", "--format", "md", "-o", "-")
    other = render(run_cli, examples_copy, "plan", "ffion", "--format", "md", "-o", "-")
    assert both.exit_code == 0, both.output
    assert both.stdout == one.stdout + other.stdout


def test_standard_output_refuses_word_files_for_several(
    run_cli: RunCli, examples_copy: Path
) -> None:
    result = render(
        run_cli, examples_copy, "plan", "celine-m", "ffion", "--format", "docx", "-o", "-"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "pcplan: error: --format docx makes a file for each pupil, so 2 pupils' plans "
        "cannot go to standard output (-o -)\n"
        "  give -o a folder to put them in (e.g. -o plans), leave -o out to write each "
        "under out/<pupil>/, or name one pupil\n"
    )
    assert result.stdout == ""


def test_word_files_for_several(run_cli: RunCli, examples_copy: Path) -> None:
    result = render(run_cli, examples_copy, "profile", "celine-m", "ffion", "--format", "docx")
    assert result.exit_code == 0, result.output
    for pupil_id in ("celine-m", "ffion-davies"):
        assert (examples_copy / "out" / pupil_id / "profile.docx").read_bytes()[:2] == b"PK"


def test_a_record_with_problems_is_reported_and_the_others_are_made(
    run_cli: RunCli, examples_copy: Path
) -> None:
    ffion = examples_copy / "records" / "ffion-davies.yaml"
    ffion.write_text(ffion.read_text().replace("sen_status: K", "sen_status: Q", 1))

    result = render(run_cli, examples_copy, "profile", "celine-m", "ffion", "ruby-thompson")

    assert result.exit_code == 1
    assert result.stdout == (
        "Wrote out/celine-m/profile.html\nWrote out/ruby-thompson/profile.html\n"
    )
    assert result.stderr.startswith("records/ffion-davies.yaml:")
    assert result.stderr.endswith(
        "1 record has problems, so its profile was not made (records/ffion-davies.yaml): "
        "fix the problems above (pcplan validate lists them), then render again.\n"
    )
    assert not (examples_copy / "out" / "ffion-davies").exists()


def test_one_pupil_still_writes_to_a_file_named_by_o(run_cli: RunCli, examples_copy: Path) -> None:
    result = render(run_cli, examples_copy, "profile", "celine-m", "-o", "celine.html")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Wrote celine.html\n"
