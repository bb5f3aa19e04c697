"""Starting a records repository and a new pupil's record."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pcplan import gitcmd
from pcplan.errors import PcplanError, WouldOverwrite
from pcplan.fileio import create_exclusive
from pcplan.loading.repo import (
    RECORDS_DIR,
    SCHEMA_FILE,
    SETTINGS_FILE,
    TEMPLATES_DIR,
    Repository,
)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

SETTINGS_TEXT = """\
# pcplan school settings. Every document pcplan makes prints the school name and the
# protective marking below.
school: {school}
marking: OFFICIAL-SENSITIVE

# Term dates, named by the year the term starts in and its season. Without them pcplan
# uses autumn 1 Sep-31 Dec, spring 1 Jan-31 Mar, summer 1 Apr-31 Jul.
# terms:
#   - {{name: 2026-autumn, start: 2026-09-03, end: 2026-12-18}}
#   - {{name: 2027-spring, start: 2027-01-05, end: 2027-03-26}}
#   - {{name: 2027-summer, start: 2027-04-12, end: 2027-07-21}}
"""

GITIGNORE_TEXT = """\
# Documents rendered by pcplan: made again from the records at any time.
out/
# Calendar feeds (pcplan calendar -o FILE) carry pupils' names: share them, don't commit them.
*.ics
# What pcplan remembers between runs to check unchanged records quickly.
.pcplan-cache/
"""

TEMPLATES_README = """\
# Your school's templates

pcplan's built-in templates make every document. To change one part of a document, add a
file here with the same name as the built-in (for example `profile.html.j2`) that extends
the built-in and replaces one block:

    {% extends "builtin/profile.html.j2" %}
    {% block footer_text %}Questions? Ask our SENCO.{% endblock %}

Only the blocks you replace change; the rest follows pcplan's updates.
"""


def slugify(name: str) -> str:
    """An id from a name in any alphabet: transliterated to Latin letters, lower case,
    words joined by '-'.

    Łucja Żak is ``lucja-zak``, Jürgen Groß ``jurgen-gross``, Дмитрий Иванов
    ``dmitriy-ivanov`` and 王小明 ``wang-xiao-ming`` (each Chinese character is a syllable).
    """
    from anyascii import anyascii

    pieces = []
    for ch in unicodedata.normalize("NFC", name):
        latin = anyascii(ch)
        # Ideographs transliterate to whole syllables written together ("WangXiaoMing"):
        # keep them apart so the id stays readable.
        pieces.append(f" {latin} " if len(latin) > 1 and ord(ch) >= 0x2E80 else latin)
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(pieces).lower()).strip("-")
    return slug[:MAX_DERIVED_ID].strip("-")


MAX_DERIVED_ID = 60
"""Derived ids leave room for a '-2' within the 64 characters an id may have."""


def free_id(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first that no other record uses."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _in_git_repository(folder: Path) -> bool:
    return any((p / ".git").exists() for p in (folder, *folder.parents))


@dataclass
class InitResult:
    root: Path
    created: list[Path]
    git: str


def init_repository(folder: Path, school: str | None = None) -> InitResult:
    """Create a records repository in ``folder``; refuse if any part of one is there."""
    from pcplan.history.setup import ATTRIBUTES_LINE, ATTRIBUTES_TEXT
    from pcplan.schema import record_schema_text

    root = folder.expanduser()
    if root.exists() and not root.is_dir():
        raise PcplanError(f"'{folder}' is a file, not a folder")
    planned = {
        root / SETTINGS_FILE: SETTINGS_TEXT.format(
            school=json.dumps(school) if school else '"Our School"'
        ),
        root / ".gitignore": GITIGNORE_TEXT,
        root / ".gitattributes": ATTRIBUTES_TEXT + ATTRIBUTES_LINE + "\n",
        root / SCHEMA_FILE: record_schema_text(),
        root / TEMPLATES_DIR / "README.md": TEMPLATES_README,
    }
    existing = [p for p in planned if p.exists()]
    if (root / RECORDS_DIR).exists():
        existing.append(root / RECORDS_DIR)
    if existing:
        names = ", ".join(p.relative_to(root).as_posix() for p in existing)
        raise WouldOverwrite(
            f"'{folder}' already has {names}; pcplan init never overwrites",
            hint="choose an empty folder, or keep using the repository that is there",
        )
    root.mkdir(parents=True, exist_ok=True)
    (root / RECORDS_DIR).mkdir()
    created = [root / RECORDS_DIR]
    for path, text in planned.items():
        create_exclusive(path, text)
        created.append(path)
    git = "skipped"
    if not gitcmd.available():
        git = "git is not installed: the folder is not under version control yet"
    elif _in_git_repository(root.resolve()):
        git = "already inside a git repository"
    else:
        try:
            done = gitcmd.run(root, "init", "-q")
            git = "git repository created" if done.returncode == 0 else "git init failed"
        except (OSError, subprocess.SubprocessError):
            git = "git init failed"
    if git in ("git repository created", "already inside a git repository"):
        git += _register_merge_driver(root)
    return InitResult(root, created, git)


def _register_merge_driver(root: Path) -> str:
    from pcplan.history.setup import SetupResult, register_driver

    try:
        register_driver(root, SetupResult())
    except PcplanError:
        return "; the record merge driver is not registered: run pcplan git-setup"
    return ", with the record merge driver"


NEW_PUPIL_TEXT = """\
# yaml-language-server: $schema=../{schema_file}
# The record of {name_comment}. Everything here is about a child: write warmly and plainly,
# in the pupil's own words where you can. Lines starting with # are notes for you.
schema_version: 1

