"""The registry as a file: the import columns with canonical values (region as its two-digit
code, sector code, ISO dates, E.164 phones), so that an export re-imports unchanged, and two
human-readable columns (region and sector names) that the importer ignores."""

from collections.abc import Callable, Iterator

from django.db.models import QuerySet

from odco.tabular import write_csv, write_xlsx

from .importing import COLUMN_NAMES
from .models import Cooperative

EXTRA_COLUMNS = ("region_nom", "secteur_nom")
HEADER = [*COLUMN_NAMES, *EXTRA_COLUMNS]
FIELDS = (
    "registration_number",
    "name_fr",
    "name_ar",
    "region__code",
    "province__name_fr",
    "commune",
    "sector__code",
    "founded_on",
    "members_total",
    "members_women",
    "members_young",
    "president",
    "phone",
    "email",
    "region__name_fr",
    "sector__name_fr",
)


def export_rows(queryset: QuerySet[Cooperative]) -> Iterator[list]:
    """One list of cells per cooperative, in the order of `HEADER` (streamed from the database)."""
    for values in queryset.order_by("registration_number").values_list(*FIELDS).iterator(chunk_size=5000):
        row = list(values)
        row[4] = row[4] or ""
        row[7] = row[7].isoformat()
        yield row


def export_bytes(
    queryset: QuerySet[Cooperative], fmt: str, *, progress: Callable[[int], None] | None = None
) -> bytes:
    """The cooperatives of `queryset` as a .csv or .xlsx file."""
    writer = {"csv": write_csv, "xlsx": write_xlsx}[fmt]
    return writer(HEADER, export_rows(queryset), progress=progress)
