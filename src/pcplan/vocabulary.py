"""The codes of the domain and their words: one source for documents, the register, the
provision map, import and check.

Codes are those of the record format and of the DfE's school census (SEN provision and
SEN type). Words are plain British English, as a family or a governor reads them.
"""

from __future__ import annotations

# SEN status (the census's SENprovision): code -> words.
SEN_STATUS = {
    "E": "Education, health and care plan",
    "K": "SEN support",
    "N": "No special educational needs recorded",
}
# The short words a register or a spreadsheet uses, which import reads back.
SEN_STATUS_SHORT = {"E": "EHC plan", "K": "SEN support", "N": "No SEN"}

# Need types (the census's SEN type codes), in the census's order.
NEEDS = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Vision impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autism",
    "OTH": "Other difficulty or disability",
    "NSA": "SEN support, type of need not yet assessed",
}

# The four broad areas of need of the Code of Practice (6.28-6.35), and "not yet known"
# for OTH and NSA. Keys are stable slugs; the order is the order of every table.
AREAS = {
    "communication": "Communication and interaction",
    "cognition": "Cognition and learning",
    "semh": "Social, emotional and mental health",
    "sensory-physical": "Sensory and/or physical",
    "unknown": "Not yet known",
}
AREA_OF_NEED = {
    "SLCN": "communication",
    "ASD": "communication",
    "SPLD": "cognition",
    "MLD": "cognition",
    "SLD": "cognition",
    "PMLD": "cognition",
    "SEMH": "semh",
    "HI": "sensory-physical",
    "VI": "sensory-physical",
    "MSI": "sensory-physical",
    "PD": "sensory-physical",
    "OTH": "unknown",
    "NSA": "unknown",
}


def area_of_need(code: str | None) -> str:
    """The broad area (a key of :data:`AREAS`) of a need code; no code is "not yet known"."""
    return AREA_OF_NEED.get(code or "", "unknown")


# The four values of personalisation and their promises.
VALUES = {
    "respect": "Respect",
    "self-determination": "Self-determination",
    "inclusion": "Inclusion",
    "relationships": "Fostering relationships",
}
# When an aspiration is hoped for.
HORIZONS = {
    "this-year": "This year",
    "next-year": "Next year",
    "post-16": "After Year 11",
    "adulthood": "As an adult",
}
# The Preparing for Adulthood areas (from Year 9).
PFA = {
    "employment": "Employment",
    "independent-living": "Independent living",
    "community": "Friends, relationships and community",
    "health": "Good health",
}


# -- the words an MIS export or a spreadsheet uses, which import reads ------------------------
# Keys are folded as :func:`fold_words` folds a cell: lower case, letters and digits only.


