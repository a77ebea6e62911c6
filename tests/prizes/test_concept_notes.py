"""The concept note: versions, review by ODCO, and the gate on scheduling a phase."""

import pytest
from django.core.exceptions import ValidationError

from odco.audit.models import AuditEntry
from odco.roles import Role
from prizes.models import ConceptNote, ConceptNoteReview
from prizes.services import (
    PhaseNotSchedulable,
    TransitionRefused,
    concept_note_request_changes,
    concept_note_save,
    concept_note_submit,
    concept_note_validate,
    phase_assert_schedulable,
    phase_is_schedulable,
)

from .factories import make_edition

pytestmark = pytest.mark.django_db
N = ConceptNote.Status

CONTENT = {
    "priority_axes": "Financement, accès au marché",
    "training_modules": "Financement; e-marketing; qualité; certification; pitch",
    "teaching_tools": "Études de cas, jeux de rôle",
    "calendar": "Sessions régionales en mai, coaching en juin",
    "kit_contents": "Guide, ressources numériques, certificat",
}


@pytest.fixture
def phase():
    return make_edition().phase


def write_and_submit(world, phase, **changes):
    concept_note_save(actor=world.user(Role.COORDINATOR), phase=phase, **{**CONTENT, **changes})
    return concept_note_submit(actor=world.user(Role.COORDINATOR), phase=phase)


def test_the_full_review_cycle_keeps_every_version(world, phase):
    coordinator, staff = world.user(Role.COORDINATOR), world.user(Role.STAFF)

    write_and_submit(world, phase)
    concept_note_request_changes(actor=staff, phase=phase, comment="Ajouter la prospection de partenaires.")
    concept_note_save(actor=coordinator, phase=phase, training_modules="… et prospection de partenaires")
    note = concept_note_submit(actor=coordinator, phase=phase)
    concept_note_validate(actor=staff, phase=phase, comment="Validée.")

    note.refresh_from_db()
    versions = list(note.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].training_modules == CONTENT["training_modules"]  # the first version is kept as it was
    assert versions[1].training_modules == "… et prospection de partenaires"
    assert versions[1].calendar == CONTENT["calendar"]  # a new version starts from the previous one
    assert (note.status, note.validated_by) == (N.VALIDATED, staff)
    assert list(
        ConceptNoteReview.objects.order_by("pk").values_list("version__number", "decision", "comment")
    ) == [
        (1, "changes_requested", "Ajouter la prospection de partenaires."),
        (2, "validated", "Validée."),
    ]
    assert list(
        AuditEntry.objects.filter(action__startswith="concept_note.", from_state__gt="")
        .order_by("pk")
        .values_list("action", "from_state", "to_state")
    ) == [
        ("concept_note.submit", N.DRAFT, N.SUBMITTED),
        ("concept_note.request_changes", N.SUBMITTED, N.CHANGES_REQUESTED),
        ("concept_note.resubmit", N.CHANGES_REQUESTED, N.SUBMITTED),
        ("concept_note.validate", N.SUBMITTED, N.VALIDATED),
    ]


def test_a_submitted_version_cannot_be_edited(world, phase):
    write_and_submit(world, phase)

    with pytest.raises(TransitionRefused):
        concept_note_save(actor=world.user(Role.COORDINATOR), phase=phase, calendar="Autre")

    assert phase.concept_note.versions.get().calendar == CONTENT["calendar"]


@pytest.mark.parametrize("role", [r for r in Role.values if r not in (Role.COORDINATOR, Role.STAFF)])
def test_only_the_coordinator_and_staff_write_the_note(world, phase, role):
    with pytest.raises(TransitionRefused):
        concept_note_save(actor=world.user(role), phase=phase, **CONTENT)

    assert not phase.concept_note.versions.exists()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.STAFF])
def test_only_staff_validate_or_request_changes(world, phase, role):
    write_and_submit(world, phase)

    with pytest.raises(TransitionRefused):
        concept_note_validate(actor=world.user(role), phase=phase)
    with pytest.raises(TransitionRefused):
        concept_note_request_changes(actor=world.user(role), phase=phase, comment="Non")

    phase.concept_note.refresh_from_db()
    assert phase.concept_note.status == N.SUBMITTED
    assert not ConceptNoteReview.objects.exists()


def test_a_draft_cannot_be_validated(world, phase):
    concept_note_save(actor=world.user(Role.COORDINATOR), phase=phase, **CONTENT)

    with pytest.raises(TransitionRefused):
        concept_note_validate(actor=world.user(Role.STAFF), phase=phase)

    assert ConceptNote.objects.get(phase=phase).status == N.DRAFT


def test_a_change_request_needs_comments(world, phase):
    write_and_submit(world, phase)

    with pytest.raises(ValidationError) as error:
        concept_note_request_changes(actor=world.user(Role.STAFF), phase=phase, comment="")

    assert error.value.message_dict == {"comment": ["Say which changes are needed."]}
    assert ConceptNote.objects.get(phase=phase).status == N.SUBMITTED


def test_a_blank_section_is_a_field_error(world, phase):
    with pytest.raises(ValidationError) as error:
        concept_note_save(actor=world.user(Role.COORDINATOR), phase=phase, **{**CONTENT, "calendar": "  "})

    assert list(error.value.message_dict) == ["calendar"]


def test_resubmitting_without_revising_is_refused(world, phase):
    write_and_submit(world, phase)
    concept_note_request_changes(actor=world.user(Role.STAFF), phase=phase, comment="Préciser.")

    with pytest.raises(ValidationError):
        concept_note_submit(actor=world.user(Role.COORDINATOR), phase=phase)

    assert ConceptNote.objects.get(phase=phase).status == N.CHANGES_REQUESTED


@pytest.mark.parametrize(
    "steps",
    [[], ["save"], ["save", "submit"], ["save", "submit", "changes"]],
    ids=["no note", "draft", "submitted", "changes requested"],
)
def test_the_gate_refuses_a_phase_whose_note_is_not_validated(world, phase, steps):
    if "save" in steps:
        concept_note_save(actor=world.user(Role.COORDINATOR), phase=phase, **CONTENT)
    if "submit" in steps:
        concept_note_submit(actor=world.user(Role.COORDINATOR), phase=phase)
    if "changes" in steps:
        concept_note_request_changes(actor=world.user(Role.STAFF), phase=phase, comment="Préciser.")

    with pytest.raises(PhaseNotSchedulable) as refused:
        phase_assert_schedulable(phase)

    assert refused.value.code == "concept_note_not_validated"
    assert phase_is_schedulable(phase) is False


def test_the_gate_opens_once_the_note_is_validated(world, phase):
    write_and_submit(world, phase)
    concept_note_validate(actor=world.user(Role.STAFF), phase=phase)

    phase_assert_schedulable(phase)  # no exception

    assert phase_is_schedulable(phase) is True


def test_the_gate_is_per_phase(world, phase):
    write_and_submit(world, phase)
    concept_note_validate(actor=world.user(Role.STAFF), phase=phase)
    other = make_edition(year=2024).phase

    with pytest.raises(PhaseNotSchedulable):
        phase_assert_schedulable(other)
