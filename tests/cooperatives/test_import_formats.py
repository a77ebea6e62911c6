"""Registry import of files as LibreOffice and Excel write them (issue 17, point 1 and the
dates of point 2): ODS, XLSX, Excel's "Unicode text" (UTF-16 with BOM, tab-separated),
date-time cells and Excel day numbers. The files are made by the real LibreOffice."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperatives.importing import import_apply, import_validate
from cooperatives.models import Cooperative
from cooperatives.normalize import parse_date
from cooperatives.tabular import read_table
from odco.jobs.models import Job
from odco.uploads import TableShape, UploadRefused, inspect_table
from tests.factories import make_user
from tests.libreoffice_files import UTF16, convert, csv_filter, needs_soffice

from .files import HEADER, csv_bytes, row, xlsx_bytes
from .test_import_limits import in_french

pytestmark = pytest.mark.django_db


def issues(report, kind="errors"):
    return [(i.row, i.column, i.code) for i in getattr(report, kind)]


def source_rows():
    """Two rows with ISO dates and plain numbers: LibreOffice makes date and number cells."""
    return [
        row("RC-1", date_creation="2016-03-14", adherents="32"),
        row("RC-2", nom_ar="تعاونية النور", date_creation="2015-06-01", adherents="12", adherents_femmes="7"),
    ]


def assert_imported(report):
    assert report.file_errors == [] and report.errors == [] and report.warnings == []
    assert report.counts == {"create": 2, "update": 0, "unchanged": 0, "rejected": 0, "total": 2}
    import_apply(report, user=None)
    first, second = Cooperative.objects.order_by("registration_number")
    assert (first.founded_on, first.members_total, first.name_ar) == (
        date(2016, 3, 14),
        32,
        "تعاونية تيفاوين",
    )
    assert (second.founded_on, second.members_total, second.members_women, second.name_ar) == (
        date(2015, 6, 1),
        12,
        7,
        "تعاونية النور",
    )
    assert (first.province.name_fr, first.phone) == ("Chtouka-Aït Baha", "+212661234567")


@needs_soffice
def test_an_ods_file_saved_by_libreoffice_is_imported(tmp_path):
    ods = convert(tmp_path, "coops.csv", csv_bytes(source_rows()), "ods")
    assert ods[:2] == b"PK" and b"application/vnd.oasis.opendocument.spreadsheet" in ods[:100]

    table = read_table(ods, "coops.ods")
    assert table.header == HEADER
    assert table.rows[0][HEADER.index("date_creation")] == date(2016, 3, 14)  # a date cell
    assert table.rows[0][HEADER.index("adherents")] == 32.0  # a number cell
    assert_imported(import_validate(ods, "coops.ods"))


@needs_soffice
def test_an_xlsx_file_saved_by_libreoffice_is_imported(tmp_path):
    xlsx = convert(tmp_path, "coops.csv", csv_bytes(source_rows()), "xlsx")

    assert_imported(import_validate(xlsx, "coops.xlsx"))


@needs_soffice
def test_excel_unicode_text_utf16_with_bom_and_tabs_is_imported(tmp_path):
    ods = convert(tmp_path, "coops.csv", csv_bytes(source_rows()), "ods")
    text = convert(tmp_path, "coops.ods", ods, csv_filter(delimiter="\t", charset=UTF16))
    assert text[:2] == b"\xff\xfe"  # UTF-16 LE with its byte-order mark
    assert "\tnom_ar\t".encode("utf-16-le") in text

    table = read_table(text, "coops.txt")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert_imported(import_validate(text, "coops.txt"))


def test_utf16_without_a_byte_order_mark_is_recognised():
    data = csv_bytes(source_rows(), delimiter="\t").decode("utf-8").encode("utf-16-le")

    table = read_table(data, "coops.csv")

    assert (table.encoding, table.header) == ("utf-16-le", HEADER)
    assert_imported(import_validate(data, "coops.csv"))


@needs_soffice
def test_date_time_cells_written_by_libreoffice_give_the_date(tmp_path):
    rows = [
        row("RC-1", date_creation="2016-03-14 00:00:00"),
        row("RC-2", nom_ar="تعاونية النور", date_creation="2015-06-01 00:00:00", adherents="12"),
    ]
    rows[1]["adherents_femmes"] = "7"
    ods = convert(tmp_path, "coops.csv", csv_bytes(rows), "ods")
    assert b'office:date-value="2015-06-01' in zipfile.ZipFile(io.BytesIO(ods)).read("content.xml")

    assert_imported(import_validate(ods, "coops.ods"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-06-01 0:00:00", date(2015, 6, 1)),  # LibreOffice's CSV of a date-time cell
        ("2015-06-01 00:00", date(2015, 6, 1)),
        ("2015-06-01T00:00:00", date(2015, 6, 1)),
        ("01/06/2015 00:00", date(2015, 6, 1)),
        ("01/06/2015 0:00:00", date(2015, 6, 1)),
        ("01/06/2015 14:30", date(2015, 6, 1)),  # a time of day is dropped: the field is a date
        ("43831", date(2020, 1, 1)),  # an Excel day number written as text
        (43831, date(2020, 1, 1)),
        (43831.0, date(2020, 1, 1)),
        (43831.75, date(2020, 1, 1)),
        (61, date(1900, 3, 1)),
    ],
)
def test_dates_with_a_time_part_and_excel_day_numbers(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "value", [12, 60, 73416, "1234", "123456", "2015-06-01 25:00", True, "32/01/2015 00:00"]
)
def test_what_is_not_a_date_stays_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_excel_day_numbers_in_number_cells_are_dates_and_registration_numbers_stay_text():
    data = xlsx_bytes(
        [
            row(43001, date_creation=43831, adherents=32.0),  # a number cell of a number column
            row("RC-2", date_creation=12),
        ]
    )

    report = import_validate(data, "coops.xlsx")

    assert issues(report) == [(3, "date_creation", "bad_date")]
    import_apply(report, user=None, partial=True)
    coop = Cooperative.objects.get()
    assert (coop.registration_number, coop.founded_on, coop.members_total) == ("43001", date(2020, 1, 1), 32)


@needs_soffice
def test_the_upload_page_previews_an_ods_file(client, tmp_path):
    ods = convert(tmp_path, "coops.csv", csv_bytes(source_rows()), "ods")
    client.force_login(make_user("staff"))

    response = client.post(reverse("cooperatives:import"), {"file": SimpleUploadedFile("coops.ods", ods)})

    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert response.context["counts"] == {"create": 2, "update": 0, "unchanged": 0, "rejected": 0, "total": 2}
    assert Cooperative.objects.count() == 0


# --- upload limits of ODS files ------------------------------------------------------------


def _ods(content: str, *, stored: bool = False) -> bytes:
    """A minimal ODS package whose content.xml is `content`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return out.getvalue()


