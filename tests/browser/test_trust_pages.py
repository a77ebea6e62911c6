"""The pages of the "trust at the seams" work, in Chromium at 375 and 1366 px, in French and in
Arabic (right-to-left): the invitation an existing account confirms, the registry import
refusing an oversized workbook, the preview of a large file checked by a job, and the job page
of an interrupted job. On each page no element is cut off: every visible element lies inside
the viewport's width (or inside a container that scrolls sideways, such as a wide table), and
no text is clipped by its own box."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from odco.accounts.invitations import invitation_create
from odco.accounts.models import Invitation
from odco.jobs.models import Job
from odco.roles import Role
from tests.cooperatives.files import crafted_xlsx
from tests.cooperatives.test_import_limits import big_csv
from tests.factories import PASSWORD, CooperativeFactory, make_user, region

from .conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

WIDTHS = (375, 1366)
LANGUAGES = ("fr", "ar")

# Elements sticking out of the viewport or clipping their own text, outside containers that
# scroll sideways on purpose. Returns a description of each, empty when the page is whole.
CUT_OFF = """
() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      const page = p === document.documentElement || p === document.body;
      if ((o === 'auto' || o === 'scroll') && !page) return true;
    }
    return false;
  };
  const hidden = (el) => {
    const s = getComputedStyle(el);
    return s.visibility === 'hidden' || s.display === 'none'
      || el.closest('[hidden], .visually-hidden, .visually-hidden-focusable:not(:focus), .sr-only');
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'svg', 'path', 'OPTION'].includes(el.tagName) || hidden(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || scrolls(el)) continue;
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes.map((c) => '.' + c).join('');
    if (r.left < -1 || r.right > width + 1) {
      found.push(`${name} spans ${Math.round(r.left)}..${Math.round(r.right)} of ${width}`);
      continue;
    }
    const s = getComputedStyle(el);
    if ((s.overflowX === 'hidden' || s.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1
        && el.textContent.trim()) {
      found.push(`${name} clips its text (${el.scrollWidth} > ${el.clientWidth})`);
    }
  }
  return found;
}
"""


def look(browser, live_server, *, email, path, width, language, name, expect):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    try:
        log_in(page, live_server, email, PASSWORD)
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == language
        assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator(expect).first.is_visible(), f"{expect} not shown on {path}"
        screenshot(page, f"trust-{name}-{language}-{width}")
        assert page.evaluate(CUT_OFF) == [], f"{path} at {width} px in {language}"
    finally:
        context.close()


@pytest.fixture
def files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_invitation_an_existing_account_confirms(browser, live_server, width, language):
    cooperative = CooperativeFactory(
        region=region("09"), name_fr="Coopérative Tifawine", name_ar="تعاونية تيفاوين"
    )
    delegation = make_user(Role.DELEGATION, region_code="09")
    member = make_user(Role.COMMITTEE, email="comite@test.odco.ma")
    invitation_create(actor=delegation, cooperative=cooperative, email=member.email)
    invitation = Invitation.objects.get(user=member)

    look(
        browser,
        live_server,
        email=member.email,
        path=reverse("invitations:confirm", args=[invitation.pk]),
        width=width,
        language=language,
        name="invitation",
        expect="main form button[type=submit]",
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_import_refusing_a_huge_workbook_and_the_preview_of_a_large_file(
    browser, live_server, client, files, width, language
):
    staff = make_user(Role.STAFF, email="agent@test.odco.ma")
    client.force_login(staff)
    client.post(reverse("cooperatives:import"), {"file": SimpleUploadedFile("national.csv", big_csv())})
    job = Job.objects.get(kind="cooperatives.import_preview")
    assert job.status == Job.Status.SUCCEEDED

    look(
        browser,
        live_server,
        email=staff.email,
        path=job.result_url,
        width=width,
        language=language,
        name="import-preview",
        expect="#import-preview",
    )

    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    try:
        log_in(page, live_server, staff.email, PASSWORD)
        page.goto(f"{live_server.url}{reverse('cooperatives:import')}")
        huge = crafted_xlsx(200_000, columns=14, data_rows=10)  # declares 2.8 million cells
        page.set_input_files(
            "input[type=file]",
            files=[{"name": "huge.xlsx", "mimeType": "application/octet-stream", "buffer": huge}],
        )
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        error = page.locator("main .invalid-feedback, main .errorlist, main .alert-danger").first
        assert error.is_visible()
        assert "1" in error.inner_text()  # names the figures
        screenshot(page, f"trust-import-refused-{language}-{width}")
        assert page.evaluate(CUT_OFF) == []
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_of_an_interrupted_job(browser, live_server, settings, width, language):
    staff = make_user(Role.STAFF, email="agent@test.odco.ma")
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.ODCO_JOB_STALE_SECONDS * 3)
    job = Job.objects.create(
        kind="cooperatives.import",
        label="Import national.csv",
        status=Job.Status.RUNNING,
        done=66,
        total=100,
        created_by=staff,
        started_at=long_ago,
        heartbeat_at=long_ago,
        sent_at=long_ago,
        task_name="odco.tasks.noop",
    )

    look(
        browser,
        live_server,
        email=staff.email,
        path=reverse("jobs:detail", args=[job.pk]),
        width=width,
        language=language,
        name="job-interrupted",
        expect="main form button[type=submit]",
    )
