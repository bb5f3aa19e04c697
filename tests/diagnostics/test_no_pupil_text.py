"""Fuzzing: whatever a record holds, every diagnostic points at a line, is one line, and
repeats no free text from the record (no run of 25 characters of it).

A few hundred examples run by default; ``HYPOTHESIS_PROFILE=long`` runs thousands.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT
from pcplan.loading.records import load_record

EXAMPLE = (PROJECT / "records" / "celine-m.yaml").read_text(encoding="utf-8")
LINES = EXAMPLE.splitlines(keepends=True)
TODAY = date(2026, 11, 22)
RUN = 25
EXAMPLES = max(
    300, settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "default")).max_examples
)

# Words of the kind a record holds about a child, none of them words of pcplan's messages.
WORDS = [
    *("Celine", "Morgan", "Begum", "Pritchard", "Adeyemi", "mum", "dad", "nan"),
    *("disclosed", "worried", "crying", "upset", "Tuesday", "lunchtime", "playground"),
    *("bullied", "hungry", "medication", "asthma", "seizure", "social", "worker", "foster"),
    *("carer", "court", "contact", "visit", "tired", "angry", "scared", "hospital", "CAMHS"),
]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=6, max_size=14).map(" ".join)
PUNCTUATED = st.tuples(SENTENCE, st.sampled_from(["", ":", " -", "!", "?", ","]), SENTENCE).map(
    lambda parts: f"{parts[0]}{parts[1]} {parts[2]}"
)
CONTROL = st.sampled_from(["", "\x1b", "\x07", "\x7f", "\x85", "\x0c"])


def _free_texts(text: str) -> list[str]:
    """Every scalar of the example record long enough to matter."""
    out: list[str] = []
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.ScalarEvent) and len(event.value) >= RUN:
            out.append(event.value)
    return out


def _runs(texts: list[str]) -> set[str]:
    return {t[i : i + RUN] for t in texts for i in range(len(t) - RUN + 1)}


EXAMPLE_RUNS = _runs(_free_texts(EXAMPLE))


@st.composite
def hostile_records(draw: st.DrawFn) -> tuple[str, list[str]]:
    """The example record with a sentence put where it does not belong."""
    sentence = draw(PUNCTUATED)
    control = draw(CONTROL)
    if control:
        cut = draw(st.integers(0, len(sentence)))
        sentence = sentence[:cut] + control + sentence[cut:]
    indent = " " * draw(st.sampled_from([0, 2, 4, 6, 8]))
    at = draw(st.integers(0, len(LINES)))
    lines = list(LINES)
    how = draw(st.sampled_from(["key", "value", "item", "tag", "twice", "flow", "quoted-key"]))
    if how == "key":
        lines.insert(at, f"{indent}{sentence}: {draw(SENTENCE)}\n")
    elif how == "quoted-key":
        lines.insert(at, f'{indent}"{sentence}": x\n')
    elif how == "item":
        lines.insert(at, f"{indent}- {sentence}\n")
    elif how == "tag":
        tag = sentence.replace(" ", "_")
        lines.insert(at, f"{indent}note: !{tag} x\n")
    elif how == "twice":
        lines[at:at] = [f"{indent}{sentence}: a\n", f"{indent}{sentence}: b\n"]
    elif how == "flow":
        lines.insert(at, f"{indent}x: {{{sentence}: [{draw(SENTENCE)}]}}\n")
    else:  # replace the value of a 'key: value' line, whatever the field holds
        keyed = [i for i, line in enumerate(lines) if ": " in line]
        i = keyed[at % len(keyed)]
        key = lines[i].split(": ", 1)[0]
        lines[i] = f"{key}: {sentence}\n"
    return "".join(lines), [sentence, *sentence.split(control)] if control else [sentence]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=hostile_records())
def test_every_diagnostic_points_at_a_line_in_one_line_without_pupil_text(
    tmp_path: Path, case: tuple[str, list[str]]
) -> None:
    text, inserted = case
    path = tmp_path / "celine-m.yaml"
    path.write_text(text, encoding="utf-8")
    _, diagnostics = load_record(path, "celine-m.yaml", TODAY)
    forbidden = EXAMPLE_RUNS | _runs([t for t in inserted if len(t) >= RUN])
    for d in diagnostics:
        shown = d.as_text().removeprefix("celine-m.yaml")
        assert d.line >= 1, shown
        assert "\n" not in shown and "\r" not in shown, shown
        leaked = [shown[i : i + RUN] for i in range(len(shown) - RUN + 1)]
        assert not forbidden.intersection(leaked), shown
