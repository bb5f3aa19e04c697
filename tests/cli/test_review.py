"""`pcplan review --term TERM`: which agendas it writes, what they hold, and exit codes."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import MINIMAL_RECORD, PROJECT, TODAY, MakeRepo, RunCli

AUTUMN_DUE = ["celine-m", "ffion-davies", "maisie-kowalczyk", "siobhan-ni-bhriain"]
# The person-centred order of the meeting, as the agenda's headings.
ORDER = [
    "1. Who is invited",
    "2. What we like and admire about {name}",
    "3. What is important to {name} now",
    "4. What is important to {name} for the future",
    "5. What we need to know or do to support {name}",
    "6. What is working and what is not working",
    "7. Questions to answer",
    "8. {name}'s goals and progress since the last review",
    "9. Actions from earlier reviews still open",
    "10. Action plan",
]


def headings(markdown: str) -> list[str]:
    return [line[3:] for line in markdown.splitlines() if line.startswith("## ")]


def test_autumn_writes_the_agendas_of_exactly_the_pupils_due(
    run_cli: RunCli, examples_copy: Path
) -> None:
    result = run_cli("review", "--term", "autumn", "--repo", str(examples_copy), "--today", TODAY)
    assert result.exit_code == 0, result.output
    folder = examples_copy / "out" / "reviews" / "2026-autumn"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*(f"{pupil}.html" for pupil in AUTUMN_DUE), "index.html"]
    )
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "Reviews due in the autumn term 2026 (2026-09-02 to 2026-12-18), as of 2026-11-22:"
    )
    assert re.split(r"\s{2,}", lines[1]) == [
        "Pupil", "Review", "Booked for", "To be held by", "Agenda",
    ]  # fmt: skip
    rows = [re.split(r"\s{2,}", line)[:4] for line in lines[2:6]]
    assert rows == [
        ["Maisie Kowalczyk", "Review meeting", "2026-12-03", "2026-12-03"],
        ["Celine Morgan", "Termly review", "2026-12-09", "2026-12-18"],
        ["Siobhán Ní Bhriain", "Half-termly review", "2026-12-09", "2026-12-18"],
        ["Ffion Davies", "Termly review", "not booked", "2026-12-18"],
    ]
    assert lines[-1].startswith("4 agendas and the index in ")
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{pupil}.html"' in index for pupil in AUTUMN_DUE)


def test_each_agenda_holds_open_actions_and_progress_in_person_centred_order(
    run_cli: RunCli, tmp_path: Path
) -> None:
    # The example records' history is this project's own (tests/history tests the section).
    result = run_cli(
        "review", "--term", "autumn", "--repo", str(PROJECT), "--today", TODAY,
        "--format", "md", "-o", str(tmp_path), "--no-history",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    celine = (tmp_path / "celine-m.md").read_text(encoding="utf-8")
    assert headings(celine) == [h.format(name="Celine") for h in ORDER]
    # Progress since the last review (8 July 2026), and nothing from before it.
    assert "| 8 Oct 2026 | Read her story aloud today. Asked if she could go first." in celine
    assert "| 19 Nov 2026 | Read aloud in three lessons this week" in celine
    assert "Offered to read her persuasive speech" not in celine  # 24 June 2026
    # Open actions, the overdue one marked; finished ones left out.
    assert (
        "| Book a visit to the leisure centre crèche with Celine (Goal 4: Work experience) "
        "| Ms Pritchard | 30 Oct 2026 **(overdue)** | 8 Jul 2026 |"
    ) in celine
    assert "| 29 Jan 2027 | 8 Jul 2026 |" in celine
    assert "Ask the college about a Level 1 childcare taster day" not in celine
    # The last review's entries as a reminder, and its open question.
    assert "| School | Meal budgets are much closer to the real totals." in celine
    assert "- Can the travel budget cover a visit to the leisure centre crèche" in celine
    # Year 11: Preparing for Adulthood, with the hopes tagged to each area.
    assert "### Preparing for adulthood" in celine
    assert "| Independent living | “I want to go into the city with my friends" in celine

    ffion = (tmp_path / "ffion-davies.md").read_text(encoding="utf-8")
    assert "Not booked yet: to be held by **18 December 2026**" in ffion
    assert (
        "| Look at a quieter last lesson on Fridays | Mrs Adeyemi | 6 Nov 2026 **(overdue)**"
        in ffion
    )
    assert "### Preparing for adulthood" in ffion  # Year 9 from September 2026
    maisie = (tmp_path / "maisie-kowalczyk.md").read_text(encoding="utf-8")
    assert "Preparing for adulthood" not in maisie  # Reception
    siobhan = (tmp_path / "siobhan-ni-bhriain.md").read_text(encoding="utf-8")
    assert "| Meeting | **9 December 2026** |" in siobhan
    assert "Arrange an extra visit to the Year 7 site with Ella" in siobhan
    # Achieved before the last review (9 October): celebrated then, not now.
    assert "Use my reading ruler" not in siobhan
    # Achieved since the last review (13 November): here to celebrate.
    assert "Say a line in our class assembly." in siobhan


def test_an_annual_review_shows_its_statutory_dates(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        "review", "jamal-haddad", "--term", "spring", "--repo", str(PROJECT), "--today", TODAY,
        "--format", "md", "-o", "-",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "# Jamal Haddad: annual review agenda" in result.stdout
    assert "| The annual review meeting | **3 February 2027** |" in result.stdout
    assert "(at least two weeks before the meeting) | **20 January 2027** |" in result.stdout
    assert "(within two weeks after the meeting) | **17 February 2027** |" in result.stdout
    assert "Preparing for adulthood" in result.stdout


def test_named_pupils_only_and_a_note_for_those_not_due(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        "review", "celine-m", "records/kwame-asante.yaml", "--term", "autumn",
        "--repo", str(PROJECT), "--today", TODAY, "-o", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["celine-m.html"]
    assert "Kwame Asante has no review due in the autumn term 2026" in result.stderr
    assert result.stdout.splitlines()[-1] == f"1 agenda in {tmp_path}/"
    nobody = run_cli(
        "review", "kwame-asante", "--term", "autumn",
        "--repo", str(PROJECT), "--today", TODAY, "-o", str(tmp_path / "none"),
    )  # fmt: skip
    assert nobody.exit_code == 0, nobody.output
    assert nobody.stdout.splitlines()[-2:] == ["  none", "No agenda to write."]


def test_print_one_agenda(run_cli: RunCli) -> None:
    one = run_cli(
        "review", "ffion-davies", "--term", "autumn", "--repo", str(PROJECT), "--today", TODAY,
        "-o", "-",
    )  # fmt: skip
    assert one.exit_code == 0, one.output
    assert one.stdout.startswith("<!DOCTYPE html>")
    many = run_cli(
        "review", "--term", "autumn", "--repo", str(PROJECT), "--today", TODAY, "-o", "-"
    )
    assert many.exit_code == 2
    assert "-o - prints one agenda, and 4 pupils are due" in many.stderr


def test_a_term_with_nobody_due_writes_an_empty_index(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {"records/kai.yaml": "schema_version: 1\npupil: {id: kai, name: Kai Shaw, sen_status: N}\n"}
    )
    result = run_cli("review", "--term", "autumn", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "  none" in result.stdout
    index = root / "out" / "reviews" / "2026-autumn" / "index.html"
    assert "No pupil's review falls in this term." in index.read_text(encoding="utf-8")


def test_usage_errors_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    base = ("--repo", str(PROJECT), "--today", TODAY)
    cases = {
        ("review", "--term", "autum", *base): "did you mean 'autumn'?",
        (
            "review",
            "--term",
            "2028-spring",
            *base,
        ): "pcplan.yaml has no dates for the term 2028-spring",
        ("review", "--term", "2026-winter", *base): "'2026-winter' is not a term",
        ("review", "--term", "autumn", "celin", *base): "did you mean celine-m?",
        ("review", *base): "Missing option '--term'",
    }
    for args, message in cases.items():
        result = run_cli(*args)
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)
    a_file = tmp_path / "agenda.html"
    a_file.write_text("x", encoding="utf-8")
    result = run_cli("review", "--term", "autumn", *base, "-o", str(a_file))
    assert result.exit_code == 2
    assert "is a file" in result.stderr


def test_invalid_records_exit_1_and_nothing_is_written(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    root = make_repo(
        {
            "records/sam.yaml": MINIMAL_RECORD.format(id="sam"),
            "records/kai.yaml": MINIMAL_RECORD.format(id="kai")
            + "cadence: {plan_review: weekly}\n",
        }
    )
    result = run_cli("review", "--term", "autumn", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert "records/kai.yaml:7:" in result.stderr
    assert not (root / "out").exists()


def test_a_schools_template_can_replace_one_block(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/sam.yaml": MINIMAL_RECORD.format(id="sam"),
            "templates/agenda.md.j2": """\
                {% extends "builtin/agenda.md.j2" %}
                {% block action_plan %}
                ## 10. Next steps, agreed together

                {% endblock %}
                """,
        }
    )
    result = run_cli(
        "review", "--term", "autumn", "--repo", str(root), "--today", TODAY, "--format", "md",
        "-o", "-",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "## 10. Next steps, agreed together" in result.stdout
    assert "## 1. Who is invited" in result.stdout
    assert "## 10. Action plan" not in result.stdout
