"""The admin: every coaching model's list and change pages render; actions go through the services."""

from datetime import date

import pytest
from django.urls import reverse

from coaching.models import (
    Action,
    Assignment,
    CoachingSession,
    CoachProfile,
    PitchScore,
    PitchSimulation,
    Rubric,
    RubricCriterion,
)
from coaching.scoring import simulation_record
from coaching.services import AgreedAction, session_log
from odco.audit.models import AuditEntry
from odco.roles import Role
from tests.factories import make_user

from .factories import assign, make_accompanied, make_coach, make_phase, scores_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(Role.STAFF))
    return client


def _coached(in_window):
    phase = make_phase()
    coach = make_coach()
    assignment = assign(make_accompanied(phase), coach)
    session_log(
        actor=coach.user,
        assignment=assignment,
        held_on=date(2025, 5, 12),
        duration_minutes=60,
        mode="video",
        topics="Pitch",
        actions=[AgreedAction(title="Fiche produit", owner="cooperative", due_on=date(2025, 5, 30))],
    )
    simulation_record(
        actor=coach.user,
        assignment=assignment,
        held_on=date(2025, 5, 13),
        points=scores_for(phase, 3, 3, 3, 3, 3),
        feedback="Clair",
    )
    return assignment


def test_every_model_has_a_list_and_change_page(staff_client, in_window):
    _coached(in_window)
    models = (
        CoachProfile,
        Assignment,
        CoachingSession,
        Action,
        Rubric,
        RubricCriterion,
        PitchSimulation,
        PitchScore,
    )

    for model in models:
        name = model._meta.model_name
        obj = model.objects.first()
        assert obj is not None, name
        assert staff_client.get(reverse(f"admin:coaching_{name}_changelist")).status_code == 200, name
        assert staff_client.get(reverse(f"admin:coaching_{name}_change", args=[obj.pk])).status_code == 200, (
            name
        )


def test_the_admin_actions_go_through_the_services_and_are_audited(staff_client, in_window):
    assignment = _coached(in_window)
    action = Action.objects.get()

    staff_client.post(
        reverse("admin:coaching_action_changelist"), {"action": "mark_done", "_selected_action": [action.pk]}
    )
    staff_client.post(
        reverse("admin:coaching_assignment_changelist"),
        {"action": "end_assignments", "_selected_action": [assignment.pk]},
    )

    action.refresh_from_db()
    assignment.refresh_from_db()
    assert action.done_at is not None and not assignment.is_active
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "coaching.action_done",
        "coaching.assignment_ended",
    }


def test_non_staff_cannot_reach_the_coaching_admin(client):
    client.force_login(make_user(Role.COACH))
    response = client.get(reverse("admin:coaching_assignment_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
