"""Writing spreadsheet files safely: the one rule every export of the platform follows.

- A text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a
  carriage return) gets a leading apostrophe (`neutralise`); importers undo it
  (`strip_neutraliser`), so an export re-imports unchanged.
- CSV is UTF-8 with a byte-order mark (Excel then reads Arabic correctly), comma-separated,
  CRLF line ends.
- XLSX never holds a formula cell: strings are neutralised, and characters XML cannot hold
  become U+FFFD instead of failing the whole export.

The platform's exports (cooperatives, prizes, coaching, monitoring) and the admin's
django-import-export formats (`odco.admin_exports`) all write through these functions.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_BOM = "\ufeff"
CSV_ENCODING = "utf-8"  # written after CSV_BOM: Excel opens UTF-8 with BOM as UTF-8
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The characters openpyxl refuses (XML 1.0 cannot hold them): openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE
_XML_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def neutralise(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def strip_neutraliser(value):
    """Undo `neutralise`: "'=1+2" → "=1+2" (what an export wrote comes back unchanged)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def xlsx_cell(value):
    """A value as an XLSX cell may hold it: neutralised, XML-illegal characters replaced."""
    if isinstance(value, str):
        return neutralise(_XML_ILLEGAL.sub("\ufffd", value))
    return value


def write_csv(
    header: list[str], rows: Iterable[list], *, progress: Callable[[int], None] | None = None
) -> bytes:
    """UTF-8 with BOM (Excel opens it correctly), comma-separated, every cell neutralised."""
    out = io.StringIO(newline="")
    out.write(CSV_BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for i, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else neutralise(v) for v in row])
        if progress and i % 5000 == 0:
            progress(i)
    return out.getvalue().encode(CSV_ENCODING)


def write_xlsx(
    header: list[str], rows: Iterable[list], *, progress: Callable[[int], None] | None = None
) -> bytes:
    """One sheet, the header first; every string cell through `xlsx_cell` (never a formula)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([xlsx_cell(h) for h in header])
    for i, row in enumerate(rows, start=1):
        sheet.append([xlsx_cell(v) for v in row])
        if progress and i % 5000 == 0:
            progress(i)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
