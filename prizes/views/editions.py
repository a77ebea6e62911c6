"""Editions, the phase timeline, the ranking and the deliberation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.params import id_param
from odco.pdf import render_pdf
from odco.permissions import permission_required

from .. import selectors
from ..forms import DeliberationForm, add_service_errors
from ..models import Candidacy
from ..permissions import (
    can_confirm_deliberation,
    can_plan_phase,
    can_view_concept_notes,
    can_view_editions,
    can_view_ranking,
    can_view_timeline,
    is_staff,
)
from ..services import deliberation_confirm, ranking_for_edition


@permission_required(can_view_editions)
def edition_list(request):
    return render(
        request,
        "prizes/edition_list.html",
        {"editions": list(selectors.edition_list(user=request.user)), "is_staff": is_staff(request.user)},
    )


@permission_required(can_view_editions)
def edition_detail(request, pk):
    edition = selectors.edition_get(user=request.user, pk=pk)
    if edition is None:
        raise Http404
    counts = selectors.edition_status_counts(edition, user=request.user)
    statuses = [(value, label, counts.get(value, 0)) for value, label in Candidacy.Status.choices]
    phase = getattr(edition, "phase", None) if hasattr(edition, "phase") else None
    return render(
        request,
        "prizes/edition_detail.html",
        {
            "edition": edition,
            "phase": phase,
            "statuses": statuses,
            "is_staff": is_staff(request.user),
            "may_plan": can_plan_phase(request.user)[0],
            "may_see_ranking": can_view_ranking(request.user)[0],
            "may_see_concept_note": can_view_concept_notes(request.user)[0],
        },
    )


def _year(request):
    year = id_param(request.GET.get("year", ""))
    return year if year is not None and year <= 9999 else None


@permission_required(can_view_timeline)
def timeline(request):
    year = _year(request)
    return render(
        request,
        "prizes/timeline.html",
        {"timeline": selectors.timeline(user=request.user, year=year), "year": year},
    )


@permission_required(can_view_timeline)
def timeline_pdf(request):
    year = _year(request)
    pdf = render_pdf(
        "prizes/pdf/timeline.html",
        {"timeline": selectors.timeline(user=request.user, year=year), "year": year},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="timeline-{year or "all"}.pdf"'
    return response


def _ranking_context(request, edition, form=None):
    ranking = ranking_for_edition(edition)
    finalists = [r.candidacy for r in ranking if r.candidacy.status == Candidacy.Status.FINALIST]
    may_confirm, _reason = can_confirm_deliberation(request.user, edition)
    if form is None and may_confirm and finalists:
        initial = [c.pk for c in finalists][: edition.laureates_planned]
        form = DeliberationForm(finalists=finalists, initial={"laureates": initial})
    return {
        "edition": edition,
        "ranking": ranking,
        "criteria": list(edition.criteria.all()),
        "form": form if may_confirm else None,
    }


@permission_required(can_view_ranking)
def ranking(request, pk):
    edition = selectors.edition_get(user=request.user, pk=pk)
    if edition is None:
        raise Http404
    return render(request, "prizes/ranking.html", _ranking_context(request, edition))


@require_POST
@permission_required(can_confirm_deliberation)
def deliberation(request, pk):
    edition = selectors.edition_get(user=request.user, pk=pk)
    if edition is None:
        raise Http404
    ranked = ranking_for_edition(edition)
    finalists = [r.candidacy for r in ranked if r.candidacy.status == Candidacy.Status.FINALIST]
    form = DeliberationForm(request.POST, finalists=finalists)
    if form.is_valid():
        try:
            deliberation_confirm(
                actor=request.user,
                edition=edition,
                laureate_ids=form.cleaned_data["laureates"],
                minutes=form.cleaned_data["minutes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The laureates are confirmed."))
            return redirect("prizes:ranking", pk=edition.pk)
    return render(request, "prizes/ranking.html", _ranking_context(request, edition, form), status=400)
