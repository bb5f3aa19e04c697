"""How much a record may hold: the sizes the models enforce.

Kept apart from :mod:`pcplan.models` so that an edit the validation cache vouches for
(``pcplan log``) can keep to them without loading the models.
"""

from __future__ import annotations

MAX_ITEMS = 200
"""The most entries in one list of a record (goals, strengths, reviews...)."""
MAX_PROGRESS = 2000
"""The most progress entries on one goal."""
MAX_TEXT = 5000
"""The most characters in one piece of free text."""
