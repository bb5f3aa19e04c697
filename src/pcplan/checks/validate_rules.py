"""`validate`'s rules in the registry: what makes a record well formed.

The checks themselves live where validation runs (the strict YAML reader, the models and
:mod:`pcplan.diagnostics.rules`); here each code gets its summary, explanation and source,
so that `pcplan check --list` and `--explain` cover every code pcplan prints. Warnings
among them can be turned off or re-graded like any `check` rule; errors cannot, because a
record with one is not read any further.
"""

from __future__ import annotations

from pcplan.checks.registry import PERSONALISED_LEARNING, Rule, register
from pcplan.diagnostics.core import Severity

FORMAT = "pcplan record format, version 1 (README: 'Checking records')"
YAML = "pcplan record format, version 1: strict YAML (README: 'Checking records')"
COP = "SEND Code of Practice 0-25 (2015)"

_RULES: list[tuple[str, Severity, str, str, str]] = [
    # The file and its YAML.
    (
        "too-large",
        "error",
        "A record file is larger than any real record (1 MiB).",
        "A pupil's record is a few kilobytes. A file this large is not a record, and "
        "reading it could stall the machine, so pcplan refuses it unread.",
        YAML,
    ),
    (
        "no-file",
        "error",
        "The named file does not exist.",
        "Check the path or the pupil id.",
        FORMAT,
    ),
    (
        "not-a-file",
        "error",
        "The named path is a folder, not a record file.",
        "Name a record file (records/<id>.yaml) or a pupil id.",
        FORMAT,
    ),
    (
        "unreadable",
        "error",
        "The file cannot be read.",
        "The machine refused to read the file (permissions, or a broken disk).",
        FORMAT,
    ),
    (
        "outside-repository",
        "error",
        "A link to a file outside the records repository.",
        "pcplan reads only files inside the records repository, so that a link cannot make "
        "it read (or print) anything else on the machine. Copy the file in, in place of the "
        "link.",
        FORMAT,
    ),
    (
        "not-text",
        "error",
        "The file is not UTF-8 text.",
        "Records are plain text in UTF-8. Save the file as UTF-8 in your editor.",
        YAML,
    ),
    (
        "merge-conflict",
        "error",
        "The file still holds git conflict markers.",
        "Git left '<<<<<<<' and '>>>>>>>' lines where two changes met. Keep the right "
        "lines and delete the markers.",
        YAML,
    ),
    (
        "too-deep",
        "error",
        "The data is nested deeper than any record needs.",
        "Deep nesting is never part of a record and can crash a YAML reader.",
        YAML,
    ),
    (
        "yaml-syntax",
        "error",
        "The YAML cannot be read (indentation, quotes, tabs).",
        "Indent with spaces, never tabs; close every quote; put a space after each ':'.",
        YAML,
    ),
    (
        "alias",
        "error",
        "YAML anchors and aliases (& and *) are not allowed.",
        "Each value is written out where it belongs, so a record reads the same in any tool "
        "and a small file cannot expand into a huge one.",
        YAML,
    ),
    (
        "bad-key",
        "error",
        "A key is a list or a mapping rather than a word.",
        "Keys are plain words such as 'name' or 'goals'.",
        YAML,
    ),
    (
        "merge-key",
        "error",
        "YAML merge keys (<<) are not allowed.",
        "Write each key out: merge keys hide where a value came from.",
        YAML,
    ),
    (
        "duplicate-key",
        "error",
        "The same key appears twice in one mapping.",
        "YAML readers silently keep only one of the two values; pcplan asks which you meant.",
        YAML,
    ),
    (
        "tag",
        "error",
        "YAML tags (!something) are not allowed.",
        "Tags can make a YAML reader build objects; records hold plain text, lists and "
        "mappings only.",
        YAML,
    ),
    (
        "empty",
        "error",
        "The file or a required text is empty.",
        "Write something or remove the line.",
        FORMAT,
    ),
    (
        "not-a-mapping",
        "error",
        "The file is not a set of 'key: value' lines.",
        "A record starts with 'schema_version: 1' and then its sections.",
        FORMAT,
    ),
    (
        "control-character",
        "error",
        "The file holds an invisible control character.",
        "Control characters (often pasted in from another program) are not text and YAML "
        "does not allow them; delete the character at the position given.",
        YAML,
    ),
    (
        "too-many-entries",
        "error",
        "The file holds more keys, values and list items than any record needs.",
        "A pupil's record has hundreds of entries, not tens of thousands: it is probably "
        "the wrong file.",
        YAML,
    ),
    (
        "more-problems",
        "error",
        "A file has so many problems that only the first are listed.",
        "After the first problems of a file, the rest are counted rather than listed: "
        "they usually follow from the first, so fix those and check again.",
        FORMAT,
    ),
    (
        "colon-in-text",
        "error",
        "Text with ': ' in it was read as a key.",
        "In YAML, ': ' starts a new key. Put text that holds ': ' in quotes, e.g. "
        'text: "Aim: read aloud".',
        YAML,
    ),
    # The record format.
    (
        "missing",
        "error",
        "A required field is missing.",
        "Add the field the message names.",
        FORMAT,
    ),
    (
        "unknown-key",
        "error",
        "A key the record format does not know (often a typo).",
        "Unknown keys are errors, so that a misspelt key is never silently ignored. The "
        "message suggests the closest key.",
        FORMAT,
    ),
    (
        "not-allowed",
        "error",
        "A value that is not one of the allowed codes.",
        "Fields such as sen_status, review and rating take one of a few codes; the message "
        "lists them.",
        FORMAT,
    ),
    (
        "bad-date",
        "error",
        "A date that is not a real YYYY-MM-DD date.",
        "Write dates as YYYY-MM-DD, e.g. 2027-03-14.",
        FORMAT,
    ),
    (
        "wrong-type",
        "error",
        "Text, a list or a mapping where another is expected.",
        "The message says what belongs here.",
        FORMAT,
    ),
    (
        "too-long",
        "error",
        "A text or a list longer than the format allows.",
        "Records stay small enough to read at a glance and to check quickly.",
        FORMAT,
    ),
    (
        "not-a-number",
        "error",
        "A number field holds something else.",
        "Write digits, e.g. 3 or 12.50.",
        FORMAT,
    ),
    (
        "out-of-range",
        "error",
        "A number outside its range.",
        "For example minutes must be more than 0.",
        FORMAT,
    ),
    (
        "slug",
        "error",
        "An id that is not lower-case letters, digits and '-'.",
        "Ids name files and link goals to aspirations and provision, so they must be simple.",
        FORMAT,
    ),
    (
        "year-group",
        "error",
        "A year group that is not N1, N2, R or 1-14.",
        "Write the year as a number, without 'Year'.",
        FORMAT,
    ),
    (
        "upn-format",
        "error",
        "A UPN that is not 13 characters of the right shape.",
        "A unique pupil number is a check letter, 11 digits, then a digit or letter (DfE).",
        "DfE: Unique pupil numbers (UPN) guidance",
    ),
    (
        "upn-check",
        "error",
        "A UPN whose check letter does not match its digits.",
        "The first letter of a UPN is computed from the rest; a mismatch means a typing "
        "error. Copy it again from the school's MIS.",
        "DfE: Unique pupil numbers (UPN) guidance",
    ),
    (
        "schema-version",
        "error",
        "A record format version this pcplan does not read.",
        "Write 'schema_version: 1'.",
        FORMAT,
    ),
    (
        "term-name",
        "error",
        "A term name that is not like 2026-autumn.",
        "A term is named by the year it starts in and its season.",
        FORMAT,
    ),
    (
        "photo-size",
        "error",
        "The profile photo is larger than 5 MB.",
        "A profile photo needs about 200 KB; save a smaller copy.",
        FORMAT,
    ),
    (
        "photo-unreadable",
        "error",
        "The profile photo is not a regular file, or cannot be read.",
        "The photo is a picture file inside the records repository.",
        FORMAT,
    ),
    (
        "picture-alt",
        "error",
        "A picture for the easy-read version has no alt text.",
        "Every picture says in a few words what it shows (alt:), for people who cannot see "
        "it and for screen readers (WCAG 2.2, 1.1.1).",
        FORMAT,
    ),
    # Rules across fields of one record.
    (
        "id-mismatch",
        "error",
        "pupil.id differs from the file name.",
        "The file records/<id>.yaml and the id inside it must agree, so that commands "
        "find the pupil.",
        FORMAT,
    ),
    (
        "duplicate-id",
        "error",
        "Two aspirations, goals or resources share an id.",
        "Links between them use the ids, so each must be unique in the record.",
        FORMAT,
    ),
    (
        "unknown-reference",
        "error",
        "A link to an aspiration or goal id that does not exist.",
        "The golden thread links goals to aspirations and provision to goals by id; a "
        "broken link loses it.",
        FORMAT,
    ),
    (
        "missing-primary-need",
        "error",
        "A pupil on E or K has no primary need.",
        "Pupils with an EHC plan or on SEN support have a primary type of need, as in "
        "the school census.",
        f"{COP} 6.28-6.35; DfE school census",
    ),
    (
        "needs-without-sen",
        "warning",
        "A pupil with no SEN (N) has a primary need recorded.",
        "Either the SEN status or the need is out of date.",
        "DfE school census",
    ),
    (
        "year-group-unknown",
        "warning",
        "The date of birth gives an age outside nursery to Year 14.",
        "Check the date of birth, or write the year group.",
        FORMAT,
    ),
    (
        "year-group-differs",
        "warning",
        "The year group differs from the one the date of birth gives.",
        "Keep it when the pupil is taught out of their year group; otherwise one of the "
        "two is wrong.",
        FORMAT,
    ),
    (
        "date-order",
        "error",
        "An end or due date before its start.",
        "A goal cannot be due, or provision end, before it starts.",
        FORMAT,
    ),
    (
        "achieved-without-date",
        "warning",
        "An achieved goal has no achieved_on date.",
        "The date shows when the pupil got there, in the plan and at reviews.",
        FORMAT,
    ),
    (
        "future-progress",
        "warning",
        "A progress entry is dated in the future.",
        "Progress is evidence of what has happened; a future date is usually a typing error.",
        FORMAT,
    ),
    (
        "review-order",
        "error",
        "Reviews are not oldest first.",
        "The record keeps reviews in the order they met, so the last one is the latest.",
        FORMAT,
    ),
    (
        "photo-path",
        "error",
        "The profile photo's path leaves the records repository.",
        "Photos live beside the records, so that nothing outside the repository is read.",
        FORMAT,
    ),
    (
        "photo-type",
        "error",
        "The profile photo is not a .png, .jpg, .gif or .webp picture.",
        "Documents can show only these picture types.",
        FORMAT,
    ),
    (
        "photo-missing",
        "error",
        "There is no picture at the profile photo's path.",
        "The path is relative to the record file.",
        FORMAT,
    ),
    (
        "many-goals",
        "warning",
        "More than about 10 active goals.",
        "A long list of goals usually reads as a list of deficits; agree the few that "
        "matter most with the pupil.",
        f"{COP} 9.66 (outcomes); person-centred practice ({PERSONALISED_LEARNING})",
    ),
    (
        "no-annual-review",
        "warning",
        "An EHC plan has no annual review date.",
        "An EHC plan must be reviewed at least every 12 months: write cadence.annual_review.",
        f"{COP} 9.166; SEND Regulations 2014, reg. 18",
    ),
    (
        "annual-review-without-ehc",
        "warning",
        "A pupil without an EHC plan has an annual review date.",
        "Only an EHC plan has an annual review, so pcplan neither shows nor books the "
        "date: remove cadence.annual_review, or set sen_status: E when the plan is issued.",
        f"{COP} 6.44 (SEN support reviews), 9.166 (annual review of an EHC plan)",
    ),
    (
        "duplicate-pupil",
        "error",
        "Two records have the same pupil id.",
        "Each pupil has one record.",
        FORMAT,
    ),
    (
        "duplicate-upn",
        "error",
        "Two records have the same UPN.",
        "A UPN belongs to one pupil; two records with it are a mistake or a duplicate.",
        "DfE: Unique pupil numbers (UPN) guidance",
    ),
    # pcplan.yaml
    (
        "duplicate-term",
        "error",
        "A term is listed twice in pcplan.yaml.",
        "Each term appears once in terms:.",
        FORMAT,
    ),
    (
        "term-inverted",
        "error",
        "A term ends before it starts.",
        "Check the start and end dates in terms:.",
        FORMAT,
    ),
    (
        "term-year",
        "error",
        "A term's name does not carry the year it starts in.",
        "2026-autumn starts in 2026; 2027-spring in 2027.",
        FORMAT,
    ),
    (
        "term-overlap",
        "error",
        "Two terms overlap.",
        "Every day belongs to at most one term.",
        FORMAT,
    ),
    (
        "check-setting",
        "error",
        "pcplan.yaml's check: names a rule that does not exist or cannot be changed.",
        "check: disable and check: severity take the codes that 'pcplan check --list' "
        "prints. The errors that make a record invalid cannot be turned off or re-graded.",
        FORMAT,
    ),
]

VALIDATE_RULES = [
    register(Rule(code, severity, summary, explanation, source, "validate"))
    for code, severity, summary, explanation, source in _RULES
]
