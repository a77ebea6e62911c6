"""Sessions: calendar by region, planning, detail, workflow steps, enrolment, roll call,
evaluations, the check-in code shown in the room, and the trainer's own list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.links import absolute_url
from odco.params import id_param
from odco.permissions import check, permission_required
from odco.regions.models import Region

from .. import checkin, selectors
from ..forms import CommentForm, SessionForm, add_service_errors, evaluation_rows, roll_call_marks
from ..ics import opens_session_pages, session_url
from ..models import Attendance, TrainingSession
from ..permissions import (
    answers_for,
    can_get_session_calendar,
    can_plan_sessions,
    can_reply_enrolments,
    can_take_roll_call,
    can_transition_session,
    can_use_trainer_space,
    can_view_sessions,
)
from ..services import (
    TrainingRefused,
    attendance_record,
    enrolment_enrol_region,
    enrolment_reply,
    evaluation_record,
    session_schedule,
    session_transition,
    session_update,
)
from ..services.invitations import session_ics
from ..workflow import transition_named, transitions_from

PER_PAGE = 50


def _session(request, pk) -> TrainingSession:
    session = selectors.session_get(user=request.user, pk=pk)
    if session is None:
        raise Http404
    return session


@permission_required(can_view_sessions)
def session_list(request):
    filters = {key: request.GET.get(key, "") for key in ("phase", "region", "status")}
    phase = id_param(filters["phase"])
    filters["phase"] = str(phase) if phase else ""
    sessions = selectors.session_list(user=request.user, filters=filters).order_by(
        "region__code", "starts_at", "pk"
    )
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    phases = list(selectors.phase_list(user=request.user))
    current_phase = next((p for p in phases if str(p.pk) == filters["phase"]), None)
    return render(
        request,
        "training/session_list.html",
        {
            "page": page,
            "sessions": page.object_list,
            "filters": filters,
            "phases": phases,
            "current_phase": current_phase,
            "regions": Region.objects.order_by("code"),
            "statuses": TrainingSession.Status.choices,
            "may_plan": can_plan_sessions(request.user)[0],
        },
    )


@permission_required(can_plan_sessions)
def session_create(request):
    phases = selectors.phase_list(user=request.user)
    form = SessionForm(request.POST or None, phases=phases, initial={"phase": request.GET.get("phase")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = session_schedule(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session is planned."))
            return redirect("training:session_detail", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "training/session_form.html", {"form": form, "session": None}, status=status)


@permission_required(can_plan_sessions)
def session_edit(request, pk):
    session = _session(request, pk)
    initial = {
        "modules": list(session.modules.all()),
        "trainers": list(session.trainers.all()),
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "hours": session.hours,
        "venue": session.venue,
        "online_url": session.online_url,
        "capacity": session.capacity,
    }
    form = SessionForm(
        request.POST or None, phases=selectors.phase_list(user=request.user), editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("hours") is None:
            data["hours"] = session.hours
        try:
            session_update(
                actor=request.user,
                session=session,
                modules=data.pop("modules"),
                trainers=data.pop("trainers"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session is updated."))
            return redirect("training:session_detail", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "training/session_form.html", {"form": form, "session": session}, status=status)


def _detail(request, session, *, comment_form=None, status=200, errors=None, posted=None):
    enrolments = selectors.session_enrolments(session)
    steps = [
        t for t in transitions_from(session.status) if can_transition_session(request.user, session, t)[0]
    ]
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "enrolments": enrolments,
            "summary": selectors.attendance_summary(session),
            "steps": steps,
            "comment_form": comment_form or CommentForm(),
            "may_plan": can_plan_sessions(request.user)[0],
            "may_roll_call": can_take_roll_call(request.user, session)[0],
            "errors": errors or {},
            "posted": posted or {},
        },
        status=status,
    )


@permission_required(can_view_sessions)
def session_detail(request, pk):
    return _detail(request, _session(request, pk))


@require_POST
@permission_required(can_view_sessions)
def session_step(request, pk, name):
    session = _session(request, pk)
    transition = transition_named(name)
    if transition is None:
        raise Http404
    check(request.user, lambda user, obj: can_transition_session(user, obj, transition), session)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        session_transition(
            actor=request.user, session=session, name=name, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail(request, session, comment_form=form, status=400)
    messages.success(request, _("Done."))
    return redirect("training:session_detail", pk=session.pk)


@require_POST
@permission_required(can_plan_sessions)
def session_enrol(request, pk):
    session = _session(request, pk)
    try:
        enrolled, left_out = enrolment_enrol_region(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:session_detail", pk=session.pk)
    messages.success(
        request,
        _("%(enrolled)s participants enrolled; %(left_out)s left without a seat.")
        % {"enrolled": enrolled, "left_out": left_out},
    )
    return redirect("training:session_detail", pk=session.pk)


@permission_required(can_take_roll_call)
def roll_call(request, pk):
    """The trainer's phone page: one row per participant, present / late / absent."""
    session = _session(request, pk)
    check(request.user, can_take_roll_call, session)
    enrolments = selectors.session_enrolments(session)
    errors: dict = {}
    if request.method == "POST":
        marks, errors = roll_call_marks(request.POST, enrolments)
        if not errors:
            try:
                changed = attendance_record(actor=request.user, session=session, marks=marks)
            except ValidationError as error:
                errors = {0: " ".join(error.messages)}
            else:
                messages.success(request, _("Roll call saved (%(count)s changes).") % {"count": changed})
                return redirect("training:roll_call", pk=session.pk)
    return render(
        request,
        "training/roll_call.html",
        {
            "session": session,
            "enrolments": enrolments,
            "errors": errors,
            "statuses": Attendance.Status.choices,
        },
        status=400 if errors else 200,
    )


