"""Rules about the easy-read wording of the pupil's version (`easy:`).

The pupil's copy follows the GOV.UK and Department of Health easy-read guidance: short
sentences, one idea to a line, no initials a pupil would not know. These rules read the
`easy:` wording of statements, hopes and goals and never quote it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pcplan.checks.registry import CheckContext, Finding, check_rule
from pcplan.render.wording import long_sentences, unexplained_initials

if TYPE_CHECKING:
    from pcplan.loading.records import LoadedRecord

EASY_SENTENCE_WORDS = 15
"""The longest sentence easy read allows, in words."""
EASY_READ = "GOV.UK and Department of Health easy-read guidance; SEND Code of Practice 9.61"


def _easy_texts(rec: LoadedRecord) -> Iterator[tuple[tuple[str | int, ...], str]]:
    record = rec.record
    for key in ("like_and_admire", "important_to_me", "how_to_support_me"):
        for i, item in enumerate(getattr(record.profile, key)):
            easy = getattr(item, "easy", None)
            if easy:
                yield ("profile", key, i, "easy"), easy
    for i, aspiration in enumerate(record.aspirations):
        if aspiration.easy:
            yield ("aspirations", i, "easy"), aspiration.easy
    for i, goal in enumerate(record.goals):
        if goal.easy:
            yield ("goals", i, "easy"), goal.easy


@check_rule(
    "easy-long-sentence",
    "warning",
    f"Easy-read wording (easy:) with a sentence over {EASY_SENTENCE_WORDS} words.",
    EASY_READ,
)
def easy_long_sentence(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """The pupil's easy-read copy uses the easy: wording of statements, hopes and goals.
    Easy read keeps sentences short (15 words at most) and puts one idea on each line:
    split a long sentence in two, or put each idea on a line of its own (easy: | and one
    line each)."""
    for path, text in _easy_texts(rec):
        long = long_sentences(text, EASY_SENTENCE_WORDS)
        if long:
            yield Finding(
                path,
                f"a sentence of {max(long)} words: keep each to {EASY_SENTENCE_WORDS} words "
                "or fewer, one idea to a line",
            )


@check_rule(
    "easy-initials",
    "warning",
    "Easy-read wording (easy:) with initials that the pupil's glossary does not explain.",
    EASY_READ,
)
def easy_initials(rec: LoadedRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Initials such as TA or SENCO mean little to a pupil. The pupil's copy explains the
    ones pcplan knows in a 'Words to know' list at the end; others should be spelled out
    in the easy: wording (for example 'my speech and language therapist', not 'my SLT'
    when SLT is not known)."""
    for path, text in _easy_texts(rec):
        unknown = unexplained_initials(text)
        if unknown:
            # The initials are not repeated: they may be someone's.
            what = "initials" if len(unknown) == 1 else f"{len(unknown)} sets of initials"
            yield Finding(
                path, f"{what} that the pupil's glossary does not explain: spell them out"
            )
