"""The admin: every mentoring model's list and change pages render; steps go through the service."""

import pytest
from django.urls import reverse

from mentoring.models import (
    Evaluation,
    Meeting,
    Mentor,
    Mentorship,
    Need,
    NeedsProfile,
    Objective,
    ObjectiveProgress,
)
from odco.audit.models import AuditEntry
from tests.factories import make_user

from .factories import make_laureate, make_mentor, mentorship, set_needs

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_user("staff"))
    return client


def test_every_model_has_a_list_and_change_page(staff_client):
    laureate = make_laureate()
    set_needs(laureate, [("finance", 1)])
    running = mentorship(laureate, make_mentor(user=make_user("mentor")), status=Mentorship.Status.CLOSED)
    objective = running.objectives.create(title="Label", target_date="2026-06-01")
    meeting = Meeting.objects.create(mentorship=running, held_on="2026-01-10", topics="Suivi")
    ObjectiveProgress.objects.create(meeting=meeting, objective=objective, progress=50)
    Evaluation.objects.create(mentorship=running, side="mentor", rating=4, comment="Bien")

    for model in (Mentor, NeedsProfile, Need, Mentorship, Objective, Meeting, ObjectiveProgress, Evaluation):
        name = model._meta.model_name
        obj = model.objects.first()
        assert staff_client.get(reverse(f"admin:mentoring_{name}_changelist")).status_code == 200, name
        assert (
            staff_client.get(reverse(f"admin:mentoring_{name}_change", args=[obj.pk])).status_code == 200
        ), name


def test_the_confirm_action_goes_through_the_service_and_refuses_all_or_nothing(staff_client):
    mentor = make_mentor(capacity=1)
    first, second = mentorship(make_laureate(), mentor), mentorship(make_laureate(), mentor)
    url = reverse("admin:mentoring_mentorship_changelist")

    refused = staff_client.post(url, {"action": "step_confirm", "_selected_action": [first.pk, second.pk]})
    accepted = staff_client.post(url, {"action": "step_confirm", "_selected_action": [first.pk]})

    assert refused.status_code == accepted.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "proposed")
    assert list(
        AuditEntry.objects.filter(action="mentorship.confirm").values_list("object_id", flat=True)
    ) == [str(first.pk)]
