"""Models of the follow-up: indicators, targets, reports, evidence and roll-ups."""

from .indicators import Breakdown, Indicator, IndicatorTarget
from .reports import Evidence, FollowUp, PeriodicReport, ReportValue
from .rollups import IndicatorAreaRollup, IndicatorRollup

__all__ = [
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
