"""The follow-up seeder: three years of quarterly reports for laureates, idempotent per seed."""

import time_machine

from monitoring.models import FollowUp, IndicatorRollup, PeriodicReport, ReportValue
from monitoring.seed import seed_monitoring
from odco.seeding import SeedContext, seeders
from prizes.models import Candidacy
from tests.factories import CooperativeFactory
from tests.prizes.factories import make_candidacy, make_edition

S = PeriodicReport.Status


def test_seeder_is_registered_after_the_programme():
    assert ("monitoring", 80) in [(name, order) for order, name, _f in seeders()]


@time_machine.travel("2025-05-10 10:00 +01:00", tick=False)
def test_three_years_of_reports_for_laureates_idempotent(world, indicators):
    edition = make_edition(year=2024)
    for i in range(5):
        make_candidacy(
            edition,
            status=Candidacy.Status.LAUREATE,
            cooperative=CooperativeFactory(registration_number=f"DEMO-{i}"),
        )
    make_candidacy(
        edition,
        status=Candidacy.Status.NOT_SELECTED,
        cooperative=CooperativeFactory(registration_number="DEMO-X"),
    )
    ctx = SeedContext(scale="demo", seed=1)
    seed_monitoring(ctx)
    counts = (FollowUp.objects.count(), PeriodicReport.objects.count(), ReportValue.objects.count())
    assert counts[:2] == (5, 60)
    latest = PeriodicReport.objects.filter(period_start__year=2025, period_start__month=1)
    assert set(latest.values_list("status", flat=True)) == {
        S.DRAFT,
        S.SUBMITTED,
        S.VALIDATED,
        S.RETURNED,
        S.APPROVED,
    }
    assert (
        IndicatorRollup.objects.values("report_id").distinct().count()
        == PeriodicReport.objects.filter(status=S.APPROVED).count()
    )
    seed_monitoring(ctx)
    assert (FollowUp.objects.count(), PeriodicReport.objects.count(), ReportValue.objects.count()) == counts
