"""The admin's django-import-export exports never hand a spreadsheet a live formula.

Every ModelAdmin with an export is found by walking the admin registry, so a new one is
covered automatically (and fails here until it has a row planter below). Values a delegation
could plant (`=HYPERLINK(...)`, `@SUM(...)`, `+1+1`, `-2+3`, with a leading tab or CR) go
into every text field of a row; the admin's export view (POSTed like the browser does) must
give a CSV in UTF-8 with BOM where no cell starts with = + - @ tab or CR, and an XLSX without
a single formula cell, the planted text present as (neutralised) text.
"""

import csv
import io
from pathlib import Path

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse
from import_export.admin import ExportMixin

from tests.factories import CooperativeFactory, make_user
from tests.libreoffice import convert, needs_libreoffice

pytestmark = pytest.mark.django_db

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
ARABIC = "تعاونية النور"
PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(A1:A2)",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]
BOM = b"\xef\xbb\xbf"


def _exporting_admins() -> list[tuple[type[models.Model], admin.ModelAdmin]]:
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, ExportMixin)
        ),
        key=lambda pair: pair[0]._meta.label,
    )


def _plant_cooperative():
    return CooperativeFactory()


def _plant_candidacy():
    from tests.prizes.factories import make_candidacy

    return make_candidacy()


def _plant_audit_entry():
    from odco.audit.services import audit_record

    return audit_record(actor=None, action="test.plant", obj=CooperativeFactory(), message="x")


# One row builder per exporting model: a valid row, whose text fields the test then fills
# with planted values (as a delegation's form or import would store them).
PLANTERS = {
    "cooperatives.Cooperative": _plant_cooperative,
    "prizes.Candidacy": _plant_candidacy,
    "audit.AuditEntry": _plant_audit_entry,
}

EXPORTING = _exporting_admins()


def _plant(model, payload: str) -> tuple[object, str]:
    """A row of `model` whose every free text field holds `payload` followed by Arabic: the
    row's primary key and the planted text."""
    row = PLANTERS[model._meta.label]()
    planted = f"{payload} {ARABIC}"
    values = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            values[field.attname] = planted[: field.max_length] if field.max_length else planted
    assert values, f"{model._meta.label} has no text field to plant"
    model._default_manager.filter(pk=row.pk).update(**values)
    return row.pk, planted


def _staff(client):
    user = make_user("staff")
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    client.force_login(user)
    return user


def _export(client, model, extension: str, extra=None):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    choices = {str(label).lower(): value for value, label in form.fields["format"].choices}
    assert extension in choices, f"{model._meta.label}: no {extension} export ({sorted(choices)})"
    data = {"format": str(choices[extension]), "resource": "0"}
    for name, field in form.fields.items():
        if getattr(field, "is_selectable_field", False) and field.resource_index == 0:
            data[name] = "on"
    data.update(extra or {})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "attachment" in response.get("Content-Disposition", ""), response.content[:500]
    return response


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM), content[:20]
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def _assert_csv_safe(content: bytes, planted: str) -> None:
    rows = _csv_rows(content)
    assert ARABIC in content[3:].decode("utf-8")
    cells = [cell for row in rows for cell in row]
    live = [cell for cell in cells if cell.startswith(DANGEROUS_STARTS)]
    assert not live, live
    assert "'" + planted in cells


def _xlsx_cells(content: bytes):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_xlsx_safe(content: bytes, planted: str) -> None:
    cells = _xlsx_cells(content)
    formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not formulas, formulas
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    live = [text for text in texts if text.startswith(DANGEROUS_STARTS)]
    assert not live, live
    # XML turns a stored carriage return into a line feed on reading: compare both ways.
    assert ("'" + planted) in texts or ("'" + planted).replace("\r", "\n") in texts, texts


def test_the_registry_walk_finds_the_known_exporting_admins():
    labels = {model._meta.label for model, _ in EXPORTING}
    assert {"cooperatives.Cooperative", "prizes.Candidacy", "audit.AuditEntry"} <= labels


@pytest.mark.parametrize(("model", "model_admin"), EXPORTING, ids=[m._meta.label for m, _ in EXPORTING])
def test_every_exporting_admin_has_a_planter(model, model_admin):
    assert model._meta.label in PLANTERS, f"add a row planter for {model._meta.label} in PLANTERS"


