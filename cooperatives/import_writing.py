"""Writing a validated import in one transaction with bulk operations.

New cooperatives go in with PostgreSQL's COPY (bulk_create batches elsewhere); changed ones
with batched bulk_update; one audit entry per written cooperative (with the changed fields
for updates) plus one summary entry for the import, all in the same transaction.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from odco.audit.services import audit_record, audit_record_many

from .importing import CREATE, UPDATE, ImportReport, RowResult
from .models import Cooperative

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

    with transaction.atomic():
        now = timezone.now()
        created = _insert(creates, now, step)
        updated = _update(updates, now, step)
        audit_record_many(actor=user, action="cooperative.import_create", objects=created)
        audit_record_many(
            actor=user,
            action="cooperative.import_update",
            objects=updated,
            changes_by_pk={r.pk: _jsonable(r.changes) for r in updates},
        )
        outcome = ImportOutcome(
            created=len(created),
            updated=len(updated),
            unchanged=report.count("unchanged"),
            rejected=report.count("rejected"),
        )
        if created or updated:  # importing the same file again records nothing
            audit_record(
                actor=user,
                action="cooperative.import",
                changes=outcome.as_dict(),
                message="partial" if partial else "",
            )
    if progress:
        progress(total, total)
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


def _insert(rows: list[RowResult], now, step) -> list[Cooperative]:
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _insert_copy(rows, now, step)
    objects = [_new_cooperative(r, now) for r in rows]
    for start in range(0, len(objects), BATCH):
        # SQLite limits the number of variables per statement: Django splits the batch further.
        Cooperative.objects.bulk_create(objects[start : start + BATCH], batch_size=BATCH)
        step(len(objects[start : start + BATCH]))
    return objects


def _insert_copy(rows: list[RowResult], now, step) -> list[Cooperative]:
    """COPY the new rows in (PostgreSQL), then read their ids back in one query."""
    table = Cooperative._meta.db_table
    defaults = {name: Cooperative._meta.get_field(name).get_default() for name in DEFAULT_TEXT}
    columns = [*INSERT_FIELDS, *DEFAULT_TEXT, "search_key", "created_at", "updated_at"]
    not_null = [c for c in columns if c not in ("province_id",)]
    stamp = now.isoformat()
    for start in range(0, len(rows), BATCH * 4):
        chunk = rows[start : start + BATCH * 4]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        tail = [*(defaults[n] for n in DEFAULT_TEXT)]
        for r in chunk:
            v = r.values
            writer.writerow(
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
                    *tail,
                    r.search_key,
                    stamp,
                    stamp,
                ]
            )
        buffer.seek(0)
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        force = ", ".join(connection.ops.quote_name(c) for c in not_null)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN "
                f"WITH (FORMAT csv, FORCE_NOT_NULL ({force}))",
                buffer,
            )
        step(len(chunk))
    numbers = [r.values["registration_number"] for r in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT registration_number, id FROM {connection.ops.quote_name(table)} "  # noqa: S608 - names only
            "WHERE registration_number = ANY(%s)",
            [numbers],
        )
        pks = dict(cursor.fetchall())
    objects = []
    for r in rows:
        coop = _new_cooperative(r, now)
        coop.pk = pks[r.values["registration_number"]]
        objects.append(coop)
    return objects


def _update(rows: list[RowResult], now, step) -> list[Cooperative]:
    if not rows:
        return []
    fields = sorted({name for r in rows for name in r.changes} | {"search_key", "updated_at"})
    objects = []
    for r in rows:
        coop = Cooperative(pk=r.pk, **r.values, updated_at=now)
        coop.search_key = r.search_key
        objects.append(coop)
    batch = 500 if connection.vendor == "sqlite" else 2000
    for start in range(0, len(objects), batch):
        Cooperative.objects.bulk_update(objects[start : start + batch], fields)
        step(len(objects[start : start + batch]))
    return objects
