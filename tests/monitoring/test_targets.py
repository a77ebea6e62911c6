"""Baselines and targets on the site: per period, checked like reported values, all or nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring.models import IndicatorTarget
from odco.audit.models import AuditEntry
from tests.factories import CooperativeFactory, make_user, region
from tests.querycount import assert_same_query_count

from .factories import follow

pytestmark = pytest.mark.django_db


def _url(cooperative, period="2025-Q1"):
    return reverse("reports:targets", args=[cooperative.pk]) + f"?period={period}"


def test_the_delegation_sets_targets_for_a_period_and_each_change_is_audited(client, indicators):
    cooperative = CooperativeFactory(region=region("09"))
    follow(cooperative)
    client.force_login(make_user("delegation", region_code="09"))

    response = client.post(
        _url(cooperative),
        {"revenue__baseline": "80 000", "revenue__target": "120000,50", "members__target": "25"},
    )

    assert response.status_code == 302
    saved = {
        t.indicator.code: (t.baseline, t.target)
        for t in IndicatorTarget.objects.filter(cooperative=cooperative, period_start=date(2025, 1, 1))
    }
    assert saved == {"revenue": (Decimal("80000"), Decimal("120000.50")), "members": (None, Decimal("25"))}
    assert AuditEntry.objects.filter(action="indicator_target.set").count() == 2


def test_saving_the_same_values_again_changes_nothing(client, indicators):
    cooperative = CooperativeFactory(region=region("09"))
    follow(cooperative)
    client.force_login(make_user("staff"))
    client.post(_url(cooperative), {"revenue__target": "1000"})
    page = client.get(_url(cooperative))

    client.post(_url(cooperative), {"revenue__target": "1000"})

    assert 'value="1000"' in page.content.decode()
    assert AuditEntry.objects.filter(action="indicator_target.set").count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("revenue__target", "beaucoup"),
        ("revenue__baseline", "-5"),
        ("members__target", "12.5"),  # a whole number
        ("online_shop__target", "peut-être"),  # yes / no
    ],
)
def test_a_bad_value_names_its_field_and_nothing_is_written(client, indicators, field, value):
    cooperative = CooperativeFactory(region=region("09"))
    follow(cooperative)
    client.force_login(make_user("staff"))

    response = client.post(_url(cooperative), {"revenue__baseline": "10", field: value})

    assert response.status_code == 400
    row = next(r for r in response.context["rows"] if r["indicator"].code == field.split("__")[0])
    assert [f["name"] for f in row["fields"] if f["errors"]] == [field]
    assert not IndicatorTarget.objects.exists()


def test_another_regions_delegation_gets_404_and_a_cooperative_not_followed_too(client, indicators):
    elsewhere = CooperativeFactory(region=region("01"))
    follow(elsewhere)
    not_followed = CooperativeFactory(region=region("09"))
    client.force_login(make_user("delegation", region_code="09"))

    assert client.post(_url(elsewhere), {"revenue__target": "1"}).status_code == 404
    assert client.get(_url(not_followed)).status_code == 404
    assert not IndicatorTarget.objects.exists()


def test_an_unknown_period_falls_back_to_the_current_one(client, indicators):
    cooperative = CooperativeFactory(region=region("09"))
    follow(cooperative)
    client.force_login(make_user("staff"))

    response = client.get(reverse("reports:targets", args=[cooperative.pk]) + "?period=2025-13")

    assert response.status_code == 200 and response.context["period"].frequency == "quarterly"


def test_targets_page_query_count(client, indicators):
    cooperative = CooperativeFactory(region=region("09"))
    follow(cooperative)
    client.force_login(make_user("staff"))
    codes = list(indicators)

    def grow(n):
        for code in codes[:n]:
            IndicatorTarget.objects.get_or_create(
                cooperative=cooperative,
                indicator=indicators[code],
                period_start=date(2025, 1, 1),
                defaults={"target": Decimal("10")},
            )

    assert_same_query_count(client, _url(cooperative), grow, small=1, large=len(codes))
