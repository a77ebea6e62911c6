"""Models of the follow-up: indicators, targets, reports, evidence and roll-ups."""

from .indicators import Breakdown, Indicator, IndicatorTarget
from .reports import Evidence, FollowUp, PeriodicReport, ReportValue
from .rollups import IndicatorRollup

__all__ = [
    "Breakdown",
    "Evidence",
    "FollowUp",
    "Indicator",
    "IndicatorRollup",
    "IndicatorTarget",
    "PeriodicReport",
    "ReportValue",
]
