"""The candidacy workflow table, walked edge by edge for every role."""

import pytest
from django.core import mail

from odco.audit.models import AuditEntry
from odco.roles import Role
from prizes.models import Candidacy
from prizes.services import TransitionRefused, candidacy_transition
from prizes.workflow import TRANSITIONS, transitions_from
from tests.factories import make_user
from tests.permission_table import ALL_ROLES

from .factories import make_candidacy

pytestmark = pytest.mark.django_db
S = Candidacy.Status

EDGES = [(t, role) for t in TRANSITIONS for role in ALL_ROLES]


def _audits(candidacy):
    return AuditEntry.objects.filter(object_id=str(candidacy.pk), action__startswith="candidacy.").exclude(
        action="candidacy.create"
    )


def _snapshot(candidacy):
    candidacy.refresh_from_db()
    return (candidacy.status, candidacy.submitted_at, candidacy.updated_at, _audits(candidacy).count())


@pytest.mark.parametrize(("transition", "role"), EDGES, ids=[f"{t.name}-{r}" for t, r in EDGES])
def test_each_edge_of_the_table_for_each_role(transition, role, world):
    # given a candidacy of the user's own cooperative, in the edge's source status
    candidacy = make_candidacy(status=transition.source, cooperative=world.coop_in)
    user = world.user(role)
    comment = "Justification écrite" if transition.needs_comment else ""
    before = _snapshot(candidacy)

    if role in transition.roles:
        # when an allowed role takes the step, then the status moves and the move is audited
        candidacy_transition(actor=user, candidacy=candidacy, name=transition.name, comment=comment)
        candidacy.refresh_from_db()
        assert candidacy.status == transition.target
        entry = _audits(candidacy).get()
        assert (entry.actor, entry.from_state, entry.to_state) == (user, transition.source, transition.target)
        assert entry.message == comment
    else:
        # when any other role tries, then it is refused and nothing changes
        with pytest.raises(TransitionRefused):
            candidacy_transition(actor=user, candidacy=candidacy, name=transition.name, comment=comment)
        assert _snapshot(candidacy) == before


@pytest.mark.parametrize("status", list(S.values))
def test_steps_not_in_the_table_are_refused_even_for_staff(status, world):
    candidacy = make_candidacy(status=status, cooperative=world.coop_in)
    allowed = {t.name for t in transitions_from(status)}
    before = _snapshot(candidacy)
    for transition in TRANSITIONS:
        if transition.name in allowed:
            continue
        with pytest.raises(TransitionRefused):
            candidacy_transition(
                actor=world.user(Role.STAFF), candidacy=candidacy, name=transition.name, comment="x"
            )
    with pytest.raises(TransitionRefused):
        candidacy_transition(actor=world.user(Role.STAFF), candidacy=candidacy, name="no_such_step")
    assert _snapshot(candidacy) == before


def test_a_cooperative_cannot_act_on_another_cooperatives_candidacy(world):
    candidacy = make_candidacy(status=S.DRAFT, cooperative=world.coop_out)
    before = _snapshot(candidacy)

    with pytest.raises(TransitionRefused) as refused:
        candidacy_transition(actor=world.user(Role.COOPERATIVE), candidacy=candidacy, name="submit")

    assert "Your role may not take this step" in str(refused.value.reason)
    assert _snapshot(candidacy) == before


def test_a_step_that_needs_a_justification_refuses_an_empty_one(world):
    candidacy = make_candidacy(status=S.ACCOMPANIED, cooperative=world.coop_in)
    before = _snapshot(candidacy)

    with pytest.raises(Exception) as error:
        candidacy_transition(
            actor=world.user(Role.STAFF), candidacy=candidacy, name="leave_out", comment="  "
        )

    assert error.value.message_dict == {"comment": ["A written justification is required for this step."]}
    assert _snapshot(candidacy) == before


def test_an_inactive_staff_account_is_refused(world):
    staff = make_user(Role.STAFF, is_active=False)
    candidacy = make_candidacy(status=S.DRAFT, cooperative=world.coop_in)

    with pytest.raises(TransitionRefused):
        candidacy_transition(actor=staff, candidacy=candidacy, name="submit")

    assert _snapshot(candidacy)[0] == S.DRAFT


def test_submission_records_the_time_and_notifies_the_cooperative_after_commit(
    world, django_capture_on_commit_callbacks
):
    world.coop_in.email = "contact@coop.example"
    world.coop_in.save()
    candidacy = make_candidacy(status=S.DRAFT, cooperative=world.coop_in)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        candidacy_transition(actor=world.user(Role.COOPERATIVE), candidacy=candidacy, name="submit")
        assert mail.outbox == []  # nothing is sent before the commit

    candidacy.refresh_from_db()
    assert candidacy.submitted_at is not None
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["contact@coop.example", "cooperative@test.odco.ma"]
    assert all(candidacy.project_title in m.body for m in mail.outbox)


def test_a_refused_step_sends_nothing(world, django_capture_on_commit_callbacks):
    candidacy = make_candidacy(status=S.DRAFT, cooperative=world.coop_in)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(TransitionRefused):
        candidacy_transition(actor=world.user(Role.JURY), candidacy=candidacy, name="submit")

    assert callbacks == [] and mail.outbox == []
