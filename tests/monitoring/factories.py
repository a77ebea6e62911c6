"""Helpers for the follow-up tests: indicators, follow-ups and reports put straight into a state."""

import importlib
from datetime import date
from decimal import Decimal

from django.apps import apps

from monitoring.models import FollowUp, Indicator, PeriodicReport, ReportValue
from monitoring.periods import Period

Q1_2025 = Period(date(2025, 1, 1))


def indicators() -> dict[str, Indicator]:
    # Transactional tests flush the data migration's rows: load them again when needed.
    if not Indicator.objects.exists():
        importlib.import_module("monitoring.migrations.0002_default_indicators").load(apps, None)
    return {i.code: i for i in Indicator.objects.all()}


def follow(cooperative, *, edition=None, starts_on=date(2024, 1, 1)) -> FollowUp:
    return FollowUp.objects.get_or_create(
        cooperative=cooperative, defaults={"starts_on": starts_on, "edition": edition}
    )[0]


def full_values(**override) -> dict[str, str]:
    """A complete set of posted values for the default indicators."""
    values = {
        "revenue__total": "100000",
        "members__women": "12",
        "members__men": "8",
        "members__young": "5",
        "members__not_young": "15",
        "permanent_jobs__women": "3",
        "permanent_jobs__men": "1",
        "seasonal_jobs__women": "6",
        "seasonal_jobs__men": "2",
        "funding_public__total": "20000",
        "funding_credit__total": "0",
        "funding_other__total": "0",
        "new_markets__total": "1",
        "new_clients__total": "10",
        "online_sales__total": "5000",
        "online_sales_share__total": "5",
        "certifications__total": "0",
        "products_launched__total": "1",
        "training_hours__women": "10",
        "training_hours__men": "4",
        "training_hours__young": "6",
        "training_hours__not_young": "8",
        "online_shop__total": "1",
    }
    values.update(override)
    return values


def make_report(
    cooperative, period: Period = Q1_2025, *, status=PeriodicReport.Status.DRAFT, values=None, **kw
):
    """A report put straight into `status`, with `values` {code: total} (totals only)."""
    follow(cooperative)
    report = PeriodicReport.objects.create(
        cooperative=cooperative,
        period_start=period.start,
        frequency=period.frequency,
        due_on=kw.pop("due_on", period.due_on),
        status=status,
        **kw,
    )
    by_code = indicators()
    ReportValue.objects.bulk_create(
        [
            ReportValue(
                report=report, indicator=by_code[code], breakdown=breakdown, value=Decimal(str(value))
            )
            for code, parts in (values or {}).items()
            for breakdown, value in (parts.items() if isinstance(parts, dict) else [("total", parts)])
        ]
    )
    return report


def complete_totals() -> dict[str, int]:
    """A total for every default indicator (enough to submit a report)."""
    return {code: (1 if code == "online_shop" else 10) for code in indicators()}


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
