"""Never overwrite good data with garbage (issue 17, point 3): a registry of 122 Arabic names
re-saved by LibreOffice with a character set it does not know is refused with nothing
replaced; an Arabic value is never replaced by text without an Arabic letter; the preview,
the command's dry run and the admin's import show or apply the same rules."""

import csv
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from cooperatives.import_changes import low_bytes_of_arabic, restore_low_bytes, utf8_read_as_cp1252
from cooperatives.import_writing import ImportRefused, import_file
from cooperatives.importing import import_apply, import_validate
from cooperatives.models import Cooperative
from cooperatives.resources import CooperativeResource
from odco.jobs.models import Job
from tests.factories import make_user
from tests.i18n import fr
from tests.libreoffice_files import UNKNOWN_CHARSET, convert, csv_filter, needs_soffice

from .files import csv_bytes, row

pytestmark = pytest.mark.django_db

ARABIC_NAMES = ["تعاونية النور", "تعاونية الأمل", "تعاونية تيفاوين", "تعاونية أركان سوس"]


def registry_rows(count: int = 122) -> list[dict]:
    return [
        row(
            f"RC-{i:04d}",
            nom_ar=f"{ARABIC_NAMES[i % 4]} {i}" if i % 4 else "تعاونية النور",
            president="فاطمة أيت علي",
        )
        for i in range(count)
    ]


def registry(count: int = 122) -> dict[str, tuple]:
    import_apply(import_validate(csv_bytes(registry_rows(count)), "registry.csv"), user=None)
    return snapshot()


def snapshot() -> dict[str, tuple]:
    return {
        c.registration_number: (c.name_fr, c.name_ar, c.president, c.members_total, c.updated_at)
        for c in Cooperative.objects.all()
    }


def test_the_wrong_charset_garbage_is_the_low_byte_of_each_arabic_letter():
    """What LibreOffice writes for تعاونية النور with a character set token it does not know:
    each code point U+06xx becomes its low byte (ت U+062A → `*`), not a code page's mapping
    (ISO-8859-6 puts ت at 0xCA; Python's cp720, cp864 and mac_arabic map it elsewhere too)."""
    garbage = "".join(chr(ord(c) & 0xFF) for c in "تعاونية النور")

    assert garbage == "*9'HFJ) 'DFH1"
    assert low_bytes_of_arabic(garbage) and restore_low_bytes(garbage) == "تعاونية النور"
    for text in ("Coopérative Annour", "RC-0001", "12", "ABID", "Aourir", "06 61 23 45 67"):
        assert not low_bytes_of_arabic(text), text
    assert utf8_read_as_cp1252("تعاونية".encode().decode("cp1252"))
    assert not utf8_read_as_cp1252("Coopérative Ø Ùn")


@needs_soffice
def test_a_file_resaved_with_an_unknown_charset_is_refused_and_nothing_arabic_is_replaced(tmp_path):
    before = registry(122)
    source = csv_bytes(registry_rows(122))
    garbled = convert(tmp_path, "registry.csv", source, csv_filter(charset=UNKNOWN_CHARSET))
    text = garbled.decode("latin-1")  # what is not Arabic went out as its low byte too (é → 0xE9)
    first = next(r for r in csv.DictReader(io.StringIO(text)) if r["numero_immatriculation"] == "RC-0000")
    assert first["nom_ar"] == "*9'HFJ) 'DFH1"  # as LibreOffice wrote it

    report = import_validate(garbled, "registry.csv")

    assert [(i.row, i.column, i.code) for i in report.file_errors] == [
        (2, "nom_ar", "garbled"),
        (3, "nom_ar", "garbled"),
        (4, "nom_ar", "garbled"),
    ]
    assert report.file_errors[0].params == {"value": "*9'HFJ) 'DFH1"}
    assert report.rows == []
    with pytest.raises(ImportRefused):
        import_file(garbled, "registry.csv", user=None)
    assert snapshot() == before


