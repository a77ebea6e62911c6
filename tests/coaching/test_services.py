"""Assignments, sessions and actions through the services: rules, refusals, audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching.models import Action, Assignment, CoachingSession
from coaching.services import (
    AgreedAction,
    action_mark_done,
    assignment_create,
    assignment_end,
    session_log,
)
from odco.audit.models import AuditEntry
from odco.roles import Role
from prizes.models import Candidacy
from prizes.services import PhaseNotSchedulable
from tests.factories import make_user

from .factories import assign, make_accompanied, make_coach, make_phase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_window")]


def _session(assignment, actor, **kw):
    data = {
        "held_on": date(2025, 5, 20),
        "duration_minutes": 90,
        "mode": CoachingSession.Mode.PHONE,
        "topics": "Pitch, prix de revient",
        "notes": "Présidente hésitante",
        "actions": [AgreedAction("Calculer le prix de revient", Action.Owner.COOPERATIVE, date(2025, 5, 27))],
    }
    data.update(kw)
    return session_log(actor=actor, assignment=assignment, **data)


def test_coordinator_assigns_a_coach_to_an_accompanied_candidacy():
    phase = make_phase()
    candidacy = make_accompanied(phase)
    coach = make_coach()
    coordinator = make_user(Role.COORDINATOR)

    assignment = assignment_create(actor=coordinator, candidacy=candidacy, coach=coach)

    assert (assignment.candidacy, assignment.coach, assignment.is_active) == (candidacy, coach, True)
    assert assignment.window == (date(2025, 5, 1), date(2025, 6, 15))
    entry = AuditEntry.objects.get(action="coaching.coach_assigned")
    assert (entry.actor, entry.object_id) == (coordinator, str(assignment.pk))


def test_assignment_is_refused_before_the_concept_note_is_validated():
    phase = make_phase(validated=False)
    candidacy = make_accompanied(phase)

    with pytest.raises(PhaseNotSchedulable):
        assignment_create(actor=make_user(Role.COORDINATOR), candidacy=candidacy, coach=make_coach())

    assert Assignment.objects.count() == 0


@pytest.mark.parametrize("status", [Candidacy.Status.SUBMITTED, Candidacy.Status.LAUREATE])
def test_only_accompanied_candidacies_are_coached(status):
    candidacy = make_accompanied(make_phase(), status=status)

    with pytest.raises(PermissionDenied, match="Only accompanied candidacies are coached."):
        assignment_create(actor=make_user(Role.COORDINATOR), candidacy=candidacy, coach=make_coach())

    assert Assignment.objects.count() == 0


def test_coach_cannot_assign_and_the_same_coach_twice_is_refused():
    candidacy = make_accompanied(make_phase())
    coach = make_coach()
    with pytest.raises(PermissionDenied, match="Only the programme coordinator assigns coaches."):
        assignment_create(actor=coach.user, candidacy=candidacy, coach=coach)
    coordinator = make_user(Role.COORDINATOR)
    assignment_create(actor=coordinator, candidacy=candidacy, coach=coach)

    with pytest.raises(ValidationError) as refused:
        assignment_create(actor=coordinator, candidacy=candidacy, coach=coach)

    assert refused.value.message_dict == {"coach": ["This coach is already assigned to this candidacy."]}
    assert Assignment.objects.count() == 1


def test_unavailable_coach_is_refused():
    candidacy = make_accompanied(make_phase())
    coach = make_coach(is_available=False)

    with pytest.raises(ValidationError) as refused:
        assignment_create(actor=make_user(Role.COORDINATOR), candidacy=candidacy, coach=coach)

    assert refused.value.message_dict == {"coach": ["This coach is not available for new assignments."]}
    assert Assignment.objects.count() == 0


def test_ended_assignment_resumes_with_its_history():
    candidacy = make_accompanied(make_phase())
    coach = make_coach()
    coordinator = make_user(Role.COORDINATOR)
    first = assignment_create(actor=coordinator, candidacy=candidacy, coach=coach)
    _session(first, coach.user)
    assignment_end(actor=coordinator, assignment=first)

    again = assignment_create(actor=coordinator, candidacy=candidacy, coach=coach)

    assert again.pk == first.pk
    assert again.is_active is True
    assert again.sessions.count() == 1


def test_coach_logs_a_session_with_agreed_actions():
    phase = make_phase()
    coach = make_coach()
    assignment = assign(make_accompanied(phase), coach)

    session = _session(
        assignment,
        coach.user,
        actions=[
            AgreedAction("Calculer le prix de revient", Action.Owner.COOPERATIVE, date(2025, 5, 27)),
            AgreedAction("Envoyer le modèle de pitch", Action.Owner.COACH, date(2025, 5, 22)),
        ],
    )

    assert (session.duration_minutes, session.mode, session.notes) == (90, "phone", "Présidente hésitante")
    assert list(session.actions.values_list("title", "owner", "due_on", "candidacy_id")) == [
        ("Envoyer le modèle de pitch", "coach", date(2025, 5, 22), assignment.candidacy_id),
        ("Calculer le prix de revient", "cooperative", date(2025, 5, 27), assignment.candidacy_id),
    ]
    assert session.hours == pytest.approx(1.5)
    assert AuditEntry.objects.filter(action="coaching.session_logged", object_id=str(session.pk)).count() == 1


def test_session_outside_the_coaching_window_is_refused_with_the_field():
    coach = make_coach()
    assignment = assign(make_accompanied(make_phase()), coach)

    with pytest.raises(ValidationError) as refused:
        _session(assignment, coach.user, held_on=date(2025, 6, 16))

    assert refused.value.message_dict == {
        "held_on": ["Choose a date within the coaching window, 01/05/2025 to 15/06/2025."]
    }
    assert CoachingSession.objects.count() == 0


def test_action_due_before_the_session_writes_nothing():
    coach = make_coach()
    assignment = assign(make_accompanied(make_phase()), coach)

    with pytest.raises(ValidationError) as refused:
        _session(assignment, coach.user, actions=[AgreedAction("Avant", "coach", date(2025, 5, 19))])

    assert refused.value.message_dict == {"action_0_due_on": ["An action cannot be due before the session."]}
    assert (CoachingSession.objects.count(), Action.objects.count()) == (0, 0)


def test_only_the_assigned_coach_logs_and_not_after_the_assignment_ended():
    coach = make_coach()
    other = make_coach()
    assignment = assign(make_accompanied(make_phase()), coach)

    with pytest.raises(
        PermissionDenied, match="Only the coach assigned to this candidacy records its sessions."
    ):
        _session(assignment, other.user)
    with pytest.raises(PermissionDenied):
        _session(assignment, make_user(Role.COORDINATOR))
    assignment_end(actor=make_user(Role.COORDINATOR), assignment=assignment)
    assignment.refresh_from_db()
    with pytest.raises(PermissionDenied, match="This assignment has ended."):
        _session(assignment, coach.user)

    assert CoachingSession.objects.count() == 0


def test_cooperative_marks_its_own_action_done_but_not_another_cooperatives():
    phase = make_phase()
    coach = make_coach()
    candidacy = make_accompanied(phase)
    session = _session(assign(candidacy, coach), coach.user)
    action = session.actions.get()
    member = make_user(Role.COOPERATIVE, cooperative=candidacy.cooperative)
    stranger = make_user(Role.COOPERATIVE, cooperative=make_accompanied(phase).cooperative)

    with pytest.raises(PermissionDenied):
        action_mark_done(actor=stranger, action=action)
    action.refresh_from_db()
    assert action.done_at is None

    action_mark_done(actor=member, action=action)

    action.refresh_from_db()
    assert action.done_by == member
    assert action.done_at is not None
    with pytest.raises(PermissionDenied, match="This action is already done."):
        action_mark_done(actor=coach.user, action=action)
