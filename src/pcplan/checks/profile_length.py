"""How much of an A4 page a one-page profile fills, estimated from its text.

The estimate follows the printed layout of the built-in profile (templates/style.css.j2,
``@media print``): 10.4 pt text with a line height of 1.32 on an A4 page with 12 mm
margins; two columns of cards (what people like and admire, and what is important, on the
left; how best to support me on the right), then the communication chart across the page.
Heights are counted in lines of body text; text is wrapped word by word at the width of
its column, with an average character width for Liberation Sans. `pcplan check`
(``profile-too-long``) and the Word profile share this estimate, and a browser test checks
it against Chromium's print on the examples.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pcplan.models.common import StatementDetail
from pcplan.models.record import Record

LINE_MM = 10.4 * 1.32 * 25.4 / 72
"""One line of body text in print: 10.4 pt at a line height of 1.32."""
PAGE_MM = 297 - 2 * 12
"""The height an A4 page leaves inside its 12 mm margins."""
PROFILE_PAGE_LINES = PAGE_MM / LINE_MM
"""The lines of body text one A4 page holds (about 56)."""

# Characters of body text a line holds, at an average 0.5 em a character.
CARD_CHARS = 46  # a card in one of the two columns, after its padding and bullet
INTRO_CHARS = 86  # the provenance line beside the photo
CELL_CHARS = 26  # a cell of the four-column communication chart (0.95 rem)

HEADER_LINES = 2.4  # school and marking, with the rule under them
INTRO_TITLE_LINES = 3.6  # "One-page profile", the name (2.4 rem) and the year line
PHOTO_LINES = 5.8  # 26 mm
CARD_FRAME_LINES = 2.3  # padding, the card's heading and the list's margin
SUPPORT_SUB_LINES = 0.9  # "to stay healthy and safe, and to learn well"
ITEM_GAP_LINES = 0.16  # the space after each statement
GRID_GAP_LINES = 0.45
CHART_TITLE_LINES = 2.4  # "How I communicate" and its margins
ROW_PADDING_LINES = 0.42
FOOTER_LINES = 2.4


def wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes when wrapped word by word at ``width`` characters."""
    lines = 0
    for paragraph in text.splitlines() or [""]:
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > width:
                lines += 1
                used = len(word)
            else:
                used += len(word) + (1 if used else 0)
            while used > width:  # a word longer than the line breaks anywhere
                lines += 1
                used -= width
    return lines


def _statement_text(item: str | StatementDetail, pupil_name: str) -> str:
    if isinstance(item, str):
        return item
    who = pupil_name if item.is_pupil_voice else (item.said_by or "")
    credit = f" ({who}’s own words, 12 September 2026)" if item.date else f" ({who})"
    return item.text + (credit if who else "")


def _card(items: Sequence[str | StatementDetail], pupil_name: str, extra: float = 0) -> float:
    if not items:
        return CARD_FRAME_LINES + extra + 2  # the "not written yet" line
    body = sum(
        wrapped_lines(_statement_text(item, pupil_name), CARD_CHARS) + ITEM_GAP_LINES
        for item in items
    )
    return CARD_FRAME_LINES + extra + body


def _chart_rows(rows: Iterable[Sequence[str]]) -> float:
    total = 0.0
    for cells in rows:
        tallest = max(wrapped_lines(cell, CELL_CHARS) for cell in cells)
        total += tallest * 0.95 + ROW_PADDING_LINES
    return total


def profile_lines(record: Record) -> float:
    """The estimated height of the printed one-page profile, in lines of body text.

    It fits one A4 page when this is at most :data:`PROFILE_PAGE_LINES`.
    """
    profile = record.profile
    name = record.pupil.display_name
    provenance = wrapped_lines(profile.provenance, INTRO_CHARS) if profile.provenance else 0
    intro = INTRO_TITLE_LINES + provenance
    if profile.photo:
        intro = max(intro, PHOTO_LINES)
    left = (
        _card(profile.like_and_admire, name) + GRID_GAP_LINES + _card(profile.important_to_me, name)
    )
    right = _card(profile.how_to_support_me, name, SUPPORT_SUB_LINES)
    chart = 0.0
    if profile.communication:
        header = [("When this happens", "I do this", "It usually means", "And you should")]
        rows = [(c.when, c.i_do, c.it_means, c.you_should) for c in profile.communication]
        chart = CHART_TITLE_LINES + _chart_rows(header) + _chart_rows(rows)
    return HEADER_LINES + intro + max(left, right) + chart + FOOTER_LINES


def profile_page_share(record: Record) -> float:
    """The share of one A4 page the profile fills (over 1.0 means it needs a second page)."""
    return profile_lines(record) / PROFILE_PAGE_LINES
