"""The admin's import format for the registry: the files the platform's own import reads.

django-import-export's formats read CSV in one encoding (UTF-8) and no ODS (that needs
odfpy): a file from Excel's "Unicode text" (UTF-16), a Windows-1256 CSV or a LibreOffice
`.ods` failed in the admin while the import page took it. This single format reads whatever
`cooperatives.tabular.read_table` reads, by the file's content: CSV (UTF-8 with or without
BOM, UTF-16, Windows-1256/1252; comma, semicolon or tab), XLSX and ODS. The resource then
refuses garbled text and holds Arabic values back (`cooperatives.resources`).
"""

import tablib
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

from .import_rows import COLUMN_NAMES
from .tabular import read_table


class RegistryTable(base_formats.Format):
    """CSV, XLSX or ODS, recognised by content and read by the platform's readers."""

    def __init__(self, encoding=None, **kwargs):
        self.encoding = encoding  # the admin passes its `from_encoding`; the reader detects it

    def get_title(self):
        return _("Table (CSV, XLSX or ODS)")

    def get_extension(self):
        return "csv"

    def is_binary(self):
        return True  # the bytes as uploaded: the reader detects the encoding itself

    def can_import(self):
        return True

    def create_dataset(self, in_stream):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode("utf-8")
        table = read_table(data, "", COLUMN_NAMES)
        dataset = tablib.Dataset(headers=table.header)
        width = len(table.header)
        for row in table.rows:
            cells = ["" if value is None else value for value in list(row)[:width]]
            if not any(str(value).strip() for value in cells):
                continue  # blank lines (a workbook's empty tail, a CSV's last line)
            dataset.append(cells + [""] * (width - len(cells)))
        return dataset


IMPORT_FORMAT_CLASSES = [RegistryTable]
