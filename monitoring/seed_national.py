"""National scale (`seed_demo --scale national`): every cooperative of the registry not yet
in follow-up reports 10 indicators quarterly for three years (65,000 cooperatives: 780,000
reports and 7.8 million values).

Written in bulk, never row by row through the ORM: follow-ups and reports with PostgreSQL's
COPY (`bulk_create` on SQLite), values with one `INSERT … SELECT` that crosses every new
report with the 10 indicators (the figures follow a trend per quarter with a deterministic
noise computed in SQL), then the roll-ups with `rollup_rebuild` (one `INSERT … SELECT`).
Idempotent: a cooperative already in follow-up is left alone, so a second run adds nothing.
No audit entries: these are generated figures, not anyone's change.
"""

import csv
import io
from datetime import date

from django.db import connection
from django.utils import timezone

QUARTERS = 12
# code -> base value (the first quarter's figure for an average cooperative).
NATIONAL_INDICATORS = {
    "revenue": 150000,
    "members": 25,
    "permanent_jobs": 4,
    "seasonal_jobs": 8,
    "funding_public": 10000,
    "new_markets": 1,
    "new_clients": 6,
    "online_sales": 12000,
    "products_launched": 1,
    "training_hours": 10,
}
CHUNK = 100_000


def _copy(model, columns: list[str], rows) -> int:
    """Write `rows` (tuples in `columns` order): COPY on PostgreSQL, bulk_create elsewhere."""
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        sql = f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        with connection.cursor() as cursor:
            buffer, pending = io.StringIO(), 0
            writer = csv.writer(buffer)
            for row in rows:
                writer.writerow(["\\N" if v is None else v for v in row])
                pending += 1
                if pending == CHUNK:
                    buffer.seek(0)
                    cursor.copy_expert(sql, buffer)
                    count += pending
                    buffer, pending = io.StringIO(), 0
                    writer = csv.writer(buffer)
            if pending:
                buffer.seek(0)
                cursor.copy_expert(sql, buffer)
                count += pending
        return count
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) == CHUNK:
            model.objects.bulk_create(batch, batch_size=2000)
            count, batch = count + len(batch), []
    model.objects.bulk_create(batch, batch_size=2000)
    return count + len(batch)


def _insert_values(*, after_report_id: int, periods: list, indicator_ids: dict[str, int]) -> int:
    """Every new report × the 10 indicators, in one INSERT … SELECT."""
    from .models import Indicator, PeriodicReport, ReportValue

    quote = connection.ops.quote_name
    base = " ".join(f"WHEN {pk} THEN {NATIONAL_INDICATORS[code]}" for code, pk in indicator_ids.items())
    quarter = " ".join(f"WHEN '{p.start.isoformat()}' THEN {q}" for q, p in enumerate(periods))
    # value = base × (1 + 3 % per quarter ± 10 % noise), two decimals.
    # "%%" is the modulo operator, escaped because the statement takes parameters.
    noise = "((CAST(r.id AS BIGINT) * 7919 + i.id * 104729) %% 21 - 10)"
    value = (
        f"ROUND(CAST((CASE i.id {base} END) * (100 + 3 * (CASE r.period_start {quarter} END) + {noise}) "
        f"AS NUMERIC) / 100, 2)"
    )
    # Only table and column names and integers of ours are interpolated; values are bound.
    statement = (
        f"INSERT INTO {quote(ReportValue._meta.db_table)} "  # noqa: S608
        "(report_id, indicator_id, breakdown, value, jump_confirmed) "
        f"SELECT r.id, i.id, 'total', {value}, %s "
        f"FROM {quote(PeriodicReport._meta.db_table)} r CROSS JOIN {quote(Indicator._meta.db_table)} i "
        f"WHERE r.id > %s AND i.id IN ({', '.join(str(pk) for pk in indicator_ids.values())})"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [False, after_report_id])
        return cursor.rowcount


def seed_national_reports(
    *, cooperative_ids=None, quarters: int = QUARTERS, today: date | None = None
) -> dict:
    """Follow-ups, approved quarterly reports and values for `cooperative_ids` (default: every
    cooperative not in follow-up), then the roll-ups. Returns the counts written."""
    from cooperatives.models import Cooperative

    from .models import FollowUp, Indicator, PeriodicReport
    from .periods import QUARTERLY, last_closed
    from .services import rollup_rebuild

    today = today or timezone.localdate()
    periods = [last_closed(today, QUARTERLY)]
    while len(periods) < quarters:
        periods.insert(0, periods[0].previous())
    qs = Cooperative.objects.filter(follow_up__isnull=True)
    if cooperative_ids is not None:
        qs = qs.filter(pk__in=list(cooperative_ids))
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return {"cooperatives": 0, "reports": 0, "values": 0, "rollups": 0}
    indicator_ids = dict(
        Indicator.objects.filter(code__in=NATIONAL_INDICATORS).values_list("code", "pk").order_by("order")
    )
    _copy(
        FollowUp,
        ["cooperative_id", "starts_on", "frequency"],
        ((pk, periods[0].start, QUARTERLY) for pk in ids),
    )
    last_id = PeriodicReport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    now = timezone.now()

    def reports():
        for pk in ids:
            for period in periods:
                yield (
                    pk,
                    period.start,
                    QUARTERLY,
                    period.due_on,
                    "approved",
                    "",
                    "",
                    now,
                    now,
                    now,
                    now,
                    now,
                )

    columns = [
        "cooperative_id",
        "period_start",
        "frequency",
        "due_on",
        "status",
        "comments",
        "review_comment",
        "submitted_at",
        "validated_at",
        "approved_at",
        "created_at",
        "updated_at",
    ]
    reports_written = _copy(PeriodicReport, columns, reports())
    values_written = _insert_values(after_report_id=last_id, periods=periods, indicator_ids=indicator_ids)
    rollups = rollup_rebuild()
    return {
        "cooperatives": len(ids),
        "reports": reports_written,
        "values": values_written,
        "rollups": rollups,
    }
