"""A delegation uploads a registry file in Arabic on a phone: preview, confirm, progress."""

import pytest

from cooperatives.models import Cooperative
from odco.jobs.models import Job
from tests.factories import PASSWORD, make_user

from .conftest import has_no_horizontal_scroll, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

CSV = (
    "numero_immatriculation;nom;nom_ar;region;province;secteur;date_creation;adherents;adherents_femmes;telephone\n"
    "BR-001;Coopérative Amal;تعاونية الأمل;Souss-Massa;Tiznit;argan;14/03/2016;20;18;06 61 23 45 67\n"
    "BR-002;Coopérative Nour;تعاونية النور;MA-09;;Artisanat;2019-05-02;12;4;pas un numéro\n"
)


def test_upload_preview_and_progress_in_arabic_on_a_phone(live_server, phone_page, tmp_path):
    page = phone_page
    make_user("delegation", region_code="09", email="delegation@test.odco.ma")
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "delegation@test.odco.ma")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")

    path = tmp_path / "registre.csv"
    path.write_text(CSV, encoding="utf-8")
    page.goto(f"{live_server.url}/cooperatives/import/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.set_input_files("#import-file", str(path))
    page.click("#import-preview-button")
    page.wait_for_selector("#import-preview")

    preview = page.locator("#import-preview")
    assert preview.get_attribute("data-errors") == "0"
    assert preview.get_attribute("data-warnings") == "1"  # the bad phone is left empty, the row kept
    assert "2" in page.inner_text("#import-count-create")
    assert "pas un numéro" in page.inner_text("#import-warnings")
    assert Cooperative.objects.filter(registration_number__startswith="BR-").count() == 0  # nothing yet
    assert has_no_horizontal_scroll(page)
    screenshot(page, "registry-import-preview-ar-375")

    page.click("#import-confirm")
    page.wait_for_url("**/jobs/**")
    page.wait_for_selector('#job-progress[data-status="succeeded"]', timeout=20_000)
    assert page.get_attribute("progress.job-progress", "value") == "100"
    assert has_no_horizontal_scroll(page)
    screenshot(page, "registry-import-done-ar-375")

    assert set(
        Cooperative.objects.filter(registration_number__startswith="BR-").values_list(
            "registration_number", "phone"
        )
    ) == {("BR-001", "+212661234567"), ("BR-002", "")}
    assert Job.objects.get().status == Job.Status.SUCCEEDED
