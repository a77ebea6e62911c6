"""Import files built by the tests: CSV in any encoding and delimiter, and XLSX."""

import csv
import io
from datetime import date, datetime

from cooperatives.importing import COLUMN_NAMES

HEADER = list(COLUMN_NAMES)


def row(number="RC-0001", **overrides) -> dict:
    """A valid row of the import columns (a women's argan cooperative in Souss-Massa)."""
    values = {
        "numero_immatriculation": number,
        "nom": f"Coopérative Tifawine {number}",
        "nom_ar": "تعاونية تيفاوين",
        "region": "09",
        "province": "Chtouka-Aït Baha",
        "commune": "Aourir",
        "secteur": "argan",
        "date_creation": "14/03/2016",
        "adherents": "32",
        "adherents_femmes": "30",
        "adherents_jeunes": "9",
        "president": "Fatima Ait Ali",
        "telephone": "06 61 23 45 67",
        "email": "contact@tifawine.example",
    }
    values.update(overrides)
    return values


def csv_bytes(rows, *, header=None, delimiter=",", encoding="utf-8") -> bytes:
    header = header or HEADER
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(name, "") for name in header])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, *, header=None) -> bytes:
    from openpyxl import Workbook

    header = header or HEADER
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append([values.get(name) for name in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def crafted_xlsx(
    rows: int, *, columns: int = 14, declared: str | None = "auto", data_rows: int | None = None, stored=False
) -> bytes:
    """A minimal workbook whose first sheet declares `<dimension ref=…>` for `rows` data rows
    (`declared`: "auto", a ref such as "A1:A1", or None for no dimension) and holds
    `data_rows` rows of numbers (default: `rows`). Built as text in a fraction of a second,
    where openpyxl would take a minute for 100,000 rows."""
    import zipfile

    last = chr(ord("A") + columns - 1)
    ref = f"A1:{last}{rows + 1}" if declared == "auto" else declared
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    head = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for i, name in enumerate(HEADER[:columns])
    )
    body = "<row>" + "".join(f"<c><v>{i}</v></c>" for i in range(columns)) + "</row>"
    sheet = (
        f'<worksheet xmlns="{ns}">'
        + (f'<dimension ref="{ref}"/>' if ref else "")
        + f'<sheetData><row r="1">{head}</row>'
        + body * (rows if data_rows is None else data_rows)
        + "</sheetData></worksheet>"
    )
    workbook = (
        f'<workbook xmlns="{ns}" xmlns:r="{rel}">'
        '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def zip_bomb(megabytes: int = 8) -> bytes:
    """A workbook-looking zip whose sheet is `megabytes` of zeros (it packs a thousand times)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (megabytes * 1024 * 1024))
    return out.getvalue()


__all__ = ["HEADER", "crafted_xlsx", "csv_bytes", "date", "datetime", "row", "xlsx_bytes", "zip_bomb"]
