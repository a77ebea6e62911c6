"""Models of the follow-up: indicators, targets, reports, evidence and roll-ups."""

from .committee import (
    ActionItem,
    CommitteeMember,
    Decision,
    Meeting,
    MeetingAttendance,
    MonthlyReport,
    Partner,
    RegionalNote,
    SteeringCommittee,
)
from .indicators import Breakdown, Indicator, IndicatorTarget
from .reports import Evidence, FollowUp, PeriodicReport, ReportValue
from .rollups import IndicatorAreaRollup, IndicatorRollup

__all__ = [
    "ActionItem",
    "CommitteeMember",
    "Decision",
    "Meeting",
    "MeetingAttendance",
    "MonthlyReport",
    "Partner",
    "RegionalNote",
    "SteeringCommittee",
    "Breakdown",
    "Evidence",
    "FollowUp",
    "Indicator",
    "IndicatorAreaRollup",
    "IndicatorRollup",
    "IndicatorTarget",
    "PeriodicReport",
    "ReportValue",
]
