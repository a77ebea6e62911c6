"""Writing a validated import in one transaction with bulk operations.

New cooperatives go in with PostgreSQL's COPY (bulk_create batches elsewhere); changed ones
with batched bulk_update (COPY into a temporary table and one UPDATE on PostgreSQL for large
sets). The audit log gets one entry per updated cooperative with its changed fields, and one
entry for the import itself (who, counts) — new cooperatives are covered by that entry, not
one entry each, to keep a national file within its budget. All in one transaction.
"""

import csv
import io
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from odco.audit.services import audit_record, audit_record_many

from .importing import (
    CREATE,
    REJECTED,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    ImportReport,
    RowResult,
    gc_paused,
    plan_import,
)
from .models import Cooperative

logger = logging.getLogger(__name__)

BATCH = 5000
INSERT_FIELDS = (
    "registration_number",
    "name_fr",
    "name_ar",
    "sector_id",
    "region_id",
    "province_id",
    "commune",
    "founded_on",
    "members_total",
    "members_women",
    "members_young",
    "president",
    "phone",
    "email",
)
# NOT NULL text columns filled by their defaults on insert
DEFAULT_TEXT = ("address", "status", "products", "certifications")


class ImportRefused(Exception):
    """The report has errors and the import is not partial: nothing was written."""

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(f"{len(report.errors)} error(s)")


@dataclass
class ImportOutcome:
    created: int
    updated: int
    unchanged: int
    rejected: int

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


def write_report(
    report: ImportReport, *, user, partial: bool = False, progress: Callable[[int, int], None] | None = None
) -> ImportOutcome:
    """Write the creates and updates of `report`. Raises ImportRefused (writing nothing) when
    the file itself is unusable, or when any row has an error and `partial` is false."""
    if report.file_errors or (report.has_errors and not partial):
        raise ImportRefused(report)
    creates = [r for r in report.rows if r.action == CREATE]
    updates = [r for r in report.rows if r.action == UPDATE]
    total = len(creates) + len(updates)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    with gc_paused(), transaction.atomic():
        _fast_commit()
        now = timezone.now()
        created = _insert(creates, now, step)
        outcome = _finish(report, updates, created, user=user, partial=partial, now=now, step=step)
    if progress:
        progress(total, total)
    return outcome


def import_file(
    data: bytes,
    filename: str,
    *,
    user,
    partial: bool = False,
    allowed_region_ids=None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ImportReport, ImportOutcome]:
    """Check and write a file in one go (the command, the upload job, the benchmark).

    On PostgreSQL the rows are checked in a thread while the main thread COPYs the new
    cooperatives of the chunks already checked: the database works while Python checks.
    Everything is one transaction; without `partial`, the first error stops the writing and
    the transaction is rolled back once every row has been checked (all errors are reported).
    Raises ImportRefused with the full report when nothing may be written.
    """
    with gc_paused():
        plan = plan_import(data, filename, allowed_region_ids=allowed_region_ids)
        if isinstance(plan, ImportReport):
            raise ImportRefused(plan)
        if connection.vendor != "postgresql":
            report = plan.check_all(progress=progress)
            return report, write_report(report, user=user, partial=partial)
        return _import_pipelined(plan, user=user, partial=partial, progress=progress)