def test_utf8_read_as_windows_1252_is_refused():
    before = registry(3)
    rows = registry_rows(3)
    for values in rows:
        values["nom_ar"] = values["nom_ar"].encode("utf-8").decode("cp1252", errors="replace")
    data = csv_bytes(rows)

    report = import_validate(data, "registry.csv")

    assert [(i.row, i.column, i.code) for i in report.file_errors][:1] == [(2, "nom_ar", "garbled")]
    assert report.file_errors[0].params["value"].startswith("ØªØ¹Ø§Ù")
    assert snapshot() == before


def test_an_arabic_value_is_never_replaced_by_text_without_an_arabic_letter():
    registry(2)
    data = csv_bytes(
        [
            row("RC-0000", nom_ar="Cooperative Annour", president="????? ??? ???", adherents="40"),
            row("RC-0001", nom_ar="تعاونية الأمل الجديدة", adherents="32", president="فاطمة أيت علي"),
        ]
    )

    report = import_validate(data, "update.csv")
    import_apply(report, user=None)

    assert [(i.row, i.column, i.code, i.params) for i in report.warnings] == [
        (2, "nom_ar", "arabic_kept", {"old": "تعاونية النور", "new": "Cooperative Annour"}),
        (2, "president", "arabic_kept", {"old": "فاطمة أيت علي", "new": "????? ??? ???"}),
    ]
    with translation.override("en"):
        assert str(report.warnings[0]) == (
            "row 2, column nom_ar: “تعاونية النور” would be replaced by “Cooperative Annour”, which has no "
            "Arabic letter: the value in the registry is kept."
        )
    assert report.rows[0].changes == {"members_total": [32, 40]}
    kept = Cooperative.objects.get(registration_number="RC-0000")
    assert (kept.name_ar, kept.president, kept.members_total) == ("تعاونية النور", "فاطمة أيت علي", 40)
    changed = Cooperative.objects.get(registration_number="RC-0001")
    assert changed.name_ar == "تعاونية الأمل الجديدة"  # Arabic replaced by Arabic goes through


def test_emptying_an_arabic_cell_is_not_garbage():
    registry(1)

    report = import_validate(csv_bytes([row("RC-0000", nom_ar="", president="فاطمة أيت علي")]), "update.csv")
    import_apply(report, user=None)

    assert report.warnings == []
    assert Cooperative.objects.get().name_ar == ""


def test_the_preview_shows_each_change_old_to_new_before_confirmation(client):
    before = registry(3)
    client.force_login(make_user("staff"))
    data = csv_bytes(
        [
            row("RC-0000", nom_ar="Annour", adherents="40", president="فاطمة أيت علي"),
            row("RC-0001", nom_ar="تعاونية الأمل 1", president="عائشة"),
            row("RC-0002", nom_ar="تعاونية تيفاوين 2", president="فاطمة أيت علي"),
        ]
    )

    response = client.post(reverse("cooperatives:import"), {"file": SimpleUploadedFile("u.csv", data)})

    page = response.content.decode()
    assert response.context["counts"]["update"] == 2
    assert [(c["row"], c["number"], c["fields"]) for c in response.context["changes"]] == [
        (2, "RC-0000", [{"column": "adherents", "old": "32", "new": "40"}]),
        (3, "RC-0001", [{"column": "president", "old": "فاطمة أيت علي", "new": "عائشة"}]),
    ]
    assert 'id="import-changes"' in page and 'data-row="3" data-column="president"' in page
    with translation.override("fr"):
        heading = translation.ngettext(
            "What the %(counter)s row to update changes", "What the %(counter)s rows to update change", 2
        )
    assert heading % {"counter": 2} in page
    assert [(i.row, i.column, i.code) for i in response.context["warnings"]] == [(2, "nom_ar", "arabic_kept")]
    assert snapshot() == before


