"""pcplan's documents as Word files, laid out from the same view models as the HTML.

Each function here follows its HTML template (templates/*.html.j2) heading by heading
and says the same things in the same words, so the three formats never disagree; only
the layout is Word's own (see :mod:`pcplan.render.word.builder`).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from pcplan.render.markdown import text_lines
from pcplan.render.views import (
    Audience,
    Photo,
    PlanView,
    ProfileView,
    Ref,
    SchoolView,
    Statement,
)
from pcplan.render.word.builder import PUPIL_WORDS_STYLE, Inline, Run, WordDocument
from pcplan.schoolyear import long_date

if TYPE_CHECKING:  # only named here: a profile or plan need not import the agenda's parts
    from pcplan.history.view import EntryView
    from pcplan.render.agenda_view import AgendaView

# Pictures Word shows: PNG, JPEG and GIF (not WebP).
_WORD_PICTURES = ("data:image/png;", "data:image/jpeg;", "data:image/gif;")


def lines(value: object) -> str:
    """Text with its line breaks kept, as the HTML's ``lines`` filter keeps them."""
    return "\n".join(text_lines(value))


def footer_text(today: str, subject: str) -> str:
    return (
        f"Prepared on {today}. Please keep this document safe and share it only with "
        f"people who work with {subject}."
    )


def new_document(
    title: str,
    school: SchoolView,
    day: date,
    subject: str,
    footer: str | None = None,
    landscape: bool = False,
    **layout: float,
) -> WordDocument:
    return WordDocument(
        title=f"{title} ({school.name})" if school.name else title,
        marking=school.marking,
        school=school.name,
        footer=footer if footer is not None else footer_text(long_date(day), subject),
        day=day,
        landscape=landscape,
        **layout,
    )


FAMILY_FOOTER = (
    "Your copy, prepared on {today}, of what we agreed with you. Notes meant only for staff "
    "are left out. Please keep it safe."
)


def statement_runs(s: Statement) -> list[Inline]:
    """A statement as the HTML shows it: a quote in quotation marks, the pupil's own words
    in their character style, and whose words they are."""
    text = lines(s.text)
    shown = f"“{text}”" if s.is_quote else text
    out: list[Inline] = [Run(shown, style=PUPIL_WORDS_STYLE if s.is_pupil_voice else None)]
    if s.attribution:
        out.append(Run(f" ({s.attribution})", italic=True))
    return out


def statement_list(doc: WordDocument, items: Sequence[Statement], empty: str) -> None:
    if items:
        doc.bullets(statement_runs(s) for s in items)
    else:
        doc.paragraph(Run(empty, italic=True))


def refs(items: Sequence[Ref], sep: str = ", ") -> str:
    return sep.join(ref.label for ref in items)


def picture_bytes(picture: Photo) -> bytes | None:
    """The picture's file, when it is one Word shows (PNG, JPEG or GIF; not WebP)."""
    head, _, data = picture.data_uri.partition(",")
    return base64.b64decode(data) if head.startswith(_WORD_PICTURES) else None


def picture_note(picture: Photo) -> str:
    """What stands in for a picture Word cannot show: never dropped silently."""
    return (
        f"[{picture.alt}: a WebP picture, which Word cannot show; save the picture as PNG or JPEG]"
    )


def photo(doc: WordDocument, picture: Photo, width_mm: float) -> None:
    data = picture_bytes(picture)
    if data is not None:
        doc.picture(data, picture.alt, width_mm)
    else:
        doc.paragraph(Run(picture_note(picture), italic=True))


# --- The one-page profile --------------------------------------------------------------


