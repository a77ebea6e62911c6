"""Profile changes: the cooperative proposes, the delegation asks for corrections and decides."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from odco.params import id_param
from odco.permissions import check, permission_required
from odco.scoping import scope

from .forms_profile import CorrectionRequestForm, DecisionForm, ProfileProposalForm
from .models import Cooperative, ProfileChange
from .permissions import can_edit_cooperative, can_propose_profile_change, can_review_profile_changes
from .profile_changes import (
    FIELD_LABELS,
    PROFILE_FIELDS,
    profile_change_decide,
    profile_change_propose,
    profile_correction_request,
)
from .selectors_profile import profile_change_get, profile_change_list


def _cooperative(request, pk) -> Cooperative:
    cooperative = scope(request.user, Cooperative.objects.select_related("region")).filter(pk=pk).first()
    if cooperative is None:
        raise Http404
    return cooperative


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@permission_required(can_propose_profile_change)
def profile_propose_view(request, pk):
    cooperative = _cooperative(request, pk)
    if cooperative.pk not in request.user.cooperative_ids:
        raise Http404
    answering = None
    answer_id = request.POST.get("answer") or request.GET.get("answer")
    if answer_id:
        answering = ProfileChange.objects.filter(
            pk=id_param(answer_id) or 0,
            cooperative=cooperative,
            status=ProfileChange.Status.REQUESTED,
        ).first()
        if answering is None:
            raise Http404
    form = ProfileProposalForm(request.POST or None, instance=Cooperative.objects.get(pk=cooperative.pk))
    if request.method == "POST" and form.is_valid():
        try:
            profile_change_propose(
                actor=request.user,
                cooperative=cooperative,
                values={name: form.cleaned_data[name] for name in PROFILE_FIELDS},
                comment=form.cleaned_data["comment"],
                answering=answering,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your proposal was sent to the delegation."))
            return redirect(reverse("me") + "#my-profile")
    return render(
        request,
        "cooperatives/profile_propose.html",
        {"cooperative": cooperative, "form": form, "answering": answering},
    )


@permission_required(can_review_profile_changes)
def profile_change_list_view(request):
    status = request.GET.get("status", ProfileChange.Status.PROPOSED)
    changes = list(profile_change_list(user=request.user, status=status)[:200])
    return render(
        request,
        "cooperatives/profile_change_list.html",
        {"changes": changes, "status": status, "statuses": ProfileChange.Status.choices},
    )


@permission_required(can_review_profile_changes)
def profile_change_detail_view(request, pk):
    change = profile_change_get(user=request.user, pk=pk)
    if change is None:
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        check(request.user, can_edit_cooperative, change.cooperative)
        if form.is_valid():
            try:
                profile_change_decide(
                    actor=request.user,
                    change=change,
                    approve=request.POST.get("decision") == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The decision was recorded and the cooperative informed."))
                return redirect("cooperatives:profile_change", pk=change.pk)
    rows = [
        (FIELD_LABELS.get(name, name), pair[0], pair[1])
        for name, pair in change.changes.items()
        if name in FIELD_LABELS
    ]
    history = list(
        ProfileChange.objects.filter(cooperative_id=change.cooperative_id)
        .exclude(pk=change.pk)
        .order_by("-created_at", "-pk")[:20]
    )
    return render(
        request,
        "cooperatives/profile_change_detail.html",
        {"change": change, "rows": rows, "form": form, "history": history},
    )


@permission_required(can_review_profile_changes)
def profile_correction_request_view(request, pk):
    cooperative = _cooperative(request, pk)
    check(request.user, can_edit_cooperative, cooperative)
    form = CorrectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile_correction_request(
                actor=request.user, cooperative=cooperative, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The cooperative was asked to correct its data."))
            return redirect("cooperatives:detail", pk=cooperative.pk)
    return render(request, "cooperatives/profile_request.html", {"cooperative": cooperative, "form": form})
