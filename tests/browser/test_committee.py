"""The chair writes the minutes of the last meeting, records an action and validates the
minutes (desktop, French); then a member reads the validated meeting in Arabic on a
375-px phone, right to left, without horizontal scroll."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from monitoring.models import ActionItem, Meeting
from odco.roles import Role
from tests.factories import PASSWORD, make_user
from tests.monitoring.committee_factories import at, make_action, make_committee, make_meeting

from .conftest import has_no_horizontal_scroll, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def held_meeting(settings):
    for name in ("results", "messages", "processed"):
        (settings.QUEUE_DIR / name).mkdir(parents=True, exist_ok=True)
    chair = make_user(Role.COMMITTEE, email="chair@test.odco.ma", first_name="Karim", last_name="El Alaoui")
    member = make_user(Role.COMMITTEE, email="member@test.odco.ma", first_name="Rachid", last_name="Fassi")
    committee = make_committee(chair=chair, members=[member])
    september = make_meeting(
        committee, starts_at=at(2026, 9, 1), status=Meeting.Status.VALIDATED, minutes="CR"
    )
    make_action(september, title="Relancer les délégations", owner=member)
    return make_meeting(
        committee, starts_at=at(2026, 10, 6), status=Meeting.Status.HELD, title="Réunion d'octobre"
    )


def test_chair_validates_the_minutes(live_server, desktop_page, phone_page, held_meeting):
    page = desktop_page
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "chair@test.odco.ma", PASSWORD)
    page.goto(f"{live_server.url}/committee/meetings/{held_meeting.pk}/")
    assert "Réunion d'octobre" in page.inner_text("h1")
    # The open action of September is carried over to this meeting.
    assert "Relancer les délégations" in page.inner_text("#carried")

    page.fill("#id_minutes", "Le comité a examiné le tableau de bord et les notes régionales.")
    page.check("input[name=present] >> nth=0")
    page.click("#meeting-save")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=title]", "Inviter les banques partenaires")
    page.fill("input[name=due_on]", "2026-10-30")
    page.click("form[action$='/actions/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "committee-minutes-desktop")

    page.click("#step-validate")
    page.wait_for_load_state("networkidle")
    assert page.locator("#minutes-validated").is_visible()
    assert page.locator("#step-validate").count() == 0
    assert page.locator("#meeting-save").count() == 0
    held_meeting.refresh_from_db()
    assert held_meeting.status == Meeting.Status.VALIDATED
    assert held_meeting.validated_by.email == "chair@test.odco.ma"
    assert held_meeting.minutes == "Le comité a examiné le tableau de bord et les notes régionales."
    assert list(held_meeting.actions.values_list("title", "status")) == [
        ("Inviter les banques partenaires", ActionItem.Status.OPEN)
    ]

    # A member reads it in Arabic on a phone.
    phone = phone_page
    phone.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    log_in(phone, live_server, "member@test.odco.ma", PASSWORD)
    phone.goto(f"{live_server.url}/committee/meetings/{held_meeting.pk}/")
    assert phone.get_attribute("html", "dir") == "rtl"
    with translation.override("ar"):
        status = str(Meeting.Status.VALIDATED.label)
        heading = gettext("Minutes of the meeting")
    assert phone.inner_text("#meeting-status") == status
    assert heading in phone.inner_text("main")
    assert phone.locator("#step-validate").count() == 0
    assert has_no_horizontal_scroll(phone)
    screenshot(phone, "committee-meeting-phone-ar")
