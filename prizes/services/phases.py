"""The concept-note gate. Training and coaching services call `phase_assert_schedulable`
before they schedule anything in a phase; the rule lives here, not in their pages."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ConceptNote, Phase
from .errors import PhaseNotSchedulable


def phase_is_schedulable(phase: Phase) -> bool:
    notes = ConceptNote.objects.filter(phase_id=phase.pk)
    if transaction.get_connection().in_atomic_block:
        # Inside the caller's transaction: hold the note so it cannot change until commit.
        notes = notes.select_for_update()
    return any(note.status == ConceptNote.Status.VALIDATED for note in notes)


def phase_assert_schedulable(phase: Phase) -> None:
    """Raise `PhaseNotSchedulable` unless the phase's concept note is validated by ODCO."""
    if not phase_is_schedulable(phase):
        raise PhaseNotSchedulable(
            _(
                "Sessions and coaching of this phase cannot be scheduled "
                "until ODCO validates its concept note."
            ),
            code="concept_note_not_validated",
        )
