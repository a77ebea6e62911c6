"""The dashboard's aggregate queries. Each is one query whose result size depends on the
number of indicators, periods, regions, sectors or editions, never on the number of
cooperatives or reports (DESIGN.md §6: the same query count at 1× and 10× the data).
"""

from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, Func, Q, Sum
from django.db.models.functions import Coalesce

from odco import scoping
from odco.roles import Role
from odco.scoping import scope

from ..models import IndicatorAreaRollup, IndicatorRollup, PeriodicReport
from ..periods import Period
from ..workflow import PENDING_STATES
from .filters import Filters


def _filtered(qs, filters: Filters):
    if filters.prize is not None:
        qs = qs.filter(prize_id=filters.prize.pk)
    if filters.edition is not None:
        qs = qs.filter(edition_id=filters.edition.pk)
    if filters.region is not None:
        qs = qs.filter(region_id=filters.region.pk)
    if filters.sector is not None:
        qs = qs.filter(sector_id=filters.sector.pk)
    return qs


def rollups(*, user, filters: Filters):
    """Roll-up rows in scope and matching the prize, edition, region and sector filters."""
    return _filtered(scope(user, IndicatorRollup.objects.all()), filters)


# Roles whose scope on `IndicatorRollup` is everything or a filter on the region: their
# dashboards read the area roll-up. A cooperative's scope (its own rows) needs the
# per-cooperative table.
_AREA_ROLES = {Role.STAFF.value, Role.COMMITTEE.value, Role.DELEGATION.value}


