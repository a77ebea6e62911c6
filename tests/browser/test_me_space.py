"""The cooperative's space on a 375-px phone, in Arabic and in French: where it stands (the
journey, what comes next), its kit and certificate, a report submitted, an action marked done;
no serious or critical axe-core violation; under 300 KB transferred with assets cached."""

from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from coaching.models import Action
from monitoring.models import PeriodicReport
from monitoring.periods import QUARTERLY, last_closed
from odco.roles import Role
from tests.factories import PASSWORD, CooperativeFactory, make_user, region
from tests.me.factories import PDF, coached_action, kit_for
from tests.monitoring.factories import full_values, make_report

from .conftest import has_no_horizontal_scroll, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BUDGET = 300 * 1024
EMAIL = "membre@tifawine.test.odco.ma"


@pytest.fixture
def phone(browser):
    """A 375-px phone; CSP bypassed only so that the test can inject axe-core."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=1, bypass_csp=True, accept_downloads=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def laureate(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cooperative = CooperativeFactory(
        region=region("09"), name_fr="Coopérative Tifawine", name_ar="تعاونية تيفاوين"
    )
    item, certificate = kit_for(cooperative)
    action = coached_action(cooperative, year=2024)
    report = make_report(cooperative, last_closed(timezone.localdate(), QUARTERLY))
    make_user(Role.COOPERATIVE, cooperative=cooperative, email=EMAIL, language="ar")
    return {"item": item, "certificate": certificate, "action": action, "report": report}


def axe_violations(page) -> list[tuple[str, str]]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations.map(v => [v.id, v.impact])"
    )
    return [(rule, impact) for rule, impact in found if impact in ("serious", "critical")]


def page_weight(page, url) -> int:
    """Bytes transferred (headers and bodies) to show `url`, assets already in the cache."""
    page.goto(url)  # fills the cache
    responses = []

    def collect(response):
        responses.append(response)

    page.on("response", collect)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", collect)
    total = 0
    for response in responses:
        sizes = response.request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def in_language(language, message):
    with translation.override(language):
        return gettext(message)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_member_sees_where_the_cooperative_stands_and_does_what_is_asked(
    live_server, phone, laureate, language
):
    page = phone
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    log_in(page, live_server, EMAIL, PASSWORD)
    me = f"{live_server.url}/me/"

    # Where it stands: what comes next at the top, then the journey, in the page's language.
    page.goto(me)
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    assert page.get_attribute("html", "lang") == language
    assert in_language(language, "What comes next") in page.inner_text("#next-steps h2")
    assert page.locator("#next-steps [data-next=report]").count() == 1
    steps = {
        page.locator("#my-journey [data-step]").nth(i).get_attribute("data-step")
        for i in range(page.locator("#my-journey [data-step]").count())
    }
    assert {"candidacy", "training", "certificate", "coaching"} <= steps
    assert has_no_horizontal_scroll(page)
    screenshot(page, f"me-space-{language}-375")
    assert axe_violations(page) == []

    # The kit: the item is new until downloaded; the certificate downloads as a PDF.
    item_key = f"kititem:{laureate['item'].pk}"
    assert page.locator(f'[data-kit="{item_key}"][data-new]').count() == 1
    with page.expect_download() as download:
        page.click(f'[data-kit="{item_key}"] a')
    assert Path(download.value.path()).read_bytes() == PDF
    certificate_href = page.get_attribute(f'[data-kit="certificate:{laureate["certificate"].pk}"] a', "href")
    pdf = page.request.get(f"{live_server.url}{certificate_href}")
    assert (pdf.status, pdf.body()[:8]) == (200, b"%PDF-1.4")
    page.goto(me)
    assert page.locator(f'[data-kit="{item_key}"][data-new]').count() == 0

    # An open coaching action, marked done from the page.
    action = laureate["action"]
    page.click(f'#my-coaching-actions [data-action="{action.pk}"] button[type=submit]')
    page.wait_for_url(me)
    action.refresh_from_db()
    assert action.done_at is not None
    assert page.locator("#next-steps [data-next=action]").count() == 0

    # The report to submit: from the task list to the form, submitted to the delegation.
    report = laureate["report"]
    page.click(f'#my-tasks a[href="/reports/{report.pk}/edit/"]')
    page.wait_for_selector("#report-form")
    assert has_no_horizontal_scroll(page)
    assert axe_violations(page) == []
    for name, value in full_values().items():
        if name == "online_shop__total":
            page.select_option(f"#report-form [name={name}]", value)
        else:
            page.fill(f"#report-form [name={name}]", value)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#report-submit")
    page.wait_for_url(f"**/reports/{report.pk}/")
    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.SUBMITTED
    page.goto(me)
    assert page.locator("#my-tasks [data-task=report]").count() == 0
    assert Action.objects.filter(done_at__isnull=True).count() == 0

    # Light: under 300 KB with the assets cached; keyboard: the skip link is the first stop.
    weight = page_weight(page, me)
    print(f"/me/ ({language}): {weight} bytes transferred with assets cached")
    assert weight < BUDGET
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_kit_and_profile_pages_pass_the_accessibility_check(live_server, phone, laureate, language):
    page = phone
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    log_in(page, live_server, EMAIL, PASSWORD)
    cooperative_id = laureate["item"].phase.edition.candidacies.get().cooperative_id

    for path in ("/notifications/", f"/cooperatives/{cooperative_id}/profile/propose/"):
        page.goto(f"{live_server.url}{path}")
        assert has_no_horizontal_scroll(page), path
        assert axe_violations(page) == [], path
        assert page_weight(page, f"{live_server.url}{path}") < BUDGET, path
