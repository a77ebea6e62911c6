"""Dashboard figures against hand-computed values, roll-ups, scoping, exports and query counts."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Case, Count, Q, Sum, When
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import IndicatorAreaRollup, IndicatorRollup, PeriodicReport, ReportValue
from monitoring.periods import Period
from monitoring.services import report_transition, rollup_rebuild, target_set
from prizes.models import Candidacy
from tests.factories import CooperativeFactory, region, sector
from tests.prizes.factories import make_candidacy, make_edition
from tests.querycount import assert_same_query_count

from .factories import Q1_2025, follow, make_report

S = PeriodicReport.Status
C = Candidacy.Status
Q4_2024 = Q1_2025.previous()
TODAY = "2025-05-10 10:00 +01:00"  # the last closed quarter is 2025-Q1


def _approved(cooperative, period, values, staff):
    report = make_report(cooperative, period, status=S.VALIDATED, values=values)
    return report_transition(actor=staff, report=report, name="approve")


@pytest.fixture
def programme(world, indicators):
    """Three cooperatives (two in 09, one in 01), two quarters of approved reports, targets,
    and candidacies to one edition in every status of the funnel."""
    staff = world.users["staff"]
    coop_pam = CooperativeFactory(region=region("09"), sector=sector("pam"))
    edition = make_edition(year=2025)
    for coop in (world.coop_in, world.coop_out, coop_pam):
        follow(coop, edition=edition)
    members = {"women": 12, "men": 8, "young": 5, "not_young": 15, "total": 20}
    _approved(world.coop_in, Q1_2025, {"revenue": 100, "members": members}, staff)
    _approved(
        world.coop_out, Q1_2025, {"revenue": 300, "members": {"women": 6, "men": 4, "total": 10}}, staff
    )
    _approved(coop_pam, Q1_2025, {"revenue": 50}, staff)
    _approved(world.coop_in, Q4_2024, {"revenue": 200}, staff)
    _approved(world.coop_out, Q4_2024, {"revenue": 300}, staff)
    make_report(coop_pam, Q4_2024, status=S.SUBMITTED, values={"revenue": 999})  # not approved: not counted
    revenue = indicators["revenue"]
    target_set(
        actor=staff,
        cooperative=world.coop_in,
        indicator=revenue,
        period=Q1_2025,
        baseline=None,
        target=Decimal(150),
    )
    target_set(
        actor=staff,
        cooperative=world.coop_out,
        indicator=revenue,
        period=Q1_2025,
        baseline=None,
        target=Decimal(200),
    )
    for status in (C.DRAFT, C.SUBMITTED, C.ELIGIBLE, C.ACCOMPANIED, C.NOT_SELECTED, C.WITHDRAWN):
        make_candidacy(edition, status=status)
    make_candidacy(edition, status=C.LAUREATE, cooperative=world.coop_in)
    make_candidacy(edition, status=C.LAUREATE, cooperative=world.coop_out)
    return edition


def _line(response, code):
    return next(line for line in response.context["lines"] if line.indicator.code == code)


@time_machine.travel(TODAY, tick=False)
def test_national_figures(world, login, programme):
    response = login(world.users["committee"]).get(reverse("dashboard"))
    assert response.status_code == 200
    revenue = _line(response, "revenue")
    # 100 + 300 + 50; targets 150 + 200; reached 400 / 350; previous 200 + 300.
    assert (revenue.actual, revenue.target, revenue.achievement, revenue.previous, revenue.change) == (
        Decimal("450"),
        Decimal("350"),
        Decimal("114.3"),
        Decimal("500"),
        Decimal("-10.0"),
    )
    assert (revenue.reporting, revenue.falling) == (3, True)
    members = _line(response, "members")
    assert (members.actual, members.reporting) == (Decimal("30"), 2)
    breakdowns = response.context["figures"]["breakdowns"]
    assert breakdowns.rows[0] == ["Adhérents", Decimal("18"), Decimal("12"), Decimal("5"), Decimal("15")]
    funnel = response.context["figures"]["funnel"]
    assert funnel.rows == [[f"2025 {programme.prize.name}", 7, 5, 4, 2]]
    by_region = dict(response.context["figures"]["regions"].rows)
    assert by_region == {region("01").name: Decimal("300"), region("09").name: Decimal("150")}
    by_sector = dict(response.context["figures"]["sectors"].rows)
    assert by_sector == {sector("argan").name: Decimal("400"), sector("pam").name: Decimal("50")}
    assert response.context["report_counts"] == {"missing": 0, "to_validate": 1, "to_approve": 0}
    html = response.content.decode()
    assert "<svg" in html and "style=" not in html


@time_machine.travel(TODAY, tick=False)
def test_filters_and_tile_map(world, login, programme):
    client = login(world.users["staff"])
    response = client.get(
        reverse("dashboard"), {"region": "MA-01", "measure": "revenue", "indicator": "revenue"}
    )
    assert _line(response, "revenue").actual == Decimal("300")
    assert response.context["figures"]["funnel"].rows == [[f"2025 {programme.prize.name}", 1, 1, 1, 1]]
    tiles = dict(response.context["figures"]["map"].rows)
    assert tiles[region("01").name] == Decimal("300") and tiles[region("09").name] is None
    response = client.get(reverse("dashboard"), {"sector": "pam", "period": "2024-Q4"})
    assert _line(response, "revenue").actual is None
    response = client.get(reverse("dashboard"), {"measure": "laureates"})
    tiles = dict(response.context["figures"]["map"].rows)
    assert (tiles[region("01").name], tiles[region("09").name], tiles[region("05").name]) == (1, 1, 0)


@time_machine.travel(TODAY, tick=False)
def test_regional_dashboard_and_export_contain_only_the_region(world, login, programme):
    client = login(world.users["delegation"])
    response = client.get(reverse("regional_dashboard", args=["09"]), {"region": "01"})
    revenue = _line(response, "revenue")
    assert (revenue.actual, revenue.target, revenue.achievement, revenue.previous, revenue.change) == (
        Decimal("150"),
        Decimal("150"),
        Decimal("66.7"),
        Decimal("200"),
        Decimal("-25.0"),
    )
    assert response.context["figures"]["funnel"].rows == [[f"2025 {programme.prize.name}", 6, 4, 3, 1]]
    export = client.get(reverse("regional_dashboard_export", args=["09"]), {"region": "01"})
    assert export.status_code == 200
    workbook = load_workbook(io.BytesIO(export.content), read_only=True)
    cells = {
        cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    }
    assert region("01").name_fr not in cells and 300 not in cells and 150 in cells
    one = client.get(reverse("regional_dashboard_export", args=["09"]), {"figure": "funnel"})
    sheet = load_workbook(io.BytesIO(one.content), read_only=True).worksheets[0]
    assert list(sheet.iter_rows(values_only=True))[1] == (f"2025 {programme.prize.name}", 6, 4, 3, 1)
    assert client.get(reverse("regional_dashboard_export", args=["01"])).status_code == 404


def test_export_neutralises_formulas(world, login, indicators):
    from monitoring.charts import Figure
    from monitoring.dashboard.exports import figure_xlsx

    content = figure_xlsx(
        Figure("x", "t", ["name", "value"], [["=HYPERLINK(1)", Decimal("2")], ["@SUM", -1]])
    )
    rows = list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows == [("name", "value"), ("'=HYPERLINK(1)", 2), ("'@SUM", -1)]


def _direct():
    """Roll-ups computed straight from the approved reports' values."""
    return sorted(
        (r["report__cooperative_id"], r["indicator_id"], r["report__period_start"], r["total"], r["women"])
        for r in ReportValue.objects.filter(report__status=S.APPROVED)
        .values("report__cooperative_id", "indicator_id", "report__period_start")
        .annotate(
            total=Sum(Case(When(breakdown="total", then="value"))),
            women=Sum(Case(When(breakdown="women", then="value"))),
        )
    )


