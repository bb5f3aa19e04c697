"""The whole-school views in every format: HTML, Markdown, Word, CSV, xlsx and JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from pcplan.cohort.load import Cohort
from pcplan.cohort.pupils import CohortPupil
from pcplan.cohort.register import REGISTER_COLUMNS, RegisterFilter, counts, register_cells
from pcplan.cohort.spreadsheet import ColumnKind, Sheet, Value, csv_text, xlsx_bytes
from pcplan.vocabulary import AREAS, SEN_STATUS_SHORT

if TYPE_CHECKING:
    from pcplan.cohort.provision import ProvisionLine
    from pcplan.loading.repo import Repository
    from pcplan.render.pages import PageRenderer

ViewFormat = Literal["html", "md", "docx", "csv", "xlsx", "json"]

REGISTER_KINDS: tuple[ColumnKind, ...] = (
    "text",
    "text",
    "text",
    "text",
    "text",
    "date",
    "text",
    "text",
    "text",
    "text",
    "text",
    "date",
    "date",
    "integer",
    "integer",
)


def _json(payload: dict[str, Any]) -> bytes:
    from pcplan.jsontext import dumps

    return (dumps(payload) + "\n").encode("utf-8")


def _renderer(
    repository: Repository, cohort: Cohort, prepared: PageRenderer | None
) -> PageRenderer:
    if prepared is not None:
        return prepared
    # The template machinery is imported only for the formats made from templates.
    from pcplan.render.pages import PageRenderer

    return PageRenderer(repository, cohort.context.today)


def prepare(repository: Repository, today: date, view: str, fmt: ViewFormat) -> PageRenderer | None:
    """What making ``view`` in ``fmt`` needs besides the records, made ahead: for a page,
    the renderer with its template compiled; for a workbook, the library imported.

    Called while the records are read. A problem here (a school's template with a
    mistake, say) is left to appear again, and be reported, when the view is made.
    """
    try:
        if fmt == "xlsx":
            import xlsxwriter  # noqa: F401
        if fmt not in ("html", "md"):
            return None
        from pcplan.cohort import views  # noqa: F401
        from pcplan.render.pages import PageRenderer

        renderer = PageRenderer(repository, today)
        renderer.environment(fmt).get_template(f"{view}.{fmt}.j2")
        return renderer
    except Exception:
        return None


def _left_out(cohort: Cohort) -> list[dict[str, Any]]:
    return [{"file": item.name, "problems": item.problems} for item in cohort.left_out]


def register_output(
    repository: Repository,
    cohort: Cohort,
    pupils: Sequence[CohortPupil],
    chosen: RegisterFilter,
    fmt: ViewFormat,
    renderer: PageRenderer | None = None,
) -> bytes:
    """The register of ``pupils`` in ``fmt`` (``renderer``: one :func:`prepare` made)."""
    if fmt in ("html", "md"):
        from pcplan.cohort.views import register_page

        page = register_page(cohort, pupils, chosen)
        renderer = _renderer(repository, cohort, renderer)
        text = renderer.render(f"register.{fmt}.j2", fmt, page=page, subject="these pupils", nav=[])
        return text.encode("utf-8")
    if fmt == "docx":
        from pcplan.cohort.views import register_page
        from pcplan.render.word.cohort import register_docx

        renderer = _renderer(repository, cohort, renderer)
        return register_docx(register_page(cohort, pupils, chosen), renderer.school, renderer.today)
    rows = [register_cells(p) for p in pupils]
    if fmt == "csv":
        return csv_text(REGISTER_COLUMNS, rows).encode("utf-8")
    if fmt == "xlsx":
        count_rows = [
            [
                SEN_STATUS_SHORT[c.status],
                AREAS[c.area] if c.area else None,
                c.year_group,
                c.pupils,
            ]
            for c in counts(pupils)
        ]
        sheets = [
            Sheet("Register", REGISTER_COLUMNS, REGISTER_KINDS, rows),
            Sheet(
                "Counts",
                ("SEN Status", "Area of Need", "Year Group", "Pupils"),
                ("text", "text", "text", "integer"),
                count_rows,
            ),
        ]
        school = repository.settings.school or ""
        return xlsx_bytes(sheets, "SEN register", cohort.context.today, school)
    return _json(
        {
            "today": cohort.context.today.isoformat(),
            "filters": {
                "status": sorted(chosen.statuses),
                "need": sorted(chosen.needs),
                "year": sorted(chosen.years),
            },
            "pupils": [_register_json(p) for p in pupils],
            "counts": [
                {
                    "status": c.status,
                    "area": c.area,
                    "year_group": c.year_group,
                    "pupils": c.pupils,
                }
                for c in counts(pupils)
            ],
            "left_out": _left_out(cohort),
        }
    )


def _register_json(pupil: CohortPupil) -> dict[str, Any]:
    def iso(day: Any) -> str | None:
        return day.isoformat() if day is not None else None

    return {
        "id": pupil.id,
        "name": pupil.name,
        "known_as": pupil.known_as,
        "upn": pupil.upn,
        "date_of_birth": iso(pupil.date_of_birth),
        "year_group": pupil.year_group,
        "sen_status": pupil.sen_status,
        "primary_need": pupil.primary_need,
        "secondary_needs": list(pupil.secondary_needs),
        "area_of_need": pupil.area,
        "last_review": iso(pupil.last_review),
        "next_review": iso(pupil.next_review),
        "next_review_kind": pupil.next_review_kind,
        "next_review_booked": pupil.next_review_booked,
        "open_actions": pupil.open_actions,
        "active_goals": pupil.active_goals,
    }


def provision_output(
    repository: Repository,
    cohort: Cohort,
    lines: Sequence[ProvisionLine],
    fmt: ViewFormat,
    renderer: PageRenderer | None = None,
) -> bytes:
    """The provision map in ``fmt`` (``renderer``: one :func:`prepare` made)."""
    from pcplan.cohort.provision import (
        PROVISION_COLUMNS,
        PROVISION_KINDS,
        all_totals,
        provision_cells,
        summary,
    )

    if fmt in ("html", "md"):
        from pcplan.cohort.views import provision_page

        page = provision_page(cohort, cohort.pupils, lines)
        renderer = _renderer(repository, cohort, renderer)
        text = renderer.render(
            f"provision.{fmt}.j2", fmt, page=page, subject="these pupils", nav=[]
        )
        return text.encode("utf-8")
    if fmt == "docx":
        from pcplan.cohort.views import provision_page
        from pcplan.render.word.cohort import provision_docx

        page = provision_page(cohort, cohort.pupils, lines)
        renderer = _renderer(repository, cohort, renderer)
        return provision_docx(page, renderer.school, renderer.today)
    rows = [provision_cells(line) for line in lines]
    if fmt == "csv":
        return csv_text(PROVISION_COLUMNS, rows).encode("utf-8")
    totals = all_totals(lines)
    if fmt == "xlsx":
        total_rows: list[list[Value]] = []
        for group in totals:
            for line in group.lines:
                total_rows.append(
                    [group.heading, line.label, line.pupils, line.resources, line.cost]
                )
        sheets = [
            Sheet("Provision", PROVISION_COLUMNS, PROVISION_KINDS, rows),
            Sheet(
                "Totals",
                ("By", "Group", "Pupils", "Resources", "Cost per year"),
                ("text", "text", "integer", "integer", "money"),
                total_rows,
            ),
        ]
        title = f"Provision map {cohort.context.year.label}"
        return xlsx_bytes(sheets, title, cohort.context.today, repository.settings.school or "")
    overall = summary(cohort.pupils, lines)
    year = cohort.context.year

    def pounds_text(value: Decimal | None) -> str | None:
        return f"{value:.2f}" if value is not None else None

    converters = [_money_or_plain if kind == "money" else _plain for kind in PROVISION_KINDS]

    return _json(
        {
            "today": cohort.context.today.isoformat(),
            "school_year": year.label,
            "weeks_per_year": f"{year.weeks.normalize():f}",
            "terms": [t.name for t in year.terms],
            "rows": [
                {
                    column: convert(v)
                    for column, convert, v in zip(
                        PROVISION_COLUMNS, converters, provision_cells(line), strict=True
                    )
                }
                | {"pupil_id": line.pupil.id, "resource_id": line.row.resource_id}
                for line in lines
            ],
            "totals": {
                group.key: [
                    {
                        "group": line.label,
                        "pupils": line.pupils,
                        "resources": line.resources,
                        "cost": pounds_text(line.cost),
                    }
                    for line in group.lines
                ]
                for group in totals
            },
            "total": pounds_text(overall.total),
            "mean_per_pupil": pounds_text(overall.mean_per_pupil),
            "largest_per_pupil": pounds_text(overall.largest_per_pupil),
            "pupils_with_provision": overall.pupils_with_provision,
            "pupils_without_provision": overall.pupils_without_provision,
            "left_out": _left_out(cohort),
        }
    )


def _money_or_plain(value: Value) -> str | int | float | None:
    return f"{value:.2f}" if isinstance(value, Decimal) else _plain(value)


_AS_THEY_ARE = frozenset({str, int, type(None)})


def _plain(value: Value) -> str | int | float | None:
    if type(value) in _AS_THEY_ARE:
        return value  # type: ignore[return-value]  # str, int or None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
