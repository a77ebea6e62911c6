"""Thin tasks of the steering committee: the monthly report (beat and on demand) and the
meeting invitations. Ids in; safe to run twice."""

from datetime import date

from celery import shared_task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

MAIL = {"ignore_result": True, "autoretry_for": (ConnectionError,), "retry_backoff": True, "max_retries": 5}
JOB_KIND = "committee.monthly_report"


@shared_task(name="monitoring.committee_monthly_report", ignore_result=True)
def committee_monthly_report(month: str = "") -> int:
    """Beat, on the 1st of each month: the report of the month that just ended, generated
    (replacing any earlier copy) and e-mailed to the committee."""
    from .services.committee_report import monthly_report_generate, previous_month

    target = date.fromisoformat(month) if month else previous_month(timezone.localdate())
    report = monthly_report_generate(month=target)
    committee_report_send.delay(report.pk)
    return report.pk


@shared_task(name="monitoring.committee_report_send", **MAIL)
def committee_report_send(report_id: int) -> int:
    from .models import MonthlyReport
    from .services.committee_report import monthly_report_send

    report = MonthlyReport.objects.filter(pk=report_id).first()
    return monthly_report_send(report=report) if report else 0


@shared_task(name="monitoring.committee_report_job")
def committee_report_job(job_id: str) -> None:
    """On demand: regenerate one month's report with progress on the job page."""
    from django.urls import reverse

    from odco.jobs.models import Job
    from odco.jobs.services import job_fail, job_start, job_succeed

    from .services.committee_report import monthly_report_generate

    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    with translation.override(getattr(job.created_by, "language", None) or "fr"):
        job_start(job_id=job_id, total=1)
        month = date.fromisoformat(job.params["month"])
        try:
            report = monthly_report_generate(month=month, user=job.created_by)
        except Exception as error:
            job_fail(job_id=job_id, message=_("The report failed: %(error)s") % {"error": error})
            raise
        if job.params.get("send"):
            committee_report_send.delay(report.pk)
        job_succeed(
            job_id=job_id,
            result={"report": report.pk, "month": month.isoformat()},
            message=_("The report for %(month)s is ready.") % {"month": f"{month:%m/%Y}"},
            result_url=reverse("committee:reports"),
        )


@shared_task(name="monitoring.committee_meeting_invitations", **MAIL)
def meeting_send_invitations(meeting_id: int) -> int:
    """E-mail each active member the meeting's calendar file, in their language: the
    invitation, then each update (higher SEQUENCE) or the cancellation. Safe to run twice:
    each member is sent each revision once."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.db.models import Q

    from odco.links import absolute_url

    from .committee_ics import meeting_calendar
    from .models import Meeting, MeetingAttendance

    meeting = Meeting.objects.select_related("committee").filter(pk=meeting_id).first()
    if meeting is None or meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.CANCELLED):
        return 0
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST"
    behind = Q(invited_sequence__lt=meeting.calendar_sequence)
    wanted = behind if method == "CANCEL" else behind | Q(invited_sequence__isnull=True)
    rows = MeetingAttendance.objects.filter(
        wanted, meeting=meeting, member__active=True, member__user__is_active=True
    ).select_related("member__user")
    url = absolute_url("committee:meeting", meeting.pk)
    ics = meeting_calendar(meeting, method=method)
    sent = 0
    for row in rows.order_by("member__user__email"):
        user = row.member.user
        with translation.override(user.language or settings.LANGUAGE_CODE):
            facts = {
                "title": meeting.title,
                "date": f"{timezone.localtime(meeting.starts_at):%d/%m/%Y %H:%M}",
                "url": url,
            }
            if method == "CANCEL":
                subject = _("Steering committee: %(title)s on %(date)s is cancelled") % facts
                body = _(
                    'Hello,\n\nThe meeting "%(title)s" of %(date)s is cancelled.\n'
                    "The attached file removes it from your calendar. Details: %(url)s\n"
                ) % facts
            elif row.invited_sequence is not None:
                subject = _("Steering committee: %(title)s on %(date)s has changed") % facts
                body = _(
                    'Hello,\n\nThe meeting "%(title)s" has changed.\n'
                    "The attached file updates your calendar. Agenda and documents: %(url)s\n"
                ) % facts
            else:
                subject = _("Steering committee: %(title)s on %(date)s") % facts
                body = _(
                    'Hello,\n\nYou are invited to the meeting "%(title)s".\nAgenda and documents: %(url)s\n'
                ) % facts
        message = EmailMessage(subject, body, None, [user.email])
        message.attach("invitation.ics", ics, f"text/calendar; method={method}")
        sent += message.send()
        MeetingAttendance.objects.filter(pk=row.pk).update(invited_sequence=meeting.calendar_sequence)
    return sent
