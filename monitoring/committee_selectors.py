"""Reads of the steering committee, scoped with `odco.scoping` (the committee role sees the
whole committee; a delegation sees its own region's notes)."""

from datetime import date

from django.db.models import Count, F, Prefetch, Q

from odco.scoping import scope

from .models import (
    ActionItem,
    CommitteeMember,
    Decision,
    Meeting,
    MeetingAttendance,
    MonthlyReport,
    Partner,
    RegionalNote,
    SteeringCommittee,
)


def committee_for(*, user) -> SteeringCommittee | None:
    """The programme's committee (the first one in scope)."""
    return scope(user, SteeringCommittee.objects.all()).order_by("pk").first()


def members(*, user, committee) -> list[CommitteeMember]:
    return list(
        scope(user, CommitteeMember.objects.filter(committee=committee, active=True)).select_related(
            "user", "partner", "region"
        )
    )


def meeting_list(*, user):
    return (
        scope(user, Meeting.objects.all())
        .select_related("committee")
        .annotate(
            decision_count=Count("decisions", distinct=True),
            action_count=Count("actions", distinct=True),
        )
        .order_by("-starts_at", "-pk")
    )


def meeting_detail(*, user, pk: int) -> Meeting | None:
    return (
        scope(user, Meeting.objects.all())
        .select_related("committee", "validated_by")
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=MeetingAttendance.objects.select_related("member__user", "member__partner"),
            ),
            Prefetch("decisions", queryset=Decision.objects.order_by("pk")),
        )
        .filter(pk=pk)
        .first()
    )


def _open_at(moment) -> Q:
    """Action items still open at `moment` (closed later, or not at all)."""
    return Q(closed_at__isnull=True) | Q(closed_at__gt=moment)


def meeting_actions(*, meeting: Meeting) -> tuple[list[ActionItem], list[ActionItem]]:
    """The actions raised at `meeting`, and those carried over from earlier meetings of the
    same committee because they were still open when it started."""
    rows = list(
        ActionItem.objects.filter(meeting__committee_id=meeting.committee_id)
        .filter(
            Q(meeting=meeting)
            | (
                Q(meeting__starts_at__lt=meeting.starts_at)
                & ~Q(meeting__status=Meeting.Status.CANCELLED)
                & _open_at(meeting.starts_at)
            )
        )
        .select_related("owner", "meeting")
        .order_by("meeting__starts_at", F("due_on").asc(nulls_last=True), "pk")
    )
    raised = [a for a in rows if a.meeting_id == meeting.pk]
    carried = [a for a in rows if a.meeting_id != meeting.pk]
    return raised, carried


def open_actions(*, user):
    return (
        scope(user, ActionItem.objects.exclude(status__in=ActionItem.CLOSED))
        .select_related("owner", "meeting")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def action_detail(*, user, pk: int) -> ActionItem | None:
    return scope(user, ActionItem.objects.select_related("meeting", "owner")).filter(pk=pk).first()


def partner_list(*, user):
    return scope(user, Partner.objects.filter(active=True)).order_by("kind", "name")


def monthly_reports(*, user):
    return scope(user, MonthlyReport.objects.select_related("generated_by")).order_by("-month")


def monthly_report(*, user, pk: int) -> MonthlyReport | None:
    return scope(user, MonthlyReport.objects.all()).filter(pk=pk).first()


def regional_notes(*, user, month: date):
    return (
        scope(user, RegionalNote.objects.filter(month=month))
        .select_related("region", "author")
        .order_by("region__code")
    )


def regional_note(*, region, month: date) -> RegionalNote | None:
    return RegionalNote.objects.filter(region=region, month=month).first()


def next_meeting(*, user, now) -> Meeting | None:
    return (
        scope(user, Meeting.objects.filter(starts_at__gte=now, status=Meeting.Status.PLANNED))
        .order_by("starts_at")
        .first()
    )
