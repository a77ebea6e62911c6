"""Reading and writing spreadsheet files: CSV (encoding and delimiter detected) and XLSX.

Readers return the header and the data rows as lists of cells; cells are strings (CSV) or
what openpyxl gives (str, int, float, datetime) for XLSX. The writers, the neutraliser and
the CSV encoding rule live in the core (`odco.tabular`, shared with the admin's exports);
their names stay importable from here for this module's callers.
"""

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
_ARABIC_RUN = re.compile(r"[\u0621-\u064a]{2,}")


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX file this platform can read."""


@dataclass
class Table:
    header: list[str]
    rows: list[list]  # data rows, the first one is line 2 of the file
    encoding: str = ""
    delimiter: str = ""


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding of a CSV file: UTF-8 (with or without BOM), else Windows-1256 when
    the bytes read as Arabic words in it, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
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


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise UnreadableFile(str(exc)) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        return Table(header=[], rows=[])
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    return Table(header=header, rows=rows[1:], encoding="xlsx")


def read_table(data: bytes, filename: str, known_headers: Iterable[str] = ()) -> Table:
    """The table in `data`, by the file's extension (.csv, .txt or .xlsx)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return read_csv(data, known_headers)
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data)
    raise UnreadableFile(filename)
