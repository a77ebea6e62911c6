"""Demo data: coaches, assignments, sessions, actions and simulations; idempotent per seed."""

import pytest
from django.core.management import call_command

from coaching.models import Action, Assignment, CoachingSession, CoachProfile, PitchSimulation
from coaching.selectors import coaching_file
from cooperatives.models import Cooperative
from odco.accounts.models import User
from prizes.models import Candidacy, Edition

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count()
        for model in (CoachProfile, Assignment, CoachingSession, Action, PitchSimulation)
    )


def test_seed_coaches_every_accompanied_candidacy_with_a_visible_progression(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo", "--seed", "1")

    assert counts() == first
    accompanied = Candidacy.objects.filter(
        edition__stage=Edition.Stage.ACCOMPANIMENT, status=Candidacy.Status.ACCOMPANIED
    )
    assert accompanied.exists()
    assert not accompanied.filter(coach_assignments__isnull=True).exists()
    assert all(c.pitch_simulations.count() >= 1 for c in accompanied)
    assert Action.objects.filter(done_at__isnull=False).exists()
    assert Action.objects.filter(done_at__isnull=True).exists()
    # The featured laureate: four simulations with a rising weighted score.
    featured = Cooperative.objects.get(registration_number="DEMO-LAUREATE")
    laureate = Candidacy.objects.get(cooperative=featured)
    coordinator = User.objects.get(email="coordinator@demo.odco.ma")
    progression = coaching_file(user=coordinator, candidacy_pk=laureate.pk).progression
    totals = [s.total for s in progression.simulations]
    assert len(totals) == 4
    assert totals == sorted(totals)
    assert progression.readiness.level == "ready"
    assert laureate.coaching_actions.filter(done_by__email="cooperative@demo.odco.ma").count() == 1
    # The demo coach has cooperatives to follow.
    assert Assignment.objects.filter(coach__user__email="coach@demo.odco.ma", is_active=True).count() >= 2


def test_another_seed_adds_its_own_coaching(capsys):
    call_command("seed_demo")
    before = counts()

    call_command("seed_demo", "--seed", "2")

    after = counts()
    assert all(b < a for b, a in zip(before, after, strict=True))
