"""Pages: directory filters, matching and proposing, confirming, needs, cohort, region, /me/,
meeting log. Pages answer in French by default: compare with `fr()`."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from mentoring.models import Meeting, Mentorship, NeedsProfile
from tests.factories import make_user

from .factories import edition_2024, make_laureate, make_mentor, mentorship, set_needs

S = Mentorship.Status
pytestmark = pytest.mark.django_db


def fr(message: str) -> str:
    """`message` as a French page shows it, escaped (the msgid itself until it is translated)."""
    with translation.override("fr"):
        return escape(translation.gettext(message))


def rows(response, attribute="data-mentor"):
    import re

    return [int(pk) for pk in re.findall(rf'{attribute}="(\d+)"', response.content.decode())]


def test_the_directory_filters_by_region_expertise_and_language(client):
    client.force_login(make_user("coordinator"))
    souss = make_mentor("Souss finance", regions=("09",), expertise=("finance",), languages=("zgh",))
    make_mentor("Souss qualité", regions=("09",), expertise=("quality",), languages=("fr",))
    make_mentor("Tanger finance", regions=("01",), expertise=("finance",), languages=("zgh",))

    response = client.get(
        reverse("mentoring:directory"), {"region": "09", "expertise": "finance", "language": "zgh"}
    )

    assert response.status_code == 200
    assert rows(response) == [souss.pk]


def test_the_delegation_sees_the_mentors_of_its_region_only(client):
    client.force_login(make_user("delegation", region_code="09"))
    inside = make_mentor("Souss", regions=("09",))
    make_mentor("Tanger", regions=("01",))

    assert rows(client.get(reverse("mentoring:directory"))) == [inside.pk]


def test_the_coordinator_proposes_the_best_ranked_mentor_then_confirms_it(client):
    client.force_login(make_user("coordinator"))
    laureate = make_laureate(region_code="09", province="Tiznit")
    set_needs(laureate, [("finance", 1)])
    far = make_mentor("Loin", regions=("01",))
    near = make_mentor("Proche", provinces=("Tiznit",), regions=())
    url = reverse("mentoring:match", args=[laureate.pk])

    page = client.get(url)
    proposed = client.post(url, {"mentor": near.pk})
    proposal = Mentorship.objects.get()
    confirmed = client.post(
        reverse("mentoring:transition", args=[proposal.pk]), {"name": "confirm", "next": url}
    )

    assert rows(page)[:2] == [near.pk, far.pk]
    assert fr("works in the laureate's province") in page.content.decode()
    assert proposed.status_code == 302
    assert confirmed.status_code == 302 and confirmed["Location"] == url
    proposal.refresh_from_db()
    assert (proposal.mentor_id, proposal.status) == (near.pk, "confirmed")


def test_confirming_a_full_mentor_answers_400_with_the_reason_and_changes_nothing(client):
    client.force_login(make_user("coordinator"))
    mentor = make_mentor("Complet", capacity=1)
    mentorship(make_laureate(), mentor, status=S.ACTIVE)
    waiting = mentorship(make_laureate(), mentor)

    response = client.post(reverse("mentoring:transition", args=[waiting.pk]), {"name": "confirm"})

    assert response.status_code == 400
    with translation.override("fr"):
        expected = translation.gettext("%(mentor)s has no free place left (%(taken)s of %(capacity)s).") % {
            "mentor": "Complet",
            "taken": 1,
            "capacity": 1,
        }
    assert escape(expected) in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "proposed"


def test_the_needs_form_saves_priorities_and_languages(client):
    client.force_login(make_user("delegation", region_code="09"))
    laureate = make_laureate(region_code="09")

    response = client.post(
        reverse("mentoring:needs", args=[laureate.pk]),
        {"need_finance": "1", "need_digital": "3", "languages": ["ar", "zgh"], "notes": "Export"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:region", args=["09"])
    profile = NeedsProfile.objects.get(candidacy=laureate)
    assert sorted(profile.needs.values_list("area", "priority")) == [("digital", 3), ("finance", 1)]
    assert (profile.languages, profile.notes) == (["ar", "zgh"], "Export")


def test_the_cohort_page_shows_the_plan_and_the_unmatched_with_their_reason(client):
    client.force_login(make_user("coordinator"))
    edition = edition_2024()
    near = make_laureate(region_code="09", edition=edition)
    far = make_laureate(region_code="12", edition=edition)
    make_mentor("Souss", regions=("09",))

    page = client.get(reverse("mentoring:cohort"), {"edition": edition.pk})
    proposed = client.post(reverse("mentoring:cohort"), {"edition": edition.pk, "region": ""})

    assert page.status_code == 200
    content = page.content.decode()
    assert rows(page, "data-laureate")[:2] == [near.pk, far.pk]
    assert fr("No available mentor works in or next to its region.") in content
    assert proposed.status_code == 302
    assert list(Mentorship.objects.values_list("candidacy_id", "status")) == [(near.pk, "proposed")]


def test_the_region_page_and_me_show_the_mentorship(client):
    laureate = make_laureate(region_code="09")
    running = mentorship(laureate, make_mentor("Réseau Souss"), status=S.ACTIVE)
    mentorship(make_laureate(region_code="01"), make_mentor("Réseau Nord", regions=("01",)), status=S.ACTIVE)

    client.force_login(make_user("delegation", region_code="09"))
    region = client.get(reverse("mentoring:region", args=["09"]))
    client.force_login(make_user("cooperative", cooperative=laureate.cooperative))
    me = client.get("/me/")

    assert rows(region, "data-mentorship") == [running.pk]
    assert "Réseau Nord" not in region.content.decode()
    assert rows(me, "data-mentorship") == [running.pk]


@time_machine.travel("2026-03-10 10:00 +01:00", tick=False)
def test_the_mentor_logs_a_meeting_from_the_form(client):
    mentor_user = make_user("mentor")
    running = mentorship(
        make_laureate(), make_mentor(user=mentor_user), status=S.ACTIVE, started_on=date(2026, 3, 1)
    )
    objective = running.objectives.create(title="Label bio", target_date=date(2026, 6, 1))
    client.force_login(mentor_user)

    response = client.post(
        reverse("mentoring:meeting_new", args=[running.pk]),
        {"held_on": "2026-03-09", "mode": "phone", "topics": "Dossier", f"objective_{objective.pk}": "30"},
    )

    assert response.status_code == 302
    assert list(Meeting.objects.values_list("held_on", "mode", "topics")) == [
        (date(2026, 3, 9), "phone", "Dossier")
    ]
    objective.refresh_from_db()
    assert objective.progress == 30