pupil:
  id: {id}
  name: {name}
{known_as_line}{dob_line}{year_line}{upn_line}{status_line}
{needs_block}{setting_line}{ehc_line}
# The people around the pupil: family, staff, professionals, friends.
circle: []
#  - {{name: ..., role: Mum}}

# The one-page profile. Write it with the pupil and the people who know them best.
profile:
  # provenance: whose words these are, e.g. "Written with Sam and his dad"
  # What people like and admire about me: strengths, gifts, what makes them smile.
  like_and_admire: []
  # What is important to me: people, places, routines, interests, from the pupil's view.
  #  A quote in their own words: - {{text: "...", said_by: pupil, how: quoted}}
  important_to_me: []
  # How best to support me: to stay healthy and safe, and to learn well.
  how_to_support_me: []

# Hopes and dreams. Ask: What are your hopes and dreams? What would that look like?
# Where are you likely to prosper? What steps could you and others take? Who could help?
aspirations: []
#  - id: a-short-id
#    text: "..."
#    said_by: pupil
#    where_i_prosper: []
#    steps: [{{step: ..., who: ...}}]

# Goals: manageable steps towards the aspirations, in any part of school life (lessons,
# break time, clubs, trips, work experience). Agree success criteria with the pupil.
goals: []
#  - id: a-short-id
#    area: English
#    text: ...
#    aspirations: [a-short-id]
#    values: [respect, self-determination, inclusion, relationships]
#    success: ...
#    strategies: []
#    review: termly   # daily, weekly, half-termly, termly or annually

# Provision: people, time, places, equipment, money and programmes that support the goals.
resources: []

cadence:
  plan_review: {plan_review}   # half-termly, termly or annually
  # annual_review: YYYY-MM-DD (expected for an EHC plan)
  # next_review: YYYY-MM-DD (when the next review is booked)

