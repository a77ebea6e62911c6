"""Candidacy lists and pages, workflow steps, eligibility checks and overrides."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.params import id_param
from odco.permissions import permission_required, requires_roles
from odco.roles import Role

from .. import selectors
from ..forms import CommentForm, OverrideForm, add_service_errors
from ..permissions import (
    can_check_eligibility,
    can_register_candidacies,
    can_transition_candidacy,
    can_view_candidacies,
    can_view_candidacy,
    is_staff,
)
from ..services import (
    candidacy_check_eligibility,
    candidacy_override_eligibility,
    candidacy_transition,
)
from ..workflow import transition_named, transitions_from

FILTERS = ("edition", "region", "status", "category", "q")
can_act_on_candidacies = requires_roles(Role.COORDINATOR, Role.COOPERATIVE)


def list_filters(request) -> dict:
    filters = {key: request.GET.get(key, "").strip() for key in FILTERS}
    edition = id_param(filters["edition"])
    filters["edition"] = str(edition) if edition else ""
    return filters


@permission_required(can_view_candidacies)
def candidacy_list(request):
    filters = list_filters(request)
    page = Paginator(selectors.candidacy_list(user=request.user, filters=filters), settings.ODCO_PAGE_SIZE)
    return render(
        request,
        "prizes/candidacy_list.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "filters": filters,
            "choices": selectors.candidacy_filter_choices(user=request.user),
            "may_register": can_register_candidacies(request.user)[0],
            "may_import": is_staff(request.user),
        },
    )


def _get(request, pk):
    candidacy = selectors.candidacy_get(user=request.user, pk=pk)
    if candidacy is None:
        raise Http404
    return candidacy


def _detail(request, candidacy, *, override_form=None, comment_form=None, status=200):
    user = request.user
    actions = [
        t
        for t in transitions_from(candidacy.status)
        if t.manual and can_transition_candidacy(user, candidacy, t)[0]
    ]
    staff = is_staff(user)
    return render(
        request,
        "prizes/candidacy_detail.html",
        {
            "candidacy": candidacy,
            "actions": [a for a in actions if not a.name.startswith("override_")],
            "comment_form": comment_form or CommentForm(),
            "may_check": staff,
            "may_override": staff and candidacy.status in ("eligible", "ineligible"),
            "override_form": override_form
            or OverrideForm(initial={"eligible": "0" if candidacy.status == "eligible" else "1"}),
            # Personal data (law 09-08): staff and the candidacy's own delegation only.
            "show_personal": staff or candidacy.region_id in user.delegation_region_ids,
            "milestones": list(candidacy.edition.phase.milestones.all())
            if hasattr(candidacy.edition, "phase")
            else [],
        },
        status=status,
    )


@permission_required(can_view_candidacy)
def candidacy_detail(request, pk):
    return _detail(request, _get(request, pk))


@require_POST
@permission_required(can_act_on_candidacies)
def candidacy_step(request, pk, name):
    candidacy = _get(request, pk)
    if transition_named(name) is None:
        raise Http404
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        candidacy_transition(
            actor=request.user, candidacy=candidacy, name=name, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail(request, candidacy, comment_form=form, status=400)
    messages.success(
        request, _("The candidacy is now: %(status)s.") % {"status": candidacy.get_status_display()}
    )
    return redirect("prizes:candidacy_detail", pk=candidacy.pk)


@require_POST
@permission_required(can_check_eligibility)
def candidacy_check(request, pk):
    candidacy = _get(request, pk)
    candidacy_check_eligibility(actor=request.user, candidacy=candidacy)
    messages.success(
        request, _("Eligibility checked: %(status)s.") % {"status": candidacy.get_status_display()}
    )
    return redirect("prizes:candidacy_detail", pk=candidacy.pk)


@require_POST
@permission_required(can_check_eligibility)
def candidacy_override(request, pk):
    candidacy = _get(request, pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            candidacy_override_eligibility(
                actor=request.user,
                candidacy=candidacy,
                eligible=form.cleaned_data["eligible"],
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The override is recorded."))
            return redirect("prizes:candidacy_detail", pk=candidacy.pk)
    return _detail(request, candidacy, override_form=form, status=400)
