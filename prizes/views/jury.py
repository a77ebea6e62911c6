"""The jury member's space: their finalists to score, nothing else."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.permissions import permission_required

from .. import selectors
from ..extensions import jury_panels
from ..forms import ConflictForm, ScoreForm, add_service_errors
from ..permissions import can_score_candidacy, can_use_jury_space
from ..services import conflict_declare, scores_record


@permission_required(can_use_jury_space)
def jury_home(request):
    return render(
        request, "prizes/jury_home.html", {"candidacies": selectors.jury_candidacies(user=request.user)}
    )


def _get(request, pk):
    candidacy = next((c for c in selectors.jury_candidacies(user=request.user) if c.pk == pk), None)
    if candidacy is None:
        raise Http404
    return candidacy


def _sheet(request, candidacy, *, form=None, conflict_form=None, status=200):
    sheet = selectors.jury_sheet(user=request.user, candidacy=candidacy)
    may_score, reason = can_score_candidacy(
        request.user,
        candidacy,
        seat_edition_ids={candidacy.edition_id},
        conflicted=sheet["conflict"] is not None,
    )
    if form is None:
        form = ScoreForm(criteria=sheet["criteria"], scores=sheet["scores"])
    return render(
        request,
        "prizes/jury_score.html",
        {
            "candidacy": candidacy,
            "form": form,
            "may_score": may_score,
            "reason": reason,
            "conflict": sheet["conflict"],
            "conflict_form": conflict_form or ConflictForm(),
            "panels": jury_panels(user=request.user, candidacy=candidacy),
        },
        status=status,
    )


@permission_required(can_use_jury_space)
def jury_score(request, pk):
    candidacy = _get(request, pk)
    if request.method != "POST":
        return _sheet(request, candidacy)
    sheet = selectors.jury_sheet(user=request.user, candidacy=candidacy)
    may_score, reason = can_score_candidacy(
        request.user,
        candidacy,
        seat_edition_ids={candidacy.edition_id},
        conflicted=sheet["conflict"] is not None,
    )
    if not may_score:
        raise PermissionDenied(reason)
    form = ScoreForm(request.POST, criteria=sheet["criteria"])
    if form.is_valid():
        try:
            scores_record(
                actor=request.user, candidacy=candidacy, points=form.points(), comments=form.comments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect("prizes:jury_home")
    return _sheet(request, candidacy, form=form, status=400)


@require_POST
@permission_required(can_use_jury_space)
def jury_conflict(request, pk):
    candidacy = _get(request, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            conflict_declare(actor=request.user, candidacy=candidacy, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your conflict of interest is recorded: you will not score this candidacy.")
            )
            return redirect("prizes:jury_home")
    return _sheet(request, candidacy, conflict_form=form, status=400)
