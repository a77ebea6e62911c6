"""A coach records a session and a pitch simulation from a 375-px phone, in French then Arabic."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import Action, CoachingSession, PitchSimulation
from coaching.scoring import rubric_ensure
from prizes.services import phase_set
from tests.coaching.factories import assign, make_accompanied, make_coach, validate_phase
from tests.factories import PASSWORD, CooperativeFactory, make_user, region
from tests.prizes.factories import make_edition

from .conftest import has_no_horizontal_scroll, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def coached(settings):
    for name in ("results", "messages", "processed"):
        (settings.QUEUE_DIR / name).mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()
    edition = make_edition(year=today.year, with_phase=False)
    phase_set(actor=None, edition=edition, starts_on=today - timedelta(days=10))
    edition.refresh_from_db()
    validate_phase(edition.phase)
    cooperative = CooperativeFactory(region=region("09"), name_fr="Coopérative Tifawine")
    candidacy = make_accompanied(edition.phase, cooperative=cooperative)
    coach = make_coach(make_user("coach", email="coach@test.odco.ma", first_name="Hajar", last_name="Tazi"))
    assignment = assign(candidacy, coach)
    return {"today": today, "candidacy": candidacy, "assignment": assignment, "phase": edition.phase}


def test_coach_logs_a_session_and_scores_a_simulation_on_a_phone(live_server, phone_page, coached):
    page = phone_page
    today = coached["today"]
    log_in(page, live_server, "coach@test.odco.ma", PASSWORD)

    # The dashboard lists the cooperative; its file offers both forms as big buttons.
    page.goto(f"{live_server.url}/coaching/")
    assert has_no_horizontal_scroll(page)
    page.click("#my-cooperatives a")
    page.wait_for_load_state("networkidle")
    assert "Coopérative Tifawine" in page.inner_text("h1")
    page.click("#log-session")
    page.wait_for_load_state("networkidle")
    assert has_no_horizontal_scroll(page)
    screenshot(page, "coaching-session-form-375")

    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_duration_minutes", "75")
    page.check("#id_mode_1")  # phone
    page.fill("#id_topics", "Prix de revient et structure du pitch")
    page.fill("#id_notes", "Présidente motivée, trésorière à convaincre")
    page.fill("#id_action_0_title", "Calculer le prix de revient")
    page.fill("#id_action_0_due_on", (today + timedelta(days=7)).isoformat())
    page.click("#save-session")
    page.wait_for_load_state("networkidle")

    assert page.url.endswith(f"/coaching/candidacies/{coached['candidacy'].pk}/")
    assert page.locator(".alert-success").is_visible()
    session = CoachingSession.objects.get()
    assert (session.duration_minutes, session.mode, session.held_on) == (75, "phone", today)
    assert list(Action.objects.values_list("title", flat=True)) == ["Calculer le prix de revient"]
    assert "Présidente motivée" in page.inner_text("#sessions")

    # In Arabic, right to left, the coach scores a pitch simulation.
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page.click("#score-simulation")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "dir") == "rtl"
    assert has_no_horizontal_scroll(page)
    criteria = list(rubric_ensure(coached["phase"]).criteria.all())
    for criterion, points in zip(criteria, ("7", "6.5", "8", "5", "7"), strict=True):
        page.fill(f"#id_criterion_{criterion.pk}", points)
    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_feedback", "Pitch clair; chiffrer l'impact sur les adhérentes.")
    page.fill("#id_recording_url", "https://videos.example.ma/pitch-1")
    screenshot(page, "coaching-simulation-form-ar-375")
    page.click("#save-simulation")
    page.wait_for_load_state("networkidle")

    simulation = PitchSimulation.objects.get()
    assert str(simulation.total) == "67.00"
    assert page.locator("#progression-chart svg.coaching-chart").is_visible()
    assert page.locator("#progression-chart polyline").count() == 5
    assert page.locator("[data-readiness='nearly']").is_visible()
    assert has_no_horizontal_scroll(page)
    screenshot(page, "coaching-file-ar-375")