def profile_docx(
    view: ProfileView, school: SchoolView, day: date, audience: Audience = "staff"
) -> bytes:
    """The one-page profile as a Word document, sized to fit one A4 page."""
    pupil = view.pupil
    doc = new_document(
        f"{pupil.heading}: one-page profile",
        school,
        day,
        pupil.name,
        FAMILY_FOOTER.format(today=long_date(day)) if audience == "family" else None,
        base_size=10,
        margin_mm=14,
    )
    doc.paragraph(Run("One-page profile", bold=True))
    doc.heading(pupil.heading, 1)
    meta = " · ".join(part for part in (pupil.year, pupil.setting) if part)
    if meta:
        doc.paragraph(meta)
    if view.provenance:
        doc.paragraph(Run(lines(view.provenance), italic=True))
    if view.photo is not None:
        photo(doc, view.photo, 30)

    doc.heading("What people like and admire about me", 2)
    statement_list(
        doc,
        view.like_and_admire,
        view.not_written["like_and_admire"],
    )
    doc.heading("What is important to me", 2)
    statement_list(
        doc,
        view.important_to_me,
        view.not_written["important_to_me"],
    )
    doc.heading("How best to support me", 2)
    doc.paragraph(Run("to stay healthy and safe, and to learn well", italic=True))
    statement_list(
        doc,
        view.how_to_support_me,
        view.not_written["how_to_support_me"],
    )
    if view.communication:
        doc.heading("How I communicate", 2)
        doc.table(
            ["When this happens", "I do this", "It usually means", "And you should"],
            (
                [lines(row.when), lines(row.i_do), lines(row.it_means), lines(row.you_should)]
                for row in view.communication
            ),
            size=9,
        )
    return doc.to_bytes()


# How much room a profile takes on an A4 page in Word, in millimetres: 10 pt Arial, 14 mm
# margins, header and footer. Measured against LibreOffice's layout of the examples.
_PAGE_MM = 275.0
_LINE_MM = 4.1
_PARAGRAPH_MM = 1.5
_HEADING_MM = 10.5
_CHARS_PER_LINE = 100
_CELL_CHARS = {9: 27}