def _import_pipelined(plan: ImportPlan, *, user, partial, progress) -> tuple[ImportReport, ImportOutcome]:
    """Check in this thread; a second thread only feeds the COPYs to PostgreSQL (on this
    connection, in this transaction) and waits for the server with the GIL released."""
    copies: queue.Queue = queue.Queue(maxsize=4)
    failure: list[BaseException] = []
    raw = connection.connection  # the psycopg2 connection: this transaction, used by one thread at a time
    # (the feeder's COPYs); progress reports go through the feeder too, on its own connection.

    def feed() -> None:
        try:
            with raw.cursor() as cursor:
                while (item := copies.get()) is not None:
                    if callable(item):  # a progress report: this thread's own connection, seen at once
                        try:
                            item()
                        except Exception:  # a lost progress report must not stop the import
                            logger.exception("Import progress could not be recorded")
                        continue
                    if failure:
                        continue  # drain: the main thread raises once checking is over
                    sql, buffer = item
                    try:
                        cursor.copy_expert(sql, buffer, size=max(8192, len(buffer.getvalue())))
                    except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread
                        failure.append(exc)
        finally:
            connection.close()  # this thread's connection, opened by a progress report

    def report_progress(done: int, total: int) -> None:
        # Never on the main thread: its connection may be busy with a COPY in the feeder.
        copies.put(lambda: progress(done, total))

    report = plan.report
    state = {"created": 0, "writing": True}
    with transaction.atomic():
        _fast_commit()
        now = timezone.now()

        def write(batch: list[RowResult]) -> None:
            if not partial and any(r.action == REJECTED for r in batch):
                state["writing"] = False  # strict: nothing will be kept; keep checking to report every error
            new = [r for r in batch if r.action == CREATE]
            if state["writing"] and new:
                copies.put(
                    copy_statement(
                        Cooperative, _COPY_COLUMNS, _copy_cells(new, now), nullable=("province_id",)
                    )
                )
                state["created"] += len(new)

        feeder = threading.Thread(target=feed, name="cooperatives-import-copy", daemon=True)
        feeder.start()
        try:
            plan.check_all(progress=report_progress if progress else None, sink=write, chunk=8000)
        finally:
            copies.put(None)
            feeder.join()
        if failure:
            raise failure[0]
        if report.has_errors and not partial:
            raise ImportRefused(report)  # rolls back what was copied
        updates = [r for r in report.rows if r.action == UPDATE]
        outcome = _finish(
            report, updates, state["created"], user=user, partial=partial, now=now, step=lambda n: None
        )
    return report, outcome


def _fast_commit() -> None:
    if connection.vendor == "postgresql":
        # The import can be run again (it is idempotent), so its commit need not wait for the
        # disk: a crash could lose it, never half-write it.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: every row's checks of its
            # region, sector and province would queue until COMMIT and run there, after the
            # rows are checked (a second of 65,000). Checked at once, they run during the
            # COPYs, while Python checks the next rows.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _finish(report, updates, created: int, *, user, partial, now, step) -> ImportOutcome:
    """Write the updates and the audit entries (inside the import's transaction)."""
    updated = _update(updates, now, step)
    audit_record_many(
        actor=user,
        action="cooperative.import_update",
        objects=updated,
        changes_by_pk={r.pk: _jsonable(r.changes) for r in updates},
    )
    outcome = ImportOutcome(
        created=created,
        updated=len(updated),
        unchanged=report.count(UNCHANGED),
        rejected=report.count(REJECTED),
    )
    if created or updated:  # importing the same file again records nothing
        audit_record(
            actor=user,
            action="cooperative.import",
            changes=outcome.as_dict(),
            message="partial" if partial else "",
        )
    return outcome


def _jsonable(changes: dict) -> dict:
    return {
        k: [v if v is None or isinstance(v, int | str) else str(v) for v in pair]
        for k, pair in changes.items()
    }


def _new_cooperative(row: RowResult, now) -> Cooperative:
    coop = Cooperative(**row.values, created_at=now, updated_at=now)
    coop.search_key = row.search_key
    return coop


def _insert(rows: list[RowResult], now, step) -> int:
    """Insert the new cooperatives; returns how many."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return _insert_copy(rows, now, step)
    objects = [_new_cooperative(r, now) for r in rows]
    for start in range(0, len(objects), BATCH):
        # Django splits each batch further to stay under SQLite's limit of variables.
        Cooperative.objects.bulk_create(objects[start : start + BATCH], batch_size=BATCH)
        step(len(objects[start : start + BATCH]))
    return len(objects)


def copy_statement(
    model, columns: list[str], rows, *, nullable: tuple[str, ...] = ()
) -> tuple[str, io.StringIO]:
    """The COPY statement and CSV buffer that load `rows` (lists of cells in `columns` order)
    into `model`'s table. Empty cells are NULL in `nullable` columns, empty strings elsewhere."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    buffer.seek(0)
    quote = connection.ops.quote_name
    not_null = ", ".join(quote(c) for c in columns if c not in nullable)
    sql = (
        f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN "
        f"WITH (FORMAT csv, FORCE_NOT_NULL ({not_null}))"
    )
    return sql, buffer


