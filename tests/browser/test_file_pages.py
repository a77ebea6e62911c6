"""The pages of issue 17's files, in Chromium at 375 and 1366 px, in French and in Arabic: the
registry import's preview of an ODS file that changes rows (each change old → new, an Arabic
value held back), and the registry list with its exports (Excel first). Nothing cut off
(the element-by-element check of `test_trust_pages`)."""

import pytest
from django.urls import reverse

from cooperatives.importing import import_apply, import_validate
from odco.roles import Role
from tests.cooperatives.files import csv_bytes, row
from tests.factories import PASSWORD, make_user
from tests.libreoffice_files import convert, needs_soffice

from .conftest import log_in, screenshot
from .test_trust_pages import CUT_OFF, LANGUAGES, WIDTHS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def page_in(browser, live_server, width, language, email):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    log_in(page, live_server, email, PASSWORD)
    return context, page


def whole(page, language, name, width):
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    screenshot(page, f"files-{name}-{language}-{width}")
    assert page.evaluate(CUT_OFF) == [], f"{name} at {width} px in {language}"


@needs_soffice
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_preview_of_an_ods_file_lists_each_change_old_and_new(
    browser, live_server, settings, tmp_path, width, language
):
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = [row("RC-B1", nom_ar="تعاونية النور", president="فاطمة أيت علي"), row("RC-B2")]
    import_apply(import_validate(csv_bytes(rows), "registry.csv"), user=None)
    rows[0].update(nom_ar="Annour", adherents="41")  # an Arabic name replaced by Latin: held back
    rows[1].update(nom="Coopérative Tifawine des femmes d'Aourir pour l'argan et les plantes")
    ods = convert(tmp_path, "registry.csv", csv_bytes(rows), "ods")
    (tmp_path / "registry.ods").write_bytes(ods)
    staff = make_user(Role.STAFF, email="agent@test.odco.ma")

    context, page = page_in(browser, live_server, width, language, staff.email)
    try:
        page.goto(f"{live_server.url}{reverse('cooperatives:import')}")
        page.set_input_files("#import-upload-form input[type=file]", str(tmp_path / "registry.ods"))
        page.click("#import-preview-button")
        page.wait_for_load_state("networkidle")

        changes = page.locator("#import-changes tbody tr")
        shown = {(r.get_attribute("data-row"), r.get_attribute("data-column")) for r in changes.all()}
        assert ("2", "adherents") in shown and ("3", "nom") in shown
        assert ("2", "nom_ar") not in shown  # held back: not a change, a warning
        assert page.locator("#import-warnings").get_by_text("Annour").count() == 1
        whole(page, language, "import-changes", width)
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_registry_list_offers_excel_first(browser, live_server, width, language):
    staff = make_user(Role.STAFF, email="agent@test.odco.ma")
    import_apply(import_validate(csv_bytes([row("RC-C1")]), "registry.csv"), user=None)

    context, page = page_in(browser, live_server, width, language, staff.email)
    try:
        page.goto(f"{live_server.url}{reverse('cooperatives:list')}")
        page.wait_for_load_state("networkidle")
        buttons = page.locator("#export-form button[type=submit]")
        assert [b.get_attribute("value") for b in buttons.all()] == ["xlsx", "csv"]
        whole(page, language, "registry-list", width)
    finally:
        context.close()
