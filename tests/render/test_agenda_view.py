"""The agenda's view model: what it says at the edges of the calendar."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from pcplan.calendar.schedule import reviews_in_term
from pcplan.calendar.terms import Term, TermCalendar
from pcplan.loading.yamlstrict import parse
from pcplan.models import Record
from pcplan.render.agenda_view import AgendaView, agenda_view

D = date.fromisoformat
SCHOOL = TermCalendar(
    (
        Term(D("2026-04-13"), D("2026-07-22"), "2026-summer"),
        Term(D("2026-09-02"), D("2026-12-18"), "2026-autumn"),
        Term(D("2027-01-05"), D("2027-03-26"), "2027-spring"),
    )
)


def record(body: str) -> Record:
    text = "schema_version: 1\n" + textwrap.dedent(body)
    return Record.model_validate(parse(text).data)


def agenda(pupil: Record, term: str, today: str) -> AgendaView:
    chosen = SCHOOL.named(term)
    (due,) = reviews_in_term([pupil], chosen, SCHOOL, D(today))
    return agenda_view(due, chosen, D(today))


def test_preparing_for_adulthood_starts_with_year_9_in_september() -> None:
    # Born in May 2013: Year 8 until the end of August 2026, Year 9 from September.
    pupil = record(
        """
        pupil:
          id: ffion
          name: Ffion Davies
          date_of_birth: 2013-05-07
          sen_status: K
          needs: {primary: HI}
        aspirations:
          - {id: young-leader, text: Be a Young Leader in PE, pfa: community}
          - {id: netball, text: Play netball for the county}
        """
    )
    summer = agenda(pupil, "2026-summer", "2026-07-01")
    assert summer.pupil.year == "Year 8"
    assert summer.pfa == []
    autumn = agenda(pupil, "2026-autumn", "2026-07-01")  # written before the summer holiday
    assert autumn.pupil.year == "Year 9"
    assert [area.name for area in autumn.pfa] == [
        "Employment",
        "Independent living",
        "Friends, relationships and community",
        "Good health",
    ]
    community = autumn.pfa[2]
    assert [hope.text for hope in community.hopes] == ["Be a Young Leader in PE"]
    assert autumn.pfa[0].hopes == []


def test_a_pupil_with_no_reviews_yet() -> None:
    pupil = record(
        """
        pupil: {id: sam, name: Sam Lee, sen_status: K, needs: {primary: SLCN}}
        goals:
          - id: read
            area: English
            text: Read aloud
            review: weekly
            start: 2026-09-07
            progress:
              - {date: 2026-09-20, note: First try}
              - {date: 2026-10-20, note: Second try}
        """
    )
    view = agenda(pupil, "2026-autumn", "2026-11-22")
    assert view.last_review == ""
    assert view.occasion.kind == "Termly review"
    assert (view.occasion.meeting, view.occasion.due_by) == ("", "18 December 2026")
    assert [p.note for p in view.goals[0].progress] == ["First try", "Second try"]
    assert view.questions == [] and view.open_actions == []
    assert all(not p.working and not p.not_working for p in view.perspectives)
    assert [p.name for p in view.perspectives] == ["Sam", "Family", "School", "Others"]


def test_a_review_entry_written_ahead_for_the_meeting() -> None:
    # The SENCO has already started the entry for the meeting on 9 December.
    pupil = record(
        """
        pupil: {id: sam, name: Sam Lee, known_as: Sam, sen_status: K, needs: {primary: SLCN}}
        reviews:
          - date: 2026-07-08
            working: {pupil: [Reading with a partner]}
            questions: [Can Sam join the reading club?]
            actions:
              - {what: Ask the reading club, who: Mrs Shah, by: 2026-09-30}
          - date: 2026-12-09
            actions:
              - {what: Drafted for the meeting, who: Mr Cole, by: 2027-01-15}
        """
    )
    view = agenda(pupil, "2026-autumn", "2026-11-22")
    assert view.occasion.meeting == "9 December 2026"
    assert view.last_review == "8 July 2026 (termly review)"
    assert view.perspectives[0].working == ["Reading with a partner"]
    assert view.questions == ["Can Sam join the reading club?"]
    assert [(a.what, a.is_overdue) for a in view.open_actions] == [("Ask the reading club", True)]


def test_an_annual_review_in_a_half_termly_plan_and_the_other_half() -> None:
    pupil = record(
        """
        pupil: {id: sam, name: Sam Lee, sen_status: E, needs: {primary: ASD}}
        cadence: {plan_review: half-termly, annual_review: 2026-11-25}
        reviews:
          - {date: 2025-11-26, kind: annual}
          - {date: 2026-07-15}
        """
    )
    view = agenda(pupil, "2026-autumn", "2026-09-01")
    assert view.occasion.kind == "Annual review"
    assert view.statutory is not None
    assert (view.statutory.papers_out, view.statutory.report_due) == (
        "11 November 2026",
        "9 December 2026",
    )
    # The annual review is the second half-term's review; the first half still needs one.
    assert [(o.kind, o.due_by, o.period) for o in view.other_occasions] == [
        ("Half-termly review", "25 October 2026", "first half of the autumn term 2026")
    ]


def test_the_annual_review_paperwork_is_ticked_off_when_recorded() -> None:
    pupil = record(
        """
        pupil: {id: sam, name: Sam Lee, sen_status: E, needs: {primary: ASD}}
        cadence: {annual_review: 2026-11-25}
        reviews:
          - {date: 2025-11-26, kind: annual}
          - {date: 2026-11-25, kind: annual, invited_on: 2026-10-20, papers_sent: 2026-11-09}
        """
    )
    view = agenda(pupil, "2026-autumn", "2026-11-12")
    assert view.statutory is not None
    assert (view.statutory.invited_on, view.statutory.papers_sent) == (
        "20 October 2026",
        "9 November 2026",
    )
    assert view.statutory.report_sent == ""


def test_the_agenda_table_shows_what_is_done(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pcplan.cli.app import app

    root = tmp_path
    (root / "records").mkdir()
    (root / "records" / "sam-lee.yaml").write_text(
        "schema_version: 1\n"
        "pupil: {id: sam-lee, name: Sam Lee, sen_status: E, needs: {primary: ASD}}\n"
        "cadence: {annual_review: 2026-11-25}\n"
        "reviews:\n"
        "  - {date: 2025-11-26, kind: annual}\n"
        "  - {date: 2026-11-25, kind: annual, papers_sent: 2026-11-09}\n",
        encoding="utf-8",
    )
    for fmt, done, not_yet in (("md", "✓ sent 9 November 2026", "not yet"),
                               ("html", "</span> Sent 9 November 2026", "Not yet")):  # fmt: skip
        result = CliRunner().invoke(
            app,
            ["review", "--term", "2026-autumn", "--repo", str(root), "--today", "2026-11-12",
             "--format", fmt, "-o", "-"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        papers = next(x for x in result.stdout.splitlines() if "Send the papers" in x)
        report = next(x for x in result.stdout.splitlines() if "report to the local" in x)
        assert done in papers and not_yet in report
