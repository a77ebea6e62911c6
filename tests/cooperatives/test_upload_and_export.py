"""Upload with preview then a long job; export job and command; round trip; admin resource."""

import csv
import random

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cooperatives.exporting import HEADER
from cooperatives.importing import import_apply, import_validate
from cooperatives.models import Cooperative
from cooperatives.normalize import fold
from cooperatives.resources import CooperativeResource
from odco.audit.models import AuditEntry
from odco.i18n import fold as reference_fold
from odco.jobs.models import Job
from tests.factories import CooperativeFactory, make_user, region

from .files import csv_bytes, row

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name="coops.csv"):
    return client.post(reverse("cooperatives:import"), {"file": SimpleUploadedFile(name, data)})


def test_upload_shows_a_preview_and_writes_nothing(client):
    CooperativeFactory(registration_number="RC-2", name_fr="Ancien nom")
    client.force_login(make_user("staff"))
    data = csv_bytes([row("RC-1"), row("RC-2"), row("RC-3", region="Atlantis"), row("RC-4", telephone="123")])

    response = upload(client, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"] == {"create": 2, "update": 1, "unchanged": 0, "rejected": 1, "total": 4}
    assert [(i.row, i.column, i.code) for i in response.context["errors"]] == [
        (4, "region", "unknown_region")
    ]
    assert [(i.row, i.column, i.code) for i in response.context["warnings"]] == [
        (5, "telephone", "bad_phone")
    ]
    for element in ('id="import-file"', 'id="import-preview"', 'id="import-confirm"'):
        assert element in page
    assert Cooperative.objects.count() == 1
    assert Cooperative.objects.get().name_fr == "Ancien nom"


def test_confirming_runs_the_import_job_and_offers_the_rejected_rows(
    client, django_capture_on_commit_callbacks
):
    user = make_user("staff")
    client.force_login(user)
    preview = upload(client, csv_bytes([row("RC-1"), row("RC-2"), row("RC-3", region="Atlantis")]))
    confirm = preview.context["confirm"].initial

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cooperatives:import_confirm"), confirm)

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.kind, job.result) == (
        "succeeded",
        "cooperatives.import",
        {"created": 2, "updated": 0, "unchanged": 0, "rejected": 1},
    )
    assert job.percent == 100
    assert sorted(Cooperative.objects.values_list("registration_number", flat=True)) == ["RC-1", "RC-2"]
    rejected = list(csv.reader(job.result_file.read().decode("utf-8-sig").splitlines()))
    assert rejected[0][-1] == "erreurs"
    assert rejected[1][:4] == ["RC-3", "Coopérative Tifawine RC-3", "تعاونية تيفاوين", "Atlantis"]
    assert "4" in rejected[1][-1] and "region" in rejected[1][-1] and "Atlantis" in rejected[1][-1]
    assert AuditEntry.objects.get(action="cooperative.import").actor == user
    # running the job again changes nothing
    from cooperatives.tasks import import_cooperatives_task

    import_cooperatives_task(str(job.pk))
    assert Cooperative.objects.count() == 2


def test_a_clean_file_is_imported_whole(client, django_capture_on_commit_callbacks):
    client.force_login(make_user("staff"))
    preview = upload(client, csv_bytes([row("RC-1"), row("RC-2")]))
    assert preview.context["confirm"].initial["partial"] is False

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperatives:import_confirm"), preview.context["confirm"].initial)

    assert Job.objects.get().result == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert not Job.objects.get().result_file


def test_a_delegation_upload_may_only_touch_its_own_region(client, django_capture_on_commit_callbacks):
    CooperativeFactory(registration_number="RC-OUT", region=region("01"), name_fr="Au nord")
    client.force_login(make_user("delegation", region_code="09"))
    data = csv_bytes([row("RC-1"), row("RC-2", region="01", province=""), row("RC-OUT", nom="Changé")])

    preview = upload(client, data)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperatives:import_confirm"), preview.context["confirm"].initial)

    assert [(i.row, i.column, i.code) for i in preview.context["errors"]] == [
        (3, "region", "region_out_of_scope"),
        (4, "numero_immatriculation", "cooperative_out_of_scope"),
    ]
    assert sorted(Cooperative.objects.values_list("registration_number", "name_fr")) == [
        ("RC-1", "Coopérative Tifawine RC-1"),
        ("RC-OUT", "Au nord"),
    ]


def test_an_unchanged_file_offers_nothing_to_confirm(client):
    client.force_login(make_user("staff"))
    data = csv_bytes([row("RC-1")])
    import_apply(import_validate(data, "f.csv"), user=None)

    response = upload(client, data)

    assert response.context["counts"]["unchanged"] == 1
    assert 'id="import-confirm"' not in response.content.decode()


def test_upload_refuses_other_file_types(client):
    client.force_login(make_user("staff"))

    response = upload(client, b"%PDF-1.4", name="coops.pdf")

    assert list(response.context["form"].errors) == ["file"]
    assert "report" not in response.context


