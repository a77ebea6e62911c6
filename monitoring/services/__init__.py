"""Every write of the follow-up: reports, evidence, targets, roll-ups and reminders."""

from .errors import ReportRefused
from .evidence import evidence_add, evidence_remove
from .reminders import reminders_send
from .reports import (
    follow_up_start,
    indicators_for,
    previous_totals,
    report_open,
    report_save,
    report_transition,
    reports_open_for_period,
    target_set,
)
from .rollups import rollup_rebuild, rollup_refresh_report

__all__ = [
    "ReportRefused",
    "evidence_add",
    "evidence_remove",
    "follow_up_start",
    "indicators_for",
    "previous_totals",
    "reminders_send",
    "report_open",
    "report_save",
    "report_transition",
    "reports_open_for_period",
    "rollup_rebuild",
    "rollup_refresh_report",
    "target_set",
]
