"""Limits on uploaded tables (CSV, XLSX, ODS), checked before anything reads them whole.

`inspect_table(file, name)` measures a file by streaming it: its size, and for XLSX the zip's
total uncompressed size and compression ratio (a zip bomb is refused before anything is
inflated), then the first sheet's declared `<dimension ref=…>` and its `<row>` and `<c>`
elements counted on the inflated stream (no XML tree, no openpyxl); for ODS the same zip
limits, then the first sheet's rows and cells in content.xml, repetitions included
(`_count_ods`); for CSV (UTF-16 read as such) the rows and their cells, line by line. It
returns a `TableShape` (rows, cells) or raises `UploadRefused` with a message naming the
limit and the file's figure, in the user's language. The importers use the shape to
validate small files inline and large ones in a job (`ODCO_IMPORT_INLINE_ROWS`).

Settings (README, configuration): ODCO_IMPORT_MAX_BYTES, ODCO_IMPORT_MAX_CELLS,
ODCO_IMPORT_MAX_UNZIPPED_BYTES, ODCO_IMPORT_MAX_ZIP_RATIO, ODCO_IMPORT_INLINE_ROWS.
"""

import csv
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref=[\"']([^\"']+)[\"']")
_SHEET_DATA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData\b")
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\s[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\s[^>]*>")


class UploadRefused(ValidationError):
    """An upload over a limit; its message (translated) names the limit and the file's figure."""


@dataclass(frozen=True)
class TableShape:
    rows: int  # data rows, the header excluded
    cells: int  # cells of every row, the header included, short rows counted at the header's width


def max_bytes() -> int:
    return settings.ODCO_IMPORT_MAX_BYTES


def inline_rows() -> int:
    return settings.ODCO_IMPORT_INLINE_ROWS


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise UploadRefused(
            _("The file is %(size)s; files of at most %(limit)s can be imported.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_big",
        )


def _check_cells(cells: int, *, at_least: bool = False) -> None:
    limit = settings.ODCO_IMPORT_MAX_CELLS
    if cells > limit:
        message = (
            _("The file has more than %(cells)s cells; at most %(limit)s can be imported: split it.")
            if at_least
            else _("The file has %(cells)s cells; at most %(limit)s can be imported: split it.")
        )
        raise UploadRefused(message % {"cells": _n(cells), "limit": _n(limit)}, code="too_many_cells")


def inspect_table(file, filename: str) -> TableShape:
    """Measure an uploaded table (a file object, or bytes) without loading it; see the module."""
    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    size = getattr(file, "size", None)
    if size is None:
        size = file.seek(0, io.SEEK_END)
    check_size(size)
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    name = filename.lower()
    try:
        if head == b"PK\x03\x04" or name.endswith((".xlsx", ".ods")):
            return _inspect_zip(file)  # the importer reads any zip as a workbook
        return _inspect_csv(file)
    finally:
        file.seek(0)


def check_upload(upload) -> TableShape:
    """`inspect_table` for a form's uploaded file; the form error is the refusal."""
    return inspect_table(upload, upload.name)


def confirm_unavailable(job, user) -> str:
    """Why the preview of a file checked by `job` cannot be confirmed by `user` ("" if it can):
    only the person who uploaded it may, and only while the file is kept."""
    from django.core.files.storage import default_storage

    if job.created_by_id != user.pk:
        return _("Only the person who uploaded this file can confirm its import.")
    path = job.params.get("path")
    if not path or not default_storage.exists(path):
        return _("This file was imported already or is no longer kept: upload it again.")
    return ""


# --- XLSX and ODS --------------------------------------------------------------------------


def _inspect_zip(file) -> TableShape:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        return TableShape(rows=0, cells=0)  # not a workbook: the importer's reader says so
    with archive:
        members = archive.infolist()
        unzipped = sum(m.file_size for m in members)
        packed = sum(m.compress_size for m in members)
        if unzipped > settings.ODCO_IMPORT_MAX_UNZIPPED_BYTES:
            raise UploadRefused(
                _("The workbook expands to %(size)s; at most %(limit)s can be imported.")
                % {
                    "size": filesizeformat(unzipped),
                    "limit": filesizeformat(settings.ODCO_IMPORT_MAX_UNZIPPED_BYTES),
                },
                code="zip_too_big",
            )
        ratio = unzipped / max(packed, 1)
        if unzipped > CHUNK and ratio > settings.ODCO_IMPORT_MAX_ZIP_RATIO:
            raise UploadRefused(
                _("The workbook expands %(ratio)s times; at most %(limit)s times is accepted.")
                % {"ratio": _n(int(ratio)), "limit": _n(settings.ODCO_IMPORT_MAX_ZIP_RATIO)},
                code="zip_ratio",
            )
        names = {m.filename: m for m in members}
        if "content.xml" in names and "xl/workbook.xml" not in names:
            return _count_ods(archive, names["content.xml"])
        sheet = _first_sheet(archive)
        if sheet is None:
            return TableShape(rows=0, cells=0)
        return _count_sheet(archive, sheet)


def _first_sheet(archive: zipfile.ZipFile) -> "zipfile.ZipInfo | None":
    """The first worksheet, as the workbook orders them (openpyxl reads `worksheets[0]`).
    Read with patterns, not an XML parser: two small parts, only two attributes wanted."""
    names = {m.filename: m for m in archive.infolist()}
    try:
        sheet = _SHEET.search(_small(archive, names.get("xl/workbook.xml")))
        wanted = _attribute(sheet.group(0), rb"(?:[\w.-]+:)?id")
        for relationship in _RELATIONSHIP.findall(_small(archive, names.get("xl/_rels/workbook.xml.rels"))):
            if _attribute(relationship, rb"Id") == wanted:
                target = _attribute(relationship, rb"Target").decode("utf-8")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                if path in names:
                    return names[path]
    except (KeyError, AttributeError, UnicodeDecodeError):
        pass
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    return names[sheets[0]] if sheets else None


def _attribute(element: bytes, name: bytes) -> bytes:
    found = re.search(rb"\s" + name + rb"\s*=\s*[\"']([^\"']*)[\"']", element)
    if found is None:
        raise KeyError(name)
    return found.group(1)


def _small(archive: zipfile.ZipFile, member) -> bytes:
    if member is None or member.file_size > CHUNK:
        raise KeyError("workbook part missing or too large")
    return archive.read(member)


def _dimension(ref: str) -> tuple[int, int]:
    """Rows and columns of a range such as "A1:N100001" (0, 0 if unreadable)."""
    corners = [_CELL_REF.match(part) for part in ref.split(":")]
    if not corners or not all(corners):
        return 0, 0
    if len(corners) == 1:
        corners = corners * 2
    (col1, row1), (col2, row2) = ((c.group(1).upper(), int(c.group(2))) for c in corners[:2])
    return abs(row2 - row1) + 1, abs(_column_number(col2) - _column_number(col1)) + 1


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _count_sheet(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> TableShape:
    """Stream the sheet's XML: the declared dimension first, then count rows and cells (plain
    byte counts, chunk by chunk), and stop as soon as the cell limit is passed."""
    limit = settings.ODCO_IMPORT_MAX_CELLS
    rows = cells = 0
    tail = b""
    prefix = None
    declared_seen = False
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                text = tail + chunk
                if prefix is None:
                    root = _ROOT.search(text)
                    if root is None and len(text) < 4 * CHUNK:
                        tail = text
                        continue
                    prefix = (root.group(1) or b"") if root else b""
                if not declared_seen:
                    found = _DIMENSION.search(text)
                    if found:
                        declared = _dimension(found.group(1).decode("ascii", "replace"))
                        _check_cells(declared[0] * declared[1])
                    declared_seen = bool(found or _SHEET_DATA.search(text))
                cut = text.rfind(b"<")
                cut = len(text) if cut < 0 else cut
                counted_rows, counted_cells = _count_elements(text[:cut], prefix)
                rows, cells, tail = rows + counted_rows, cells + counted_cells, text[cut:]
                if cells > limit:
                    _check_cells(cells, at_least=True)
            counted_rows, counted_cells = _count_elements(tail + b" ", prefix or b"")
            rows, cells = rows + counted_rows, cells + counted_cells
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
        return TableShape(rows=0, cells=0)  # the importer's reader reports a damaged file
    _check_cells(cells)
    return TableShape(rows=max(rows - 1, 0), cells=cells)


def _count_elements(text: bytes, prefix: bytes) -> tuple[int, int]:
    """`<row` and `<c` openings. Inside sheetData nothing else starts so; the few elements
    around it (`<cols>`, `<rowBreaks>`…) only make the count a little larger, never smaller."""
    return text.count(b"<" + prefix + b"row"), text.count(b"<" + prefix + b"c")


# An ODS sheet is `<table:table>` of `<table:table-row>` of `<table:table-cell>`; a row or cell
# may stand for many (`number-rows-repeated`, `number-columns-repeated`: LibreOffice writes the
# empty rest of a sheet as one repeated empty cell and row). Counted: the cells that hold
# something, times their repetitions, in the rows that hold something.
_ODS_TAG = re.compile(
    rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>"
)
_ODS_REPEAT = re.compile(rb"number-(?:rows|columns)-repeated\s*=\s*[\"'](\d{1,12})[\"']")


def _repeat(attributes: bytes) -> int:
    found = _ODS_REPEAT.search(attributes)
    return int(found.group(1)) if found else 1


def _count_ods(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> TableShape:
    """Stream content.xml (its size was checked with the zip's): count the first sheet's
    rows and cells, repetitions included, and stop as soon as the cell limit is passed."""
    limit = settings.ODCO_IMPORT_MAX_CELLS
    rows = cells = 0
    row_repeat, row_cells, depth = 1, 0, 0
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                text = tail + chunk
                cut = text.rfind(b"<")
                cut = len(text) if cut < 0 else cut
                for closing, kind, attributes in _ODS_TAG.findall(text[:cut]):
                    if kind == b"table":
                        if closing and depth == 1:
                            _check_cells(cells)
                            return TableShape(rows=max(rows - 1, 0), cells=cells)
                        depth += -1 if closing else (0 if attributes.endswith(b"/") else 1)
                    elif depth != 1:
                        continue  # a table inside a cell, or before the first sheet
                    elif kind == b"table-row":
                        if closing:
                            if row_cells:
                                rows += row_repeat
                                cells += row_cells * row_repeat
                        else:
                            row_repeat, row_cells = _repeat(attributes), 0
                    elif not closing and not attributes.endswith(b"/"):  # a cell with content
                        row_cells += _repeat(attributes)
                    if cells + row_cells * row_repeat > limit:
                        _check_cells(cells + row_cells * row_repeat, at_least=True)
                tail = text[cut:]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
        return TableShape(rows=0, cells=0)  # the importer's reader reports a damaged file
    _check_cells(cells)
    return TableShape(rows=max(rows - 1, 0), cells=cells)


# --- CSV -----------------------------------------------------------------------------------


def _csv_encoding(head: bytes) -> str:
    """UTF-16 (with a byte-order mark, or ASCII text with NULs on every other byte) is read as
    such; anything else as Latin-1, which maps every byte, so the ASCII delimiters and line
    ends are found whatever the real encoding (UTF-8 or a Windows code page)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if len(head) >= 4 and even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return "latin-1"


def _inspect_csv(file) -> TableShape:
    """Count rows and cells line by line (see `_csv_encoding`)."""
    encoding = _csv_encoding(file.read(4000))
    file.seek(0)
    text = io.TextIOWrapper(file, encoding=encoding, errors="replace", newline="")
    try:
        first = text.readline()
        text.seek(0)
        delimiter = max((";", ",", "\t"), key=first.count)
        limit = settings.ODCO_IMPORT_MAX_CELLS
        rows = cells = width = 0
        try:
            for record in csv.reader(text, delimiter=delimiter):
                if not width:
                    width = max(len(record), 1)
                rows += 1
                cells += max(len(record), width)
                if cells > limit:
                    _check_cells(cells, at_least=True)
        except csv.Error:
            pass  # the importer's reader reports the line
        return TableShape(rows=max(rows - 1, 0), cells=cells)
    finally:
        text.detach()
