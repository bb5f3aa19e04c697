"""The pupil's easy-read documents as Word files, laid out as their HTML templates are
(templates/profile-easy.html.j2, plan-easy.html.j2 and review-easy.html.j2).

Easy read, after the GOV.UK and Department of Health guidance: first-person headings, one
idea per line, at least 14 pt type (18 pt for Nursery, Reception and Key Stage 1, as the
HTML prints), generous spacing, and a picture column on the left where an item has a
picture. The column is made with indents, not a table: each picture sits inline at the
start of its line, with its alt text, and the words keep to a column beside it, so a
screen reader reads the picture and then its words, and Word's accessibility checker
finds no layout table without headers. The words to know come at the end. The views
have already left out costs, UPNs, waves and anything marked ``share: staff``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from docx.shared import Pt
from docx.text.paragraph import Paragraph

from pcplan.render.views import Photo, PlanView, ProfileView, PupilView, SchoolView, Statement
from pcplan.render.word.builder import PUPIL_WORDS_STYLE, Inline, Run, WordDocument
from pcplan.render.word.documents import lines, new_document, picture_bytes, picture_note
from pcplan.render.wording import GlossaryEntry
from pcplan.schoolyear import long_date

if TYPE_CHECKING:
    from pcplan.render.review_view import ReviewRecordView

EASY_SIZE = 14.0
EARLY_YEARS_SIZE = 18.0
EASY_FOOTER = "This is my copy. It was made on {today}. I can choose who I show it to."


@dataclass(frozen=True, slots=True)
class _Easy:
    """A pupil's easy-read document under construction, and the size of its pictures."""

    doc: WordDocument
    size: float
    picture_mm: float
    column_mm: float

    def line(
        self,
        content: Inline | Sequence[Inline],
        *,
        picture: Photo | None = None,
        column: bool = False,
        style: str | None = None,
        gap: float = 0.0,
    ) -> Paragraph:
        """One line (one idea) of the document; in the picture column's layout when
        ``column`` is set, with ``picture`` (if any) at its start."""
        data = picture_bytes(picture) if picture is not None else None
        paragraph = self.doc.beside(
            (data, picture.alt) if data is not None and picture is not None else None,
            content,
            column_mm=self.column_mm if column else 0,
            picture_mm=self.picture_mm,
            style=style,
        )
        if picture is not None and data is None:
            self.doc.beside(
                None,
                Run(picture_note(picture), italic=True),
                column_mm=self.column_mm if column else 0,
                picture_mm=self.picture_mm,
            )
        if gap:
            paragraph.paragraph_format.space_after = Pt(self.size * gap)
        return paragraph

    def lines(self, items: Sequence[Inline | Sequence[Inline]], column: bool = False) -> None:
        """A list with no bullets, one item a line (the HTML's ``easy-lines``)."""
        for item in items:
            self.line(item, column=column, gap=0.6)

    def empty(self, words: str) -> None:
        self.line(Run(words, italic=True))


def _easy_document(title: str, pupil: PupilView, school: SchoolView, day: date) -> _Easy:
    size = EARLY_YEARS_SIZE if pupil.is_early_years else EASY_SIZE
    doc = new_document(
        title,
        school,
        day,
        pupil.name,
        EASY_FOOTER.format(today=long_date(day)),
        base_size=size,
        margin_mm=18,
        line_spacing=1.5,
        furniture_size=EASY_SIZE,
    )
    # Pictures the size the HTML shows them (5.5 rem), in a column a little wider.
    picture_mm = round(size * 5.5 * 25.4 / 72)
    return _Easy(doc, size, picture_mm, picture_mm + 6)


def easy_words(s: Statement) -> list[Inline]:
    """A statement in easy read: its easy wording, a quote in quotation marks, and the
    pupil's own words (never rewritten) in their character style."""
    text = lines(s.easy)
    shown = f"“{text}”" if s.is_quote else text
    return [Run(shown, style=PUPIL_WORDS_STYLE if s.is_pupil_voice else None)]


def _easy_list(easy: _Easy, items: Sequence[Statement], empty: str) -> None:
    if not items:
        easy.empty(empty)
        return
    column = any(s.picture for s in items)
    for s in items:
        said = easy.line(easy_words(s), picture=s.picture, column=column, gap=1.0)
        if s.easy_attribution:
            said.paragraph_format.space_after = Pt(0)
            easy.line(Run(s.easy_attribution, italic=True), column=column, gap=1.0)


def _words_to_know(easy: _Easy, entries: Sequence[GlossaryEntry]) -> None:
    if entries:
        easy.doc.heading("Words to know", 2)
        for entry in entries:
            easy.line([Run(entry.term, bold=True), f": {entry.meaning}"], gap=0.6)


