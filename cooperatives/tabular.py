"""Reading and writing spreadsheet files: CSV (encoding and delimiter detected), XLSX and ODS.

Readers return the header and the data rows as lists of cells; cells are strings (CSV) or
what python-calamine gives for a workbook (str, float, int, bool, date, datetime; an empty
cell is ""). CSV text is decoded from UTF-16 (with a byte-order mark, as Excel's "Unicode
text" writes it, or without one when every other byte is NUL), UTF-8 (with or without BOM),
Windows-1256 when the bytes read as Arabic words in it, else Windows-1252. The writers, the
neutraliser and the CSV encoding rule live in the core (`odco.tabular`, shared with the
admin's exports); their names stay importable from here for this module's callers.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from odco.tabular import (  # noqa: F401 - re-exported for the callers of this module
    FORMULA_STARTS,
    neutralise,
    strip_neutraliser,
    write_csv,
    write_xlsx,
)

from .normalize import fold

CSV_DELIMITERS = (";", ",", "\t")
WORKBOOK_EXTENSIONS = (".xlsx", ".ods")
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
_ARABIC_RUN = re.compile(r"[\u0621-\u064a]{2,}")


class UnreadableFile(ValueError):
    """The file is not a CSV, XLSX or ODS file this platform can read."""


@dataclass
class Table:
    header: list[str]
    rows: list[list]  # data rows, the first one is line 2 of the file
    encoding: str = ""
    delimiter: str = ""


def _utf16_without_bom(data: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' when the text's NULs fall on every other byte (ASCII
    headers in UTF-16 without a byte-order mark), else ''."""
    sample = data[:4000]
    if len(sample) < 4:
        return ""
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return ""


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding of a CSV file (see the module)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableFile(str(exc)) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            data = data[3:]  # a BOM over another encoding: decided below
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    arabic = data.decode("cp1256", errors="replace")
    if _ARABIC_RUN.search(arabic):
        return arabic, "cp1256"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return arabic, "cp1256"


def _header_score(line: str, delimiter: str, known: set[str]) -> tuple[int, int]:
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # e.g. a lone carriage return: the reader below reports the file
        return 0, 0
    return sum(1 for c in cells if fold(c) in known), len(cells)


def read_csv(data: bytes, known_headers: Iterable[str] = ()) -> Table:
    text, encoding = decode(data)
    if "\x00" in text:  # UTF-16 read some other way, or not a text file at all
        raise UnreadableFile("NUL")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    known = {fold(h) for h in known_headers}
    delimiter = max(CSV_DELIMITERS, key=lambda d: _header_score(first_line, d, known))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return Table(header=[], rows=[], encoding=encoding, delimiter=delimiter)
    except csv.Error as exc:
        raise UnreadableFile(str(exc)) from exc
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise UnreadableFile(str(exc)) from exc
    return Table(header=[h.strip() for h in header], rows=rows, encoding=encoding, delimiter=delimiter)


def read_workbook(data: bytes, kind: str = "xlsx") -> Table:
    """The first sheet of an XLSX or ODS workbook, through python-calamine (several times
    faster than openpyxl). Date cells come as date or datetime, number cells as float
    (12.0: the importer's parsers take whole floats), empty cells as ""."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            workbook.close()
    except Exception as exc:  # noqa: BLE001 - calamine raises its own kinds for a bad file
        raise UnreadableFile(str(exc) or exc.__class__.__name__) from exc
    if not rows:
        return Table(header=[], rows=[], encoding=kind)
    header = ["" if h is None else _header_text(h) for h in rows[0]]
    return Table(header=header, rows=rows[1:], encoding=kind)


def _header_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(data: bytes) -> Table:
    return read_workbook(data, "xlsx")


def read_ods(data: bytes) -> Table:
    return read_workbook(data, "ods")


def read_table(data: bytes, filename: str, known_headers: Iterable[str] = ()) -> Table:
    """The table in `data`: by the file's extension (.csv, .txt, .tsv, .xlsx, .ods), and by
    its content for a zip under another name (a workbook) or an unknown extension."""
    name = filename.lower()
    if data.startswith(b"PK\x03\x04"):
        if name.endswith(".ods") or b"mimetypeapplication/vnd.oasis.opendocument" in data[:200]:
            return read_ods(data)
        return read_xlsx(data)
    if name.endswith(WORKBOOK_EXTENSIONS):
        raise UnreadableFile(filename)  # a workbook name on something that is not a zip
    if name.endswith(TEXT_EXTENSIONS) or not name:
        return read_csv(data, known_headers)
    raise UnreadableFile(filename)
