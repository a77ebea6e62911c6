import pytest
from django.urls import reverse

from cooperatives.models import Cooperative
from tests.factories import CooperativeFactory, make_user, region
from tests.querycount import assert_same_query_count

pytestmark = pytest.mark.django_db


def grow_cooperatives(n):
    missing = n - Cooperative.objects.count()
    regions = [region(code) for code in ("01", "09", "06")]
    for i in range(missing):
        CooperativeFactory(region=regions[i % 3])


def test_national_dashboard_queries_do_not_grow(client):
    client.force_login(make_user("committee"))
    assert_same_query_count(client, reverse("dashboard"), grow_cooperatives)


def test_regional_dashboard_queries_do_not_grow(client):
    client.force_login(make_user("delegation", region_code="09"))
    assert_same_query_count(client, reverse("regional_dashboard", args=["09"]), grow_cooperatives)


def test_home_queries_do_not_grow(client):
    client.force_login(make_user("staff", "coach"))
    assert_same_query_count(client, reverse("home"), grow_cooperatives)


def test_cooperative_space_queries_do_not_grow(client):
    coop = CooperativeFactory()
    client.force_login(make_user("cooperative", cooperative=coop))
    assert_same_query_count(client, reverse("me"), grow_cooperatives)
