"""What the tests of the validation cache share: old files, and counting the records checked."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

import pcplan.cache.validation as validation
from pcplan.cache.store import CACHE_DIR

OLD = 1_600_000_000  # a moment long before the test, so that no file is "racily clean"

FUTURE_PROGRESS = """\
goals:
  - id: read-aloud
    area: English
    text: Read my own work aloud.
    success: Reads a paragraph aloud to the group.
    progress:
      - {date: 2026-12-01, note: Read to a partner.}
"""
"""A goal whose progress entry is dated 1 December 2026: a rule's result changes that day."""


def age(root: Path) -> None:
    """Date every file back, as if written long before pcplan last ran."""
    for folder, _, files in os.walk(root):
        for name in files:
            if CACHE_DIR not in folder:
                os.utime(os.path.join(folder, name), (OLD, OLD))


class Reads:
    """Counts the record files the cache had to read and check."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = validation.check_file

        def counting(path: Path, today: date, *, fast: bool = False) -> validation.Fresh:
            self.names.append(path.name)
            return real(path, today, fast=fast)

        monkeypatch.setattr(validation, "check_file", counting)

    def take(self) -> list[str]:
        names, self.names = sorted(self.names), []
        return names
