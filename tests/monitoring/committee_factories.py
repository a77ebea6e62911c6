"""Helpers for the steering committee tests: a committee, meetings and actions put straight
into a state (the services are tested on their own)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from monitoring.models import ActionItem, CommitteeMember, Meeting, MonthlyReport, SteeringCommittee

CASABLANCA = ZoneInfo("Africa/Casablanca")
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_committee(*, chair=None, members=()) -> SteeringCommittee:
    committee, _ = SteeringCommittee.objects.get_or_create(name="Comité de pilotage")
    if chair is not None:
        CommitteeMember.objects.update_or_create(
            committee=committee, user=chair, defaults={"is_chair": True, "title": "Président"}
        )
    for user in members:
        CommitteeMember.objects.get_or_create(committee=committee, user=user)
    return committee


def at(year, month, day, hour=10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=CASABLANCA)


def make_meeting(
    committee, *, starts_at=None, status=Meeting.Status.PLANNED, minutes="", title=""
) -> Meeting:
    starts_at = starts_at or at(2026, 10, 6)
    return Meeting.objects.create(
        committee=committee,
        title=title or f"Réunion du {starts_at:%d/%m/%Y}",
        starts_at=starts_at,
        location="Rabat",
        agenda="1. Suivi",
        minutes=minutes,
        status=status,
    )


def make_action(
    meeting, *, title="Relancer les délégations", owner=None, status=ActionItem.Status.OPEN, closed_at=None
):
    if status in ActionItem.CLOSED and closed_at is None:
        closed_at = meeting.starts_at + timedelta(days=10)
    return ActionItem.objects.create(
        meeting=meeting,
        title=title,
        owner=owner,
        status=status,
        closed_at=closed_at,
        due_on=meeting.starts_at.date(),
    )


def make_monthly_report(month) -> MonthlyReport:
    from django.utils import timezone

    report = MonthlyReport(month=month, generated_at=timezone.now(), size=len(PDF_BYTES))
    report.file.save(f"rapport-{month:%Y-%m}.pdf", ContentFile(PDF_BYTES), save=False)
    report.save()
    return report
