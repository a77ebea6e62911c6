"""The concept note: the coordinator writes and submits, ODCO staff ask for changes or validate.

Versions are kept: a submitted version is frozen, and writing after a change request starts
the next version.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from odco.audit.services import audit_record

from ..models import ConceptNote, ConceptNoteReview, ConceptNoteVersion, Phase
from ..permissions import can_review_concept_note, can_write_concept_note
from .errors import TransitionRefused

N = ConceptNote.Status


def _lock_note(phase: Phase) -> ConceptNote:
    note, _created = ConceptNote.objects.get_or_create(phase=phase)
    return ConceptNote.objects.select_for_update().get(pk=note.pk)


def _latest(note: ConceptNote) -> ConceptNoteVersion | None:
    return note.versions.order_by("-number").first()


def _require(verdict) -> None:
    allowed, reason = verdict
    if not allowed:
        raise TransitionRefused(reason)


def _move(*, actor, note: ConceptNote, target: str, action: str, message: str = "", version=None) -> None:
    source = note.status
    note.status = target
    fields = ["status"]
    if target == N.VALIDATED:
        note.validated_at = timezone.now()
        note.validated_by = actor
        fields += ["validated_at", "validated_by"]
    note.save(update_fields=fields)
    changes = {"version": version.number} if version is not None else None
    audit_record(
        actor=actor,
        action=action,
        obj=note,
        from_state=source,
        to_state=target,
        message=message,
        changes=changes,
    )


@transaction.atomic
def concept_note_save(*, actor, phase: Phase, **content: str) -> ConceptNoteVersion:
    """Write the note's content: edits the open version, or opens the next one."""
    note = _lock_note(phase)
    _require(can_write_concept_note(actor, note))
    unknown = set(content) - set(ConceptNoteVersion.CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown concept note fields: {sorted(unknown)}")
    latest = _latest(note)
    if latest is None or latest.is_frozen:
        number = latest.number + 1 if latest else 1
        version = ConceptNoteVersion(note=note, number=number, author=actor)
        if latest is not None:
            for field in ConceptNoteVersion.CONTENT_FIELDS:
                setattr(version, field, getattr(latest, field))
    else:
        version = latest
    for field, value in content.items():
        setattr(version, field, (value or "").strip())
    version.author = actor
    version.full_clean()
    version.save()
    audit_record(actor=actor, action="concept_note.save", obj=note, changes={"version": version.number})
    return version


@transaction.atomic
def concept_note_submit(*, actor, phase: Phase) -> ConceptNote:
    """Submit (or resubmit after a change request) the open version to ODCO."""
    note = _lock_note(phase)
    _require(can_write_concept_note(actor, note))
    version = _latest(note)
    if version is None or version.is_frozen:
        raise ValidationError(_("Write or revise the note before submitting it."))
    version.full_clean()
    version.submitted_at = timezone.now()
    version.save(update_fields=["submitted_at"])
    action = "concept_note.resubmit" if note.status == N.CHANGES_REQUESTED else "concept_note.submit"
    _move(actor=actor, note=note, target=N.SUBMITTED, action=action, version=version)
    return note


@transaction.atomic
def concept_note_request_changes(*, actor, phase: Phase, comment: str) -> ConceptNote:
    note = _lock_note(phase)
    _require(can_review_concept_note(actor, note))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say which changes are needed.")})
    version = _latest(note)
    ConceptNoteReview.objects.create(
        version=version,
        decision=ConceptNoteReview.Decision.CHANGES_REQUESTED,
        comment=comment,
        reviewer=actor,
    )
    _move(
        actor=actor,
        note=note,
        target=N.CHANGES_REQUESTED,
        action="concept_note.request_changes",
        message=comment,
        version=version,
    )
    return note


@transaction.atomic
def concept_note_validate(*, actor, phase: Phase, comment: str = "") -> ConceptNote:
    """ODCO validates the submitted version: the phase's sessions and coaching may be scheduled."""
    note = _lock_note(phase)
    _require(can_review_concept_note(actor, note))
    version = _latest(note)
    ConceptNoteReview.objects.create(
        version=version,
        decision=ConceptNoteReview.Decision.VALIDATED,
        comment=(comment or "").strip(),
        reviewer=actor,
    )
    _move(
        actor=actor,
        note=note,
        target=N.VALIDATED,
        action="concept_note.validate",
        message=comment,
        version=version,
    )
    return note
