"""View models: the words documents use for dates, frequencies, costs and whose words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pcplan.models.common import StatementDetail
from pcplan.models.plan import Cost, Resource
from pcplan.render.views import cost_label, how_often, short_date, statement
from pcplan.schoolyear import long_date


@pytest.mark.parametrize(
    ("sessions", "minutes", "expected"),
    [
        (1, 90, "90 minutes, once a week"),
        (2, 20, "20 minutes, twice a week"),
        (3, 15, "15 minutes, 3 times a week"),
        (0.5, 45, "45 minutes, once a fortnight"),
        (0.25, None, "Once every 4 weeks"),
        (1.5, None, "1.5 times a week"),
        (0.4, None, "0.4 sessions a week"),
        (None, 30, "30 minutes a session"),
        (None, None, ""),
    ],
)
def test_how_often(sessions: float | None, minutes: int | None, expected: str) -> None:
    assert how_often(sessions, minutes) == expected


@pytest.mark.parametrize(
    ("amount", "per", "expected"),
    [
        ("12.5", "week", "£12.50 a week"),
        ("35", "once", "£35.00 one-off"),
        ("1250", "year", "£1,250.00 a year"),
        ("0", "session", "No cost to the school"),
    ],
)
def test_cost_label(amount: str, per: str, expected: str) -> None:
    resource = Resource.model_validate(
        {"id": "r", "text": "x", "cost": Cost.model_validate({"amount": amount, "per": per})}
    )
    assert cost_label(resource) == expected
    assert cost_label(Resource.model_validate({"id": "r", "text": "x"})) == ""
    assert Decimal(amount) >= 0


def test_dates_read_as_in_a_letter() -> None:
    assert long_date(date(2026, 2, 3)) == "3 February 2026"
    assert short_date(date(2026, 11, 22)) == "22 Nov 2026"
    assert long_date(None) == ""


def test_the_pupils_own_words_are_a_quote_in_their_name() -> None:
    said = StatementDetail.model_validate(
        {"text": '"I like the Hub."', "said_by": "pupil", "date": "2026-03-04"}
    )
    view = statement(said, "Alex")
    assert view.is_pupil_voice and view.is_quote
    assert view.text == "I like the Hub."  # the document draws the quotation marks
    assert view.attribution == "Alex’s own words, 4 March 2026"


@pytest.mark.parametrize(
    ("said_by", "how", "quote", "attribution"),
    [
        ("Mum", "quoted", True, "Mum"),
        ("Mum", "interpreted", False, "what we understood from Mum"),
        ("Mr Hughes", "observed", False, "noticed by Mr Hughes"),
        ("pupil", "observed", False, "what Celine showed us"),
        ("pupil", "interpreted", False, "what we understood from Celine"),
        (None, "observed", False, "what we noticed"),
        (None, None, False, ""),
    ],
)
def test_whose_words_a_statement_is(
    said_by: str | None, how: str | None, quote: bool, attribution: str
) -> None:
    data = {"text": "Some words.", "said_by": said_by, "how": how}
    view = statement(StatementDetail.model_validate(data), "Celine")
    assert view.is_quote is quote
    assert view.attribution == attribution
    assert statement("Plain words.", "Celine").attribution == ""