@pytest.mark.parametrize(("model", "model_admin"), EXPORTING, ids=[m._meta.label for m, _ in EXPORTING])
def test_every_exporting_admin_offers_only_neutralising_csv_and_xlsx(model, model_admin):
    from odco.admin_exports import NeutralisedCSV, NeutralisedXLSX

    formats = model_admin.get_export_formats()
    assert formats, model._meta.label
    assert all(issubclass(f, (NeutralisedCSV, NeutralisedXLSX)) for f in formats), formats
    assert sorted(f().get_extension() for f in formats) == ["csv", "xlsx"]


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
@pytest.mark.parametrize(("model", "model_admin"), EXPORTING, ids=[m._meta.label for m, _ in EXPORTING])
def test_admin_csv_export_has_bom_and_no_live_formula(client, model, model_admin, payload):
    _pk, planted = _plant(model, payload)
    _staff(client)
    response = _export(client, model, "csv")
    assert response["Content-Type"].startswith("text/csv")
    _assert_csv_safe(response.content, planted)


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
@pytest.mark.parametrize(("model", "model_admin"), EXPORTING, ids=[m._meta.label for m, _ in EXPORTING])
def test_admin_xlsx_export_has_no_formula_cell(client, model, model_admin, payload):
    _pk, planted = _plant(model, payload)
    _staff(client)
    response = _export(client, model, "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    _assert_xlsx_safe(response.content, planted)


@pytest.mark.parametrize(("model", "model_admin"), EXPORTING, ids=[m._meta.label for m, _ in EXPORTING])
def test_the_export_admin_action_is_neutralised_too(client, rf, model, model_admin):
    """An admin that offers "Export selected" (ExportActionMixin) goes through the same formats:
    the action's form page, then the selected rows POSTed to the export view as that form does."""
    request = rf.get("/admin/")
    request.user = _staff(client)
    if "export_admin_action" not in model_admin.get_actions(request):
        pytest.skip(f"{model._meta.label}: its admin has no export action")
    pk, planted = _plant(model, PAYLOADS[0])
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    form_page = client.post(changelist, {"action": "export_admin_action", "_selected_action": [pk]})
    assert form_page.status_code == 200
    for extension, check in (("csv", _assert_csv_safe), ("xlsx", _assert_xlsx_safe)):
        response = _export(client, model, extension, {"export_items": [str(pk)]})
        check(response.content, planted)


@needs_libreoffice
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_libreoffice_reads_the_admin_export_as_text(client, tmp_path: Path, extension):
    model = next(m for m, _ in EXPORTING if m._meta.label == "cooperatives.Cooperative")
    _pk, planted = _plant(model, PAYLOADS[0])
    _staff(client)
    response = _export(client, model, extension)
    source = tmp_path / f"export.{extension}"
    source.write_bytes(response.content)
    out = tmp_path / "out"
    # Opened as people open it: UTF-8 (the BOM says so), comma-separated (tests.libreoffice).
    convert(source, "csv", out)
    text = (out / "export.csv").read_text(encoding="utf-8")
    assert ARABIC in text
    # A live formula would have been computed (HYPERLINK shows "y"); the text survives instead.
    assert 'HYPERLINK("http://x","y")' in text.replace('""', '"')


def test_the_platform_exports_and_the_admin_share_the_core_writers():
    """One neutraliser, one CSV rule: the platform's exports import them from the core."""
    import coaching.export
    import cooperatives.exporting
    import cooperatives.tabular
    import monitoring.dashboard.exports
    import odco.admin_exports
    import prizes.exporting
    from odco import tabular

    assert cooperatives.tabular.neutralise is tabular.neutralise
    assert cooperatives.tabular.strip_neutraliser is tabular.strip_neutraliser
    assert cooperatives.tabular.write_csv is tabular.write_csv
    assert cooperatives.tabular.write_xlsx is tabular.write_xlsx
    assert cooperatives.exporting.write_csv is tabular.write_csv
    assert cooperatives.exporting.write_xlsx is tabular.write_xlsx
    assert prizes.exporting.write_xlsx is tabular.write_xlsx
    assert coaching.export.neutralise is tabular.neutralise
    assert monitoring.dashboard.exports.write_xlsx is tabular.write_xlsx
    assert odco.admin_exports.write_csv is tabular.write_csv
    assert odco.admin_exports.write_xlsx is tabular.write_xlsx


def test_the_core_writers_neutralise_the_header_too():
    from odco.tabular import write_csv, write_xlsx

    rows = _csv_rows(write_csv(["=cmd()", "nom"], [["@x", 3]]))
    assert rows == [["'=cmd()", "nom"], ["'@x", "3"]]
    cells = _xlsx_cells(write_xlsx(["=cmd()", "nom"], [["@x", 3]]))
    assert [c.value for c in cells] == ["'=cmd()", "nom", "'@x", 3]
    assert all(c.data_type != "f" for c in cells)


@pytest.mark.parametrize(("model", "model_admin"), EXPORTING, ids=[m._meta.label for m, _ in EXPORTING])
def test_a_control_character_does_not_break_the_xlsx_export(client, model, model_admin):
    """XML cannot hold U+0001: the cell gets U+FFFD instead of the whole export failing."""
    _pk, planted = _plant(model, "=1+1\x01")
    _staff(client)
    cells = _xlsx_cells(_export(client, model, "xlsx").content)
    assert "'" + planted.replace("\x01", "\ufffd") in [c.value for c in cells]
    assert all(c.data_type != "f" for c in cells)


def test_the_admin_xlsx_export_keeps_numbers_as_numbers(client):
    """Neutralising text does not turn the XLSX into text: ids stay number cells, as in
    django-import-export's own XLSX (the admin gives native values to the formats it lists)."""
    from odco.audit.models import AuditEntry
    from odco.audit.services import audit_record

    entry = audit_record(actor=None, action="test.number", obj=CooperativeFactory())
    _staff(client)
    cells = _xlsx_cells(_export(client, AuditEntry, "xlsx").content)
    assert entry.pk in [c.value for c in cells if c.data_type == "n"]


def test_the_admin_export_offers_excel_first():
    from django.contrib import admin

    from cooperatives.models import Cooperative

    formats = admin.site._registry[Cooperative].get_export_formats()

    assert [f().get_extension() for f in formats] == ["xlsx", "csv"]