_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _sheet(rows: str) -> str:
    return (
        f"<office:document-content {_NS}><office:body><office:spreadsheet>"
        f'<table:table table:name="S"><table:table-column table:number-columns-repeated="14"/>{rows}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )


def _cell(text: str, repeated: int = 1) -> str:
    extra = f' table:number-columns-repeated="{repeated}"' if repeated > 1 else ""
    return f'<table:table-cell office:value-type="string"{extra}><text:p>{text}</text:p></table:table-cell>'


def _crafted_ods() -> bytes:
    header = "<table:table-row>" + "".join(_cell(h) for h in HEADER) + "</table:table-row>"
    values = row("RC-9", date_creation="2016-03-14")
    data = "<table:table-row>" + "".join(_cell(values[h]) for h in HEADER) + "</table:table-row>"
    empty = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    return _ods(_sheet(header + data + empty))


def test_an_ods_file_is_measured_with_its_repeated_empty_rest_left_out():
    assert inspect_table(_crafted_ods(), "coops.ods") == TableShape(rows=1, cells=28)


def test_an_ods_file_over_the_cell_limit_is_refused(settings):
    settings.ODCO_IMPORT_MAX_CELLS = 1000
    header = "<table:table-row>" + "".join(_cell(h) for h in HEADER) + "</table:table-row>"
    many = '<table:table-row table:number-rows-repeated="100">' + _cell("x", 14) + "</table:table-row>"

    with pytest.raises(UploadRefused) as refused:
        inspect_table(_ods(_sheet(header + many)), "coops.ods")

    assert refused.value.code == "too_many_cells"


def test_an_ods_zip_bomb_is_refused_before_it_is_inflated(client):
    bomb = _ods(_sheet("<table:table-row>" + " " * (8 * 1024 * 1024) + "</table:table-row>"))
    client.force_login(make_user("staff"))

    with pytest.raises(UploadRefused) as refused:
        inspect_table(bomb, "coops.ods")
    response = client.post(reverse("cooperatives:import"), {"file": SimpleUploadedFile("coops.ods", bomb)})

    assert refused.value.code == "zip_ratio"
    assert (
        response.context["form"]
        .errors["file"][0]
        .startswith(
            in_french(
                "The workbook expands %(ratio)s times; at most %(limit)s times is accepted.",
                ratio="\x00",
                limit=100,
            ).split("\x00")[0]
        )
    )
    assert Cooperative.objects.count() == 0 and Job.objects.count() == 0


def test_an_ods_file_expanding_beyond_the_limit_is_refused(settings):
    settings.ODCO_IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    rows = "".join("<table:table-row>" + _cell(f"{i:08d}") + "</table:table-row>" for i in range(20_000))

    with pytest.raises(UploadRefused) as refused:
        inspect_table(_ods(_sheet(rows), stored=True), "coops.ods")

    assert refused.value.code == "zip_too_big"
