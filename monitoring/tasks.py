"""Thin tasks: ids in, a service or a mail out. Sent only after the transaction commits."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from odco.links import absolute_url

MAIL = {"ignore_result": True, "autoretry_for": (ConnectionError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="monitoring.reports_daily", ignore_result=True)
def reports_daily() -> dict:
    """Beat, every morning: open the reports of the period that just ended, remind, escalate.

    Safe to run twice: reports are opened once per cooperative and period, and each report
    is reminded and escalated once.
    """
    from .periods import QUARTERLY, last_closed
    from .services import reminders_send, reports_open_for_period

    today = timezone.localdate()
    opened = reports_open_for_period(period=last_closed(today, QUARTERLY))
    run = reminders_send(today=today)
    return {"opened": opened, "reminded": len(run.reminded), "escalated": len(run.escalated)}


def _send(recipients: dict[str, str], subject_body, *, kind: str = "", url: str = "") -> int:
    """Mail each recipient in their language; users also find the message in their notifications."""
    from odco.notifications.services import notification_record

    sent = 0
    for email, language in sorted(recipients.items()):
        with translation.override(language):
            subject, body = subject_body()
        sent += send_mail(subject, body, None, [email])
        if kind:
            notification_record(email=email, kind=kind, subject=subject, body=body, url=url)
    return sent


def _cooperative_recipients(report) -> dict[str, str]:
    from odco.accounts.models import User

    recipients = {
        u.email: u.language
        for u in User.objects.filter(is_active=True, role_assignments__cooperative_id=report.cooperative_id)
    }
    if report.cooperative.email:
        recipients.setdefault(report.cooperative.email, settings.LANGUAGE_CODE)
    return recipients


def _delegation_recipients(report) -> dict[str, str]:
    from odco.accounts.models import User
    from odco.roles import Role

    return {
        u.email: u.language
        for u in User.objects.filter(
            is_active=True,
            role_assignments__role=Role.DELEGATION,
            role_assignments__region_id=report.cooperative.region_id,
        )
    }


def _pending_report(report_id: int):
    from .models import PeriodicReport
    from .workflow import PENDING_STATES

    return (
        PeriodicReport.objects.select_related("cooperative")
        .filter(pk=report_id, status__in=PENDING_STATES)
        .first()
    )


@shared_task(name="monitoring.report_send_reminder", **MAIL)
def report_send_reminder(report_id: int) -> int:
    """Remind the cooperative that its report is due soon (nothing if it was submitted since)."""
    report = _pending_report(report_id)
    if report is None:
        return 0
    link = absolute_url(reverse("reports:edit", args=[report.pk]))

    def message():
        return (
            _("Your report for %(period)s is due on %(due)s")
            % {"period": report.period, "due": report.due_on},
            _(
                "Hello,\n\nThe follow-up report of %(cooperative)s for %(period)s is due on %(due)s.\n"
                "Fill it in here: %(link)s\n\nODCO"
            )
            % {
                "cooperative": report.cooperative.name,
                "period": report.period,
                "due": report.due_on,
                "link": link,
            },
        )

    return _send(
        _cooperative_recipients(report),
        message,
        kind="report.reminder",
        url=reverse("reports:edit", args=[report.pk]),
    )


@shared_task(name="monitoring.report_send_escalation", **MAIL)
def report_send_escalation(report_id: int) -> int:
    """Tell the delegation (and the cooperative) that a report is overdue."""
    report = _pending_report(report_id)
    if report is None:
        return 0
    link = absolute_url(reverse("reports:detail", args=[report.pk]))

    def message():
        return (
            _("Overdue report: %(cooperative)s, %(period)s")
            % {"cooperative": report.cooperative.name, "period": report.period},
            _(
                "Hello,\n\nThe follow-up report of %(cooperative)s for %(period)s was due on %(due)s "
                "and has not been submitted.\n%(link)s\n\nODCO"
            )
            % {
                "cooperative": report.cooperative.name,
                "period": report.period,
                "due": report.due_on,
                "link": link,
            },
        )

    recipients = _cooperative_recipients(report)
    recipients.update(_delegation_recipients(report))
    return _send(recipients, message, kind="report.overdue", url=reverse("reports:detail", args=[report.pk]))


@shared_task(name="monitoring.report_notify_status", **MAIL)
def report_notify_status(report_id: int, status: str) -> int:
    """Tell the cooperative (and, on submission, the delegation) about a new status."""
    from .models import PeriodicReport

    report = PeriodicReport.objects.select_related("cooperative").filter(pk=report_id, status=status).first()
    if report is None:
        return 0
    recipients = _cooperative_recipients(report)
    if status == PeriodicReport.Status.SUBMITTED:
        recipients.update(_delegation_recipients(report))
    link = absolute_url(reverse("reports:detail", args=[report.pk]))

    def message():
        text = _("Hello,\n\nThe follow-up report of %(cooperative)s for %(period)s is now: %(status)s.\n")
        if report.review_comment and status == PeriodicReport.Status.RETURNED:
            text += _("Comment: %(comment)s\n")
        text += "%(link)s\n\nODCO"
        return (
            _("Report %(period)s: %(status)s")
            % {"period": report.period, "status": report.get_status_display()},
            text
            % {
                "cooperative": report.cooperative.name,
                "period": report.period,
                "status": report.get_status_display(),
                "comment": report.review_comment,
                "link": link,
            },
        )

    return _send(recipients, message, kind="report.status", url=reverse("reports:detail", args=[report.pk]))
