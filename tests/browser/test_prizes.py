"""A juror scores a finalist (desktop, French), then staff see it ranked; and the same
scoring in Arabic on a 375-px phone, right to left, without horizontal scroll."""

import pytest

from odco.roles import Role
from prizes.models import Candidacy, Score
from tests.factories import PASSWORD, CooperativeFactory, make_user, region
from tests.prizes.factories import make_candidacy, make_edition, seat

from .conftest import has_no_horizontal_scroll, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def finalist():
    edition = make_edition(year=2026)
    cooperative = CooperativeFactory(
        region=region("09"), name_fr="Coopérative Tamount", name_ar="تعاونية تامونت"
    )
    candidacy = make_candidacy(
        edition, status=Candidacy.Status.FINALIST, cooperative=cooperative, project_title="Huile d'argan"
    )
    juror = make_user(Role.JURY, email="juror@test.odco.ma", first_name="Nadia", last_name="Berrada")
    seat(edition, juror)
    return {
        "edition": edition,
        "candidacy": candidacy,
        "juror": juror,
        "criteria": list(edition.criteria.all()),
    }


def _score(page, criteria, points):
    for criterion in criteria:
        page.fill(f"#score-form [name='criterion-{criterion.pk}']", str(points))
    page.click("#save-scores")
    page.wait_for_load_state("networkidle")


def test_a_juror_scores_a_finalist_and_the_ranking_shows_it(live_server, desktop_page, finalist):
    page = desktop_page
    log_in(page, live_server, "juror@test.odco.ma", PASSWORD)

    page.goto(f"{live_server.url}/prizes/jury/")
    page.click("#jury-candidacies a")
    page.wait_for_load_state("networkidle")
    assert "Coopérative Tamount" in page.inner_text("h1")
    _score(page, finalist["criteria"], 8)

    assert page.url.endswith("/prizes/jury/")
    assert Score.objects.filter(candidacy=finalist["candidacy"]).count() == len(finalist["criteria"])
    screenshot(page, "prizes-jury-scored")

    make_user(Role.STAFF, email="staff@test.odco.ma")
    page.context.clear_cookies()
    log_in(page, live_server, "staff@test.odco.ma", PASSWORD)
    page.goto(f"{live_server.url}/prizes/editions/{finalist['edition'].pk}/ranking/")
    first_row = page.inner_text("#ranking tbody tr:first-child")
    assert "Coopérative Tamount" in first_row
    assert "80,00" in first_row  # French number format
    screenshot(page, "prizes-ranking")


def test_a_juror_scores_in_arabic_on_a_phone(live_server, phone_page, finalist):
    page = phone_page
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    log_in(page, live_server, "juror@test.odco.ma", PASSWORD)

    page.goto(f"{live_server.url}/prizes/jury/candidacies/{finalist['candidacy'].pk}/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert has_no_horizontal_scroll(page)
    screenshot(page, "prizes-score-form-ar-375")
    _score(page, finalist["criteria"], 6)

    assert has_no_horizontal_scroll(page)
    assert Score.objects.filter(candidacy=finalist["candidacy"], points=6).count() == len(
        finalist["criteria"]
    )
    screenshot(page, "prizes-jury-home-ar-375")
