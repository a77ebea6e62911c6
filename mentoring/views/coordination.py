"""The directory of mentors, matching (one laureate, a cohort), needs, and a region's view."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coaching.forms import add_service_errors
from odco.permissions import check, permission_required
from odco.regions.models import Region

from .. import selectors
from ..cohort import plan_cohort
from ..forms import CohortForm, DirectoryFilterForm, MentorForm, NeedsForm
from ..matching import available_mentor_facts, laureate_facts
from ..models import Mentor
from ..needs import suggest_needs
from ..permissions import (
    can_edit_mentors,
    can_edit_needs,
    can_edit_needs_page,
    can_match_mentors,
    can_view_mentors,
    can_view_region_mentoring,
)
from ..services import mentor_save, mentorship_propose, mentorship_propose_cohort, needs_save
from .mentorships import steps_for


@permission_required(can_view_mentors)
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.mentor_directory(user=request.user, filters=filters), settings.ODCO_PAGE_SIZE)
    return render(
        request,
        "mentoring/directory.html",
        {
            "form": form,
            "page": page.get_page(request.GET.get("page")),
            "query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
            "can_edit": can_edit_mentors(request.user)[0],
        },
    )


@permission_required(can_view_mentors)
def mentor_detail(request, pk):
    mentor = selectors.mentor_get(user=request.user, pk=pk)
    if mentor is None:
        raise Http404
    return render(
        request,
        "mentoring/mentor_detail.html",
        {"mentor": mentor, "can_edit": can_edit_mentors(request.user)[0]},
    )


def _mentor_form(request, mentor: Mentor | None):
    """The form page for a new mentor (`mentor` None) or an existing one; redirects once saved."""
    initial = MentorForm.initial_for(mentor) if mentor else {}
    form = MentorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mentor = mentor_save(actor=request.user, mentor=mentor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The mentor is saved."))
            return redirect("mentoring:mentor_detail", pk=mentor.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "mentoring/mentor_form.html", {"form": form, "mentor": mentor}, status=status)


@permission_required(can_edit_mentors)
def mentor_new(request):
    return _mentor_form(request, None)


@permission_required(can_edit_mentors)
def mentor_edit(request, pk):
    mentor = selectors.mentor_get(user=request.user, pk=pk)
    if mentor is None:
        raise Http404
    return _mentor_form(request, mentor)


def _laureate(request, pk):
    candidacy = selectors.laureate_get(user=request.user, pk=pk)
    if candidacy is None:
        raise Http404
    return candidacy


@permission_required(can_match_mentors)
def match(request, pk):
    """One laureate: its needs, the ranked mentors with the reasons, its proposals."""
    candidacy = _laureate(request, pk)
    status = 200
    error = None
    if request.method == "POST":
        mentor = Mentor.objects.filter(pk=request.POST.get("mentor") or 0).first()
        if mentor is None:
            error, status = _("Choose a mentor from the list."), 400
        else:
            try:
                mentorship_propose(actor=request.user, candidacy=candidacy, mentor=mentor)
            except ValidationError as exc:
                error, status = " ".join(exc.messages), 400
            else:
                messages.success(request, _("%(mentor)s is proposed.") % {"mentor": mentor})
                return redirect("mentoring:match", pk=candidacy.pk)
    mentorships = selectors.mentorships_of(candidacy=candidacy)
    open_pairs = {m.mentor_id for m in mentorships if m.status in ("proposed", "confirmed", "active")}
    running = next((m for m in mentorships if m.status in ("confirmed", "active")), None)
    for m in mentorships:
        m.steps = steps_for(request.user, m)
    return render(
        request,
        "mentoring/match.html",
        {
            "candidacy": candidacy,
            "needs": candidacy.mentoring_needs.needs.all() if hasattr(candidacy, "mentoring_needs") else [],
            "ranking": selectors.matching_for(candidacy=candidacy),
            "mentorships": mentorships,
            "open_pairs": open_pairs,
            "running": running,
            "error": error,
        },
        status=status,
    )


@permission_required(can_edit_needs_page)
def needs(request, pk):
    candidacy = _laureate(request, pk)
    check(request.user, can_edit_needs, candidacy)
    profile = getattr(candidacy, "mentoring_needs", None)
    suggested = suggest_needs(candidacy)
    if profile is not None:
        initial = {f"need_{n.area}": n.priority for n in profile.needs.all()}
        initial.update(languages=profile.languages, notes=profile.notes)
    else:
        initial = {f"need_{n.area}": n.priority for n in suggested}
    form = NeedsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            sources = {n.area: n.source for n in suggested}
            try:
                needs_save(
                    actor=request.user,
                    candidacy=candidacy,
                    needs=form.needs(),
                    languages=form.cleaned_data["languages"],
                    notes=form.cleaned_data["notes"],
                    sources=sources,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The laureate's needs are saved."))
                if can_match_mentors(request.user)[0]:
                    return redirect("mentoring:match", pk=candidacy.pk)
                return redirect("mentoring:region", code=candidacy.region.code)
        status = 400
    return render(
        request,
        "mentoring/needs_form.html",
        {"candidacy": candidacy, "form": form, "suggested": suggested, "prefilled": profile is None},
        status=status,
    )


@permission_required(can_match_mentors)
def cohort(request):
    """A whole edition (or one region of it): the proposed plan, then proposals in one step."""
    form = CohortForm(request.POST or request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        edition = form.cleaned_data["edition"]
        region = Region.objects.filter(code=form.cleaned_data["region"]).first()
        include_remote = form.cleaned_data["include_remote"]
        if request.method == "POST":
            result = mentorship_propose_cohort(
                actor=request.user, edition=edition, region=region, include_remote=include_remote
            )
            messages.success(request, _("%(count)s mentors proposed.") % {"count": len(result.proposed)})
            query = urlencode({k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"})
            return redirect(f"{reverse('mentoring:cohort')}?{query}")
        laureates = selectors.cohort_laureates(edition=edition, region=region)
        plan = plan_cohort(
            [laureate_facts(c) for c in laureates["pending"]],
            available_mentor_facts(),
            include_remote=include_remote,
        )
        mentors = Mentor.objects.in_bulk([m.mentor.pk for _l, m in plan.pairs])
        context.update(laureates=laureates, plan=plan, plan_mentors=mentors, edition=edition)
    elif form.is_bound:
        return render(request, "mentoring/cohort.html", context, status=400)
    return render(request, "mentoring/cohort.html", context)


@permission_required(can_view_region_mentoring)
def region(request, code):
    the_region = Region.objects.filter(code=Region.normalize_code(code) or "-").first()
    if the_region is None:
        raise Http404
    user = request.user
    if not (user.is_superuser or user.has_role("staff", "committee", "coordinator")) and (
        the_region.pk not in user.delegation_region_ids
    ):
        raise Http404
    context = selectors.region_mentoring(user=user, region=the_region)
    context.update(
        region=the_region, may_edit_needs=can_edit_needs(user)[0], may_match=can_match_mentors(user)[0]
    )
    return render(request, "mentoring/region.html", context)
