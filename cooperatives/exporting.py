"""The registry as a file: the import columns with canonical values (region as its two-digit
code, sector code, ISO dates, E.164 phones), so that an export re-imports unchanged, and two
human-readable columns (region and sector names, in the reader's language) that the importer
ignores.

The `export_cooperatives` command writes exactly that (CSV comma-separated). The registry
page's export (a job) keeps the same columns and values so that it re-imports unchanged too,
and writes them the way people's spreadsheets open them: CSV separated by `;`, XLSX with the
founding date as a date cell, counts as numbers, phone numbers as clean text cells, the sheet
right-to-left in Arabic (see `odco.tabular`)."""

from collections.abc import Callable, Iterator

from django.db.models import QuerySet

from odco.i18n import is_arabic
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
    "region__name_ar",
    "sector__name_ar",
)


def export_rows(queryset: QuerySet[Cooperative], *, date_cells: bool = False) -> Iterator[list]:
    """One list of cells per cooperative, in the order of `HEADER` (streamed from the database);
    the founding date as ISO text, or as a date for a date cell (`date_cells`); the region and
    sector names in Arabic when that is the active language, else in French."""
    arabic = is_arabic()
    for values in queryset.order_by("registration_number").values_list(*FIELDS).iterator(chunk_size=5000):
        row = list(values[: len(HEADER)])
        row[4] = row[4] or ""
        if not date_cells:
            row[7] = row[7].isoformat()
        if arabic:  # the names for people in the reader's language (the importer ignores them)
            row[-2:] = [values[-2] or row[-2], values[-1] or row[-1]]
        yield row


def export_bytes(
    queryset: QuerySet[Cooperative],
    fmt: str,
    *,
    delimiter: str = ",",
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The cooperatives of `queryset` as a .csv (separated by `delimiter`) or .xlsx file."""
    if fmt == "xlsx":
        return write_xlsx(HEADER, export_rows(queryset, date_cells=True), progress=progress)
    if fmt == "csv":
        return write_csv(HEADER, export_rows(queryset), delimiter=delimiter, progress=progress)
    raise KeyError(fmt)
