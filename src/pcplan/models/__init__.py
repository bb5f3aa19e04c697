"""Pydantic models of record format v1. Importing this package builds the models."""

import os

# Pydantic hands every validation to the plugins any installed package declares (a tracing
# tool may send what it sees to a server): pupils' records are never shown to them. Finding
# them also means reading the metadata of every installed package, at every start.
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"

from pcplan.models.common import StatementDetail, statement_text
from pcplan.models.plan import Cadence, Cost, Goal, Progress, Resource
from pcplan.models.profile import Aspiration, CommunicationEntry, Profile, Step
from pcplan.models.pupil import CircleMember, EhcPlan, Needs, Pupil
from pcplan.models.record import Record, Settings, TermDates
from pcplan.models.reviews import Action, GoalReviewed, Perspectives, Review

__all__ = [
    "Action",
    "Aspiration",
    "Cadence",
    "CircleMember",
    "CommunicationEntry",
    "Cost",
    "EhcPlan",
    "Goal",
    "GoalReviewed",
    "Needs",
    "Perspectives",
    "Profile",
    "Progress",
    "Pupil",
    "Record",
    "Resource",
    "Review",
    "Settings",
    "StatementDetail",
    "Step",
    "TermDates",
    "statement_text",
]