def _goal_heading(easy: _Easy, area: str, words: str, picture: Photo | None, column: bool) -> None:
    """A goal in easy read: its area and easy-read words as a heading, its picture first."""
    easy.line([Run(f"{area}: "), lines(words)], picture=picture, column=column, style="Heading 3")


def _title(easy: _Easy, label: str, pupil: PupilView, intro: Sequence[str]) -> None:
    easy.line(Run(label, bold=True))
    easy.doc.heading(pupil.name, 1)
    for sentence in intro:
        easy.line(sentence)


# --- All about me: the one-page profile in easy read ----------------------------------


def profile_easy_docx(view: ProfileView, school: SchoolView, day: date) -> bytes:
    """The pupil's own copy of the one-page profile, in easy read."""
    pupil = view.pupil
    easy = _easy_document(f"All about me: {pupil.name}", pupil, school, day)
    _title(
        easy,
        "All about me",
        pupil,
        ["This is about me.", "It says what I like.", "It says how people can help me."],
    )
    if view.photo is not None:
        data = picture_bytes(view.photo)
        if data is not None:
            easy.doc.picture(data, view.photo.alt, 35)
        else:
            easy.empty(picture_note(view.photo))

    easy.doc.heading("What people like about me", 2)
    _easy_list(
        easy,
        view.like_and_admire,
        "Nobody has written this yet. We will ask the people who know me.",
    )
    easy.doc.heading("What is important to me", 2)
    _easy_list(easy, view.important_to_me, "Nobody has written this yet. We will write it with me.")
    easy.doc.heading("How to help me", 2)
    easy.line("This helps me stay safe and well.")
    easy.line("It helps me learn.", gap=1.0)
    _easy_list(
        easy,
        view.how_to_support_me,
        "Nobody has written this yet. We will write it with me and my family.",
    )
    if view.communication:
        easy.doc.heading("How I tell you things", 2)
        for row in view.communication:
            said = (
                ("When this happens", row.when),
                ("I do this", row.i_do),
                ("It means", row.it_means),
                ("Please do this", row.you_should),
            )
            for number, (label, text) in enumerate(said, start=1):
                # One thing a line, and a space before the next time this happens.
                gap = 1.5 if number == len(said) else 0.0
                easy.line([Run(f"{label}: ", bold=True), lines(text)], gap=gap)
    _words_to_know(easy, view.glossary)
    return easy.doc.to_bytes()


# --- My plan: the personalised learning plan in easy read --------------------------------


def _step(step: str, who: str) -> list[Inline]:
    return [lines(step), *([Run(f"\nWho: {who}", italic=True)] if who else [])]


def plan_easy_docx(view: PlanView, school: SchoolView, day: date) -> bytes:
    """The pupil's own copy of the personalised learning plan, in easy read."""
    pupil = view.pupil
    easy = _easy_document(f"My plan: {pupil.name}", pupil, school, day)
    _title(
        easy,
        "My plan",
        pupil,
        [
            "This is my plan.",
            "It says what I hope for.",
            "It says what I am working on.",
            "It says who helps me.",
        ],
    )

    easy.doc.heading("My hopes and dreams", 2)
    column = any(hope.statement.picture for hope in view.aspirations)
    for hope in view.aspirations:
        s = hope.statement
        easy.line(easy_words(s), picture=s.picture, column=column, style="Heading 3")
        if s.easy_attribution:
            easy.line(Run(s.easy_attribution, italic=True), column=column)
        if hope.where_i_prosper:
            easy.line("Where I do well", column=column, style="Heading 4")
            easy.lines([lines(place) for place in hope.where_i_prosper], column)
        if hope.steps:
            easy.line("Steps to get there", column=column, style="Heading 4")
            easy.lines(
                [
                    [
                        lines(step.step),
                        *([Run(f"\nWho: {step.who}", italic=True)] if step.who else []),
                    ]
                    for step in hope.steps
                ],
                column,
            )
    if not view.aspirations:
        easy.empty("We have not written my hopes and dreams yet. People will ask me about them.")

    easy.doc.heading("What I am working on", 2)
    column = any(goal.picture for goal in view.goals)
    for goal in view.goals:
        _goal_heading(easy, goal.area, goal.easy, goal.picture, column)
        if goal.success:
            easy.line("I will know I have done it when", column=column, style="Heading 4")
            easy.line(lines(goal.success), column=column)
        easy.line("How I am doing", column=column, style="Heading 4")
        doing = (
            goal.latest_rating_easy
            if goal.status_key == "active" and goal.latest_rating_easy
            else goal.status_easy
        )
        easy.line(doing, column=column)
        easy.line(f"We check how I am doing {goal.rhythm_easy}.", column=column)
        if goal.strategies:
            easy.line("What helps me", column=column, style="Heading 4")
            easy.lines([lines(strategy) for strategy in goal.strategies], column)
    if not view.goals:
        easy.empty("We have not chosen my goals yet. We will choose them with me.")

    easy.doc.heading("Who and what helps me", 2)
    if view.resources:
        easy.lines(
            [
                [
                    Run(lines(r.text), bold=True),
                    *([f"\nWho: {r.who}"] if r.who else []),
                    *([f"\nWhen: {r.how_often}"] if r.how_often else []),
                ]
                for r in view.resources
            ]
        )
    else:
        easy.empty("Nothing is written here yet.")

    easy.doc.heading("What I have done", 2)
    if view.achievements:
        easy.lines(
            [
                [lines(item.text), *([Run(f"\n{item.date}", italic=True)] if item.date else [])]
                for item in view.achievements
            ]
        )
    else:
        easy.empty("Nothing is marked as done yet.")

    easy.doc.heading("My meetings", 2)
    if view.pupil_working or view.pupil_not_working:
        easy.line(f"At my meeting on {view.pupil_said_on}, I said:")
        for heading, items in (
            ("What is working", view.pupil_working),
            ("What is not working", view.pupil_not_working),
        ):
            if items:
                easy.doc.heading(heading, 3)
                easy.lines([lines(item) for item in items])
    if view.next_review:
        easy.line(["My next meeting is on ", Run(view.next_review, bold=True), "."])
    else:
        easy.line("My next meeting is not booked yet.")
    easy.line(f"We look at my whole plan {view.plan_review}.")
    _words_to_know(easy, view.glossary)
    return easy.doc.to_bytes()


