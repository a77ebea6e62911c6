"""The core writers' options (`odco.tabular`): CSV delimiter, XLSX cell types, phone numbers
as clean text cells, sheet titles, right-to-left sheets in Arabic."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from odco.tabular import PAGE_CSV_DELIMITER, sheet_title, write_csv, write_xlsx


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def test_csv_for_people_is_separated_by_semicolons_and_keeps_the_bom():
    content = write_csv(
        ["nom", "telephone"], [["Al Amal; Agadir", "+212661234567"]], delimiter=PAGE_CSV_DELIMITER
    )

    assert content == '\ufeffnom;telephone\r\n"Al Amal; Agadir";\'+212661234567\r\n'.encode()


def test_csv_stays_comma_separated_by_default():
    assert write_csv(["a", "b"], [[1, None]]) == "\ufeffa,b\r\n1,\r\n".encode()


def test_xlsx_cells_keep_their_types():
    aware = datetime(2025, 6, 2, 22, 30, tzinfo=UTC)  # 23:30 in Casablanca (UTC+1 outside Ramadan)

    sheet = _sheet(
        write_xlsx(["d", "t", "n", "x", "f"], [[date(2016, 3, 14), aware, 32, Decimal("2.5"), 0.25]])
    )

    d, t, n, x, f = next(sheet.iter_rows(min_row=2))
    assert (d.value, d.number_format) == (datetime(2016, 3, 14), "yyyy-mm-dd")
    assert (t.value, t.number_format) == (datetime(2025, 6, 2, 23, 30), "yyyy-mm-dd hh:mm")
    assert [(c.value, c.data_type) for c in (n, x, f)] == [(32, "n"), (2.5, "n"), (0.25, "n")]


@pytest.mark.parametrize("phone", ["+212661234567", "+212 661-234567"])
def test_a_phone_number_is_a_text_cell_without_apostrophe_in_xlsx(phone):
    (cell,) = next(_sheet(write_xlsx(["telephone"], [[phone]])).iter_rows(min_row=2))

    assert (cell.value, cell.data_type) == (phone, "s")


@pytest.mark.parametrize("payload", ["+1+1", "+SUM(A1)", "-2+3", "=1+2", "@A1", "+1)*(2", "+"])
def test_what_only_looks_like_a_phone_number_is_still_neutralised(payload):
    (cell,) = next(_sheet(write_xlsx(["x"], [[payload]])).iter_rows(min_row=2))

    assert (cell.value, cell.data_type) == ("'" + payload, "s")


def test_the_sheet_is_right_to_left_in_arabic_or_when_asked():
    with translation.override("ar"):
        assert _sheet(write_xlsx(["a"], [])).sheet_view.rightToLeft is True
        assert _sheet(write_xlsx(["a"], [], right_to_left=False)).sheet_view.rightToLeft is None
    with translation.override("fr"):
        assert _sheet(write_xlsx(["a"], [])).sheet_view.rightToLeft is None
        assert _sheet(write_xlsx(["a"], [], right_to_left=True)).sheet_view.rightToLeft is True


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Résultats 2025", "Résultats 2025"),
        ("Cibles [%]: a/b\\c?*", "Cibles % a b c"),
        ("x" * 40, "x" * 31),
        ("'quoted'", "quoted"),
        ("[]", "Sheet"),
    ],
)
def test_sheet_titles_are_what_excel_accepts(title, expected):
    assert sheet_title(title) == expected
    assert _sheet(write_xlsx(["a"], [], sheet_title=title)).title == expected
