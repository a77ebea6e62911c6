"""A coordinator confirms a proposed mentor for a laureate (desktop, French), then checks the
mentorship in Arabic on a 375-px phone, right to left, without horizontal scroll."""

import pytest

from mentoring.models import Mentorship
from tests.factories import PASSWORD, make_user
from tests.mentoring.factories import make_laureate, make_mentor, mentorship, set_needs

from .conftest import has_no_horizontal_scroll, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def proposed(settings):
    for name in ("results", "messages", "processed"):
        (settings.QUEUE_DIR / name).mkdir(parents=True, exist_ok=True)
    make_user("coordinator", email="coordinator@test.odco.ma")
    laureate = make_laureate(region_code="09", province="Tiznit", name_fr="Coopérative Tafsut")
    set_needs(laureate, [("finance", 1), ("quality", 2)], languages=["ar"])
    near = make_mentor(
        "Réseau des femmes du Souss", regions=(), provinces=("Tiznit",), expertise=("finance",)
    )
    other = make_mentor("Incubateur du Nord", regions=("01",), expertise=("quality",))
    return {
        "laureate": laureate,
        "chosen": mentorship(laureate, near, score="71.5"),
        "other": mentorship(laureate, other, score="20.0"),
    }


def test_coordinator_confirms_a_proposed_match(live_server, desktop_page, phone_page, proposed):
    page = desktop_page
    chosen, other = proposed["chosen"], proposed["other"]
    log_in(page, live_server, "coordinator@test.odco.ma", PASSWORD)

    page.goto(f"{live_server.url}/mentoring/laureates/{proposed['laureate'].pk}/")
    assert "Coopérative Tafsut" in page.inner_text("h1")
    # The ranking explains each mentor; the nearer one comes first.
    first_row = page.locator("#ranking-table tbody tr").first
    assert "Réseau des femmes du Souss" in first_row.inner_text()
    screenshot(page, "mentoring-match-desktop")

    page.click(f"#step-confirm-{chosen.pk}")
    page.wait_for_load_state("networkidle")

    assert page.locator(".alert-success").is_visible()
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == (Mentorship.Status.CONFIRMED, Mentorship.Status.CANCELLED)
    assert page.get_attribute(f"[data-mentorship='{chosen.pk}']", "data-status") == "confirmed"
    assert page.locator(f"#step-confirm-{other.pk}").count() == 0

    # In Arabic, on a phone, the mentorship page reads right to left and fits the screen.
    phone = phone_page
    log_in(phone, live_server, "coordinator@test.odco.ma", PASSWORD)
    phone.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    phone.goto(f"{live_server.url}/mentoring/mentorships/{chosen.pk}/")
    assert phone.get_attribute("html", "dir") == "rtl"
    assert phone.get_attribute("#mentorship-status", "data-status") == "confirmed"
    assert has_no_horizontal_scroll(phone)
    screenshot(phone, "mentoring-mentorship-ar-375")