@require_POST
@permission_required(can_take_roll_call)
def evaluations(request, pk):
    session = _session(request, pk)
    check(request.user, can_take_roll_call, session)
    enrolments = selectors.session_enrolments(session)
    rows, errors = evaluation_rows(request.POST, enrolments)
    if not errors:
        try:
            changed = evaluation_record(actor=request.user, session=session, rows=rows)
        except ValidationError as error:
            errors = {"form": " ".join(error.messages)}
        else:
            messages.success(request, _("Evaluations saved (%(count)s changes).") % {"count": changed})
            return redirect(reverse("training:session_detail", args=[session.pk]) + "#evaluations")
    return _detail(request, session, status=400, errors=errors, posted=request.POST)


def _code_context(request, session):
    url = absolute_url("training:check_in", session.pk)
    return {
        "session": session,
        "code": checkin.current_code(session),
        "seconds_left": checkin.seconds_left(),
        "qr": checkin.qr_svg(url),
        "check_in_url": url,
    }


@permission_required(can_take_roll_call)
def checkin_display(request, pk):
    """Shown on the room's screen: the current code and a QR to the check-in page."""
    session = _session(request, pk)
    check(request.user, can_take_roll_call, session)
    return render(request, "training/checkin_display.html", _code_context(request, session))


@permission_required(can_take_roll_call)
def checkin_code(request, pk):
    """The code fragment, polled by htmx so that the screen follows the rotation."""
    session = _session(request, pk)
    check(request.user, can_take_roll_call, session)
    return render(request, "training/_checkin_code.html", _code_context(request, session))


@permission_required(can_get_session_calendar)
def session_calendar_file(request, pk):
    session = _session(request, pk)
    url = session_url(session, detail=opens_session_pages(request.user))
    response = HttpResponse(
        session_ics(session, method="PUBLISH", url=url),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@permission_required(can_use_trainer_space)
def my_sessions(request):
    sessions = list(selectors.trainer_sessions(user=request.user)[:100])
    return render(request, "training/my_sessions.html", {"sessions": sessions})


@require_POST
@permission_required(can_reply_enrolments)
def enrolment_reply_view(request, pk):
    """The cooperative answers a session's invitation for one participant, from its space."""
    enrolment = selectors.enrolment_get(user=request.user, pk=pk)
    if enrolment is None:
        raise Http404
    check(request.user, answers_for, enrolment)
    back = reverse("me") + "#training-invitations"
    try:
        enrolment_reply(actor=request.user, enrolment=enrolment, reply=request.POST.get("reply", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    except TrainingRefused as refused:
        messages.error(request, refused.reason)
        return redirect(back)
    messages.success(request, _("Your answer is recorded."))
    return redirect(back)