def copy_rows(model, columns: list[str], rows, *, nullable: tuple[str, ...] = ()) -> None:
    """PostgreSQL COPY of `rows` into `model`'s table (see `copy_statement`)."""
    sql, buffer = copy_statement(model, columns, rows, nullable=nullable)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, buffer, size=max(8192, len(buffer.getvalue())))


_COPY_COLUMNS = [*INSERT_FIELDS, *DEFAULT_TEXT, "search_key", "created_at", "updated_at"]


def _copy_cells(rows: list[RowResult], now):
    defaults = [Cooperative._meta.get_field(name).get_default() for name in DEFAULT_TEXT]
    stamp = now.isoformat()
    return (
        [
            v["registration_number"],
            v["name_fr"],
            v["name_ar"],
            v["sector_id"],
            v["region_id"],
            "" if v["province_id"] is None else v["province_id"],
            v["commune"],
            v["founded_on"].isoformat(),
            v["members_total"],
            v["members_women"],
            v["members_young"],
            v["president"],
            v["phone"],
            v["email"],
            *defaults,
            r.search_key,
            stamp,
            stamp,
        ]
        for r in rows
        for v in (r.values,)
    )


def _insert_copy(rows: list[RowResult], now, step) -> int:
    """COPY the new rows in (PostgreSQL)."""
    for start in range(0, len(rows), BATCH * 4):
        chunk = rows[start : start + BATCH * 4]
        copy_rows(Cooperative, _COPY_COLUMNS, _copy_cells(chunk, now), nullable=("province_id",))
        step(len(chunk))
    return len(rows)


def _update(rows: list[RowResult], now, step) -> list[Cooperative]:
    """Write the changed rows (only the fields some row changes); returns them for the audit."""
    if not rows:
        return []
    fields = sorted({name for r in rows for name in r.changes} | {"search_key", "updated_at"})
    objects = []
    for r in rows:
        coop = Cooperative(pk=r.pk, **r.values, updated_at=now)
        coop.search_key = r.search_key
        objects.append(coop)
    if connection.vendor == "postgresql" and len(objects) > 500:
        _update_copy(objects, fields)
        step(len(objects))
        return objects
    batch = 500 if connection.vendor == "sqlite" else 1000
    for start in range(0, len(objects), batch):
        Cooperative.objects.bulk_update(objects[start : start + batch], fields)
        step(len(objects[start : start + batch]))
    return objects


def _update_copy(objects: list[Cooperative], fields: list[str]) -> None:
    """Large updates on PostgreSQL: COPY into a temporary table, then one UPDATE … FROM."""
    quote = connection.ops.quote_name
    table = quote(Cooperative._meta.db_table)
    columns = [Cooperative._meta.get_field(name).column for name in fields]
    listed = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE coop_import_update ON COMMIT DROP AS "  # noqa: S608 - names only
            f"SELECT id, {listed} FROM {table} WITH NO DATA"
        )
    temp = type("TempTable", (), {"_meta": type("Meta", (), {"db_table": "coop_import_update"})})

    def cell(value):
        if value is None:
            return ""
        return value.isoformat() if hasattr(value, "isoformat") else value

    copy_rows(
        temp,
        ["id", *columns],
        ([coop.pk, *(cell(getattr(coop, c)) for c in columns)] for coop in objects),
        nullable=("province_id",),
    )
    assignments = ", ".join(f"{quote(c)} = u.{quote(c)}" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignments} FROM coop_import_update u WHERE {table}.id = u.id")  # noqa: S608
        cursor.execute("DROP TABLE coop_import_update")
