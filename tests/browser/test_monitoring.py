"""A cooperative fills and submits its periodic report in Arabic on a phone."""

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from monitoring.models import PeriodicReport
from monitoring.periods import QUARTERLY, last_closed
from odco.roles import Role
from tests.factories import PASSWORD, CooperativeFactory, make_user, region
from tests.monitoring.factories import full_values, make_report

from .conftest import has_no_horizontal_scroll, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_cooperative_submits_a_report_in_arabic_on_a_phone(live_server, phone_page):
    page = phone_page
    cooperative = CooperativeFactory(region=region("09"))
    make_user(Role.COOPERATIVE, cooperative=cooperative, email="cooperative@test.odco.ma")
    period = last_closed(timezone.localdate(), QUARTERLY)
    report = make_report(cooperative, period)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    log_in(page, live_server, "cooperative@test.odco.ma", PASSWORD)

    # The cooperative's space lists the report as a draft, in Arabic, right to left.
    page.goto(f"{live_server.url}/me/")
    assert page.get_attribute("html", "dir") == "rtl"
    with translation.override("ar"):
        draft, submitted = (
            str(PeriodicReport.Status.DRAFT.label),
            str(PeriodicReport.Status.SUBMITTED.label),
        )
        done = gettext("The report was submitted to the delegation.")
        title = gettext("Fill in the report")
    assert page.inner_text(f'#my-reports [data-status="{PeriodicReport.Status.DRAFT}"]').strip() == draft
    page.click(f"#my-reports a[href='/reports/{report.pk}/']")
    page.click("#report-edit")
    page.wait_for_selector("#report-form")
    assert title in page.inner_text("h1")
    assert has_no_horizontal_scroll(page)

    for name, value in full_values().items():
        if name == "online_shop__total":
            page.select_option(f"#report-form [name={name}]", value)
        else:
            page.fill(f"#report-form [name={name}]", value)
    page.fill("#report-form [name=comments]", "ربع جيد")
    screenshot(page, "monitoring-report-form-ar-375")
    page.once("dialog", lambda dialog: dialog.accept())  # "Submit the report to the delegation?"
    page.click("#report-submit")
    page.wait_for_url(f"**/reports/{report.pk}/")

    assert done in page.inner_text("main")
    badge = page.locator('[data-status="submitted"]').first
    assert badge.inner_text().strip() == submitted
    assert has_no_horizontal_scroll(page)
    screenshot(page, "monitoring-report-submitted-ar-375")
    report.refresh_from_db()
    assert (report.status, report.comments) == (PeriodicReport.Status.SUBMITTED, "ربع جيد")
    assert report.values.filter(indicator__code="revenue", breakdown="total").get().value == 100000
