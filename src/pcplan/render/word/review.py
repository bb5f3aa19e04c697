"""The record of a review as a Word document, laid out as templates/review.html.j2 is."""

from __future__ import annotations

from datetime import date

from pcplan.render.review_view import ReviewRecordView
from pcplan.render.views import SchoolView
from pcplan.render.word.builder import Inline, Run
from pcplan.render.word.documents import lines, new_document, statement_list
from pcplan.schoolyear import long_date


def review_docx(view: ReviewRecordView, school: SchoolView, day: date) -> bytes:
    """The record of a review, for the family, as a Word document."""
    pupil = view.pupil
    name = pupil.name
    kind = view.kind.lower()
    footer = (
        f"Prepared on {long_date(day)} for {pupil.and_family}. Please keep it safe: it "
        f"is about {name}, and only for the people who support {name}."
    )
    doc = new_document(f"{name}: record of the {kind} on {view.date}", school, day, name, footer)
    doc.paragraph(Run(f"Record of the {kind}", bold=True))
    doc.heading(f"{name}: what we agreed on {view.date}", 1)
    doc.paragraph(
        f"This is what was said and agreed at {name}'s {kind} on {view.date}: who was there, "
        f"what everyone said is working and not working, {name}'s own words, how each goal "
        "is going, and what each of us will do next. Please keep it: we will look at it "
        "together at the next review."
    )

    doc.heading("Who was there", 2)
    if view.present:
        doc.bullets(lines(person) for person in view.present)
    else:
        doc.paragraph(Run("Who was there was not written down.", italic=True))

    doc.heading(f"What {name} told us", 2)
    statement_list(
        doc, view.pupil_voice, f"{name}'s own words were not written down at this review."
    )

    doc.heading("What is working and what is not working", 2)
    if view.has_views:
        doc.table(
            ["Who said it", "What is working", "What is not working"],
            (
                [Run(p.name, bold=True), _items(p.working), _items(p.not_working)]
                for p in view.perspectives
            ),
        )
    else:
        doc.paragraph(
            Run(
                "What is working and not working was not written down at this review.",
                italic=True,
            )
        )

    doc.heading("Questions we will find answers to", 2)
    if view.questions:
        doc.bullets(lines(q) for q in view.questions)
    else:
        doc.paragraph(Run("No questions were left open.", italic=True))

    doc.heading(f"How {name} is getting on with each goal", 2)
    for goal in view.goals:
        doc.heading(f"Goal {goal.number}: {goal.area}", 3)
        doc.paragraph(lines(goal.text))
        facts: list[tuple[str, Inline | list[Inline]]] = [
            ("How it is going", Run(goal.rating, bold=True) if goal.rating else "Not rated")
        ]
        if goal.note:
            facts.append(("What was said", lines(goal.note)))
        doc.facts(facts)
    if not view.goals:
        doc.paragraph(Run("No goals were looked at in detail at this review.", italic=True))

    doc.heading("What we agreed to do", 2)
    if view.actions:
        doc.table(
            ["What", "Who", "By when", "Done"],
            (
                [
                    [lines(a.what), *([Run(f" ({a.goal})", italic=True)] if a.goal else [])],
                    a.who,
                    a.by,
                    f"Done on {a.done}" if a.done else "Not yet",
                ]
                for a in view.actions
            ),
        )
    else:
        doc.paragraph(Run("No actions were agreed at this review.", italic=True))

    if view.next_review:
        doc.paragraph(
            [
                "The next review is on ",
                Run(view.next_review, bold=True),
                ". If you have a question before then, please ask us.",
            ]
        )
    else:
        doc.paragraph(
            "We will tell you the date of the next review. If you have a question before "
            "then, please ask us."
        )
    return doc.to_bytes()


def _items(items: list[str]) -> list[Inline]:
    if not items:
        return [Run("Nothing noted", italic=True)]
    return ["\n".join(lines(item) for item in items)]
