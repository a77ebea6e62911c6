import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from odco.jobs.models import Job
from odco.jobs.services import job_create, job_fail, job_progress, job_start, job_succeed
from odco.pdf import render_pdf
from odco.scoping import scope
from tests.factories import CooperativeFactory, make_user, region

pytestmark = pytest.mark.django_db


def test_pdf_renders_pages_with_french_text_and_an_arabic_font():
    pages = [
        {"heading": "Certificat de participation", "heading_ar": "شهادة المشاركة"},
        {"heading": "Coopérative Tifawine", "heading_ar": "تعاونية تيفاوين"},
    ]
    pdf = render_pdf("odco/pdf/sample.html", {"title": "Essai", "pages": pages}, language="fr")

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert "Certificat de participation" in reader.pages[0].extract_text()
    assert "Coopérative Tifawine" in reader.pages[1].extract_text()
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Amiri" in name for name in fonts), fonts


def test_job_progress_is_polled_until_finished(client):
    user = make_user("coordinator")
    job = job_create(kind="test", user=user, label="Import", total=200)
    job_start(job_id=job.pk)
    job_progress(job_id=job.pk, done=50)
    client.force_login(user)

    running = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert 'value="25"' in running
    assert 'hx-trigger="every 1s"' in running

    job_succeed(job_id=job.pk, result={"created": 200}, file_name="rejets.csv", file_content=b"a,b\n")
    finished = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert 'value="100"' in finished
    assert "hx-trigger" not in finished
    assert reverse("jobs:download", args=[job.pk]) in finished
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"a,b\n"


def test_rerunning_a_job_replaces_its_file():
    job = job_create(kind="test", user=None)
    job_succeed(job_id=job.pk, file_name="r.csv", file_content=b"one")
    first = Job.objects.get(pk=job.pk).result_file.name
    job_succeed(job_id=job.pk, file_name="r.csv", file_content=b"two")
    job.refresh_from_db()
    assert job.result_file.read() == b"two"
    assert not job.result_file.storage.exists(first) or first == job.result_file.name


def test_failed_job_shows_its_message(client):
    user = make_user("staff")
    job = job_create(kind="test", user=user)
    job_fail(job_id=job.pk, message="Ligne 3 : région inconnue")
    client.force_login(user)
    body = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Ligne 3 : région inconnue" in body
    assert "hx-trigger" not in body


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (("staff",), {"in", "out"}),
        (("committee",), {"in", "out"}),
        (("coordinator",), {"in", "out"}),
        (("delegation",), {"in"}),
        (("cooperative",), {"in"}),
        (("coach",), set()),
        (("trainer", "mentor", "jury"), set()),
        ((), set()),
    ],
)
def test_scope_of_cooperatives_by_role(roles, expected):
    from cooperatives.models import Cooperative

    coop_in = CooperativeFactory(region=region("09"))
    coop_out = CooperativeFactory(region=region("01"))
    user = make_user(*roles, region_code="09", cooperative=coop_in)
    visible = set(scope(user, Cooperative.objects.all()).values_list("pk", flat=True))
    names = {coop_in.pk: "in", coop_out.pk: "out"}
    assert {names[pk] for pk in visible} == expected


def test_inactive_users_see_nothing():
    from cooperatives.models import Cooperative

    CooperativeFactory()
    user = make_user("staff")
    user.is_active = False
    assert scope(user, Cooperative.objects.all()).count() == 0
