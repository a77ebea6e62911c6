"""Roll-ups: one row per cooperative, indicator and period, rebuilt from approved reports.

Refreshed by the approval service (one report) and by `rollup_rebuild` (batches: seeds,
repairs, the national-scale seed). Both write with one set-based statement,
`INSERT INTO … SELECT` over the aggregate query: no row goes through Python, so rebuilding
millions of values is a single statement in the database. Targets and baselines are joined
once (LEFT JOIN on their unique key), not looked up per row.

The same calls then refresh `IndicatorAreaRollup` (sums per region, sector, edition,
indicator and period) for the areas and periods they touched, again by one
`INSERT … SELECT` over `IndicatorRollup`: the dashboards read that small table.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Case, Count, DecimalField, Q, Sum, When

from ..models import (
    Breakdown,
    IndicatorAreaRollup,
    IndicatorRollup,
    IndicatorTarget,
    PeriodicReport,
    ReportValue,
)

B = Breakdown
_DEC = DecimalField(max_digits=18, decimal_places=2)


def _part(breakdown: str):
    return Sum(Case(When(breakdown=breakdown, then="value"), output_field=_DEC))


def _aggregated(report_filter: Q):
    return (
        ReportValue.objects.filter(report__status=PeriodicReport.Status.APPROVED)
        .filter(report_filter)
        .values(
            "report_id",
            "indicator_id",
            "report__cooperative_id",
            "report__period_start",
            "report__frequency",
            "report__cooperative__region_id",
            "report__cooperative__sector_id",
            "report__cooperative__follow_up__edition_id",
            "report__cooperative__follow_up__edition__prize_id",
        )
        .annotate(
            total=_part(B.TOTAL),
            women=_part(B.WOMEN),
            men=_part(B.MEN),
            young=_part(B.YOUNG),
            not_young=_part(B.NOT_YOUNG),
        )
        .order_by()
    )


# Roll-up columns, in the order of the aggregate's aliases they are filled from.
_COLUMNS = (
    ("report_id", "report_id"),
    ("indicator_id", "indicator_id"),
    ("cooperative_id", "report__cooperative_id"),
    ("period_start", "report__period_start"),
    ("frequency", "report__frequency"),
    ("region_id", "report__cooperative__region_id"),
    ("sector_id", "report__cooperative__sector_id"),
    ("edition_id", "report__cooperative__follow_up__edition_id"),
    ("prize_id", "report__cooperative__follow_up__edition__prize_id"),
    ("value", "total"),
    ("women", "women"),
    ("men", "men"),
    ("young", "young"),
    ("not_young", "not_young"),
)
# Filled from the LEFT JOIN on the target of the same cooperative, indicator and period.
_TARGET_COLUMNS = ("target", "baseline")


def _insert_select(table: str, columns, select: str, params, *, joins: str = "", where: str = "") -> int:
    quote = connection.ops.quote_name
    # Only table and column names of ours are interpolated; values are bound.
    statement = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"SELECT {', '.join(columns.values())} FROM ({select}) agg {joins} {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [str(p) if isinstance(p, str) else p for p in params])
        return cursor.rowcount


def _write(report_filter: Q, delete_filter: Q) -> int:
    """Delete the rows of `delete_filter`, then INSERT … SELECT the aggregate of `report_filter`."""
    select, params = _aggregated(report_filter).query.sql_with_params()
    quote = connection.ops.quote_name
    columns = {column: f"agg.{quote(alias)}" for column, alias in _COLUMNS}
    columns.update({column: f"t.{quote(column)}" for column in _TARGET_COLUMNS})
    joins = (
        f"LEFT JOIN {quote(IndicatorTarget._meta.db_table)} t "
        f"ON t.{quote('cooperative_id')} = agg.{quote('report__cooperative_id')} "
        f"AND t.{quote('indicator_id')} = agg.{quote('indicator_id')} "
        f"AND t.{quote('period_start')} = agg.{quote('report__period_start')}"
    )
    IndicatorRollup.objects.filter(delete_filter).delete()
    return _insert_select(
        IndicatorRollup._meta.db_table,
        columns,
        select,
        params,
        joins=joins,
        where=f"WHERE agg.{quote('total')} IS NOT NULL",
    )


# Area roll-up: grouped by these, summed from `IndicatorRollup`.
_AREA_KEYS = ("indicator_id", "period_start", "frequency", "region_id", "sector_id", "edition_id", "prize_id")


def _area_refresh(areas: Q | None) -> int:
    """Recompute the area roll-up rows matching `areas` (a filter on region, sector, period and
    frequency, valid on both tables; None: everything) from the per-cooperative roll-up."""
    delete = IndicatorAreaRollup.objects.all() if areas is None else IndicatorAreaRollup.objects.filter(areas)
    delete.delete()
    source = IndicatorRollup.objects.all() if areas is None else IndicatorRollup.objects.filter(areas)
    aggregate = (
        source.values(*_AREA_KEYS)
        .annotate(
            a_value=Sum("value"),
            a_women=Sum("women"),
            a_men=Sum("men"),
            a_young=Sum("young"),
            a_not_young=Sum("not_young"),
            a_target=Sum("target"),
            a_value_with_target=Sum("value", filter=Q(target__isnull=False)),
            a_reporting=Count("cooperative_id"),
            a_with_target=Count("target"),
        )
        .order_by()
    )
    select, params = aggregate.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = {key: f"agg.{quote(key)}" for key in _AREA_KEYS}
    for name in (
        "value",
        "women",
        "men",
        "young",
        "not_young",
        "target",
        "value_with_target",
        "reporting",
        "with_target",
    ):
        columns[name] = f"agg.{quote('a_' + name)}"
    return _insert_select(IndicatorAreaRollup._meta.db_table, columns, select, params)


def _areas_of(rows) -> Q | None:
    """A filter on the (region, sector, frequency, period) keys of roll-up rows `rows`."""
    groups: dict[tuple, set] = {}
    for region_id, sector_id, frequency, period_start in rows.values_list(
        "region_id", "sector_id", "frequency", "period_start"
    ).distinct():
        groups.setdefault((region_id, sector_id, frequency), set()).add(period_start)
    if not groups:
        return None
    condition = Q(pk__in=[])
    for (region_id, sector_id, frequency), starts in groups.items():
        condition |= Q(
            region_id=region_id, sector_id=sector_id, frequency=frequency, period_start__in=sorted(starts)
        )
    return condition


def _write_both(report_filter: Q, delete_filter: Q | None) -> int:
    """Rewrite the per-cooperative rows, then the area rows of the areas they were and are in
    (a cooperative may have moved region or sector since its rows were written)."""
    if delete_filter is None:
        written = _write(report_filter, Q())
        _area_refresh(None)
        return written
    before = _areas_of(IndicatorRollup.objects.filter(delete_filter))
    written = _write(report_filter, delete_filter)
    after = _areas_of(IndicatorRollup.objects.filter(delete_filter))
    areas = [q for q in (before, after) if q is not None]
    if areas:
        _area_refresh(areas[0] | areas[1] if len(areas) == 2 else areas[0])
    return written


def rollup_refresh_report(*, report: PeriodicReport) -> int:
    """Replace the report's cooperative-and-period rows. Call inside the approval transaction."""
    return _write_both(
        Q(report_id=report.pk),
        Q(cooperative_id=report.cooperative_id, period_start=report.period_start, frequency=report.frequency),
    )


def rollup_rebuild(*, cooperative_ids: Iterable[int] | None = None) -> int:
    """Rebuild the roll-ups of `cooperative_ids` (all cooperatives when None)."""
    if cooperative_ids is None:
        return _write_both(Q(), None)
    ids = list(cooperative_ids)
    return _write_both(Q(report__cooperative_id__in=ids), Q(cooperative_id__in=ids))


def rollup_set_target(*, target: IndicatorTarget) -> int:
    """Copy a changed baseline and target onto the existing roll-up row (one UPDATE), then
    refresh the area row it counts in."""
    rows = IndicatorRollup.objects.filter(
        cooperative_id=target.cooperative_id,
        indicator_id=target.indicator_id,
        period_start=target.period_start,
    )
    updated = rows.update(target=target.target, baseline=target.baseline)
    if updated:
        areas = _areas_of(rows)
        if areas is not None:
            _area_refresh(areas)
    return updated
