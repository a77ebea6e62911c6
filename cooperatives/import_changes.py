"""Never overwrite good data with garbage: the guard between a checked row and the registry.

Two checks, both before anything is written:

- `garbled_cells(rows)`: the file itself. Text whose characters were decoded with the wrong
  character set is recognised in two forms: UTF-8 read as Windows-1252 (`ØªØ¹Ø§ÙˆÙ†ÙŠØ©`
  for تعاونية: re-encoding it gives Arabic back), and what LibreOffice writes when a CSV is
  saved with a character set it does not know (`*9'HFJ) 'DFH1` for تعاونية النور: the low
  byte of each code point, so that Arabic letters become ASCII punctuation, digits and A–R),
  recognised in the Arabic column (`nom_ar`), and in the other text columns when it holds
  the article ال (`'D`). A file with such a cell is refused, naming the
  first cells and saying what to do (save it as UTF-8 CSV, XLSX or ODS).
- `hold_back(...)`: each row that updates a cooperative. An Arabic value (a text with an
  Arabic letter) that the file would replace by a non-empty text without one keeps its old
  value, with a warning naming the row, the column, the old and the new value. Emptying a
  cell is not garbage and goes through.

The per-row changes old → new (`RowResult.changes`) are what the preview shows
(`change_rows`) before anyone confirms.
"""

import re

ARABIC_LETTER = re.compile(
    r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
)
# the text columns of the import, by field, and their position in `COLUMNS` order
TEXT_FIELDS = {"name_fr": "nom", "name_ar": "nom_ar", "commune": "commune", "president": "president"}
_CP1252_MOJIBAKE = re.compile(
    r"[ØÙÚÛ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_LOW_BYTES = re.compile(r"^[\x20-\x52]+$")
_LOW_LETTER = re.compile(r"[A-R]")
_LOW_MARK = re.compile(r"['()*]")  # ا ب ة ت: hardly an Arabic word without one
GARBLED_SHOWN = 3


def has_arabic(text) -> bool:
    return bool(text) and text.__class__ is str and ARABIC_LETTER.search(text) is not None


def _cp1252_bytes(text: str) -> bytes:
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 255:
                raise
            out.append(ord(char))  # the five bytes Windows-1252 leaves undefined
    return bytes(out)


def utf8_read_as_cp1252(text: str) -> bool:
    """'ØªØ¹Ø§ÙˆÙ†ÙŠØ©' (UTF-8 bytes of Arabic shown as Windows-1252)."""
    if not _CP1252_MOJIBAKE.search(text):
        return False
    try:
        return has_arabic(_cp1252_bytes(text).decode("utf-8"))
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False


def low_bytes_of_arabic(text: str) -> bool:
    """ "*9'HFJ) 'DFH1" (each Arabic code point U+06xx written as its low byte): only space and
    the characters U+0020..U+0052, at least one of the letters A–R (ف…ي and the harakat) and
    one of ' ( ) * (ا ب ة ت)."""
    compact = text.replace(" ", "")
    return (
        len(compact) >= 3
        and _LOW_BYTES.match(text) is not None
        and _LOW_LETTER.search(text) is not None
        and _LOW_MARK.search(text) is not None
    )


def restore_low_bytes(text: str) -> str:
    """What `low_bytes_of_arabic` text most likely said (for the message only)."""
    return "".join(c if c == " " else chr(0x600 + ord(c)) for c in text)


def garbled_cells(rows, positions: dict[str, int], *, arabic_column: str | None = "nom_ar") -> list[tuple]:
    """(line, column, value) of the first cells that look decoded with the wrong character
    set; `rows` are (line, cells) and `positions` the text columns' indexes in the cells.
    Low-byte garbage is recognised in `arabic_column`, and in any text column when it holds
    the article ال (`'D`), which almost every Arabic phrase has. Each column is first searched
    whole (one string): a national file's clean columns cost one pass each."""
    rows = list(rows)
    suspects = {}
    for column, at in positions.items():
        texts = [c[at] for _line, c in rows if at < len(c) and c[at] and c[at].__class__ is str]
        joined = "\n".join(texts)
        if _CP1252_MOJIBAKE.search(joined) or (
            "'D" in joined if column != arabic_column else any(t.isascii() for t in texts)
        ):
            suspects[column] = at
    found = []
    if not suspects:
        return found
    for line, cells in rows:
        for column, at in suspects.items():
            value = cells[at] if at < len(cells) else None
            if not value or value.__class__ is not str:
                continue
            if value.isascii():
                if not low_bytes_of_arabic(value) or (column != arabic_column and "'D" not in value):
                    continue
            elif not utf8_read_as_cp1252(value):
                continue
            found.append((line, column, value))
            if len(found) >= GARBLED_SHOWN:
                return found
    return found


def hold_back(line: int, old: dict, values: dict, warnings: list, issue) -> None:
    """Drop from `values` every Arabic value of `old` the row would replace by a non-empty
    text without an Arabic letter; one `issue(line, column, "arabic_kept", params)` each."""
    for field_name, column in TEXT_FIELDS.items():
        new = values.get(field_name)
        if not new:
            continue
        before = old.get(field_name)
        if before and new != before and has_arabic(before) and not has_arabic(new):
            del values[field_name]
            warnings.append(issue(line, column, "arabic_kept", {"old": before, "new": new}))


PREVIEW_CHANGES = 200  # rows whose changes the preview lists; the counts cover all of them
_COLUMN_OF = None


def _columns_by_field() -> dict[str, str]:
    global _COLUMN_OF
    if _COLUMN_OF is None:
        from .import_rows import COLUMNS

        _COLUMN_OF = {c.field: c.name for c in COLUMNS}
    return _COLUMN_OF


def _shown(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def change_rows(report, *, limit: int = PREVIEW_CHANGES) -> list[list]:
    """JSON-safe [line, registration number, [[column, old, new], …]] of the first `limit`
    rows that update a cooperative. Ids (region, sector, province) are shown by code or name
    (three queries at most, whatever the number of rows)."""
    from .import_rows import UPDATE

    columns = _columns_by_field()
    updates = [r for r in report.rows if r.action == UPDATE][:limit]
    labels = _labels({name for r in updates for name in r.changes})
    return [
        [
            r.row,
            r.number,
            [
                [columns.get(name, name), _label(labels, name, old), _label(labels, name, new)]
                for name, (old, new) in r.changes.items()
            ],
        ]
        for r in updates
    ]


def _labels(names: set[str]) -> dict:
    from odco.regions.models import Province, Region

    from .models import Sector

    labels = {}
    if "region_id" in names:
        labels["region_id"] = dict(Region.objects.values_list("pk", "code"))
    if "sector_id" in names:
        labels["sector_id"] = dict(Sector.objects.values_list("pk", "code"))
    if "province_id" in names:
        labels["province_id"] = dict(Province.objects.values_list("pk", "name_fr"))
    return labels


def _label(labels: dict, name: str, value) -> str:
    if value is None:
        return ""
    if name in labels:
        return str(labels[name].get(value, value))
    return _shown(value)
