"""The month calendar of sessions by region: placement on days, filters, scope, queries."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.querycount import assert_same_query_count
from training.calendar import month_grid, parse_month

from .factories import at, coordinator, make_session, validated_phase

pytestmark = pytest.mark.django_db


def _cells(response, code):
    row = next(r for r in response.context["grid"].rows if r.region.code == code)
    return {day: [s.pk for s in cell] for day, cell in enumerate(row.cells, start=1) if cell}


def test_parse_month_accepts_year_month_and_falls_back_to_this_month():
    assert parse_month("2025-05") == date(2025, 5, 1)
    assert parse_month("2025-13", today=date(2026, 11, 30)) == date(2026, 11, 1)
    assert parse_month("mai", today=date(2026, 11, 30)) == date(2026, 11, 1)
    assert parse_month(None, today=date(2026, 11, 30)) == date(2026, 11, 1)


def test_a_session_spanning_days_appears_on_each_day_and_months_roll_over(client):
    phase = validated_phase()
    one_day = make_session(phase, region_code="09", day=5)
    two_days = make_session(phase, region_code="01", day=30)
    two_days.ends_at = at(day=1, month=6, hour=12)
    two_days.save(update_fields=["ends_at"])
    client.force_login(coordinator())

    may = client.get(reverse("training:session_month"), {"month": "2025-05"})
    june = client.get(reverse("training:session_month"), {"month": "2025-06"})

    assert _cells(may, "09") == {5: [one_day.pk]}
    assert _cells(may, "01") == {30: [two_days.pk], 31: [two_days.pk]}
    assert _cells(june, "01") == {1: [two_days.pk]} and _cells(june, "09") == {}
    grid = may.context["grid"]
    assert (len(grid.days), grid.previous, grid.next, grid.count) == (
        31,
        date(2025, 4, 1),
        date(2025, 6, 1),
        3,
    )
    assert len(grid.rows) == 12


def test_filters_by_region_and_a_delegation_sees_only_its_region(client):
    phase = validated_phase()
    souss = make_session(phase, region_code="09", day=5)
    make_session(phase, region_code="01", day=6)
    client.force_login(coordinator())
    filtered = client.get(reverse("training:session_month"), {"month": "2025-05", "region": "MA-09"})
    client.force_login(make_user("delegation", region_code="09"))
    delegation = client.get(reverse("training:session_month"), {"month": "2025-05"})

    assert [r.region.code for r in filtered.context["grid"].rows] == ["09"]
    assert _cells(filtered, "09") == {5: [souss.pk]}
    assert _cells(delegation, "09") == {5: [souss.pk]} and _cells(delegation, "01") == {}


def test_month_grid_ignores_sessions_of_regions_not_shown():
    class Region:
        def __init__(self, pk):
            self.pk, self.code = pk, str(pk)

    class Session:
        region_id = 99
        starts_at = ends_at = at(day=5)

    grid = month_grid(date(2025, 5, 1), [Region(1)], [Session()])
    assert grid.count == 0


def test_month_calendar_query_count(client):
    phase = validated_phase()
    trainer = make_user("trainer")

    def grow(n):
        from training.models import TrainingSession

        for i in range(TrainingSession.objects.count(), n):
            make_session(phase, region_code=f"{i % 12 + 1:02d}", day=1 + i % 28, trainers=[trainer])

    client.force_login(coordinator())
    url = reverse("training:session_month") + "?month=2025-05"
    assert_same_query_count(client, url, grow, small=3, large=15)