def test_export_job_exports_the_current_filter(client, django_capture_on_commit_callbacks):
    CooperativeFactory(registration_number="RC-9", region=region("09"))
    CooperativeFactory(registration_number="RC-1", region=region("01"))
    client.force_login(make_user("committee"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cooperatives:export") + "?region=MA-09", {"format": "csv"})

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    lines = job.result_file.read().decode("utf-8-sig").splitlines()
    # The page's CSV is for people's spreadsheets: `;`, the list separator of French Excel.
    assert lines[0] == ";".join(HEADER)
    assert [line.split(";")[0] for line in lines[1:]] == ["RC-9"]
    assert job.result == {"rows": 1}


def test_a_delegation_export_never_includes_another_region(client, django_capture_on_commit_callbacks):
    CooperativeFactory(registration_number="RC-9", region=region("09"))
    CooperativeFactory(registration_number="RC-1", region=region("01"))
    client.force_login(make_user("delegation", region_code="09"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperatives:export") + "?region=01", {"format": "csv"})
        client.post(reverse("cooperatives:export"), {"format": "xlsx"})

    first, second = Job.objects.order_by("created_at")
    assert first.result == {"rows": 0}
    assert second.result == {"rows": 1}


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(tmp_path, extension):
    data = csv_bytes(
        [
            row("RC-1", nom='Coopérative "Al Amal", Agadir', telephone="0522123456"),
            row("RC-2", nom='=HYPERLINK("http://x")', president="+Fatima", commune="-Aourir", email=""),
            row("RC-3", region="Fès-Meknès", province="", secteur="الأركان", date_creation="2001-01-31"),
        ]
    )
    import_apply(import_validate(data, "f.csv"), user=None)
    before = list(Cooperative.objects.order_by("pk").values())
    path = tmp_path / f"registry.{extension}"

    call_command("export_cooperatives", str(path))
    report = import_validate(path.read_bytes(), path.name)
    import_apply(report, user=None)

    assert report.errors == [] and report.warnings == []
    assert report.counts == {"create": 0, "update": 0, "unchanged": 3, "rejected": 0, "total": 3}
    assert list(Cooperative.objects.order_by("pk").values()) == before


def test_export_uses_canonical_values_and_neutralises_formulas(tmp_path):
    import_apply(
        import_validate(
            csv_bytes(
                [
                    row(
                        "RC-1",
                        nom="=1+2",
                        president="@SUM(A1)",
                        region="Souss-Massa",
                        date_creation="14/03/2016",
                    )
                ]
            ),
            "f.csv",
        ),
        user=None,
    )
    path = tmp_path / "registry.csv"

    call_command("export_cooperatives", str(path))

    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    cells = dict(zip(lines[0].split(","), lines[1].split(","), strict=True))
    assert cells["nom"] == "'=1+2"
    assert cells["president"] == "'@SUM(A1)"
    assert cells["telephone"] == "'+212661234567"
    assert (cells["region"], cells["secteur"], cells["date_creation"]) == ("09", "argan", "2016-03-14")
    assert (cells["region_nom"], cells["province"]) == ("Souss-Massa", "Chtouka-Aït Baha")


def test_admin_resource_imports_with_the_same_spellings():
    dataset = tablib.Dataset().load(
        csv_bytes(
            [row("RC-1", region="جهة سوس ماسة", secteur="Argane", telephone="06 61 23 45 67")], header=None
        ).decode(),
        format="csv",
    )
    dataset.headers = [h.upper().replace("_", " ") for h in dataset.headers]

    result = CooperativeResource().import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    coop = Cooperative.objects.get()
    assert (coop.region.code, coop.sector.code, coop.phone) == ("09", "argan", "+212661234567")
    assert coop.search_key.startswith("rc1|")


def test_fast_fold_is_odco_fold():
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x20, 0x900)] + [" ", "\u00a0", "\u0640", "ﻻ", "ﬁ", "İ", "ß", "😀"]
    samples = ["Fès-Meknès", "جهة سوس ماسة", "  L'Oriental ", "Laâyoune_Sakia", "أزير", "ـــتعاونيـــة"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15))) for _ in range(20000)]

    assert [fold(s) for s in samples] == [reference_fold(s) for s in samples]


def test_admin_pages_render_for_staff(client):
    coop = CooperativeFactory()
    client.force_login(make_user("staff"))

    for url in (
        reverse("admin:cooperatives_cooperative_changelist") + "?q=test&region__id__exact=9",
        reverse("admin:cooperatives_cooperative_change", args=[coop.pk]),
        reverse("admin:cooperatives_cooperative_import"),
        reverse("admin:cooperatives_cooperative_export"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_list_offers_excel_first_and_exports_excel_by_default(client, django_capture_on_commit_callbacks):
    CooperativeFactory(registration_number="RC-9")
    client.force_login(make_user("committee"))

    page = client.get(reverse("cooperatives:list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperatives:export"))

    assert 0 < page.index('id="export-xlsx"') < page.index('id="export-csv"')
    job = Job.objects.get()
    assert (job.params["format"], job.params["language"], job.result_file.name.endswith(".xlsx")) == (
        "xlsx",
        "fr",
        True,
    )
