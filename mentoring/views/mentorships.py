"""A mentorship's page and its forms; the mentor's own space."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coaching.forms import add_service_errors
from odco.permissions import check, permission_required

from .. import selectors
from ..forms import EvaluationForm, MeetingForm, ObjectiveForm, TransitionForm
from ..permissions import (
    can_add_objective,
    can_evaluate,
    can_log_meeting,
    can_transition_mentorship,
    can_use_mentor_space,
    can_view_mentorship,
    is_mentor_of,
)
from ..services import evaluation_submit, meeting_log, mentorship_transition, objective_add
from ..workflow import transition_named, transitions_from


def steps_for(user, mentorship) -> list:
    """The workflow steps `user` may take on `mentorship` now."""
    return [
        t for t in transitions_from(mentorship.status) if can_transition_mentorship(user, mentorship, t)[0]
    ]


@permission_required(can_use_mentor_space)
def space(request):
    return render(request, "mentoring/space.html", selectors.mentor_space(user=request.user))


def _mentorship(request, pk):
    mentorship = selectors.mentorship_get(user=request.user, pk=pk)
    if mentorship is None:
        raise Http404
    return mentorship


def _detail(
    request, mentorship, *, objective_form=None, evaluation_form=None, transition_error=None, status=200
):
    user = request.user
    done = {e.side for e in mentorship.evaluations.all()}
    return render(
        request,
        "mentoring/mentorship_detail.html",
        {
            "mentorship": mentorship,
            "candidacy": mentorship.candidacy,
            "steps": steps_for(user, mentorship),
            "may_add_objective": can_add_objective(user, mentorship)[0],
            "may_log_meeting": can_log_meeting(user, mentorship)[0],
            "may_evaluate": can_evaluate(user, mentorship, done_sides=done)[0],
            "show_notes": selectors.may_read_meeting_notes(user),
            "objective_form": objective_form or ObjectiveForm(),
            "evaluation_form": evaluation_form or EvaluationForm(),
            "transition_error": transition_error,
        },
        status=status,
    )


@permission_required(can_view_mentorship)
def detail(request, pk):
    return _detail(request, _mentorship(request, pk))


def _next(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@require_POST
@permission_required(can_view_mentorship)
def transition(request, pk):
    mentorship = _mentorship(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _detail(request, mentorship, transition_error=_("Choose a step."), status=400)
    name = form.cleaned_data["name"]
    check(request.user, lambda u, m: can_transition_mentorship(u, m, transition_named(name)), mentorship)
    try:
        mentorship_transition(
            actor=request.user, mentorship=mentorship, name=name, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        return _detail(
            request, _mentorship(request, pk), transition_error=" ".join(error.messages), status=400
        )
    messages.success(
        request,
        _("The mentorship is now: %(status)s.") % {"status": _mentorship(request, pk).get_status_display()},
    )
    return redirect(_next(request, mentorship_url(pk)))


def mentorship_url(pk) -> str:
    return reverse("mentoring:mentorship", args=[pk])


@require_POST
@permission_required(can_view_mentorship)
def objective_new(request, pk):
    mentorship = _mentorship(request, pk)
    check(request.user, can_add_objective, mentorship)
    form = ObjectiveForm(request.POST)
    if form.is_valid():
        try:
            objective_add(actor=request.user, mentorship=mentorship, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The objective is added."))
            return redirect("mentoring:mentorship", pk=pk)
    return _detail(request, mentorship, objective_form=form, status=400)


@permission_required(can_use_mentor_space)
def meeting_new(request, pk):
    mentorship = _mentorship(request, pk)
    if not is_mentor_of(request.user, mentorship):
        raise Http404
    check(request.user, can_log_meeting, mentorship)
    objectives = list(mentorship.objectives.all())
    form = MeetingForm(request.POST or None, objectives=objectives)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting_log(
                    actor=request.user,
                    mentorship=mentorship,
                    held_on=data["held_on"],
                    mode=data["mode"],
                    topics=data["topics"],
                    notes=data["notes"],
                    progress=form.progress(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The meeting is logged."))
                return redirect("mentoring:mentorship", pk=pk)
        status = 400
    else:
        status = 200
    return render(
        request, "mentoring/meeting_form.html", {"mentorship": mentorship, "form": form}, status=status
    )


@require_POST
@permission_required(can_view_mentorship)
def evaluation_new(request, pk):
    mentorship = _mentorship(request, pk)
    done = {e.side for e in mentorship.evaluations.all()}
    check(request.user, lambda u, m: can_evaluate(u, m, done_sides=done), mentorship)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            evaluation_submit(actor=request.user, mentorship=mentorship, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your evaluation is recorded."))
            return redirect(_next(request, mentorship_url(pk)))
    return _detail(request, mentorship, evaluation_form=form, status=400)
