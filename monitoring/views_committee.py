"""Steering committee pages: overview, meetings (agenda, attendance, minutes, decisions,
action items), partners, regional notes and the monthly reports."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.calendar_files import Reply
from odco.jobs.services import job_create, job_enqueue
from odco.permissions import check, permission_required
from odco.regions.models import Region

from . import committee_selectors as selectors
from .committee_ics import meeting_calendar
from .committee_permissions import (
    can_edit_meeting,
    can_generate_monthly_report,
    can_transition_meeting,
    can_update_action,
    can_view_committee,
    can_view_regional_notes,
    can_write_regional_note,
    meeting_roles,
)
from .committee_workflow import transition_named, transitions_from
from .forms_committee import (
    ActionForm,
    ActionStatusForm,
    DecisionForm,
    MeetingCreateForm,
    MeetingEditForm,
    RegionalNoteForm,
    ReportGenerateForm,
)
from .models import ActionItem, CommitteeMember, Meeting, MeetingAttendance
from .services.committee import (
    action_add,
    action_set_status,
    decision_add,
    meeting_create,
    meeting_reply,
    meeting_transition,
    meeting_update,
    regional_note_save,
)
from .services.committee_report import previous_month
from .tasks_committee import JOB_KIND, committee_report_job


def _page(request, qs):
    return Paginator(qs, settings.ODCO_PAGE_SIZE).get_page(request.GET.get("page"))


def _committee(request):
    committee = selectors.committee_for(user=request.user)
    if committee is None:
        raise Http404
    return committee


def _may_plan(user, committee) -> bool:
    return bool(meeting_roles(user, Meeting(committee=committee)))


@permission_required(can_view_committee)
def home(request):
    committee = _committee(request)
    actions = list(selectors.open_actions(user=request.user)[:20])
    return render(
        request,
        "monitoring/committee/home.html",
        {
            "committee": committee,
            "members": selectors.members(user=request.user, committee=committee),
            "next_meeting": selectors.next_meeting(user=request.user, now=timezone.now()),
            "actions": actions,
            "may_update": {a.pk for a in actions if can_update_action(request.user, a)[0]},
            "action_statuses": ActionItem.Status.choices,
            "today": timezone.localdate(),
            "reports": list(selectors.monthly_reports(user=request.user)[:3]),
        },
    )


@permission_required(can_view_committee)
def meeting_list(request):
    committee = _committee(request)
    return render(
        request,
        "monitoring/committee/meeting_list.html",
        {
            "page": _page(request, selectors.meeting_list(user=request.user)),
            "may_plan": _may_plan(request.user, committee),
        },
    )


@permission_required(can_view_committee)
def meeting_new(request):
    committee = _committee(request)
    if not _may_plan(request.user, committee):
        raise PermissionDenied(_("Only ODCO staff and the committee's chair may plan a meeting."))
    form = MeetingCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = meeting_create(actor=request.user, committee=committee, **form.cleaned_data)
        messages.success(request, _("The meeting is planned."))
        return redirect("committee:meeting", meeting.pk)
    return render(request, "monitoring/committee/meeting_new.html", {"form": form})


def _meeting(request, pk) -> Meeting:
    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    return meeting


def _owners(meeting):
    from odco.accounts.models import User

    return User.objects.filter(
        is_active=True,
        committee_memberships__committee_id=meeting.committee_id,
        committee_memberships__active=True,
    ).order_by("last_name", "email")


def _members(meeting) -> list:
    """The committee's active members (attendance may be recorded for each)."""
    return list(
        CommitteeMember.objects.filter(committee_id=meeting.committee_id, active=True).select_related("user")
    )


def _my_reply(meeting, attendance, user):
    """The user's answer to a planned meeting (an unsaved row if none yet), for members only."""
    if meeting.status != Meeting.Status.PLANNED:
        return None
    mine = next((a for a in attendance if a.member.user_id == user.pk), None)
    if mine is None:
        members = CommitteeMember.objects.filter(committee_id=meeting.committee_id, active=True)
        member = members.filter(user=user).first()
        mine = MeetingAttendance(meeting=meeting, member=member) if member else None
    return mine


