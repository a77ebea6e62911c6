"""The coach's pages (dashboard, log forms) and the coaching file of a cooperative."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.permissions import check, permission_required

from .. import selectors
from ..chart import progression_chart
from ..forms import SessionForm, SimulationForm, add_service_errors
from ..permissions import (
    can_act_on_actions,
    can_log_session,
    can_mark_action_done,
    can_read_private_notes,
    can_use_coach_space,
    can_view_coaching_file,
)
from ..scoring import rubric_ensure, simulation_record
from ..services import action_mark_done, session_log


@permission_required(can_use_coach_space)
def dashboard(request):
    context = selectors.coach_dashboard(user=request.user)
    context["profile"] = selectors.coach_profile_of(request.user)
    context["today"] = timezone.localdate()
    return render(request, "coaching/dashboard.html", context)


@permission_required(can_view_coaching_file)
def cooperative_file(request, pk):
    """A cooperative's coaching: its most recent coached candidacy's file."""
    candidacy_id = selectors.latest_coached_candidacy_id(user=request.user, cooperative_pk=pk)
    if candidacy_id is None:
        raise Http404
    return redirect("coaching:candidacy", pk=candidacy_id)


@permission_required(can_view_coaching_file)
def candidacy_file(request, pk):
    file = selectors.coaching_file(user=request.user, candidacy_pk=pk)
    if file is None:
        raise Http404
    file.chart = progression_chart(file.progression)
    for session in file.sessions:
        session.show_notes = can_read_private_notes(request.user, session)[0]
    return render(
        request,
        "coaching/candidacy_file.html",
        {
            "file": file,
            "candidacy": file.candidacy,
            "loggable": [a for a in file.assignments if can_log_session(request.user, a)[0]],
            "today": timezone.localdate(),
            "may_mark_done": can_act_on_actions(request.user)[0],
        },
    )


def _assignment_for_logging(request, pk):
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    if assignment is None:
        raise Http404
    check(request.user, can_log_session, assignment)
    return assignment


@permission_required(can_use_coach_space)
def session_new(request, pk):
    assignment = _assignment_for_logging(request, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                session_log(
                    actor=request.user,
                    assignment=assignment,
                    actions=form.agreed_actions(),
                    **form.session_data(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The session is recorded."))
                return redirect("coaching:candidacy", pk=assignment.candidacy_id)
        status = 400
    else:
        status = 200
    return render(
        request,
        "coaching/session_form.html",
        {"form": form, "assignment": assignment, "window": assignment.window},
        status=status,
    )


@permission_required(can_use_coach_space)
def simulation_new(request, pk):
    assignment = _assignment_for_logging(request, pk)
    rubric = rubric_ensure(assignment.candidacy.edition.phase)
    criteria = list(rubric.criteria.all())
    from ..selectors_projects import decks_of

    decks = [d for d in decks_of(cooperative_id=assignment.candidacy.cooperative_id) if d.status == "ready"]
    form = SimulationForm(request.POST or None, rubric=rubric, criteria=criteria, decks=decks)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                simulation_record(
                    actor=request.user,
                    assignment=assignment,
                    held_on=form.cleaned_data["held_on"],
                    points=form.points(),
                    feedback=form.cleaned_data["feedback"],
                    recording_url=form.cleaned_data["recording_url"],
                    deck=form.chosen_deck(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The pitch simulation is scored."))
                return redirect("coaching:candidacy", pk=assignment.candidacy_id)
        status = 400
    return render(
        request,
        "coaching/simulation_form.html",
        {"form": form, "assignment": assignment, "rubric": rubric, "window": assignment.window},
        status=status,
    )


@require_POST
@permission_required(can_act_on_actions)
def action_done(request, pk):
    action = selectors.action_get(user=request.user, pk=pk)
    if action is None:
        raise Http404
    check(request.user, can_mark_action_done, action)
    action_mark_done(actor=request.user, action=action)
    messages.success(request, _("Marked done: %(action)s") % {"action": action.title})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect("coaching:candidacy", pk=action.candidacy_id)
    return redirect(target)
