"""Build the example local authority annual review form, examples/forms/review.docx.

A local authority publishes its forms as Word files. This script makes a small one of the
usual shape (the pupil's details, who attended, the pupil's views, what is working and not
working, progress towards each outcome, the actions, the recommendation), with the Jinja
tags pcplan fills in. A school would instead open its own authority's form in Word and type
the same tags where the answers go.

    python examples/forms/make_annual_review_form.py    # writes examples/forms/review.docx
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pcplan.render.word.builder import stable_zip

HERE = Path(__file__).resolve().parent


def header_row(table, *names: str) -> None:
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, name in zip(row.cells, names, strict=True):
        cell.paragraphs[0].add_run(name).bold = True


def row(table, *texts: str) -> None:
    for cell, text in zip(table.add_row().cells, texts, strict=True):
        cell.paragraphs[0].add_run(text)


def build() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    section.header.paragraphs[0].add_run("{{ school.marking }}").bold = True
    section.footer.paragraphs[0].add_run(
        "Example County Council · Annual review of an EHC plan · {{ school.marking }}"
    )
    lang = doc.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:lang')}")
    lang.set(qn("w:val"), "en-GB")
    doc.styles["Normal"].font.size = Pt(11)
    props = doc.core_properties
    props.title = "Annual review of an Education, Health and Care plan"
    props.author = props.last_modified_by = props.comments = ""
    props.created = props.modified = datetime(2026, 1, 1, tzinfo=UTC)
    props.language = "en-GB"

    doc.add_heading("Annual review of an Education, Health and Care plan", 1)
    doc.add_paragraph(
        "Example County Council, SEND Service. The school sends this form to the local "
        "authority within two weeks of the review meeting."
    )

    doc.add_heading("1. About the child or young person", 2)
    details = doc.add_table(rows=1, cols=2, style="Table Grid")
    header_row(details, "Detail", "Answer")
    for label, tag in (
        ("Full name", "{{ review.pupil.full_name }}"),
        ("Known as", "{{ review.pupil.name }}"),
        ("Date of birth", "{{ review.pupil.date_of_birth }}"),
        ("Unique pupil number", "{{ review.pupil.upn }}"),
        ("Year group", "{{ review.pupil.year }}"),
        ("School", "{{ school.name }}"),
        ("Date of the review meeting", "{{ review.date }}"),
        ("Kind of review", "{{ review.kind }}"),
    ):
        row(details, label, tag)

    doc.add_heading("2. Who attended the review", 2)
    doc.add_paragraph("{%p for person in review.present %}")
    doc.add_paragraph("{{ person }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("3. The child or young person's views", 2)
    doc.add_paragraph("{%p for said in review.pupil_voice %}")
    doc.add_paragraph("“{{ said.text }}” {{ said.attribution }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("4. What is working and what is not working", 2)
    views = doc.add_table(rows=1, cols=3, style="Table Grid")
    header_row(views, "Whose view", "What is working", "What is not working")
    row(views, "{%tr for view in review.perspectives %}", "", "")
    row(
        views,
        "{{ view.name }}",
        '{{ view.working|join("; ") }}',
        '{{ view.not_working|join("; ") }}',
    )
    row(views, "{%tr endfor %}", "", "")

    doc.add_heading("5. Progress towards outcomes", 2)
    outcomes = doc.add_table(rows=1, cols=3, style="Table Grid")
    header_row(outcomes, "Outcome", "Progress", "Comments")
    row(outcomes, "{%tr for goal in review.goals %}", "", "")
    row(
        outcomes,
        "Goal {{ goal.number }} ({{ goal.area }}): {{ goal.text }}",
        "{{ goal.rating }}",
        "{{ goal.note }}",
    )
    row(outcomes, "{%tr endfor %}", "", "")

    doc.add_heading("6. Questions and actions agreed", 2)
    doc.add_paragraph("{%p for question in review.questions %}")
    doc.add_paragraph("{{ question }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    actions = doc.add_table(rows=1, cols=3, style="Table Grid")
    header_row(actions, "Action", "Who", "By when")
    row(actions, "{%tr for action in review.actions %}", "", "")
    row(actions, "{{ action.what }}", "{{ action.who }}", "{{ action.by }}")
    row(actions, "{%tr endfor %}", "", "")

    doc.add_heading("7. Recommendation to the local authority", 2)
    doc.add_paragraph(
        "The school recommends that the local authority maintains, amends or ceases the "
        "plan (delete as appropriate), for these reasons:"
    )
    doc.add_paragraph("Completed by the SENCO on {{ today }}. Signed: ______________________")

    rels = doc.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del rels[rel_id]  # a picture of python-docx's empty page
    raw = io.BytesIO()
    doc.save(raw)
    # Fixed timestamps and order, so the committed form changes only when this script does.
    return stable_zip(raw.getvalue())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "review.docx"
    target.write_bytes(build())
    print(f"Wrote {target}")
