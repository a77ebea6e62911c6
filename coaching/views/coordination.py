"""The coordinator's pages: overview, assignment with suggestions, hours, coaches, rubric."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.permissions import check, permission_required
from odco.scoping import scope
from prizes.models import Phase

from .. import selectors
from ..export import hours_workbook
from ..forms import AssignForm, CoachProfileForm, HoursForm, NeedsForm, RubricForm, add_service_errors
from ..models import CoachProfile
from ..permissions import (
    can_assign_coach,
    can_edit_coach_profile,
    can_edit_rubric,
    can_end_assignment,
    can_manage_coaching,
    can_use_coach_space,
    can_view_coach_hours,
    can_view_coaching_overview,
    can_view_rubric,
)
from ..scoring import rubric_ensure, rubric_update
from ..services import assignment_create, assignment_end, coach_profile_save
from ..suggestions import suggest_coaches


@permission_required(can_view_coaching_overview)
def overview(request):
    page = Paginator(selectors.coaching_overview(user=request.user), settings.ODCO_PAGE_SIZE)
    return render(
        request,
        "coaching/overview.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "may_assign": can_assign_coach(request.user)[0],
            "may_see_hours": can_view_coach_hours(request.user)[0],
        },
    )


def _coachable(request, pk):
    candidacy = selectors.coachable_candidacy_get(user=request.user, pk=pk)
    if candidacy is None:
        raise Http404
    return candidacy


@permission_required(can_manage_coaching)
def assign(request, pk):
    candidacy = _coachable(request, pk)
    needs_form = NeedsForm(request.GET or None)
    needs = needs_form.cleaned_data["needs"] if needs_form.is_valid() else []
    form = AssignForm(request.POST or None)
    status = 200
    if request.method == "POST":
        coach = None
        if form.is_valid():
            coach = CoachProfile.objects.filter(pk=form.cleaned_data["coach"]).first()
        if coach is None:
            form.add_error("coach", _("Choose a coach from the list."))
        else:
            try:
                assignment_create(actor=request.user, candidacy=candidacy, coach=coach)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(coach)s now coaches this candidacy.") % {"coach": coach})
                return redirect(request.get_full_path())
        status = 400
    current = list(
        candidacy.coach_assignments.filter(is_active=True).select_related("coach__user").order_by("pk")
    )
    return render(
        request,
        "coaching/assign.html",
        {
            "candidacy": candidacy,
            "suggestions": suggest_coaches(candidacy=candidacy, needs=needs),
            "needs_form": needs_form,
            "form": form,
            "current": current,
            "phase": getattr(candidacy.edition, "phase", None),
        },
        status=status,
    )


@require_POST
@permission_required(can_manage_coaching)
def end_assignment(request, pk):
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    if assignment is None:
        raise Http404
    check(request.user, can_end_assignment, assignment)
    assignment_end(actor=request.user, assignment=assignment)
    messages.success(request, _("%(coach)s no longer coaches this candidacy.") % {"coach": assignment.coach})
    return redirect("coaching:assign", pk=assignment.candidacy_id)


def _period(request):
    today = timezone.localdate()
    form = HoursForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    if request.GET and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, today.replace(day=1), today


@permission_required(can_view_coach_hours)
def hours(request):
    form, start, end = _period(request)
    report = selectors.hours_report(user=request.user, start=start, end=end)
    status = 400 if request.GET and form.errors else 200
    return render(request, "coaching/hours.html", {"form": form, **report}, status=status)


@permission_required(can_view_coach_hours)
def hours_export(request):
    form, start, end = _period(request)
    report = selectors.hours_report(user=request.user, start=start, end=end)
    response = HttpResponse(
        hours_workbook(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="coaching-hours-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    )
    return response


@permission_required(can_manage_coaching)
def coach_list(request):
    coach_users = (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role="coach", coach_profile__isnull=True)
        .order_by("email")
    )
    return render(
        request,
        "coaching/coach_list.html",
        {"coaches": selectors.coach_list(user=request.user), "without_profile": coach_users[:50]},
    )


def _profile_form(request, user, profile):
    initial = {}
    if profile is not None:
        initial = {
            "specialties": profile.specialties,
            "languages": profile.languages,
            "regions": list(profile.regions.all()),
            "capacity": profile.capacity,
            "is_available": profile.is_available,
            "availability_note": profile.availability_note,
            "bio": profile.bio,
        }
    form = CoachProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            coach_profile_save(actor=request.user, user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The coach profile is saved."))
            return None
    return form


@permission_required(can_manage_coaching)
def coach_edit(request, user_pk):
    user = (
        get_user_model()
        .objects.filter(pk=user_pk, is_active=True, role_assignments__role="coach")
        .distinct()
        .first()
    )
    if user is None:
        raise Http404
    profile = CoachProfile.objects.filter(user=user).first()
    check(request.user, can_edit_coach_profile, profile)
    form = _profile_form(request, user, profile)
    if form is None:
        return redirect("coaching:coach_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "coaching/coach_form.html", {"form": form, "coach_user": user}, status=status)


@permission_required(can_use_coach_space)
def my_profile(request):
    profile = CoachProfile.objects.filter(user=request.user).first()
    if not request.user.has_role("coach"):
        raise Http404
    form = _profile_form(request, request.user, profile)
    if form is None:
        return redirect("coaching:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "coaching/coach_form.html", {"form": form, "coach_user": request.user}, status=status
    )


@permission_required(can_view_rubric)
def rubric(request, pk):
    phase = scope(request.user, Phase.objects.select_related("edition__prize")).filter(pk=pk).first()
    if phase is None:
        raise Http404
    the_rubric = rubric_ensure(phase)
    criteria = list(the_rubric.criteria.all())
    may_edit, reason = can_edit_rubric(request.user, the_rubric)
    form = RubricForm(
        request.POST or None,
        criteria=criteria,
        initial={"scale": the_rubric.scale, "ready_at": the_rubric.ready_at},
    )
    status = 200
    if request.method == "POST":
        check(request.user, can_edit_rubric, the_rubric)
        if form.is_valid():
            try:
                rubric_update(
                    actor=request.user,
                    rubric=the_rubric,
                    criteria=form.changes(),
                    scale=form.cleaned_data["scale"],
                    ready_at=form.cleaned_data["ready_at"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The rubric is saved."))
                return redirect("coaching:rubric", pk=phase.pk)
        status = 400
    return render(
        request,
        "coaching/rubric.html",
        {"phase": phase, "rubric": the_rubric, "form": form, "may_edit": may_edit, "reason": reason},
        status=status,
    )
