"""The whole-school pages as Word documents: the SEN register and the provision map.

Each follows its HTML template (templates/register.html.j2, templates/provision.html.j2)
heading by heading, from the same view models (:mod:`pcplan.cohort.views`), so the
formats say the same things. Both are A4 landscape: their tables are wide.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pcplan.cohort.load import LeftOut
from pcplan.cohort.views import ProvisionPage, RegisterLine, RegisterPage
from pcplan.render.views import SchoolView
from pcplan.render.word.builder import Inline, Run, WordDocument
from pcplan.render.word.documents import lines, new_document

_SIZE = 9  # the text of the wide tables, in points
_MARGIN_MM = 12


def _document(title: str, school: SchoolView, day: date) -> WordDocument:
    doc = new_document(
        title, school, day, "these pupils", base_size=10, margin_mm=_MARGIN_MM, landscape=True
    )
    doc.paragraph(Run("Special educational needs", bold=True))
    doc.heading(title, 1)
    return doc


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _needs(line: RegisterLine) -> list[Inline]:
    out: list[Inline] = [line.primary.code] if line.primary else []
    if line.secondary:
        codes = ", ".join(need.code for need in line.secondary)
        out.append(Run(f" (also {codes})", italic=True))
    return out


def _next_review(line: RegisterLine) -> list[Inline]:
    if not line.next_review:
        return []
    out: list[Inline] = [line.next_review, Run(f" ({line.next_review_note})", italic=True)]
    if line.overdue:
        out.append(Run(" overdue", bold=True))
    return out


def _need_key(page: RegisterPage) -> str:
    """The need codes the register uses, in words: Word has no abbreviations to hover."""
    words: dict[str, str] = {}
    for line in page.lines:
        for need in [*([line.primary] if line.primary else []), *line.secondary]:
            words.setdefault(need.code, need.words)
    return "; ".join(f"{code}: {words[code]}" for code in sorted(words))


def register_docx(page: RegisterPage, school: SchoolView, day: date) -> bytes:
    """The SEN register as a Word document."""
    doc = _document(page.title, school, day)
    filters = f": {page.filter_words}" if page.filter_words else ""
    doc.paragraph(f"{page.intro}{filters}.")
    if page.lines:
        doc.table(
            ["Pupil", "UPN", "Year", "SEN status", "Needs", "Area of need", "Last review",
             "Next review", "Open actions", "Active goals"],
            (
                [
                    Run(line.name, bold=True), line.upn, line.year, line.status, _needs(line),
                    line.area, line.last_review, _next_review(line), str(line.open_actions),
                    str(line.active_goals),
                ]
                for line in page.lines
            ),
            caption=_plural(len(page.lines), "pupil", "pupils"),
            widths_mm=[40, 30, 18, 22, 30, 40, 22, 45, 13, 13],
            size=_SIZE,
            numeric=(8, 9),
        )  # fmt: skip
        doc.paragraph(Run(f"Needs: {_need_key(page)}.", italic=True))
    else:
        doc.paragraph(Run("No pupil matches.", italic=True))

    doc.heading("Counts", 2)
    for table in page.tables:
        columns = len(table.columns)
        doc.table(
            [table.corner, *table.columns],
            (
                [Run(heading, bold=True), *(Run(str(n), bold=last) for n in numbers)]
                for heading, numbers, last in _with_last(table.rows)
            ),
            caption=table.caption,
            size=_SIZE,
            numeric=range(1, columns + 1),
        )
    if page.counts:
        doc.table(
            ["SEN status", "Area of need", "Year group", "Pupils"],
            ([c.status, c.area, c.year, str(c.pupils)] for c in page.counts),
            caption="Pupils by status, area of need and year group",
            size=_SIZE,
            numeric=(3,),
        )
    _left_out(doc, page.left_out)
    return doc.to_bytes()


def _with_last(
    rows: Sequence[tuple[str, tuple[int, ...]]],
) -> list[tuple[str, tuple[int, ...], bool]]:
    return [(heading, numbers, i == len(rows) - 1) for i, (heading, numbers) in enumerate(rows)]


def provision_docx(page: ProvisionPage, school: SchoolView, day: date) -> bytes:
    """The provision map as a Word document: the same rows and totals as the HTML."""
    doc = _document(page.title, school, day)
    doc.paragraph(page.intro)

    doc.heading("At a glance", 2)
    resources = _plural(page.resources, "resource", "resources")
    with_provision = f"{page.pupils_with_provision} ({resources})"
    if page.pupils_without_provision:
        has = "pupil has" if page.pupils_without_provision == 1 else "pupils have"
        with_provision += f"; {page.pupils_without_provision} {has} none recorded"
    facts: list[tuple[str, Inline | Sequence[Inline]]] = [
        ("Total cost for the year", Run(page.total, bold=True)),
        ("Pupils with provision", with_provision),
    ]
    if page.mean_per_pupil:
        facts.append(("Mean cost per pupil with provision", page.mean_per_pupil))
        facts.append(
            ("Largest cost for one pupil", f"{page.largest_per_pupil} ({page.largest_pupil})")
        )
    doc.facts(facts)
    basis = page.basis
    if page.not_costed:
        one = page.not_costed == 1
        basis += (
            f" {page.not_costed} {'resource has' if one else 'resources have'} no cost "
            f"recorded, so {'it adds' if one else 'they add'} nothing to the totals."
        )
    if page.cannot_cost:
        one = page.cannot_cost == 1
        basis += (
            f" {page.cannot_cost} {'resource is' if one else 'resources are'} costed per "
            f"session without sessions_per_week, so {'its' if one else 'their'} yearly cost "
            "cannot be worked out."
        )
    doc.paragraph(Run(basis, italic=True))

    doc.heading("Provision, pupil by pupil", 2)
    if page.lines:
        rows: list[list[Inline | Sequence[Inline]]] = []
        for line in page.lines:
            provision: list[Inline] = [lines(line.provision)]
            if line.detail:
                provision.append(Run(f" ({line.detail})", italic=True))
            per_pupil: list[Inline] = [line.per_pupil or Run("none", italic=True)]
            if line.note:
                per_pupil.append(Run(f"\n{lines(line.note)}", italic=True))
            rows.append(
                [
                    Run(line.pupil, bold=True), line.year, line.area, provision, line.wave,
                    lines(line.staff), line.time, line.cost, per_pupil,
                ]
            )  # fmt: skip
        doc.table(
            ["Pupil", "Year", "Area of need", "Provision", "Wave", "Staff", "Time", "Cost",
             "Cost per pupil per year"],
            rows,
            caption=_plural(len(page.lines), "row", "rows") + ": one for each pupil and resource",
            widths_mm=[35, 17, 32, 48, 14, 28, 35, 28, 36],
            size=_SIZE,
            numeric=(8,),
        )  # fmt: skip
    else:
        doc.paragraph(Run("No provision is recorded.", italic=True))

    if page.lines:
        doc.heading("Totals", 2)
        for totals in page.totals:
            rows = [
                [Run(line.label, bold=True), str(line.pupils), str(line.resources), line.cost]
                for line in totals.lines
            ]
            rows.append(
                [Run("Total", bold=True), Run(str(page.pupils_with_provision), bold=True),
                 Run(str(page.resources), bold=True), Run(totals.total, bold=True)]
            )  # fmt: skip
            doc.table(
                [totals.heading, "Pupils", "Resources", "Cost per year"],
                rows,
                caption=totals.caption,
                size=_SIZE,
                numeric=(1, 2, 3),
            )  # fmt: skip
    _left_out(doc, page.left_out)
    return doc.to_bytes()


def _left_out(doc: WordDocument, left_out: Sequence[LeftOut]) -> None:
    """Records left out of a whole-school page's totals, as templates/left_out.html.j2 says."""
    if not left_out:
        return
    one = len(left_out) == 1
    doc.heading("Records left out", 2)
    doc.paragraph(
        f"{_plural(len(left_out), 'record is', 'records are')} left out of every list and "
        f"total on this page, because {'it has' if one else 'they have'} problems. Run "
        "pcplan validate to see what to fix."
    )
    doc.bullets(
        f"{item.name} ({_plural(item.problems, 'problem', 'problems')})" for item in left_out
    )
