"""National-scale seeding: bulk reports and values, set-based roll-ups, idempotent."""

from datetime import date

from monitoring.models import FollowUp, IndicatorRollup, PeriodicReport, ReportValue
from monitoring.seed_national import NATIONAL_INDICATORS, seed_national_reports
from tests.factories import CooperativeFactory, region

from .factories import follow


def test_every_cooperative_reports_ten_indicators_each_quarter(world, indicators):
    follow(world.coop_out)  # already in follow-up: left alone
    extra = CooperativeFactory(region=region("05"))
    counts = seed_national_reports(quarters=4, today=date(2025, 5, 10))
    assert counts == {"cooperatives": 2, "reports": 8, "values": 80, "rollups": 80}
    assert set(FollowUp.objects.values_list("cooperative_id", flat=True)) == {
        world.coop_in.pk,
        world.coop_out.pk,
        extra.pk,
    }
    assert sorted(
        PeriodicReport.objects.filter(cooperative=extra).values_list("period_start", flat=True)
    ) == [date(2024, 4, 1), date(2024, 7, 1), date(2024, 10, 1), date(2025, 1, 1)]
    assert set(ReportValue.objects.values_list("indicator__code", flat=True)) == set(NATIONAL_INDICATORS)
    # Roll-ups equal the values (totals only), row for row.
    assert sorted(
        IndicatorRollup.objects.values_list("report_id", "indicator_id", "value", "region_id")
    ) == sorted(
        ReportValue.objects.values_list(
            "report_id", "indicator_id", "value", "report__cooperative__region_id"
        )
    )
    revenue = ReportValue.objects.filter(indicator__code="revenue").values_list("value", flat=True)
    assert all(150000 * 0.9 <= float(v) <= 150000 * 1.2 for v in revenue)
    assert seed_national_reports(quarters=4, today=date(2025, 5, 10))["reports"] == 0
    assert ReportValue.objects.count() == 80