def test_the_preview_of_a_garbled_file_refuses_it_in_the_users_language(client):
    before = registry(2)
    client.force_login(make_user("staff"))
    rows = registry_rows(2)
    for values in rows:
        values["nom_ar"] = "".join(chr(ord(c) & 0xFF) for c in values["nom_ar"])
    response = client.post(
        reverse("cooperatives:import"), {"file": SimpleUploadedFile("g.csv", csv_bytes(rows))}
    )

    assert [(i.row, i.column, i.code) for i in response.context["errors"]] == [
        (2, "nom_ar", "garbled"),
        (3, "nom_ar", "garbled"),
    ]
    assert response.context["can_confirm"] is False
    assert 'id="import-confirm"' not in response.content.decode()
    assert snapshot() == before


def test_the_dry_run_prints_the_changes(tmp_path, capsys):
    registry(1)
    path = tmp_path / "update.csv"
    path.write_bytes(
        csv_bytes([row("RC-0000", nom_ar="تعاونية النور", adherents="40", president="فاطمة أيت علي")])
    )

    call_command("import_cooperatives", str(path), "--dry-run")

    out = capsys.readouterr().out
    line = fr("row %(row)s (%(number)s), column %(column)s: %(old)s → %(new)s")
    assert line % {"row": 2, "number": "RC-0000", "column": "adherents", "old": 32, "new": 40} in out
    assert Cooperative.objects.get().members_total == 32


def test_the_command_refuses_a_garbled_file(tmp_path, capsys):
    before = registry(1)
    path = tmp_path / "g.csv"
    path.write_bytes(csv_bytes([row("RC-0000", nom_ar="*9'HFJ) 'DFH1")]))

    with pytest.raises(CommandError) as refused:
        call_command("import_cooperatives", str(path))

    assert refused.value.returncode == 1
    prefix = fr("row %(row)s, column %(column)s: %(message)s") % {"row": 2, "column": "nom_ar", "message": ""}
    assert prefix in capsys.readouterr().err
    assert snapshot() == before


def test_the_admin_import_refuses_a_garbled_file_and_keeps_arabic_values():
    before = registry(2)
    garbled = tablib.Dataset().load(
        csv_bytes([row("RC-0000", nom_ar="*9'HFJ) 'DFH1")]).decode(), format="csv"
    )

    result = CooperativeResource().import_data(garbled, dry_run=False)

    assert result.has_errors()
    assert "nom_ar" in str(result.base_errors[0].error)
    assert snapshot() == before

    latin = tablib.Dataset().load(
        csv_bytes([row("RC-0000", nom_ar="Annour", adherents="40", president="فاطمة أيت علي")]).decode(),
        format="csv",
    )
    resource = CooperativeResource()
    result = resource.import_data(latin, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    coop = Cooperative.objects.get(registration_number="RC-0000")
    assert (coop.name_ar, coop.members_total) == ("تعاونية النور", 40)
    assert [(number, i.column, i.code) for number, i in resource.held_back] == [
        ("RC-0000", "nom_ar", "arabic_kept")
    ]


def test_the_job_preview_of_a_large_file_shows_the_changes_too(
    client, settings, django_capture_on_commit_callbacks
):
    before = registry(3)
    settings.ODCO_IMPORT_INLINE_ROWS = 1  # this file is "large": a job checks it
    user = make_user("staff")
    client.force_login(user)
    rows = registry_rows(3)
    rows[1]["adherents"] = "41"
    rows[2]["nom_ar"] = "Tifawine"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperatives:import"), {"file": SimpleUploadedFile("big.csv", csv_bytes(rows))})
    job = Job.objects.get()
    page = client.get(reverse("cooperatives:import_preview", args=[job.pk]))

    assert page.status_code == 200
    assert [(c["row"], c["number"], c["fields"]) for c in page.context["changes"]] == [
        (3, "RC-0001", [{"column": "adherents", "old": "32", "new": "41"}]),
    ]
    assert [(i.row, i.column, i.code) for i in page.context["warnings"]] == [(4, "nom_ar", "arabic_kept")]
    assert 'data-row="3" data-column="adherents"' in page.content.decode()
    assert snapshot() == before
