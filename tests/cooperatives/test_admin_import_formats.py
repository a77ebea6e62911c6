"""The admin's registry import reads what the import page reads (issue 17, point 1): an ODS
saved by LibreOffice, Excel's "Unicode text" (UTF-16 with BOM, tab-separated), a Windows-1256
CSV and an XLSX, each through the admin's two steps (check, then confirm), with the Arabic
names intact. django-import-export's own formats offered no ODS and read CSV as UTF-8 only."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperatives.models import Cooperative
from tests.factories import make_user
from tests.libreoffice_files import UTF16, convert, csv_filter, needs_soffice

from .files import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    row("RC-A1", nom_ar="تعاونية النور", president="فاطمة أيت علي"),
    row("RC-A2", nom="Coopérative Amal", nom_ar="تعاونية الأمل", date_creation="2019-05-02"),
]


def admin_import(client, name: str, content: bytes):
    """Both steps of the admin's import; the response of the confirmation."""
    model_admin = admin.site._registry[Cooperative]
    assert len(model_admin.get_import_formats()) == 1  # one format: the file says what it is
    url = reverse("admin:cooperatives_cooperative_import")
    upload = SimpleUploadedFile(name, content)
    checked = client.post(url, {"resource": "0", "format": "0", "import_file": upload})
    assert checked.status_code == 200
    assert "confirm_form" in checked.context, checked.context["form"].errors
    assert Cooperative.objects.count() == 0  # the check writes nothing
    confirm = checked.context["confirm_form"].initial
    return client.post(reverse("admin:cooperatives_cooperative_process_import"), confirm)


def names() -> list[tuple]:
    return list(
        Cooperative.objects.order_by("registration_number").values_list(
            "registration_number", "name_fr", "name_ar", "president", "founded_on__year"
        )
    )


EXPECTED = [
    ("RC-A1", "Coopérative Tifawine RC-A1", "تعاونية النور", "فاطمة أيت علي", 2016),
    ("RC-A2", "Coopérative Amal", "تعاونية الأمل", "Fatima Ait Ali", 2019),
]


@needs_soffice
@pytest.mark.parametrize(
    "name, target",
    [
        ("registry.ods", "ods"),
        ("registry.xlsx", "xlsx"),
        ("registry.txt", csv_filter(delimiter="\t", charset=UTF16)),
    ],
    ids=["libreoffice-ods", "libreoffice-xlsx", "excel-unicode-text-utf16"],
)
def test_the_admin_imports_the_files_libreoffice_and_excel_write(client, tmp_path, name, target):
    client.force_login(make_user("staff"))
    content = convert(tmp_path, "registry.csv", csv_bytes(ROWS), target)
    if name.endswith(".txt"):
        assert content.startswith(b"\xff\xfe")  # what Excel's "Unicode text" is: UTF-16 LE, BOM

    done = admin_import(client, name, content)

    assert done.status_code == 302
    assert names() == EXPECTED


@pytest.mark.parametrize("encoding", ["cp1256", "utf-8-sig", "utf-16"])
def test_the_admin_imports_a_csv_in_the_encodings_of_the_import_page(client, encoding):
    client.force_login(make_user("staff"))

    done = admin_import(client, "registry.csv", csv_bytes(ROWS, delimiter=";", encoding=encoding))

    assert done.status_code == 302
    assert names() == EXPECTED


def test_the_admin_imports_an_xlsx_with_date_cells_and_number_cells(client):
    from datetime import date

    client.force_login(make_user("staff"))
    cells = [dict(r, date_creation=date(2016, 3, 14), adherents=32) for r in ROWS[:1]]

    done = admin_import(client, "registry.xlsx", xlsx_bytes(cells))

    assert done.status_code == 302
    coop = Cooperative.objects.get()
    assert (coop.founded_on, coop.members_total, coop.name_ar) == (date(2016, 3, 14), 32, "تعاونية النور")


def test_an_unreadable_file_is_refused_on_the_file_field_and_nothing_is_written(client):
    client.force_login(make_user("staff"))
    url = reverse("admin:cooperatives_cooperative_import")

    response = client.post(
        url, {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("x.xlsx", b"not a workbook")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"]
    assert Cooperative.objects.count() == 0


def test_the_admin_says_which_arabic_values_it_kept_on_the_check_and_on_the_confirmation(client):
    from django.contrib.messages import get_messages

    from cooperatives.importing import import_apply, import_validate
    from tests.i18n import fr

    client.force_login(make_user("staff"))
    import_apply(import_validate(csv_bytes(ROWS[:1]), "registry.csv"), user=None)
    latin = csv_bytes([dict(ROWS[0], nom_ar="Annour", adherents="40")])
    url = reverse("admin:cooperatives_cooperative_import")

    upload = SimpleUploadedFile("r.csv", latin)
    checked = client.post(url, {"resource": "0", "format": "0", "import_file": upload})
    shown_on_check = [str(m) for m in get_messages(checked.wsgi_request)]
    done = client.post(
        reverse("admin:cooperatives_cooperative_process_import"), checked.context["confirm_form"].initial
    )
    shown_on_confirm = [str(m) for m in get_messages(done.wsgi_request)]

    kept = fr("Cooperative %(number)s, %(issue)s") % {
        "number": "RC-A1",
        "issue": "nom_ar: "
        + fr(
            "“%(old)s” would be replaced by “%(new)s”, which has no Arabic letter: the value in the "
            "registry is kept."
        )
        % {"old": "تعاونية النور", "new": "Annour"},
    }
    assert kept in shown_on_check
    assert kept in shown_on_confirm
    coop = Cooperative.objects.get()
    assert (coop.name_ar, coop.members_total) == ("تعاونية النور", 40)