# What happened at each review meeting, oldest first ('pcplan record-review' adds one).
# An annual review also records invited_on, papers_sent, report_sent and shared_on (dates),
# recommendation (maintain, amend or cease) and disagreements; 'pcplan check' says what
# the SEND Code of Practice expects.
reviews: []
"""


def pupil_record_text(
    name: str,
    pupil_id: str,
    status: str,
    need: str | None,
    date_of_birth: date | None,
    year: str | None,
    *,
    known_as: str | None = None,
    upn: str | None = None,
    secondary: Sequence[str] = (),
    setting: str | None = None,
) -> str:
    """The text of a new pupil's record: a valid skeleton with guiding comments.

    The identity fields given are filled in (the MIS import gives them all); the others
    are left as comments that say what they are for.
    """
    needs_block = ""
    if need:
        needs_block = f"  needs:\n    primary: {need}\n    secondary: [{', '.join(secondary)}]\n"

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    return NEW_PUPIL_TEXT.format(
        schema_file=SCHEMA_FILE,
        name_comment=" ".join(name.split())[:60] or pupil_id,
        id=pupil_id,
        name=text(name),
        known_as_line=f"  known_as: {text(known_as)}\n"
        if known_as
        else "  # known_as: the name they like to be called (used in documents)\n",
        dob_line=f"  date_of_birth: {date_of_birth.isoformat()}\n"
        if date_of_birth
        else "  # date_of_birth: YYYY-MM-DD\n",
        year_line=f"  year_group: {year}\n" if year else "",
        upn_line=f"  upn: {upn}\n" if upn else "",
        status_line=f"  sen_status: {status}   # E: EHC plan, K: SEN support, N: no SEN",
        needs_block=needs_block,
        setting_line=f"  setting: {text(setting)}\n"
        if setting
        else "  # setting: e.g. Mainstream, tutor group 7B\n",
        ehc_line="  # ehc_plan: {issued: YYYY-MM-DD, local_authority: ..., case_officer: ...}\n"
        if status == "E"
        else "",
        plan_review="annually" if status == "N" else "termly",
    )


def new_pupil(
    repo: Repository,
    name: str,
    pupil_id: str | None,
    status: str,
    need: str | None,
    date_of_birth: date | None,
    year: str | None,
    today: date,
) -> Path:
    """Write ``records/<id>.yaml`` for a new pupil; refuse to overwrite or to leave records/."""
    from pcplan.loading.records import load_record
    from pcplan.loading.yamlstrict import YamlError, parse

    if not name.strip():
        raise PcplanError("the pupil's name is empty")
    ident = pupil_id if pupil_id is not None else slugify(name)
    if pupil_id is None and ident and repo.record_path(ident).exists():
        # Two pupils with the same name: the second gets '-2' (the command says so).
        ident = free_id(ident, set(repo.pupil_ids()))
    if not ident or not _SLUG.match(ident) or len(ident) > 64:
        raise PcplanError(
            f"'{ident[:40]}' cannot be a pupil id: use lower-case letters, digits and '-' "
            "(e.g. --id sam-k)"
        )
    if status in ("E", "K") and not need:
        raise PcplanError(
            f"a pupil with status {status} needs a primary need: add --need CODE "
            "(SPLD MLD SLD PMLD SEMH SLCN HI VI MSI PD ASD OTH NSA)"
        )
    path = repo.record_path(ident)
    if path.exists():
        raise WouldOverwrite(
            f"records/{ident}.yaml already exists; pcplan new-pupil never overwrites",
            hint="choose another id with --id",
        )
    text = pupil_record_text(name, ident, status, need, date_of_birth, year)
    try:
        parse(text)
    except YamlError as exc:  # pragma: no cover - the template is tested
        raise PcplanError(f"the new record could not be written: {exc.problem.message}") from None
    repo.records_dir.mkdir(parents=True, exist_ok=True)
    try:
        create_exclusive(path, text)
    except FileExistsError:
        raise WouldOverwrite(f"records/{ident}.yaml already exists") from None
    loaded, problems = load_record(path, f"records/{ident}.yaml", today)
    errors = [d for d in problems if d.severity == "error"]
    if loaded is None or errors:  # pragma: no cover - guarded by the checks above
        path.unlink()
        detail = errors[0].message if errors else "it did not validate"
        raise PcplanError(f"the new record was not kept: {detail}")
    return path
