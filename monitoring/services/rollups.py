"""Roll-ups: one row per cooperative, indicator and period, rebuilt from approved reports.

Refreshed by the approval service (one report) and by `rollup_rebuild` (batches: seeds,
repairs, the national-scale seed). Both write with one set-based statement,
`INSERT INTO … SELECT` over the aggregate query: no row goes through Python, so rebuilding
millions of values is a single statement in the database.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Case, DecimalField, OuterRef, Q, Subquery, Sum, When

from ..models import Breakdown, IndicatorRollup, IndicatorTarget, PeriodicReport, ReportValue

B = Breakdown
_DEC = DecimalField(max_digits=18, decimal_places=2)


def _part(breakdown: str):
    return Sum(Case(When(breakdown=breakdown, then="value"), output_field=_DEC))


def _target_field(name: str):
    return Subquery(
        IndicatorTarget.objects.filter(
            cooperative_id=OuterRef("report__cooperative_id"),
            indicator_id=OuterRef("indicator_id"),
            period_start=OuterRef("report__period_start"),
        ).values(name)[:1],
        output_field=_DEC,
    )


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
            target=_target_field("target"),
            baseline=_target_field("baseline"),
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
    ("target", "target"),
    ("baseline", "baseline"),
)


def _write(report_filter: Q, delete_filter: Q) -> int:
    """Delete the rows of `delete_filter`, then INSERT … SELECT the aggregate of `report_filter`."""
    select, params = _aggregated(report_filter).query.sql_with_params()
    quote = connection.ops.quote_name
    # Only table and column names and integers of ours are interpolated; values are bound.
    statement = (
        f"INSERT INTO {quote(IndicatorRollup._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(column) for column, _alias in _COLUMNS)}) "
        f"SELECT {', '.join('agg.' + quote(alias) for _column, alias in _COLUMNS)} "
        f"FROM ({select}) agg WHERE agg.{quote('total')} IS NOT NULL"
    )
    IndicatorRollup.objects.filter(delete_filter).delete()
    with connection.cursor() as cursor:
        cursor.execute(statement, [str(p) if isinstance(p, str) else p for p in params])
        return cursor.rowcount


def rollup_refresh_report(*, report: PeriodicReport) -> int:
    """Replace the report's cooperative-and-period rows. Call inside the approval transaction."""
    return _write(
        Q(report_id=report.pk),
        Q(cooperative_id=report.cooperative_id, period_start=report.period_start, frequency=report.frequency),
    )


def rollup_rebuild(*, cooperative_ids: Iterable[int] | None = None) -> int:
    """Rebuild the roll-ups of `cooperative_ids` (all cooperatives when None)."""
    if cooperative_ids is None:
        return _write(Q(), Q())
    ids = list(cooperative_ids)
    return _write(Q(report__cooperative_id__in=ids), Q(cooperative_id__in=ids))


def rollup_set_target(*, target: IndicatorTarget) -> int:
    """Copy a changed baseline and target onto the existing roll-up row (one UPDATE)."""
    return IndicatorRollup.objects.filter(
        cooperative_id=target.cooperative_id,
        indicator_id=target.indicator_id,
        period_start=target.period_start,
    ).update(target=target.target, baseline=target.baseline)
