"""Sessions: the concept-note gate, the workflow table per role, enrolment, coverage and closing."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from odco.audit.models import AuditEntry
from odco.roles import Role
from prizes.services import PhaseNotSchedulable
from tests.calendar_parsing import read
from tests.factories import make_user, region
from training.models import Enrolment, PhaseTraining, TrainingSession
from training.selectors import coverage_matrix
from training.services import (
    enrolment_enrol_region,
    phase_training_close,
    session_schedule,
    session_transition,
)
from training.workflow import TRANSITIONS

from .factories import accompanied, at, coordinator, make_session, modules, staff, validated_phase

pytestmark = pytest.mark.django_db


def test_sessions_cannot_be_scheduled_before_the_concept_note_is_validated():
    # given a phase whose concept note is written but not validated
    phase = validated_phase(validate=False)
    # when the coordinator plans a session
    with pytest.raises(PhaseNotSchedulable):
        session_schedule(
            actor=coordinator(),
            phase=phase,
            region=region("09"),
            modules=modules()[:1],
            starts_at=at(5, 9),
            ends_at=at(5, 17),
            venue="Agadir",
        )
    # then nothing is written
    assert TrainingSession.objects.count() == 0


def test_a_session_outside_the_phase_is_refused_on_its_field():
    phase = validated_phase()
    with pytest.raises(ValidationError) as error:
        session_schedule(
            actor=coordinator(),
            phase=phase,
            region=region("09"),
            modules=modules()[:1],
            starts_at=at(5, 9, month=9),
            ends_at=at(5, 17, month=9),
            venue="Agadir",
        )
    assert error.value.message_dict == {"ends_at": ["The session must take place during the phase."]}
    assert TrainingSession.objects.count() == 0


def test_a_session_needs_a_venue_or_a_link_and_takes_hours_from_its_modules():
    phase = validated_phase()
    with pytest.raises(ValidationError) as error:
        session_schedule(
            actor=coordinator(),
            phase=phase,
            region=region("09"),
            modules=modules()[:2],
            starts_at=at(5, 9),
            ends_at=at(5, 17),
        )
    assert error.value.message_dict == {"venue": ["Give a venue or an online link."]}
    session = session_schedule(
        actor=coordinator(),
        phase=phase,
        region=region("09"),
        modules=modules()[:2],
        starts_at=at(5, 9),
        ends_at=at(5, 17),
        online_url="https://meet.example/odco",
    )
    assert str(session.hours) == "12.0"  # financing 6 h + market access 6 h


def test_a_trainer_cannot_schedule_a_session():
    phase = validated_phase()
    with pytest.raises(PermissionDenied):
        session_schedule(
            actor=make_user(Role.TRAINER),
            phase=phase,
            region=region("09"),
            modules=modules()[:1],
            starts_at=at(5, 9),
            ends_at=at(5, 17),
            venue="Agadir",
        )
    assert TrainingSession.objects.count() == 0


ROLE_CASES = [
    (t, role) for t in TRANSITIONS for role in (Role.STAFF, Role.COORDINATOR, Role.TRAINER, Role.DELEGATION)
]


@pytest.mark.parametrize(("transition", "role"), ROLE_CASES, ids=[f"{t.name}-{r}" for t, r in ROLE_CASES])
def test_workflow_table_per_role(transition, role):
    # given a session in the transition's source state, run by the trainer
    phase = validated_phase()
    trainer = make_user(Role.TRAINER, email="runs@test.odco.ma")
    session = make_session(phase, status=transition.source, trainers=[trainer])
    actor = trainer if role == Role.TRAINER else make_user(role, region_code="09")
    allowed = role in transition.roles
    audit_before = AuditEntry.objects.count()
    # when the role takes the step
    if allowed:
        result = session_transition(actor=actor, session=session, name=transition.name, comment="Météo")
        # then the status follows the table and the step is audited
        assert result.status == transition.target
        entry = AuditEntry.objects.latest("pk")
        assert (entry.from_state, entry.to_state) == (transition.source, transition.target)
    else:
        with pytest.raises(PermissionDenied):
            session_transition(actor=actor, session=session, name=transition.name, comment="Météo")
        session.refresh_from_db()
        assert session.status == transition.source
        assert AuditEntry.objects.count() == audit_before


def test_a_trainer_cannot_hold_a_session_they_do_not_run():
    phase = validated_phase()
    session = make_session(phase, status="open")
    with pytest.raises(PermissionDenied):
        session_transition(actor=make_user(Role.TRAINER), session=session, name="hold")
    session.refresh_from_db()
    assert session.status == "open"


@pytest.mark.parametrize("source", ["held", "closed", "cancelled"])
def test_forbidden_edges_are_refused(source):
    phase = validated_phase()
    session = make_session(phase, status=source)
    with pytest.raises(PermissionDenied):
        session_transition(actor=staff(), session=session, name="open")
    session.refresh_from_db()
    assert session.status == source


def test_cancelling_needs_a_reason():
    phase = validated_phase()
    session = make_session(phase)
    with pytest.raises(ValidationError) as error:
        session_transition(actor=coordinator(), session=session, name="cancel_planned", comment=" ")
    assert error.value.message_dict == {"comment": ["Give the reason."]}
    session.refresh_from_db()
    assert session.status == "planned"


def test_enrolment_takes_participants_of_accompanied_candidacies_in_the_region_up_to_capacity():
    # given accompanied cooperatives in 09, one submitted candidacy in 09 and one accompanied in 01
    phase = validated_phase()
    accompanied(phase, region_code="09", participants=3)
    accompanied(phase, region_code="09", participants=2)
    accompanied(phase, region_code="09", participants=4, status="submitted")
    accompanied(phase, region_code="01", participants=2)
    session = make_session(phase)
    TrainingSession.objects.filter(pk=session.pk).update(capacity=4)
    # when the region is enrolled twice
    first = enrolment_enrol_region(actor=coordinator(), session=session)
    second = enrolment_enrol_region(actor=coordinator(), session=session)
    # then four of the five eligible participants get a seat, once
    assert first == (4, 1)
    assert second == (0, 1)
    assert Enrolment.objects.filter(session=session).count() == 4
    assert set(Enrolment.objects.values_list("cooperative__region__code", flat=True)) == {"09"}


def test_opening_a_session_sends_invitations_with_an_ics_once(mailoutbox, django_capture_on_commit_callbacks):
    phase = validated_phase()
    cooperative = accompanied(phase, participants=2)
    cooperative.email = "coop@example.ma"
    cooperative.save()
    session = make_session(phase, enrol=True)
    with django_capture_on_commit_callbacks(execute=True):
        session_transition(actor=coordinator(), session=session, name="open")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_enrol_region(actor=coordinator(), session=session)  # nobody new: no second mail
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["coop@example.ma"]
    name, content, mimetype = message.attachments[0]
    assert name == "session.ics"
    assert mimetype.startswith("text/calendar")
    facts = read(content)
    assert (facts.method, facts.uid) == ("REQUEST", f"training-session-{session.pk}@127.0.0.1")
    assert facts.starts_utc == datetime(2025, 5, 5, 8, tzinfo=UTC)  # 09:00 in Casablanca (UTC+1)
    assert Enrolment.objects.filter(session=session, invited_at__isnull=True).count() == 0


def test_coverage_matrix_shows_planned_held_and_missing_regions():
    phase = validated_phase()
    make_session(phase, region_code="09", status="held")
    make_session(phase, region_code="01", status="planned")
    make_session(phase, region_code="02", status="cancelled")
    matrix = coverage_matrix(phase)
    by_code = {row.region.code: row for row in matrix.rows}
    assert len(matrix.rows) == 12
    financing = matrix.modules[0]
    assert by_code["09"].cells[financing.pk] == "held"
    assert by_code["01"].cells[financing.pk] == "planned"
    assert by_code["02"].cells[financing.pk] == "missing"  # a cancelled session covers nothing
    assert by_code["09"].cells[matrix.modules[-1].pk] == "missing"  # pitching not given in 09
    assert [r.code for r in matrix.missing_regions] == [
        "02",
        "03",
        "04",
        "05",
        "06",
        "07",
        "08",
        "10",
        "11",
        "12",
    ]


def test_a_phase_with_a_region_without_session_cannot_be_closed_by_the_coordinator():
    phase = validated_phase()
    make_session(phase, region_code="09", status="held")
    with pytest.raises(PermissionDenied) as error:
        phase_training_close(actor=coordinator(), phase=phase, reason="")
    assert "only ODCO staff may close the phase" in str(error.value)
    assert PhaseTraining.objects.get(phase=phase).closed_at is None


def test_staff_close_a_phase_with_missing_regions_only_by_recording_why():
    phase = validated_phase()
    make_session(phase, region_code="09", status="held")
    with pytest.raises(ValidationError) as error:
        phase_training_close(actor=staff(), phase=phase, reason="  ")
    assert error.value.message_dict == {
        "reason": ["Some regions have no session: record why before closing the phase."]
    }
    assert PhaseTraining.objects.get(phase=phase).closed_at is None
    plan = phase_training_close(actor=staff(), phase=phase, reason="Sessions régionales fusionnées")
    assert plan.is_closed
    assert plan.missing_regions_reason == "Sessions régionales fusionnées"
    entry = AuditEntry.objects.filter(action="phase_training.close").get()
    assert entry.changes["missing_regions"][:2] == ["01", "02"]


def test_a_phase_covering_every_region_is_closed_by_the_coordinator_without_reason():
    phase = validated_phase()
    for code in [f"{n:02d}" for n in range(1, 13)]:
        make_session(phase, region_code=code, status="closed")
    plan = phase_training_close(actor=coordinator(), phase=phase)
    assert plan.is_closed
    assert plan.missing_regions_reason == ""
    # and no session can be scheduled afterwards
    with pytest.raises(ValidationError):
        make_session(phase, region_code="09")
