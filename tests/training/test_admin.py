"""The admin: every training model's list and change pages render; workflow actions use the service."""

import pytest
from django.urls import reverse
from django.utils import timezone

from odco.audit.models import AuditEntry
from odco.roles import Role
from tests.factories import make_user
from training.models import (
    Attendance,
    CalendarFeed,
    Certificate,
    Enrolment,
    Evaluation,
    KitDelivery,
    KitItem,
    PhaseTraining,
    TrainingModule,
    TrainingSession,
)
from training.services import certificate_batch_issue, phase_training

from .factories import accompanied, coordinator, make_session, mark, validated_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(Role.STAFF))
    return client


def test_every_model_has_a_list_and_change_page(staff_client):
    phase = validated_phase()
    accompanied(phase, participants=1)
    session = make_session(phase, status="held", enrol=True)
    enrolment = session.enrolments.get()
    mark(session, {enrolment.participant_id: "present"})
    Evaluation.objects.create(enrolment=enrolment, pre_score=40, post_score=70, satisfaction=5)
    item = KitItem.objects.create(
        phase=phase, kind="link", title="Guide", url="https://odco.example.ma/guide"
    )
    KitDelivery.objects.create(item=item, participant=enrolment.participant, delivered_at=timezone.now())
    phase_training(phase)
    certificate_batch_issue(actor=coordinator(), phase=phase)
    CalendarFeed.objects.create(user=coordinator())
    models = (
        TrainingModule,
        TrainingSession,
        Enrolment,
        Attendance,
        Evaluation,
        PhaseTraining,
        KitItem,
        KitDelivery,
        Certificate,
        CalendarFeed,
    )

    for model in models:
        name = model._meta.model_name
        obj = model.objects.first()
        assert obj is not None, name
        assert staff_client.get(reverse(f"admin:training_{name}_changelist")).status_code == 200, name
        assert staff_client.get(reverse(f"admin:training_{name}_change", args=[obj.pk])).status_code == 200, (
            name
        )


def test_workflow_actions_go_through_the_service_and_only_from_their_state(staff_client):
    phase = validated_phase()
    planned = make_session(phase, day=5)
    held = make_session(phase, day=6, status="held")
    url = reverse("admin:training_trainingsession_changelist")

    staff_client.post(url, {"action": "open_sessions", "_selected_action": [planned.pk, held.pk]})
    staff_client.post(url, {"action": "close_sessions", "_selected_action": [planned.pk, held.pk]})

    assert dict(TrainingSession.objects.values_list("pk", "status")) == {
        planned.pk: "open",
        held.pk: "closed",
    }
    assert AuditEntry.objects.filter(action="training_session.open", object_id=str(planned.pk)).exists()
    assert AuditEntry.objects.filter(action="training_session.close", object_id=str(held.pk)).exists()
