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