def _stored():
    return sorted(
        IndicatorRollup.objects.values_list(
            "cooperative_id", "indicator_id", "period_start", "value", "women"
        )
    )


def test_rollups_equal_a_direct_computation_after_changes(world, programme, indicators):
    assert _stored() == _direct()
    staff = world.users["staff"]
    # A submitted report validated and approved; a report returned after validation.
    pending = PeriodicReport.objects.get(status=S.SUBMITTED)
    report_transition(actor=staff, report=pending, name="validate")
    report_transition(actor=staff, report=pending, name="approve")
    assert _stored() == _direct()
    other = make_report(world.coop_in, Period(date(2024, 7, 1)), status=S.VALIDATED, values={"revenue": 7})
    report_transition(actor=staff, report=other, name="return_after_validation", comment="À revoir")
    assert _stored() == _direct()
    # A rebuild gives the same rows, and a changed target reaches the roll-up.
    rollup_rebuild()
    assert _stored() == _direct()
    target_set(
        actor=staff,
        cooperative=world.coop_in,
        indicator=indicators["revenue"],
        period=Q1_2025,
        baseline=Decimal(80),
        target=Decimal(175),
    )
    row = IndicatorRollup.objects.get(
        cooperative=world.coop_in, indicator=indicators["revenue"], period_start=Q1_2025.start
    )
    assert (row.baseline, row.target) == (Decimal("80"), Decimal("175"))


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("role", ["committee", "delegation"])
def test_dashboard_query_count_does_not_grow(role, world, login, indicators):
    edition = make_edition(year=2025)
    created = []

    def grow(n):
        while len(created) < n:
            coop = CooperativeFactory(region=region("09" if len(created) % 2 else "01"))
            follow(coop, edition=edition)
            make_report(coop, Q1_2025, status=S.APPROVED, values={"revenue": 10 + len(created), "members": 3})
            make_report(coop, Q4_2024, status=S.DRAFT, due_on=date(2025, 1, 15))
            make_candidacy(edition, status=C.LAUREATE, cooperative=coop)
            created.append(coop)
        rollup_rebuild()

    client = login(world.users[role])
    url = reverse("dashboard") if role == "committee" else reverse("regional_dashboard", args=["09"])
    assert_same_query_count(client, url + "?measure=missing", grow, small=2, large=12, limit=30)