def _detail(request, meeting, *, forms=None, status=200):
    user = request.user
    raised, carried = selectors.meeting_actions(meeting=meeting)
    may_edit = can_edit_meeting(user, meeting)[0]
    attendance = list(meeting.attendance.all())
    forms = forms or {}
    context = {
        "meeting": meeting,
        "attendance": attendance,
        "decisions": list(meeting.decisions.all()),
        "raised": raised,
        "carried": carried,
        "may_edit": may_edit,
        "transitions": [
            t for t in transitions_from(meeting.status) if can_transition_meeting(user, meeting, t)[0]
        ],
        "action_statuses": ActionItem.Status.choices,
        "may_update": {a.pk for a in raised + carried if can_update_action(user, a)[0]},
        "today": timezone.localdate(),
        "my_reply": _my_reply(meeting, attendance, user),
        "replies": Reply.choices[1:],
    }
    if may_edit:
        context.update(
            {
                "edit_form": forms.get("edit")
                or MeetingEditForm(
                    members=_members(meeting),
                    initial={
                        "agenda": meeting.agenda,
                        "minutes": meeting.minutes,
                        "location": meeting.location,
                        "present": [str(a.member_id) for a in attendance if a.present],
                    },
                ),
                "decision_form": forms.get("decision") or DecisionForm(),
                "action_form": forms.get("action") or ActionForm(owners=_owners(meeting)),
            }
        )
    return render(request, "monitoring/committee/meeting_detail.html", context, status=status)


@permission_required(can_view_committee)
def meeting_detail(request, pk):
    return _detail(request, _meeting(request, pk))


@require_POST
@permission_required(can_view_committee)
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    check(request.user, can_edit_meeting, meeting)
    form = MeetingEditForm(request.POST, members=_members(meeting))
    if not form.is_valid():
        return _detail(request, meeting, forms={"edit": form}, status=400)
    data = form.cleaned_data
    meeting_update(
        actor=request.user,
        meeting=meeting,
        agenda=data["agenda"],
        minutes=data["minutes"],
        location=data["location"],
        present_member_ids=data["present"],
    )
    messages.success(request, _("The meeting is saved."))
    return redirect("committee:meeting", meeting.pk)


