"""The concept note of a phase: writing, review, and the PDF of the validated note."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.pdf import render_pdf
from odco.permissions import check, permission_required

from .. import selectors
from ..forms import ConceptNoteForm, ReviewForm, add_service_errors
from ..models import ConceptNote
from ..permissions import can_review_concept_note, can_view_concept_notes, can_write_concept_note
from ..services import (
    concept_note_request_changes,
    concept_note_save,
    concept_note_submit,
    concept_note_validate,
)


def _load(request, pk):
    phase, note = selectors.concept_note_for_phase(user=request.user, phase_pk=pk)
    if phase is None:
        raise Http404
    return phase, note


def _page(request, phase, note, *, form=None, review_form=None, status=200):
    versions = list(note.versions.all()) if note else []
    latest = versions[0] if versions else None
    may_write = can_write_concept_note(request.user, note)[0]
    if form is None and may_write:
        form = ConceptNoteForm(
            instance=latest if latest and not latest.is_frozen else None,
            initial={f: getattr(latest, f) for f in ConceptNoteForm.Meta.fields} if latest else None,
        )
    return render(
        request,
        "prizes/concept_note.html",
        {
            "phase": phase,
            "note": note,
            "versions": versions,
            "latest": latest,
            "form": form if may_write else None,
            "may_submit": may_write and latest is not None and not latest.is_frozen,
            "review_form": (review_form or ReviewForm())
            if can_review_concept_note(request.user, note)[0]
            else None,
        },
        status=status,
    )


@permission_required(can_view_concept_notes)
def concept_note(request, pk):
    phase, note = _load(request, pk)
    if request.method == "POST":
        check(request.user, can_write_concept_note, note)
        form = ConceptNoteForm(request.POST)
        if form.is_valid():
            try:
                concept_note_save(actor=request.user, phase=phase, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The concept note is saved."))
                return redirect("prizes:concept_note", pk=phase.pk)
        return _page(request, phase, note, form=form, status=400)
    return _page(request, phase, note)


ACTIONS = {"submit", "request_changes", "validate"}


@require_POST
@permission_required(can_view_concept_notes)
def concept_note_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    phase, note = _load(request, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if action == "submit":
            concept_note_submit(actor=request.user, phase=phase)
        elif action == "request_changes":
            concept_note_request_changes(actor=request.user, phase=phase, comment=comment)
        else:
            concept_note_validate(actor=request.user, phase=phase, comment=comment)
    except ValidationError as error:
        add_service_errors(form, error)
        return _page(request, phase, note, review_form=form, status=400)
    messages.success(request, _("Done."))
    return redirect("prizes:concept_note", pk=phase.pk)


@permission_required(can_view_concept_notes)
def concept_note_pdf(request, pk):
    phase, note = _load(request, pk)
    if note is None or note.status != ConceptNote.Status.VALIDATED:
        raise Http404
    version = note.versions.filter(submitted_at__isnull=False).order_by("-number").first()
    pdf = render_pdf("prizes/pdf/concept_note.html", {"phase": phase, "note": note, "version": version})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="concept-note-{phase.edition.prize.code}-{phase.edition.year}.pdf"'
    )
    return response
