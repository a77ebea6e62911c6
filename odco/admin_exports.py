"""The only export formats of the admin's django-import-export pages: CSV and XLSX written by
the platform's own writers (`odco.tabular`), so the admin neutralises formulas and writes
UTF-8 with BOM exactly like the platform's exports.

Settings (`odco.settings.base`) give `EXPORT_FORMATS = EXPORT_FORMAT_CLASSES`: every
ExportMixin admin uses them unless it sets its own `formats` (the admin export tests refuse
that). Import formats are untouched: these classes cannot import.
"""

from import_export.formats import base_formats

from .tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, write_csv, write_xlsx


def _header_and_rows(dataset) -> tuple[list, list]:
    return list(dataset.headers or []), [list(row) for row in dataset]


class NeutralisedCSV(base_formats.CSV):
    """CSV in UTF-8 with BOM, every cell neutralised; bytes whatever the admin's `to_encoding`."""

    CONTENT_TYPE = CSV_CONTENT_TYPE

    def export_data(self, dataset, **kwargs):
        header, rows = _header_and_rows(dataset)
        return write_csv(header, rows)

    def is_binary(self):
        return True  # export_data gives bytes: the admin must not encode them again

    def can_import(self):
        return False


class NeutralisedXLSX(base_formats.XLSX):
    """XLSX whose string cells are neutralised: never a formula cell."""

    CONTENT_TYPE = XLSX_CONTENT_TYPE

    def export_data(self, dataset, **kwargs):
        header, rows = _header_and_rows(dataset)
        return write_xlsx(header, rows)

    def can_import(self):
        return False


# Excel first: it opens typed, right-to-left in Arabic and without a delimiter to guess.
EXPORT_FORMAT_CLASSES = [NeutralisedXLSX, NeutralisedCSV]

# The admin gives a format native values (numbers, dates) only when its exact class is listed
# in BINARY_FORMATS; the XLSX export keeps them, as django-import-export's own XLSX does.
if NeutralisedXLSX not in base_formats.BINARY_FORMATS:
    base_formats.BINARY_FORMATS.append(NeutralisedXLSX)
