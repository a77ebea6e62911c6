"""Reminders before the due date and escalation of overdue reports to the delegation.

Run daily by Celery beat (`monitoring.tasks.reports_daily`). Each report is reminded once
and escalated once: the service marks it, then sends the mails after the commit, so a
second run the same day sends nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from ..models import PeriodicReport
from ..periods import reminder_days
from ..workflow import PENDING_STATES


@dataclass(frozen=True)
class ReminderRun:
    reminded: tuple[int, ...]
    escalated: tuple[int, ...]


@transaction.atomic
def reminders_send(*, today: date | None = None) -> ReminderRun:
    """Mark and notify: pending reports due within the reminder window, and overdue ones."""
    from ..tasks import report_send_escalation, report_send_reminder

    today = today or timezone.localdate()
    now = timezone.now()
    pending = PeriodicReport.objects.select_for_update().filter(status__in=PENDING_STATES)
    to_remind = list(
        pending.filter(
            reminded_at__isnull=True, due_on__gte=today, due_on__lte=today + timedelta(days=reminder_days())
        ).values_list("pk", flat=True)
    )
    to_escalate = list(
        pending.filter(escalated_at__isnull=True, due_on__lt=today).values_list("pk", flat=True)
    )
    PeriodicReport.objects.filter(pk__in=to_remind).update(reminded_at=now)
    PeriodicReport.objects.filter(pk__in=to_escalate).update(escalated_at=now)
    for pk in to_remind:
        transaction.on_commit(lambda pk=pk: report_send_reminder.delay(pk))
    for pk in to_escalate:
        transaction.on_commit(lambda pk=pk: report_send_escalation.delay(pk))
    return ReminderRun(reminded=tuple(to_remind), escalated=tuple(to_escalate))
