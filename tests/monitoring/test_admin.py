"""The admin shows reports read-only; targets set there go through the service (audited, rolled up)."""

from decimal import Decimal

from django.urls import reverse

from monitoring.models import IndicatorTarget
from odco.audit.models import AuditEntry

from .factories import complete_totals, make_report


def test_report_admin_is_read_only(world, login, indicators):
    report = make_report(world.coop_in, values=complete_totals())
    client = login(world.users["staff"])
    assert client.get(reverse("admin:monitoring_periodicreport_changelist")).status_code == 200
    assert client.get(reverse("admin:monitoring_periodicreport_change", args=[report.pk])).status_code == 200
    assert client.get(reverse("admin:monitoring_periodicreport_add")).status_code == 403


def test_target_set_in_the_admin_is_audited(world, login, indicators):
    client = login(world.users["staff"])
    response = client.post(
        reverse("admin:monitoring_indicatortarget_add"),
        {
            "cooperative": world.coop_in.pk,
            "indicator": indicators["revenue"].pk,
            "period_start": "2025-01-01",
            "frequency": "quarterly",
            "baseline": "100",
            "target": "150",
        },
    )
    assert response.status_code == 302
    target = IndicatorTarget.objects.get()
    assert (target.baseline, target.target) == (Decimal("100"), Decimal("150"))
    assert AuditEntry.objects.filter(action="indicator_target.set").count() == 1
