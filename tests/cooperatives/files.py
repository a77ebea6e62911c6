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


__all__ = ["HEADER", "csv_bytes", "date", "datetime", "row", "xlsx_bytes"]
