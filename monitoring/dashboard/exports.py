"""Every dashboard figure to Excel: one figure (`write_xlsx`), or all of them, one sheet each.

Cells are neutralised (a text starting with = + - @ gets an apostrophe) by the registry's
spreadsheet helpers.
"""

import io
import re
from decimal import Decimal

from odco.tabular import neutralise, write_xlsx

from ..charts import Figure


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return None
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


def figure_xlsx(figure: Figure) -> bytes:
    return write_xlsx([str(h) for h in figure.header], ([_cell(v) for v in row] for row in figure.rows))


def figures_xlsx(figures: list[Figure], *, filters_row: list[str]) -> bytes:
    """A workbook with the filters on the first sheet, then one sheet per figure."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    first = workbook.create_sheet("filters")
    for item in filters_row:
        first.append([neutralise(item)])
    for figure in figures:
        sheet = workbook.create_sheet(_sheet_name(figure.key))
        sheet.append([neutralise(str(figure.title))])
        sheet.append([neutralise(str(h)) for h in figure.header])
        for row in figure.rows:
            sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(key: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "_", key)[:31]