@require_POST
@permission_required(can_view_committee)
def decision_create(request, pk):
    meeting = _meeting(request, pk)
    check(request.user, can_edit_meeting, meeting)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, meeting, forms={"decision": form}, status=400)
    decision_add(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
    messages.success(request, _("The decision is recorded."))
    return redirect("committee:meeting", meeting.pk)


@require_POST
@permission_required(can_view_committee)
def action_create(request, pk):
    meeting = _meeting(request, pk)
    check(request.user, can_edit_meeting, meeting)
    form = ActionForm(request.POST, owners=_owners(meeting))
    if not form.is_valid():
        return _detail(request, meeting, forms={"action": form}, status=400)
    action_add(actor=request.user, meeting=meeting, **form.cleaned_data)
    messages.success(request, _("The action is recorded."))
    return redirect("committee:meeting", meeting.pk)


@require_POST
@permission_required(can_view_committee)
def meeting_step(request, pk):
    meeting = _meeting(request, pk)
    transition = transition_named(request.POST.get("transition", ""))
    check(request.user, lambda user, obj: can_transition_meeting(user, obj, transition), meeting)
    meeting_transition(actor=request.user, meeting=meeting, name=transition.name)
    messages.success(request, _("Done: %(step)s.") % {"step": transition.label})
    return redirect("committee:meeting", meeting.pk)


@require_POST
@permission_required(can_view_committee)
def meeting_reply_view(request, pk):
    """A member answers the invitation from the meeting's page."""
    meeting = _meeting(request, pk)
    try:
        meeting_reply(actor=request.user, meeting=meeting, reply=request.POST.get("reply", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("committee:meeting", meeting.pk)
    messages.success(request, _("Your answer is recorded."))
    return redirect("committee:meeting", meeting.pk)


@permission_required(can_view_committee)
def meeting_ics(request, pk):
    meeting = _meeting(request, pk)
    response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="comite-{meeting.starts_at:%Y-%m-%d}.ics"'
    return response


@require_POST
@permission_required(can_view_committee)
def action_status(request, pk):
    action = selectors.action_detail(user=request.user, pk=pk)
    if action is None:
        raise Http404
    check(request.user, can_update_action, action)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        action_set_status(actor=request.user, action=action, status=form.cleaned_data["status"])
        messages.success(request, _("The action is updated."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("committee:meeting", action.meeting_id)


@permission_required(can_view_committee)
def partner_list(request):
    return render(
        request,
        "monitoring/committee/partner_list.html",
        {"partners": list(selectors.partner_list(user=request.user))},
    )


@permission_required(can_view_committee)
def report_list(request):
    may_generate = can_generate_monthly_report(request.user)[0]
    form = (
        ReportGenerateForm(initial={"month": previous_month(timezone.localdate())}) if may_generate else None
    )
    return render(
        request,
        "monitoring/committee/report_list.html",
        {"page": _page(request, selectors.monthly_reports(user=request.user)), "form": form},
    )


@require_POST
@permission_required(can_view_committee)
def report_generate(request):
    check(request.user, can_generate_monthly_report)
    form = ReportGenerateForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "monitoring/committee/report_list.html",
            {"page": _page(request, selectors.monthly_reports(user=request.user)), "form": form},
            status=400,
        )
    month, send = form.cleaned_data["month"], form.cleaned_data["send"]
    with transaction.atomic():
        job = job_create(
            kind=JOB_KIND,
            user=request.user,
            label=_("Monthly report of the steering committee · %(month)s") % {"month": f"{month:%m/%Y}"},
            total=1,
            params={"month": month.isoformat(), "send": send},
        )
        job_enqueue(job=job, task=committee_report_job)
    return redirect("jobs:detail", job.pk)


@permission_required(can_view_committee)
def report_pdf(request, pk):
    report = selectors.monthly_report(user=request.user, pk=pk)
    if report is None or not report.file:
        raise Http404
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=False,
        filename=f"rapport-comite-{report.month:%Y-%m}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _month(request) -> date:
    raw = request.GET.get("month", "")
    try:
        return date.fromisoformat(f"{raw}-01") if raw else timezone.localdate().replace(day=1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@permission_required(can_view_regional_notes)
def note_list(request):
    month = _month(request)
    user = request.user
    notes = list(selectors.regional_notes(user=user, month=month))
    writable = list(Region.objects.filter(pk__in=user.delegation_region_ids).order_by("code"))
    return render(
        request,
        "monitoring/committee/note_list.html",
        {
            "month": month,
            "previous": (month.replace(day=1) - timedelta(days=1)).replace(day=1),
            "notes": notes,
            "writable": writable,
            "perms_committee": can_view_committee(user)[0],
        },
    )


@permission_required(can_view_regional_notes)
def note_edit(request, code):
    region = Region.objects.filter(code=Region.normalize_code(code)).first()
    if region is None or not (
        request.user.is_superuser
        or request.user.has_role("staff", "committee")
        or region.pk in request.user.delegation_region_ids
    ):
        raise Http404
    check(request.user, can_write_regional_note, region)
    month = _month(request)
    note = selectors.regional_note(region=region, month=month)
    form = RegionalNoteForm(request.POST or None, initial={"text": note.text if note else ""})
    if request.method == "POST" and form.is_valid():
        regional_note_save(actor=request.user, region=region, month=month, text=form.cleaned_data["text"])
        messages.success(request, _("The note is saved."))
        return redirect(f"{reverse('committee:notes')}?month={month:%Y-%m}")
    return render(
        request,
        "monitoring/committee/note_form.html",
        {"form": form, "region": region, "month": month, "note": note},
        status=400 if request.method == "POST" else 200,
    )
