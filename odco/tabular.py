"""Writing spreadsheet files safely: the one rule every export of the platform follows.

- A text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a
  carriage return) gets a leading apostrophe (`neutralise`); importers undo it
  (`strip_neutraliser`), so an export re-imports unchanged.
- CSV is UTF-8 with a byte-order mark (Excel then reads Arabic correctly), CRLF line ends,
  comma-separated unless the caller asks otherwise: the pages' exports use `;`
  (`PAGE_CSV_DELIMITER`), the list separator of Excel in French and Arabic (Morocco).
- XLSX never holds a formula cell: strings are neutralised, and characters XML cannot hold
  become U+FFFD instead of failing the whole export. A phone number (`+212661234567`: a plus
  sign, then only digits, spaces and hyphens) is written as a text cell without the apostrophe:
  a text cell is never run, and such a text names no cell or function, so the sheet shows it
  as it is. CSV has no cell types: there it keeps the apostrophe.
- XLSX cells keep their types: numbers (int, float, Decimal) are number cells, dates date
  cells shown `yyyy-mm-dd`, datetimes (made local) `yyyy-mm-dd hh:mm`. A sheet is right-to-left
  when the active language is Arabic (`right_to_left=None`) or when asked; its title is cut to
  what Excel allows (`sheet_title`).

The platform's exports (cooperatives, prizes, coaching, monitoring) and the admin's
django-import-export formats (`odco.admin_exports`) all write through these functions.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable

from .i18n import is_arabic

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_BOM = "\ufeff"
CSV_ENCODING = "utf-8"  # written after CSV_BOM: Excel opens UTF-8 with BOM as UTF-8
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The characters openpyxl refuses (XML 1.0 cannot hold them): openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE
_XML_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
# A phone number as stored (E.164) or typed: safe as a text cell without the apostrophe.
_PHONE_TEXT = re.compile(r"\+[0-9][0-9 -]*\Z")
PAGE_CSV_DELIMITER = ";"
DATE_FORMAT = "yyyy-mm-dd"  # openpyxl's numbers.FORMAT_DATE_YYYYMMDD2, given to every date
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Excel refuses these in a sheet title, and titles longer than 31 characters.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


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
    """A value as an XLSX cell may hold it: strings neutralised (phone numbers excepted, see
    the module's docstring) with XML-illegal characters replaced; aware datetimes made local
    (Excel has no time zones); numbers and dates as they are."""
    if isinstance(value, str):
        value = _XML_ILLEGAL.sub("\ufffd", value)
        return value if _PHONE_TEXT.match(value) else neutralise(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


def sheet_title(text) -> str:
    """A sheet title Excel accepts: without []:*?/\\, at most 31 characters, never empty."""
    title = " ".join(_SHEET_TITLE_FORBIDDEN.sub(" ", str(text)).split()).strip("'")[:SHEET_TITLE_MAX].strip()
    return title or "Sheet"


def write_csv(
    header: list[str],
    rows: Iterable[list],
    *,
    delimiter: str = ",",
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """UTF-8 with BOM (Excel opens it correctly), every cell neutralised; `delimiter` `,` (the
    default, for scripts) or `PAGE_CSV_DELIMITER` (`;`, for people's spreadsheets)."""
    out = io.StringIO(newline="")
    out.write(CSV_BOM)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for i, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else neutralise(v) for v in row])
        if progress and i % 5000 == 0:
            progress(i)
    return out.getvalue().encode(CSV_ENCODING)


def xlsx_sheet(
    workbook, rows: Iterable[list], *, title=None, right_to_left: bool | None = None, progress=None
):
    """Append a sheet of `rows` (the header first, if any) to a write-only `workbook`."""
    sheet = workbook.create_sheet(sheet_title(title) if title else None)
    if is_arabic() if right_to_left is None else right_to_left:
        sheet.sheet_view.rightToLeft = True

    def cell(value):
        value = xlsx_cell(value)
        if isinstance(value, datetime.datetime):
            return _dated(sheet, value, DATETIME_FORMAT)
        return value  # a date gets openpyxl's own format for dates, DATE_FORMAT

    for i, row in enumerate(rows):
        sheet.append([cell(v) for v in row])
        if progress and i and i % 5000 == 0:
            progress(i)
    return sheet


def _dated(sheet, value, number_format: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def xlsx_workbook():
    from openpyxl import Workbook

    return Workbook(write_only=True)


def xlsx_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_xlsx(
    header: list[str],
    rows: Iterable[list],
    *,
    sheet_title: str | None = None,
    right_to_left: bool | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """One sheet, the header first; every cell through `xlsx_cell` (never a formula), dates as
    date cells; right-to-left when the active language is Arabic unless `right_to_left` says."""
    workbook = xlsx_workbook()

    def lines():
        yield header
        yield from rows

    xlsx_sheet(workbook, lines(), title=sheet_title, right_to_left=right_to_left, progress=progress)
    return xlsx_bytes(workbook)
