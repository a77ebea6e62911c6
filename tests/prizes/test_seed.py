"""Demo data: both prizes over several years, two current phases, the featured laureate."""

import pytest
from django.core.management import call_command

from cooperatives.models import Cooperative
from odco.audit.models import AuditEntry
from prizes.models import Candidacy, ConceptNote, Deliberation, Edition, Score

pytestmark = pytest.mark.django_db


def counts():
    return (
        Edition.objects.count(),
        Candidacy.objects.count(),
        Score.objects.count(),
        ConceptNote.objects.count(),
        Deliberation.objects.count(),
        AuditEntry.objects.count(),
    )


def test_seed_creates_the_programme_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo", "--seed", "1")

    assert counts() == first
    featured = Cooperative.objects.get(registration_number="DEMO-LAUREATE")
    laureate = Candidacy.objects.get(cooperative=featured)
    assert laureate.status == Candidacy.Status.LAUREATE
    journey = list(
        AuditEntry.objects.filter(object_id=str(laureate.pk), action__startswith="candidacy.")
        .order_by("pk")
        .values_list("to_state", flat=True)
    )
    assert journey == ["draft", "submitted", "eligible", "accompanied", "finalist", "laureate"]
    current = Edition.objects.filter(stage=Edition.Stage.ACCOMPANIMENT)
    assert sorted(current.values_list("prize__code", flat=True)) == [
        "generation_solidaire",
        "lalla_al_moutaaouina",
    ]
    assert all(e.phase.concept_note.status == ConceptNote.Status.VALIDATED for e in current)
    assert Edition.objects.filter(prize__code="lalla_al_moutaaouina").count() >= 6
    assert Candidacy.objects.filter(status=Candidacy.Status.LAUREATE).count() > 20


def test_another_seed_adds_its_own_candidacies_to_the_same_editions(capsys):
    call_command("seed_demo")
    editions, candidacies, *_ = counts()

    call_command("seed_demo", "--seed", "2")

    assert Edition.objects.count() == editions
    assert Candidacy.objects.count() > candidacies
    featured = Cooperative.objects.get(registration_number="DEMO-S2-LAUREATE")
    assert Candidacy.objects.get(cooperative=featured).status == Candidacy.Status.LAUREATE


def test_the_demo_juror_has_finalists_to_score_and_candidacies_have_eligibility_reasons(capsys):
    from django.contrib.auth import get_user_model

    from prizes.selectors import jury_candidacies

    call_command("seed_demo")

    juror = get_user_model().objects.get(email__startswith="jury")
    to_score = [c for c in jury_candidacies(user=juror) if c.edition.stage == Edition.Stage.ACCOMPANIMENT]
    assert len(to_score) >= 1
    assert all(c.status == Candidacy.Status.FINALIST for c in to_score)
    unchecked = Candidacy.objects.exclude(status=Candidacy.Status.DRAFT).filter(eligibility_checked_at=None)
    assert unchecked.count() == 0
    checked = Candidacy.objects.exclude(eligibility_results=[]).first()
    assert set(checked.eligibility_results[0]) == {"kind", "passed", "reason"}
    disagreeing = Candidacy.objects.filter(status=Candidacy.Status.INELIGIBLE, eligibility_passed=True)
    assert all(c.override_justification for c in disagreeing)