# --- My review: the record of a review in easy read ----------------------------------

_SAID = ("I said", "My family said", "People at school said", "Other people said")


def review_easy_docx(view: ReviewRecordView, school: SchoolView, day: date) -> bytes:
    """The pupil's own copy of the record of a review, in easy read."""
    pupil = view.pupil
    easy = _easy_document(f"My review: {pupil.name}, {view.date}", pupil, school, day)
    _title(
        easy,
        "My review",
        pupil,
        [
            "This is about my review.",
            f"It was on {view.date}.",
            "It says what we talked about.",
            "It says what we will do next.",
        ],
    )

    easy.doc.heading("Who came", 2)
    if view.present:
        easy.lines([lines(person) for person in view.present])
    else:
        easy.empty("We did not write down who came.")

    easy.doc.heading("What I told people", 2)
    _easy_list(easy, view.pupil_voice, "We did not write down what I said this time.")

    easy.doc.heading("What is going well and what is hard", 2)
    if view.has_views:
        for said, perspective in zip(_SAID, view.perspectives, strict=False):
            if not (perspective.working or perspective.not_working):
                continue
            easy.doc.heading(said, 3)
            for heading, items in (
                ("What is going well", perspective.working),
                ("What is hard", perspective.not_working),
            ):
                if items:
                    easy.doc.heading(heading, 4)
                    easy.lines([lines(item) for item in items])
    else:
        easy.empty("We did not write down what is going well or what is hard.")

    easy.doc.heading("How I am doing with my goals", 2)
    column = any(goal.picture for goal in view.goals)
    for goal in view.goals:
        _goal_heading(easy, goal.area, goal.easy, goal.picture, column)
        easy.line("How I am doing", column=column, style="Heading 4")
        easy.line(goal.rating or "We did not say this time.", column=column)
        if goal.note:
            easy.line("What people said", column=column, style="Heading 4")
            easy.line(lines(goal.note), column=column)
    if not view.goals:
        easy.empty("We did not talk about each goal this time.")

    easy.doc.heading("What we will do next", 2)
    for action in view.actions:
        easy.doc.heading(lines(action.what), 3)
        easy.line(f"Who will do it: {action.who}")
        easy.line(f"By: {action.by}")
        done = f"It was done on {action.done}." if action.done else "It is not done yet."
        easy.line(done, gap=1.0)
    if not view.actions:
        easy.empty("We did not agree anything new to do.")

    if view.questions:
        easy.doc.heading("Questions we will find out about", 2)
        easy.lines([lines(question) for question in view.questions])

    easy.doc.heading("My next review", 2)
    if view.next_review:
        easy.line(["My next review is on ", Run(view.next_review, bold=True), "."])
    else:
        easy.line("We will tell me when my next review is.")
    easy.line("I can ask a question at any time.")
    _words_to_know(easy, view.glossary)
    return easy.doc.to_bytes()
