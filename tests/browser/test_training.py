"""A trainer takes the roll call on a 375-px phone, in French, then in Arabic."""

import pytest

from tests.factories import PASSWORD, make_user
from tests.training.factories import accompanied, make_session, modules, validated_phase
from training.models import Attendance

from .conftest import has_no_horizontal_scroll, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def _open_session(trainer):
    modules()  # transactional tests flush the catalogue's data migration
    phase = validated_phase()
    accompanied(phase, participants=3)
    return make_session(phase, status="open", trainers=[trainer], enrol=True)


def test_trainer_takes_the_roll_call_on_a_phone(live_server, phone_page):
    page = phone_page
    trainer = make_user("trainer", email="trainer@test.odco.ma")
    session = _open_session(trainer)
    first, second, third = session.enrolments.order_by(
        "participant__last_name", "participant__first_name", "pk"
    )

    # French: my sessions, then the roll call of the open session.
    log_in(page, live_server, "trainer@test.odco.ma", PASSWORD)
    page.goto(f"{live_server.url}/training/my-sessions/")
    assert page.locator(f'[data-session="{session.pk}"]').is_visible()
    assert has_no_horizontal_scroll(page)
    page.click(f'[data-session="{session.pk}"] a[href$="/roll-call/"]')
    page.wait_for_load_state("networkidle")
    assert page.locator("fieldset.roll-call-row").count() == 3
    assert has_no_horizontal_scroll(page)

    # Each choice is a button wide enough for a thumb.
    present = page.locator(f'label[for="s-{first.pk}-present"]')
    assert present.bounding_box()["height"] >= 44
    present.click()
    page.click(f'label[for="s-{second.pk}-late"]')
    page.click(f'label[for="s-{third.pk}-absent"]')
    screenshot(page, "training-roll-call-fr-375")
    page.click("#save-roll-call")
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").is_visible()
    assert dict(Attendance.objects.values_list("enrolment_id", "status")) == {
        first.pk: "present",
        second.pk: "late",
        third.pk: "absent",
    }
    assert page.is_checked(f"#s-{second.pk}-late")

    # Arabic: the same page reads right to left, still without horizontal scrolling.
    page.click(".navbar-toggler")
    page.select_option("#language-select", "ar")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector('html[dir="rtl"]')
    assert "/roll-call/" in page.url
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert has_no_horizontal_scroll(page)
    page.click(f'label[for="s-{third.pk}-present"]')
    page.click("#save-roll-call")
    page.wait_for_load_state("networkidle")
    screenshot(page, "training-roll-call-ar-375")
    assert Attendance.objects.get(enrolment_id=third.pk).status == "present"
