"""Uploads are checked by content, not by name: a program or a web page renamed as a
document is refused and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.i18n import fr
from tests.training.factories import coordinator, validated_phase
from training.models import KitItem

pytestmark = pytest.mark.django_db

DISGUISED = [
    ("guide.pdf", b"MZ\x90\x00\x03 a Windows program"),
    ("guide.pdf", b"<html><script>alert(1)</script></html>"),
    ("slides.pptx", b"%PDF-1.4 a PDF named pptx"),
    ("photo.png", b"\x7fELF a Linux program"),
    ("page.html", b"<html></html>"),
    ("tool.exe", b"MZ\x90\x00"),
    ("video.mp4", b"not a video at all"),
]
GENUINE = [
    ("guide.pdf", b"%PDF-1.4 a guide"),
    ("slides.pptx", b"PK\x03\x04 slides"),
    ("photo.png", b"\x89PNG\r\n\x1a\n image"),
    ("video.mp4", b"\x00\x00\x00\x18ftypmp42 video"),
]


def post_kit_file(client, phase, name, content):
    return client.post(
        reverse("training:kit", args=[phase.pk]),
        {"kind": "file", "title": "Guide", "position": "1", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(("name", "content"), DISGUISED)
def test_a_disguised_kit_file_is_refused_and_nothing_is_stored(client, name, content):
    phase = validated_phase()
    client.force_login(coordinator())

    response = post_kit_file(client, phase, name, content)

    assert response.status_code == 400
    assert KitItem.objects.count() == 0


@pytest.mark.parametrize(("name", "content"), GENUINE)
def test_a_genuine_kit_file_is_accepted(client, name, content):
    phase = validated_phase()
    client.force_login(coordinator())

    response = post_kit_file(client, phase, name, content)

    assert response.status_code == 302
    item = KitItem.objects.get()
    item.file.delete(save=False)


# --- imported tables (odco/uploads.py) on the admin's import page -----------------------------


def _admin_import(client, name, content):
    from django.contrib import admin

    from cooperatives.models import Cooperative

    model_admin = admin.site._registry[Cooperative]
    assert len(model_admin.get_import_formats()) == 1  # CSV, XLSX or ODS, read by content
    return client.post(
        reverse("admin:cooperatives_cooperative_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, content)},
    )


def test_the_admin_import_refuses_an_oversize_file_before_reading_it(client, settings):
    from unittest import mock

    from cooperatives.models import Cooperative
    from tests.cooperatives.files import csv_bytes, row
    from tests.factories import make_user

    settings.ODCO_IMPORT_MAX_BYTES = 1_000
    client.force_login(make_user("staff"))

    with mock.patch("cooperatives.admin_formats.RegistryTable.create_dataset") as read:
        response = _admin_import(client, "coops.csv", csv_bytes([row(f"RC-{i}") for i in range(20)]))

    assert response.status_code == 200
    [message] = response.context["form"].errors["import_file"]
    assert message.startswith(opening(TOO_BIG)) and "1" in message
    read.assert_not_called()
    assert Cooperative.objects.count() == 0


def test_the_admin_import_refuses_a_zip_bomb_and_too_many_cells(client, settings):
    from tests.cooperatives.files import crafted_xlsx, zip_bomb
    from tests.factories import make_user

    settings.ODCO_IMPORT_MAX_CELLS = 1_000_000
    client.force_login(make_user("staff"))

    bomb = _admin_import(client, "coops.xlsx", zip_bomb(8))
    cells = _admin_import(client, "coops.xlsx", crafted_xlsx(100_000, data_rows=2))

    assert bomb.context["form"].errors["import_file"][0].startswith(opening(EXPANDS))
    assert cells.context["form"].errors["import_file"][0].startswith(opening(TOO_MANY_CELLS))


def test_every_admin_import_page_uses_the_limited_form():
    from django.contrib import admin
    from import_export.admin import ImportMixin

    from odco.admin_tools import LimitedImportForm

    importing = [a for a in admin.site._registry.values() if isinstance(a, ImportMixin)]
    assert importing, "no admin with an import page"
    for model_admin in importing:
        assert issubclass(model_admin.get_import_form_class(None), LimitedImportForm), model_admin


EXPANDS = "The workbook expands %(ratio)s times; at most %(limit)s times is accepted."
TOO_BIG = "The file is %(size)s; files of at most %(limit)s can be imported."
TOO_MANY_CELLS = "The file has %(cells)s cells; at most %(limit)s can be imported: split it."


def opening(message: str) -> str:
    """The words of a refusal before its first figure, as the French page shows them."""
    return fr(message).split("%(")[0]