def _text_lines(text: str, width: int) -> int:
    return sum(max(1, -(-len(line) // width)) for line in (text.split("\n") or [""]))


def profile_height_mm(view: ProfileView) -> float:
    """An estimate of the height of a profile in Word, to say when it will not fit one page."""
    height = 3 * _LINE_MM + 2 * _HEADING_MM  # the label, the name and the line below it
    if view.provenance:
        height += _text_lines(lines(view.provenance), _CHARS_PER_LINE) * _LINE_MM
    if view.photo is not None:
        height += 32
    for items in (view.like_and_admire, view.important_to_me, view.how_to_support_me):
        height += _HEADING_MM
        for s in items or [Statement("")]:
            text = lines(s.text) + (f" ({s.attribution})" if s.attribution else "")
            height += _text_lines(text, _CHARS_PER_LINE - 5) * _LINE_MM + _PARAGRAPH_MM
    height += _LINE_MM  # "to stay healthy and safe, and to learn well"
    if view.communication:
        height += _HEADING_MM + 2 * _LINE_MM
        for row in view.communication:
            cells = (row.when, row.i_do, row.it_means, row.you_should)
            tallest = max(_text_lines(lines(c), _CELL_CHARS[9]) for c in cells)
            height += tallest * 4.0 + 1.5
    return height


def profile_fits_one_page(view: ProfileView) -> bool:
    """Whether a profile is likely to fit one A4 page in Word (see :func:`profile_height_mm`)."""
    return profile_height_mm(view) <= _PAGE_MM


# --- The personalised learning plan ------------------------------------------------------

PLAN_PARTS = (
    "Developing and exploring aspirations",
    "Getting started on personalising the curriculum",
    "Designing strategies to support learning",
    "Identifying resources to support learning",
    "Monitoring progress, recognising achievement and moving on",
)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def plan_docx(view: PlanView, school: SchoolView, day: date, audience: Audience = "staff") -> bytes:
    """The personalised learning plan as a Word document, under the five headings."""
    pupil = view.pupil
    name = pupil.name
    family = audience == "family"
    doc = new_document(
        f"{pupil.heading}: personalised learning plan",
        school,
        day,
        name,
        FAMILY_FOOTER.format(today=long_date(day)) if family else None,
    )
    doc.paragraph(Run("Personalised learning plan", bold=True))
    doc.heading(pupil.heading, 1)
    if family:
        doc.paragraph(
            f"This is the plan we agreed with you and {name}. Notes meant only for staff, and "
            "what provision costs, are left out. If anything here is not right, please tell us."
        )
    doc.heading("In this plan", 2)
    doc.numbered(PLAN_PARTS)

    doc.heading(f"About {name}", 2)
    facts: list[tuple[str, Inline | Sequence[Inline]]] = [("Full name", pupil.full_name)]
    if pupil.year:
        stage = f" ({pupil.key_stage})" if pupil.key_stage else ""
        facts.append(("Year group", f"{pupil.year}{stage}"))
    if pupil.date_of_birth:
        facts.append(("Date of birth", pupil.date_of_birth))
    if pupil.upn:
        facts.append(("Unique pupil number", pupil.upn))
    if pupil.setting:
        facts.append((f"Where {name} learns", pupil.setting))
    facts.append(("Support", pupil.sen_status_label))
    if pupil.needs:
        facts.append(("Needs", "; ".join(pupil.needs)))
    facts.append(
        (
            "Plan reviewed",
            f"{_upper_first(view.plan_review)}, with "
            + (f"you and {name}" if family else pupil.and_family),
        )
    )
    if view.next_review:
        facts.append(("Next review", view.next_review))
    if view.annual_review:
        facts.append(("Annual review", view.annual_review))
    doc.facts(facts)

    if view.circle:
        doc.heading(f"The people who support {name}", 2)
        doc.table(
            ["Name", "Who they are", "How to reach them"],
            [([Run(p.name, bold=True)], p.role, p.contact) for p in view.circle],
        )

    # 1. Aspirations
    doc.heading(f"1. {PLAN_PARTS[0]}", 2)
    doc.paragraph(
        f"{name}'s hopes and dreams, where {name} is likely to prosper, and the steps that "
        f"{name} and others could take."
    )
    for hope in view.aspirations:
        s = hope.statement
        text = lines(s.text)
        doc.heading(
            [
                f"Hope {hope.number}: ",
                Run(
                    f"“{text}”" if s.is_quote else text,
                    style=PUPIL_WORDS_STYLE if s.is_pupil_voice else None,
                ),
            ],
            3,
        )
        if s.attribution:
            doc.paragraph(Run(s.attribution, italic=True))
        tags = [hope.horizon] if hope.horizon else []
        if hope.pfa:
            tags.append(f"Preparing for adulthood: {hope.pfa}")
        if tags:
            doc.bullets(tags)
        if hope.where_i_prosper:
            doc.heading(f"Where {name} is likely to prosper", 4)
            doc.bullets(lines(place) for place in hope.where_i_prosper)
        if hope.steps:
            doc.heading(f"Steps {name} and others could take", 4)
            doc.numbered(
                (
                    [lines(step.step), Run(f" — {step.who}", italic=True)]
                    if step.who
                    else lines(step.step)
                )
                for step in hope.steps
            )
        if hope.goals:
            doc.paragraph([Run("Goals that move towards it: ", bold=True), refs(hope.goals)])
    if not view.aspirations:
        doc.paragraph(
            Run(
                (
                    f"No hopes and dreams are written down yet. We will ask {name} about "
                    f"them with you: what {name} hopes for, what that would look like, where "
                    f"{name} is likely to do well, the steps that {name}, you and others "
                    "could take, and who could help."
                )
                if family
                else (
                    f"No hopes and dreams are written down yet. Ask {name}: what are your "
                    "hopes and dreams? What would that look like? Where are you likely to do "
                    "well? What steps could you and others take? Who could help?"
                ),
                italic=True,
            )
        )

    # 2. Curriculum
    doc.heading(f"2. {PLAN_PARTS[1]}", 2)
    agreed = "we agreed with you and" if family else "agreed with"
    doc.paragraph(
        f"Goals {agreed} {name} in each area of the curriculum, the hopes each one moves "
        "towards, and the values it serves."
    )
    for area in view.areas:
        doc.heading(area.name, 3)
        for goal in area.goals:
            doc.heading(f"{goal.label}: {lines(goal.text)}", 4)
            if goal.aspirations:
                doc.paragraph(Run("Moves towards:", bold=True))
                doc.bullets(f"{ref.label}: {lines(ref.text)}" for ref in goal.aspirations)
            else:
                doc.facts([("Moves towards", "Not linked to a hope yet")])
            goal_facts: list[tuple[str, Inline | Sequence[Inline]]] = []
            if goal.values:
                goal_facts.append(("Values it serves", ", ".join(goal.values)))
            if goal.start:
                goal_facts.append(("Started", goal.start))
            if goal.due:
                goal_facts.append(("Aiming to achieve by", goal.due))
            doc.facts(goal_facts)
    if not view.areas:
        doc.paragraph(
            Run(
                f"No goals are agreed yet. Goals are the manageable steps, agreed with {name}, "
                "that move towards the hopes above.",
                italic=True,
            )
        )

    # 3. Strategies
    doc.heading(f"3. {PLAN_PARTS[2]}", 2)
    doc.paragraph(f"How staff and {name} will work on each goal.")
    for goal in view.goals:
        doc.heading(f"{goal.label}: {goal.area}", 3)
        doc.paragraph(Run(lines(goal.text), italic=True))
        if goal.strategies:
            doc.bullets(lines(s) for s in goal.strategies)
        else:
            doc.paragraph(Run("No strategies written yet.", italic=True))
    if not view.goals:
        doc.paragraph(
            Run("Strategies are written for each goal once goals are agreed.", italic=True)
        )

    # 4. Resources
    doc.heading(f"4. {PLAN_PARTS[3]}", 2)
    doc.paragraph(
        f"The people, time, places, equipment, money and programmes that support {name}'s goals."
    )
    if view.resources:
        rows = []
        for r in view.resources:
            first: list[Inline] = [Run(lines(r.text), bold=True)]
            if r.who:
                first.append(f"\n{r.who}")
            kind = " · ".join(part for part in (r.kind, r.wave) if part)
            if kind:
                first.append(Run(f"\n{kind}", italic=True))
            often = "\n".join(part for part in (r.how_often, r.group) if part)
            second: list[Inline] = [often]
            if r.dates:
                second.append(Run(f"\n{r.dates}", italic=True))
            cost = [r.cost] if view.show_costs else []
            rows.append([first, second, *cost, "\n".join(ref.label for ref in r.goals)])
        doc.table(
            [
                "Resource and who provides it",
                "How often",
                *(["Cost"] if view.show_costs else []),
                "Supports",
            ],
            rows,
        )
    else:
        doc.paragraph(Run("No resources are listed yet.", italic=True))

    # 5. Monitoring
    doc.heading(f"5. {PLAN_PARTS[4]}", 2)
    doc.heading("How progress is reviewed", 3)
    doc.facts(
        (
            rhythm.label,
            f"{_upper_first(rhythm.description)}"
            f"{': ' + refs(rhythm.goals) if rhythm.goals else ''}.",
        )
        for rhythm in view.rhythms
    )
    if family:
        whole = f"We review the whole plan with you and {name} {view.plan_review}."
    else:
        whole = f"The whole plan is reviewed {view.plan_review} with {pupil.and_family}."
    if view.next_review:
        whole += f" The next review is on {view.next_review}."
    if view.annual_review:
        whole += f" The annual review is on {view.annual_review}."
    doc.paragraph(whole)
    if family:
        _family_views(doc, view)

    if view.goals:
        doc.heading("Progress towards each goal", 3)
        for goal in view.goals:
            doc.heading(f"{goal.label}: {goal.area}: {lines(goal.text)}", 4)
            status = goal.status
            if goal.achieved_on:
                status += f" on {goal.achieved_on}"
            if goal.latest_rating and goal.status_key != "achieved":
                status += f" (latest rating: {goal.latest_rating})"
            progress_facts: list[tuple[str, Inline | Sequence[Inline]]] = [
                ("Reviewed", goal.rhythm),
                ("Success looks like", lines(goal.success) if goal.success else "Not agreed yet"),
                ("Status", status),
            ]
            if goal.due:
                progress_facts.append(("Aiming to achieve by", goal.due))
            if goal.resources:
                progress_facts.append(("Resources", refs(goal.resources, "; ")))
            doc.facts(progress_facts)
            if goal.progress:
                doc.table(
                    ["Date", "What happened", "Seen by", "Rating"],
                    ([p.date, lines(p.note), p.by, p.rating] for p in goal.progress),
                    caption="Progress so far",
                )
            else:
                doc.paragraph(Run("No progress noted yet.", italic=True))

    doc.heading(f"What {name} has achieved", 3)
    if view.achievements:
        doc.bullets(
            [
                f"{item.date}: " if item.date else "",
                lines(item.text),
                Run(f" ({item.goal.label})", italic=True),
            ]
            for item in view.achievements
        )
    else:
        doc.paragraph(
            Run(
                "No goal is marked achieved yet"
                + (
                    f"; the progress above shows the steps {name} has taken."
                    if view.has_progress
                    else "."
                ),
                italic=True,
            )
        )
    if view.reviews:
        doc.heading("Review meetings so far", 3)
        doc.table(
            ["Date", "Meeting", "Who was there"],
            ([r.date, r.kind, ", ".join(r.present)] for r in view.reviews),
        )
    doc.heading("Moving on: actions still open", 3)
    if view.open_actions:
        # A column for the goals only when an action is for one, as in the HTML.
        for_goals = any(a.goal for a in view.open_actions)
        doc.table(
            ["What", "Who", "By", *(["For goal"] if for_goals else [])],
            (
                [
                    lines(a.what),
                    a.who,
                    f"{a.by}{' (overdue)' if a.is_overdue else ''}",
                    *([a.goal.label if a.goal else "—"] if for_goals else []),
                ]
                for a in view.open_actions
            ),
        )
    else:
        doc.paragraph(Run("No actions are waiting.", italic=True))
    return doc.to_bytes()


# --- The review agenda -----------------------------------------------------------------


def agenda_docx(view: AgendaView, school: SchoolView, day: date) -> bytes:
    """The agenda of a person-centred review as a Word document, in the meeting's order."""
    pupil = view.pupil
    name = pupil.name
    occasion = view.occasion
    doc = new_document(
        f"{pupil.heading}: {occasion.kind.lower()} agenda, {view.term}", school, day, name
    )
    doc.paragraph(Run(f"{occasion.kind}: agenda", bold=True))
    doc.heading(pupil.heading, 1)
    overdue = " (overdue)" if occasion.is_overdue else ""
    meeting: list[Inline] = (
        [Run(occasion.meeting, bold=True), overdue]
        if occasion.meeting
        else ["Not booked yet: to be held by ", Run(occasion.due_by, bold=True), overdue]
    )
    facts: list[tuple[str, Inline | Sequence[Inline]]] = [
        ("Meeting", meeting),
        ("Term", f"{view.term} ({view.term_dates})"),
    ]
    for other in view.other_occasions:
        period = f" for the {other.period}" if other.period else ""
        when = f"booked for {other.meeting}" if other.meeting else f"by {other.due_by}"
        late = " (overdue)" if other.is_overdue else ""
        facts.append(("Also due", f"{other.kind}{period}: {when}{late}"))
    facts.append(("Last review", view.last_review or f"None yet: this is {name}'s first review"))
    if pupil.year:
        facts.append(("Year group", pupil.year))
    facts.append(("Support", pupil.sen_status_label))
    doc.facts(facts)
    if pupil.may_chair:
        doc.paragraph(
            f"{name} is at the heart of this meeting and may chair it. We go through it in "
            "this order, in plain words, and agree the actions together at the end."
        )
    else:
        doc.paragraph(
            f"{name} is at the heart of this meeting. Before it, we gather {pupil.their} views "
            f"in the way that suits {pupil.them} best, for example with pictures, objects of "
            "reference or a trusted adult, and share them here. We go through it in this "
            "order, in plain words, and agree the actions together at the end."
        )
    first = not view.last_review

    if view.statutory is not None:
        dates = view.statutory
        doc.heading("Dates for this annual review", 2)
        doc.table(
            ["What", "By", "Done"],
            [
                [
                    "Invite everyone (at least two weeks before the meeting)",
                    Run(dates.papers_out, bold=True),
                    _done(dates.invited_on),
                ],
                [
                    "Send the papers to everyone invited (at least two weeks before the meeting)",
                    Run(dates.papers_out, bold=True),
                    _done(dates.papers_sent),
                ],
                ["The annual review meeting", Run(dates.meeting, bold=True), ""],
                [
                    "Send the school's report to the local authority (within two weeks "
                    "after the meeting)",
                    Run(dates.report_due, bold=True),
                    _done(dates.report_sent),
                ],
            ],
        )

    changes = view.changes
    if changes.shown:
        when = "in the record so far" if first else "since the last review"
        doc.heading(f"What has changed {when}", 2)
        if changes.entries:
            after = f", after {changes.since}" if changes.since else ""
            doc.paragraph(
                f"From the record's history in git{after}: what changed, when, and who made "
                "the change."
            )
            history_entries(doc, changes.entries, 3)
        else:
            since = f"the last review ({changes.since})" if changes.since else "it was started"
            doc.paragraph(Run(f"Nothing in the record has changed since {since}.", italic=True))
    elif not first:
        doc.paragraph(Run(changes.note, italic=True))

    doc.heading("1. Who is invited", 2)
    doc.paragraph(f"{name}, and the people who support {name}:")
    if view.invited:
        doc.table(
            ["Name", "Who they are", "Here?"],
            [([Run(p.name, bold=True)], p.role, "") for p in view.invited],
        )
    else:
        doc.paragraph(
            Run(
                f"Nobody is listed in {name}'s circle of support yet: add family, staff and "
                "friends under circle in the record.",
                italic=True,
            )
        )

    doc.heading(f"2. What we like and admire about {name}", 2)
    statement_list(
        doc,
        view.like_and_admire,
        "Nothing is written down yet: start the meeting by asking everyone.",
    )
    doc.heading(f"3. What is important to {name} now", 2)
    statement_list(doc, view.important_now, f"Nothing is written down yet: ask {name}.")

    doc.heading(f"4. What is important to {name} for the future", 2)
    if view.hopes:
        items: list[list[Inline]] = []
        for hope in view.hopes:
            tags = " · ".join(part for part in (hope.horizon, hope.pfa) if part)
            items.append(
                [
                    *statement_runs(hope.statement),
                    *([Run(f" [{tags}]", italic=True)] if tags else []),
                ]
            )
        doc.bullets(items)
    else:
        doc.paragraph(
            Run(
                f"No hopes and dreams are written down yet. Ask {name}: what are your hopes "
                "and dreams? What would that look like? Who could help?",
                italic=True,
            )
        )
    if view.pfa:
        doc.heading("Preparing for adulthood", 3)
        doc.paragraph("From Year 9, every review looks ahead to adult life.")
        doc.table(
            ["Area", f"{name}'s hopes"],
            (
                [
                    Run(area.name, bold=True),
                    _joined_statements(area.hopes)
                    if area.hopes
                    else [
                        Run("No hope tagged with this area yet: talk about it today.", italic=True)
                    ],
                ]
                for area in view.pfa
            ),
        )

    doc.heading(f"5. What we need to know or do to support {name}", 2)
    statement_list(doc, view.support, "Nothing is written down yet.")

    doc.heading("6. What is working and what is not working", 2)
    doc.paragraph(
        "From each point of view."
        + (
            " This is the first review, so nothing was said last time."
            if first
            else " Under each, in grey, what was said at the last review, as a reminder."
        )
    )
    doc.table(
        ["From", "What is working", "What is not working"],
        (
            [
                Run(p.name, bold=True),
                _last_time(p.working),
                _last_time(p.not_working),
            ]
            for p in view.perspectives
        ),
    )

    doc.heading("7. Questions to answer", 2)
    if view.questions:
        doc.paragraph("Left open at the last review:")
        doc.bullets(lines(q) for q in view.questions)
    else:
        doc.paragraph(
            Run(
                "This is the first review, so no questions are waiting."
                if first
                else "No questions were left open at the last review.",
                italic=True,
            )
        )

    since = "so far" if first else "since the last review"
    doc.heading(f"8. {name}'s goals and progress {since}", 2)
    for goal in view.goals:
        doc.heading(f"Goal {goal.number}: {goal.area}: {lines(goal.text)}", 3)
        goal_facts: list[tuple[str, Inline | Sequence[Inline]]] = [
            (
                "Success looks like",
                lines(goal.success) if goal.success else "Not agreed yet: agree it today",
            ),
            ("Progress checked", goal.rhythm),
            ("Status", goal.status),
        ]
        last = ": ".join(part for part in (goal.last_rating, goal.last_note) if part)
        if last:
            goal_facts.append(("At the last review", last))
        doc.facts(goal_facts)
        if goal.progress:
            doc.table(
                ["Date", "What happened", "Seen by", "Rating"],
                ([p.date, lines(p.note), p.by, p.rating] for p in goal.progress),
                caption="Progress since the last review",
            )
        else:
            doc.paragraph(
                Run(
                    "No progress noted yet."
                    if first
                    else "No progress noted since the last review.",
                    italic=True,
                )
            )
    if not view.goals:
        doc.paragraph(
            Run(
                f"No goals are agreed yet: agree the first few today, from {name}'s hopes.",
                italic=True,
            )
        )

    doc.heading("9. Actions from earlier reviews still open", 2)
    if view.open_actions:
        doc.table(
            ["What", "Who", "By", "Agreed"],
            (
                [
                    [lines(a.what), *([Run(f" ({a.goal})", italic=True)] if a.goal else [])],
                    a.who,
                    f"{a.by}{' (overdue)' if a.is_overdue else ''}",
                    a.agreed,
                ]
                for a in view.open_actions
            ),
        )
    else:
        doc.paragraph(
            Run(
                "This is the first review, so no actions are waiting."
                if first
                else "Every action from earlier reviews is done.",
                italic=True,
            )
        )

    doc.heading("10. Action plan", 2)
    doc.paragraph("What we agree today: what, who, and by when.")
    doc.table(
        ["What", "Who", "By when"],
        (["\n", "", ""] for _ in range(view.blank_actions)),
        widths_mm=[100, 44, 30],
    )
    return doc.to_bytes()


def history_entries(doc: WordDocument, entries: Sequence[EntryView], level: int) -> None:
    """Changes from a record's history in git, as templates/macros.html.j2 shows them."""
    for entry in entries:
        doc.heading(f"{entry.date}: {entry.author}", level)
        doc.paragraph(
            [Run(entry.subject, italic=True), Run(f" (commit {entry.commit})", italic=True)]
        )
        if entry.not_loaded:
            doc.paragraph(
                Run(
                    f"This version does not load, so it is skipped: {entry.not_loaded}",
                    italic=True,
                )
            )
        if entry.layout_only:
            doc.paragraph(
                Run("Layout only: spacing or comments, nothing the record says.", italic=True)
            )
        items: list[list[Inline]] = []
        for change in entry.changes:
            if change.old and change.new:
                items.append(
                    [change.words, f"\nWas: {lines(change.old)}\nNow: {lines(change.new)}"]
                )
            elif change.old:
                items.append([change.words, ": ", Run(lines(change.old), italic=True)])
            elif change.new:
                items.append([change.words, f": {lines(change.new)}"])
            else:
                items.append([change.words])
        doc.bullets(items)
    if not entries:
        doc.paragraph(Run("Nothing changed.", italic=True))


def _family_views(doc: WordDocument, view: PlanView) -> None:
    doc.heading("What is working and not working, from your point of view", 3)
    if view.family_working or view.family_not_working:
        doc.paragraph(f"What you told us at the review on {view.family_said_on}:")
        for label, items in (
            ("Working", view.family_working),
            ("Not working", view.family_not_working),
        ):
            doc.heading(label, 4)
            if items:
                doc.bullets(lines(item) for item in items)
            else:
                doc.paragraph(Run("Nothing was written down.", italic=True))
    elif view.last_review:
        doc.paragraph(
            Run(
                "Nothing from your point of view has been written down at a review yet: we "
                "will ask you at the next one.",
                italic=True,
            )
        )
    else:
        doc.paragraph(
            Run(
                "There has been no review meeting yet: at the first one, we will ask you what "
                "is working and what is not.",
                italic=True,
            )
        )


def _done(day: str) -> str:
    return f"✓ Sent {day}" if day else "Not yet"


def _joined_statements(items: Sequence[Statement]) -> list[Inline]:
    out: list[Inline] = []
    for number, s in enumerate(items):
        if number:
            out.append("\n")
        out.extend(statement_runs(s))
    return out


def _last_time(items: Sequence[str]) -> list[Inline]:
    if not items:
        return []
    return [Run("Last time: ", italic=True), "\n".join(f"• {lines(i)}" for i in items)]