def _area_direct():
    """Area roll-ups computed straight from the per-cooperative roll-ups."""
    keys = ("indicator_id", "period_start", "frequency", "region_id", "sector_id", "edition_id", "prize_id")
    return sorted(
        tuple(r.values())
        for r in IndicatorRollup.objects.values(*keys)
        .annotate(
            s_value=Sum("value"),
            s_women=Sum("women"),
            s_target=Sum("target"),
            s_with=Sum("value", filter=Q(target__isnull=False)),
            s_reporting=Count("cooperative_id"),
            s_targets=Count("target"),
        )
        .order_by()
    )


def _area_stored():
    return sorted(
        IndicatorAreaRollup.objects.values_list(
            "indicator_id",
            "period_start",
            "frequency",
            "region_id",
            "sector_id",
            "edition_id",
            "prize_id",
            "value",
            "women",
            "target",
            "value_with_target",
            "reporting",
            "with_target",
        )
    )


def test_area_rollups_equal_a_direct_aggregation_after_changes(world, programme, indicators):
    assert _area_stored() and _area_stored() == _area_direct()
    staff = world.users["staff"]
    pending = PeriodicReport.objects.get(status=S.SUBMITTED)
    report_transition(actor=staff, report=pending, name="validate")
    report_transition(actor=staff, report=pending, name="approve")
    assert _area_stored() == _area_direct()
    target_set(
        actor=staff,
        cooperative=world.coop_out,
        indicator=indicators["revenue"],
        period=Q1_2025,
        baseline=None,
        target=Decimal(310),
    )
    assert _area_stored() == _area_direct()
    # A cooperative moved to another region and sector: both the old and the new areas change.
    world.coop_in.region, world.coop_in.sector = region("01"), sector("pam")
    world.coop_in.save()
    rollup_rebuild(cooperative_ids=[world.coop_in.pk])
    assert _area_stored() == _area_direct()
    rollup_rebuild()
    assert _area_stored() == _area_direct()


@time_machine.travel(TODAY, tick=False)
def test_area_and_per_cooperative_queries_give_the_same_figures(world, programme, indicators):
    from monitoring.dashboard import queries
    from monitoring.dashboard.filters import load_choices, parse_filters

    for role in ("committee", "delegation"):
        user = world.users[role]
        choices = load_choices(user=user)
        filters = parse_filters({}, choices)
        assert queries.area_rollups(user=user, filters=filters) is not None
        area = queries.indicator_periods(user=user, filters=filters, periods=choices.periods)
        by_region = queries.indicator_by(user=user, filters=filters, field="region_id")
        direct = _per_cooperative_periods(user, filters, choices.periods)
        assert area and {k: {f: v[f] for f in direct[k]} for k, v in area.items()} == direct
        assert set(by_region) == set(
            queries.rollups(user=user, filters=filters)
            .filter(indicator_id=filters.indicator.pk, period_start=filters.period.start)
            .values_list("region_id", flat=True)
        )


def _per_cooperative_periods(user, filters, periods):
    from django.db.models import Avg

    from monitoring.dashboard import queries

    rows = (
        queries.rollups(user=user, filters=filters)
        .filter(period_start__in=[p.start for p in periods], frequency=filters.period.frequency)
        .values("indicator_id", "period_start")
        .annotate(
            total=Sum("value"),
            average=Avg("value"),
            target_total=Sum("target"),
            actual_with_target=Sum("value", filter=Q(target__isnull=False)),
            women=Sum("women"),
            reporting=Count("cooperative_id"),
            with_target=Count("target"),
        )
        .order_by()
    )
    return {
        (r["indicator_id"], r["period_start"]): {
            k: v for k, v in r.items() if k not in ("indicator_id", "period_start")
        }
        for r in rows
    }


def test_the_migration_fills_the_area_rollups_from_existing_rollups(programme):
    from importlib import import_module

    from django.apps import apps

    expected = _area_stored()
    IndicatorAreaRollup.objects.all().delete()
    import_module("monitoring.migrations.0003_area_rollup").fill(apps, None)
    assert expected and _area_stored() == expected