def fold_words(text: str) -> str:
    """A cell or header as import compares it: lower case, letters and digits only."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


SEN_STATUS_WORDS = {
    **{code.lower(): code for code in SEN_STATUS},
    "ehcplan": "E",
    "ehcp": "E",
    "ehc": "E",
    "educationhealthandcareplan": "E",
    "educationhealthcareplan": "E",
    "statement": "E",  # the statements of SEN that EHC plans replaced
    "senstatement": "E",
    "sensupport": "K",
    "support": "K",
    "nosen": "N",
    "none": "N",
    "monitoring": "N",
    "senmonitoring": "N",
    "nospecialeducationalneed": "N",
    "nospecialeducationalneeds": "N",
    "nospecialeducationalneedsrecorded": "N",
    "notsen": "N",
}

NEED_WORDS = {
    **{code.lower(): code for code in NEEDS},
    "specificlearningdifficulty": "SPLD",
    "specificlearningdifficulties": "SPLD",
    "dyslexia": "SPLD",
    "moderatelearningdifficulty": "MLD",
    "moderatelearningdifficulties": "MLD",
    "severelearningdifficulty": "SLD",
    "severelearningdifficulties": "SLD",
    "profoundandmultiplelearningdifficulty": "PMLD",
    "profoundandmultiplelearningdifficulties": "PMLD",
    "profoundmultiplelearningdifficulty": "PMLD",
    "socialemotionalandmentalhealth": "SEMH",
    "socialemotionalmentalhealth": "SEMH",
    "speechlanguageandcommunicationneeds": "SLCN",
    "speechlanguageandcommunicationneed": "SLCN",
    "speechlanguagecommunicationneeds": "SLCN",
    "hearingimpairment": "HI",
    "visualimpairment": "VI",
    "visionimpairment": "VI",
    "multisensoryimpairment": "MSI",
    "physicaldisability": "PD",
    "autisticspectrumdisorder": "ASD",
    "autismspectrumdisorder": "ASD",
    "autisticspectrumcondition": "ASD",
    "autismspectrumcondition": "ASD",
    "autism": "ASD",
    "asc": "ASD",
    "otherdifficultydisability": "OTH",
    "otherdifficultyordisability": "OTH",
    "other": "OTH",
    "sensupportbutnospecialistassessmentoftypeofneed": "NSA",
    "sensupporttypeofneednotyetassessed": "NSA",
    "notyetassessed": "NSA",
    **{fold_words(words): code for code, words in NEEDS.items()},
}
"""Need codes and the words schools write for them (the census's own labels included)."""

YEAR_WORDS = {
    "reception": "R",
    "rec": "R",
    "yr": "R",
    "r": "R",
    "nursery1": "N1",
    "n1": "N1",
    "nursery2": "N2",
    "n2": "N2",
    "nursery": "N2",
}
"""Year groups in words; "Year 9", "Y9" and "9" are read as numbers."""


# Initials and words of school life, explained for the pupil's easy-read version (and for
# `pcplan check`, which warns about initials in easy-read text that are not here). Keys
# are matched as whole words, case-sensitively; the order is the glossary's order.
GLOSSARY = {
    "EHC plan": "Education, health and care plan: a plan that says what help I get, "
    "written with the council.",
    "EHCP": "Education, health and care plan: a plan that says what help I get, "
    "written with the council.",
    "SENCO": "The special educational needs co-ordinator: the teacher who makes sure I get "
    "the help I need.",
    "SENDCo": "The special educational needs co-ordinator: the teacher who makes sure I get "
    "the help I need.",
    "TA": "Teaching assistant: an adult who helps in class.",
    "LSA": "Learning support assistant: an adult who helps me learn.",
    "SEN": "Special educational needs: when someone needs extra help to learn.",
    "SEND": "Special educational needs and disabilities.",
    "SALT": "Speech and language therapist: someone who helps with talking and listening.",
    "SLT": "Speech and language therapist: someone who helps with talking and listening.",
    "OT": "Occupational therapist: someone who helps with moving, writing and everyday jobs.",
    "EP": "Educational psychologist: someone who helps work out how I learn best.",
    "CAMHS": "Child and adolescent mental health services: people who help with "
    "feelings and worries.",
    "ELSA": "Emotional literacy support assistant: an adult who helps with feelings.",
    "PE": "Physical education: sport and exercise at school.",
    "PSHE": "Personal, social and health education: lessons about me, my body and "
    "getting on with people.",
    "ICT": "Computers and technology.",
    "ASDAN": "A course with awards for life skills and work skills.",
    "GCSE": "The exams most people take at the end of Year 11.",
    "PECS": "Picture exchange: swapping pictures to say what I want.",
    "Makaton": "Signs and symbols that help people talk together.",
}

# How a progress entry rates the step it records, from first signs to done.
PROGRESS_RATINGS = ("emerging", "developing", "secure", "achieved")

# Provision: the kinds of resource and the three waves of support.
RESOURCE_KINDS = {
    "staff": "Staff",
    "specialist": "Specialist",
    "time": "Time",
    "place": "Place",
    "equipment": "Equipment",
    "funding": "Funding",
    "programme": "Programme",
    "community": "Community",
}
WAVES = {
    1: "Wave 1: quality-first teaching",
    2: "Wave 2: targeted group",
    3: "Wave 3: individual or specialist",
}
