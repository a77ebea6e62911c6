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
    """E-mail each active member the meeting with an .ics invitation, in their language."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.urls import reverse

    from .committee_ics import meeting_calendar
    from .models import CommitteeMember, Meeting

    meeting = Meeting.objects.select_related("committee").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    url = settings.ODCO_SITE_URL + reverse("committee:meeting", args=[meeting.pk])
    ics = meeting_calendar(meeting, url=url, method="REQUEST")
    sent = 0
    members = CommitteeMember.objects.filter(
        committee_id=meeting.committee_id, active=True, user__is_active=True
    )
    for member in members.select_related("user").order_by("user__email"):
        with translation.override(member.user.language or settings.LANGUAGE_CODE):
            local = timezone.localtime(meeting.starts_at)
            subject = _("Steering committee: %(title)s on %(date)s") % {
                "title": meeting.title,
                "date": f"{local:%d/%m/%Y %H:%M}",
            }
            body = _(
                'Hello,\n\nYou are invited to the meeting "%(title)s".\nAgenda and documents: %(url)s\n'
            ) % {
                "title": meeting.title,
                "url": url,
            }
        message = EmailMessage(subject, body, None, [member.user.email])
        message.attach("invitation.ics", ics, "text/calendar; method=REQUEST")
        sent += message.send()
    return sent