def area_rollups(*, user, filters: Filters):
    """Area roll-up rows in scope and matching the filters, or None when the user's scope is
    narrower than a region (then read `rollups()`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return IndicatorAreaRollup.objects.none()
    qs = IndicatorAreaRollup.objects.all()
    if not user.is_superuser:
        rules = scoping.rules_for(IndicatorRollup)
        conditions = {role: rules[role](user) for role in user.roles if role in rules}
        if not any(condition is scoping.EVERYTHING for condition in conditions.values()):
            if not set(conditions) <= _AREA_ROLES:
                return None
            combined = Q(pk__in=[])
            for condition in conditions.values():
                combined |= condition  # region_id__in=…: the same column on both tables
            qs = qs.filter(combined)
    return _filtered(qs, filters)


class _Mean(Func):
    """SUM(value) / SUM(reporting), computed as AVG() computes it on each database, so the
    averages read from the area roll-up equal AVG(value) over the per-cooperative rows
    (PostgreSQL: numeric sum divided by the count as numeric; SQLite: a float division)."""

    output_field = DecimalField()

    def as_sql(self, compiler, connection, **extra):
        total, total_params = compiler.compile(self.source_expressions[0])
        count, count_params = compiler.compile(self.source_expressions[1])
        if connection.vendor == "postgresql":
            sql = f"({total} / CAST({count} AS NUMERIC))"
        elif connection.vendor == "sqlite":
            sql = f"(CAST({total} AS REAL) / {count})"
        else:
            sql = f"({total} / {count})"
        return sql, (*total_params, *count_params)


# Sums and averages of the indicator values, with the values' two decimal places: SQLite
# returns 20 (or a float, for an average) where PostgreSQL returns 20.00.
DECIMAL_AGGREGATES = (
    "average",
    "total",
    "target_total",
    "actual_with_target",
    "women",
    "men",
    "young",
    "not_young",
)
CENT = Decimal("0.01")


def _quantized(row: dict) -> dict:
    for key in DECIMAL_AGGREGATES:
        if row.get(key) is not None:
            row[key] = Decimal(str(row[key])).quantize(CENT)
    return row


def _average():
    return _Mean(Sum("value"), Sum("reporting"))


def _area_sums(**extra):
    # The average first: it reads the `reporting` column, which the next annotation shadows.
    return dict(
        average=_average(),
        total=Sum("value"),
        target_total=Sum("target"),
        reporting=Sum("reporting"),
        **extra,
    )


def indicator_periods(*, user, filters: Filters, periods: list[Period]) -> dict[tuple[int, date], dict]:
    """Per indicator and period: sum, average, target, actual where a target exists, the
    gender and youth parts, and the number of cooperatives reporting."""
    starts = [p.start for p in periods]
    areas = area_rollups(user=user, filters=filters)
    if areas is not None:
        rows = (
            areas.filter(period_start__in=starts, frequency=filters.period.frequency)
            .values("indicator_id", "period_start")
            .annotate(
                **_area_sums(
                    actual_with_target=Sum("value_with_target"),
                    women=Sum("women"),
                    men=Sum("men"),
                    young=Sum("young"),
                    not_young=Sum("not_young"),
                    with_target=Sum("with_target"),
                )
            )
            .order_by()
        )
        return {(r["indicator_id"], r["period_start"]): _quantized(r) for r in rows}
    rows = (
        rollups(user=user, filters=filters)
        .filter(period_start__in=starts, frequency=filters.period.frequency)
        .values("indicator_id", "period_start")
        .annotate(
            total=Sum("value"),
            average=Avg("value"),
            target_total=Sum("target"),
            actual_with_target=Sum("value", filter=Q(target__isnull=False)),
            women=Sum("women"),
            men=Sum("men"),
            young=Sum("young"),
            not_young=Sum("not_young"),
            reporting=Count("cooperative_id"),
            with_target=Count("target"),
        )
        .order_by()
    )
    return {(r["indicator_id"], r["period_start"]): _quantized(r) for r in rows}


def indicator_by(*, user, filters: Filters, field: str) -> dict[int, dict]:
    """The chosen indicator in the chosen period, summed by `field` ('region_id' or 'sector_id')."""
    if filters.indicator is None:
        return {}
    areas = area_rollups(user=user, filters=filters)
    if areas is not None:
        rows = (
            areas.filter(
                indicator_id=filters.indicator.pk,
                period_start=filters.period.start,
            )
            .values(field)
            .annotate(**_area_sums())
            .order_by()
        )
        return {r[field]: _quantized(r) for r in rows}
    rows = (
        rollups(user=user, filters=filters)
        .filter(indicator_id=filters.indicator.pk, period_start=filters.period.start)
        .values(field)
        .annotate(
            total=Sum("value"),
            average=Avg("value"),
            target_total=Sum("target"),
            reporting=Count("cooperative_id"),
        )
        .order_by()
    )
    return {r[field]: _quantized(r) for r in rows}


def candidacies(*, user, filters: Filters):
    from prizes.models import Candidacy

    qs = scope(user, Candidacy.objects.all())
    if filters.prize is not None:
        qs = qs.filter(edition__prize_id=filters.prize.pk)
    if filters.edition is not None:
        qs = qs.filter(edition_id=filters.edition.pk)
    if filters.region is not None:
        qs = qs.filter(region_id=filters.region.pk)
    if filters.sector is not None:
        qs = qs.filter(cooperative__sector_id=filters.sector.pk)
    return qs


# The programme funnel. A candidacy counts at every stage it has reached: `not_selected`
# comes after the accompaniment, so it counts as eligible and accompanied; a withdrawn
# candidacy counts only as a candidate (the stage it left is not recorded on the row).
FUNNEL_STAGES = {
    "candidates": ~Q(status="draft"),
    "eligible": Q(status__in=("eligible", "accompanied", "finalist", "laureate", "not_selected")),
    "accompanied": Q(status__in=("accompanied", "finalist", "laureate", "not_selected")),
    "laureates": Q(status="laureate"),
}


def funnel(*, user, filters: Filters) -> list[dict]:
    """Per edition: candidates → eligible → accompanied → laureates (one query)."""
    return list(
        candidacies(user=user, filters=filters)
        .values(
            "edition_id",
            "edition__year",
            "edition__prize__code",
            "edition__prize__name_fr",
            "edition__prize__name_ar",
        )
        .annotate(**{stage: Count("pk", filter=condition) for stage, condition in FUNNEL_STAGES.items()})
        .order_by("edition__prize__since_year", "edition__year")
    )


def reports(*, user, filters: Filters):
    qs = scope(user, PeriodicReport.objects.all())
    if filters.region is not None:
        qs = qs.filter(cooperative__region_id=filters.region.pk)
    if filters.sector is not None:
        qs = qs.filter(cooperative__sector_id=filters.sector.pk)
    if filters.edition is not None:
        qs = qs.filter(cooperative__follow_up__edition_id=filters.edition.pk)
    elif filters.prize is not None:
        qs = qs.filter(cooperative__follow_up__edition__prize_id=filters.prize.pk)
    return qs


def report_counts(*, user, filters: Filters, today: date) -> dict:
    """Missing (overdue, not submitted), awaiting validation and awaiting approval (one query)."""
    # Only the statuses counted: the (status, due_on) index then skips the approved reports,
    # nearly all of them at national scale.
    counted = {*PENDING_STATES, PeriodicReport.Status.SUBMITTED, PeriodicReport.Status.VALIDATED}
    return (
        reports(user=user, filters=filters)
        .filter(status__in=sorted(counted))
        .aggregate(
            missing=Count("pk", filter=Q(status__in=PENDING_STATES, due_on__lt=today)),
            to_validate=Count("pk", filter=Q(status=PeriodicReport.Status.SUBMITTED)),
            to_approve=Count("pk", filter=Q(status=PeriodicReport.Status.VALIDATED)),
        )
    )


def missing_by_region(*, user, filters: Filters, today: date) -> dict[int, int]:
    rows = (
        reports(user=user, filters=filters)
        .filter(status__in=PENDING_STATES, due_on__lt=today)
        .values("cooperative__region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["cooperative__region_id"]: r["n"] for r in rows}


def cooperatives_by_region(*, user, filters: Filters) -> dict[int, int]:
    from cooperatives.models import Cooperative

    qs = scope(user, Cooperative.objects.all())
    if filters.sector is not None:
        qs = qs.filter(sector_id=filters.sector.pk)
    return dict(qs.values("region_id").annotate(n=Count("pk")).order_by().values_list("region_id", "n"))


def laureates_by_region(*, user, filters: Filters) -> dict[int, int]:
    rows = (
        candidacies(user=user, filters=filters)
        .filter(status="laureate")
        .values("region_id")
        .annotate(n=Coalesce(Count("pk"), 0))
        .order_by()
    )
    return {r["region_id"]: r["n"] for r in rows}
