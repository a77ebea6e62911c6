"""The mentorship workflow table, role by role, and the one service that applies it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mentoring.models import Mentorship
from mentoring.permissions import can_transition_mentorship
from mentoring.services import mentorship_transition
from mentoring.workflow import TRANSITIONS, transition_named
from odco.audit.models import AuditEntry
from odco.roles import Role
from tests.factories import make_user

from .factories import make_laureate, make_mentor, mentorship

S = Mentorship.Status
pytestmark = pytest.mark.django_db

EXPECTED = {
    "confirm": {"staff", "coordinator"},
    "start": {"staff", "coordinator", "mentor"},
    "close": {"staff", "coordinator", "mentor"},
    "cancel_proposed": {"staff", "coordinator"},
    "cancel_confirmed": {"staff", "coordinator"},
}


def test_the_table_is_the_expected_one():
    assert [(t.name, t.source, t.target) for t in TRANSITIONS] == [
        ("confirm", "proposed", "confirmed"),
        ("start", "confirmed", "active"),
        ("close", "active", "closed"),
        ("cancel_proposed", "proposed", "cancelled"),
        ("cancel_confirmed", "confirmed", "cancelled"),
    ]


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.name)
def test_every_edge_for_every_role(world, transition):
    mine = mentorship(
        make_laureate(cooperative=world.coop_in),
        make_mentor(user=world.users["mentor"]),
        status=transition.source,
    )
    someone_elses = mentorship(
        make_laureate(cooperative=world.coop_out), make_mentor(), status=transition.source
    )
    for role in Role.values:
        user = world.users[role]
        allowed = can_transition_mentorship(user, mine, transition)[0]
        assert allowed == (role in EXPECTED[transition.name]), (transition.name, role)
        # A mentor acts only on their own mentorships.
        if role == "mentor":
            assert can_transition_mentorship(user, someone_elses, transition)[0] is False
    # No step starts from another status.
    for other in TRANSITIONS:
        if other.source != transition.source:
            assert can_transition_mentorship(world.users["staff"], mine, other)[0] is False


def test_confirming_records_who_and_withdraws_the_laureates_other_proposals(
    django_capture_on_commit_callbacks,
):
    coordinator = make_user("coordinator")
    laureate = make_laureate()
    chosen = mentorship(laureate, make_mentor("Chosen"))
    other = mentorship(laureate, make_mentor("Other"))

    with django_capture_on_commit_callbacks() as callbacks:
        mentorship_transition(actor=coordinator, mentorship=chosen, name="confirm")

    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == ("confirmed", "cancelled")
    assert chosen.confirmed_at is not None
    assert other.cancel_reason == "Another mentor was confirmed."
    entries = AuditEntry.objects.filter(action__startswith="mentorship.").order_by("pk")
    assert [(e.action, e.object_id, e.from_state, e.to_state) for e in entries] == [
        ("mentorship.confirm", str(chosen.pk), "proposed", "confirmed"),
        ("mentorship.cancel_proposed", str(other.pk), "proposed", "cancelled"),
    ]
    assert len(callbacks) == 1


def test_confirming_beyond_the_mentors_capacity_is_refused_and_changes_nothing():
    coordinator = make_user("coordinator")
    mentor = make_mentor(capacity=1)
    mentorship(make_laureate(), mentor, status=S.ACTIVE)
    waiting = mentorship(make_laureate(), mentor)

    with pytest.raises(ValidationError) as refused:
        mentorship_transition(actor=coordinator, mentorship=waiting, name="confirm")

    assert refused.value.messages == ["Mentor has no free place left (1 of 1)."]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.confirmed_at) == ("proposed", None)
    assert not AuditEntry.objects.filter(action__startswith="mentorship.").exists()


def test_a_laureate_has_one_running_mentorship():
    coordinator = make_user("coordinator")
    laureate = make_laureate()
    mentorship(laureate, make_mentor("First"), status=S.ACTIVE)
    second = mentorship(laureate, make_mentor("Second"))

    with pytest.raises(ValidationError) as refused:
        mentorship_transition(actor=coordinator, mentorship=second, name="confirm")

    assert refused.value.messages == ["This laureate already has a mentor."]
    second.refresh_from_db()
    assert second.status == "proposed"


def test_cancelling_needs_a_reason_and_a_mentor_cannot_cancel():
    coordinator, mentor_user = make_user("coordinator"), make_user("mentor")
    proposal = mentorship(make_laureate(), make_mentor(user=mentor_user))

    with pytest.raises(ValidationError) as no_reason:
        mentorship_transition(actor=coordinator, mentorship=proposal, name="cancel_proposed")
    with pytest.raises(PermissionDenied) as not_theirs:
        mentorship_transition(actor=mentor_user, mentorship=proposal, name="cancel_proposed", comment="Non")

    assert no_reason.value.message_dict == {"comment": ["Give the reason."]}
    assert str(not_theirs.value) == "Your role cannot take this step."
    proposal.refresh_from_db()
    assert (proposal.status, proposal.cancel_reason) == ("proposed", "")


def test_the_mentor_starts_and_closes_their_own_mentorship():
    mentor_user = make_user("mentor")
    running = mentorship(make_laureate(), make_mentor(user=mentor_user), status=S.CONFIRMED)

    mentorship_transition(actor=mentor_user, mentorship=running, name="start", notify=False)
    mentorship_transition(actor=mentor_user, mentorship=running, name="close", notify=False)

    running.refresh_from_db()
    assert running.status == "closed"
    assert running.started_on is not None and running.closed_on is not None
    assert transition_named("close").destructive
