"""The A4 estimate of `profile-too-long` agrees with Chromium's print: every example profile
fits one page and is estimated to, and a profile made longer is estimated over a page and
prints on two."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from renderkit import PROJECT, browser_check, pdf_pages

from conftest import TODAY
from pcplan.checks.profile_length import profile_page_share
from pcplan.loading.records import load_record

pytestmark = pytest.mark.browser

EXAMPLES = sorted((PROJECT / "records").glob("*.yaml"))


def _longer(tmp: Path) -> Path:
    """Celine's record with four more ways to support her: a profile over one page."""
    root = tmp / "long"
    (root / "records").mkdir(parents=True)
    text = (PROJECT / "records" / "celine-m.yaml").read_text(encoding="utf-8")
    extra = "".join(
        f"    - Before a change of plan, tell Celine what will happen and why, and give her "
        f"time to ask about it ({n}).\n"
        for n in range(4)
    )
    anchor = "    - Don't finish her sentences for her.\n"
    assert anchor in text
    (root / "records" / "celine-m.yaml").write_text(text.replace(anchor, anchor + extra))
    (root / "pcplan.yaml").write_text(yaml.safe_dump({"school": "Brookfield"}))
    return root / "records" / "celine-m.yaml"


def _share(path: Path) -> float:
    from datetime import date

    loaded, problems = load_record(path, path.name, date.fromisoformat(TODAY))
    assert loaded is not None, problems
    return profile_page_share(loaded.record)


def test_the_estimate_agrees_with_the_printed_page(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from pcplan.cli.app import app

    longer = _longer(tmp_path)
    cases = [*EXAMPLES, longer]
    out = tmp_path / "out"
    printed = []
    for i, record in enumerate(cases):
        target = out / f"{i}.html"
        result = CliRunner().invoke(
            app,
            ["render", "profile", str(record), "--repo", str(record.parent.parent),
             "--today", TODAY, "-o", str(target)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        printed.append(target.name)
    report = browser_check(out, [], printed, tmp_path / "pdf")
    for record, name in zip(cases, printed, strict=True):
        pages, _ = pdf_pages(Path(report[name]["pdf"]))
        share = _share(record)
        assert (pages == 1) == (share <= 1), f"{record.name}: {pages} pages, estimate {share:.2f}"
    assert _share(longer) > 1  # the longer profile really is the case that does not fit
