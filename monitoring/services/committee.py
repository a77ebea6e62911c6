"""Every write of the steering committee: meetings, attendance, minutes, decisions, action
items and regional notes. Keyword-only, one transaction, audited."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from odco.audit.services import audit_record
from odco.calendar_files import Reply

from ..committee_permissions import (
    can_edit_meeting,
    can_transition_meeting,
    can_update_action,
    can_write_regional_note,
    meeting_roles,
)
from ..committee_workflow import transition_named
from ..models import (
    ActionItem,
    CommitteeMember,
    Decision,
    Meeting,
    MeetingAttendance,
    RegionalNote,
    SteeringCommittee,
)


class CommitteeRefused(PermissionDenied):
    """A committee action the user's role or the meeting's state does not allow (403)."""


def _require(verdict) -> None:
    allowed, reason = verdict
    if not allowed:
        raise CommitteeRefused(reason)


def _staff_or_chair(actor, committee: SteeringCommittee) -> None:
    probe = Meeting(committee=committee)
    if not meeting_roles(actor, probe):
        raise CommitteeRefused(_("Only ODCO staff and the committee's chair may plan a meeting."))


@transaction.atomic
def meeting_create(
    *,
    actor,
    committee: SteeringCommittee,
    title: str,
    starts_at,
    duration_minutes: int = 120,
    location: str = "",
    agenda: str = "",
    invite: bool = True,
) -> Meeting:
    """Plan a meeting; every active member is expected (attendance rows) and, if `invite`,
    receives an iCalendar invitation once the transaction commits."""
    _staff_or_chair(actor, committee)
    meeting = Meeting(
        committee=committee,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        agenda=agenda,
    )
    meeting.full_clean()
    meeting.save()
    members = CommitteeMember.objects.filter(committee=committee, active=True)
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(meeting=meeting, member=m, present=False) for m in members]
    )
    audit_record(actor=actor, action="meeting.create", obj=meeting, to_state=meeting.status)
    if invite:
        from ..tasks_committee import meeting_send_invitations

        transaction.on_commit(lambda: meeting_send_invitations.delay(meeting.pk))
    return meeting


@transaction.atomic
def meeting_update(
    *, actor, meeting: Meeting, agenda: str, minutes: str, location: str, present_member_ids=None
) -> Meeting:
    """Change a meeting's agenda, minutes, place and attendance (not once validated)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(can_edit_meeting(actor, meeting))
    before = {"agenda": meeting.agenda, "minutes": meeting.minutes, "location": meeting.location}
    meeting.agenda, meeting.minutes, meeting.location = agenda, minutes, location
    meeting.full_clean()
    meeting.save(update_fields=["agenda", "minutes", "location"])
    changes = {k: [v, getattr(meeting, k)] for k, v in before.items() if v != getattr(meeting, k)}
    if "location" in changes and meeting.status == Meeting.Status.PLANNED:
        meeting_calendar_revise(meeting=meeting)
    if present_member_ids is not None:
        present = {int(pk) for pk in present_member_ids}
        members = CommitteeMember.objects.filter(committee_id=meeting.committee_id, active=True)
        for member in members:
            MeetingAttendance.objects.update_or_create(
                meeting=meeting, member=member, defaults={"present": member.pk in present}
            )
        changes["present"] = sorted(present)
    audit_record(actor=actor, action="meeting.update", obj=meeting, changes=changes)
    return meeting


@transaction.atomic
def meeting_transition(*, actor, meeting: Meeting, name: str) -> Meeting:
    """Apply one step of the meeting workflow (the chair alone validates the minutes)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    transition = transition_named(name)
    _require(can_transition_meeting(actor, meeting, transition))
    source = meeting.status
    meeting.status = transition.target
    fields = ["status"]
    if transition.name == "validate":
        meeting.validated_by, meeting.validated_at = actor, timezone.now()
        fields += ["validated_by", "validated_at"]
    meeting.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"meeting.{transition.name}",
        obj=meeting,
        from_state=source,
        to_state=meeting.status,
    )
    if meeting.status == Meeting.Status.CANCELLED:
        meeting_calendar_revise(meeting=meeting)  # the members' calendars receive the cancellation
    return meeting


def meeting_calendar_revise(*, meeting: Meeting) -> None:
    """Raise the meeting's calendar revision (SEQUENCE) and, after commit, send the new
    revision (an update, or the cancellation) to the members already invited."""
    Meeting.objects.filter(pk=meeting.pk).update(calendar_sequence=F("calendar_sequence") + 1)
    meeting.refresh_from_db(fields=["calendar_sequence"])
    from ..tasks_committee import meeting_send_invitations

    meeting_id = meeting.pk
    transaction.on_commit(lambda: meeting_send_invitations.delay(meeting_id))


@transaction.atomic
def meeting_reply(*, actor, meeting: Meeting, reply: str) -> MeetingAttendance:
    """A member answers the invitation (will attend, may attend, will not attend). The answer
    is shown in the calendar files as the member's PARTSTAT; it changes no revision."""
    if reply not in Reply.values or reply == Reply.NEEDS_ACTION:
        raise ValidationError({"reply": _("Choose an answer.")})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise CommitteeRefused(_("Only a planned meeting can be answered."))
    members = CommitteeMember.objects.filter(committee_id=meeting.committee_id, active=True)
    member = members.filter(user=actor).first()
    if member is None:
        raise CommitteeRefused(_("Only the members invited to this meeting can answer."))
    row, _created = MeetingAttendance.objects.select_for_update().get_or_create(
        meeting=meeting, member=member, defaults={"present": False}
    )
    before = row.reply
    row.reply = reply
    row.full_clean()
    row.save(update_fields=["reply"])
    audit_record(actor=actor, action="meeting.reply", obj=meeting, changes={"reply": [before, reply]})
    return row


@transaction.atomic
def decision_add(*, actor, meeting: Meeting, text: str) -> Decision:
    _require(can_edit_meeting(actor, meeting))
    decision = Decision(meeting=meeting, text=text.strip())
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action="meeting.decision", obj=meeting, changes={"decision": decision.text})
    return decision


@transaction.atomic
def action_add(*, actor, meeting: Meeting, title: str, owner=None, due_on: date | None = None) -> ActionItem:
    """Record an action item raised at `meeting`; it follows the next meetings until closed."""
    _require(can_edit_meeting(actor, meeting))
    action = ActionItem(meeting=meeting, title=title.strip(), owner=owner, due_on=due_on)
    action.full_clean()
    action.save()
    audit_record(actor=actor, action="action.create", obj=action, to_state=action.status)
    return action


@transaction.atomic
def action_set_status(*, actor, action: ActionItem, status: str) -> ActionItem:
    """Move an action item to `status`; closing stamps `closed_at`, reopening clears it."""
    action = ActionItem.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    _require(can_update_action(actor, action))
    if status not in ActionItem.Status.values:
        raise CommitteeRefused(_("Unknown status."))
    source = action.status
    if source == status:
        return action
    action.status = status
    closing = status in ActionItem.CLOSED
    if closing and action.closed_at is None:
        action.closed_at = timezone.now()
    elif not closing:
        action.closed_at = None
    action.full_clean()
    action.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action="action.status", obj=action, from_state=source, to_state=status)
    return action


@transaction.atomic
def regional_note_save(*, actor, region, month: date, text: str) -> RegionalNote:
    """Write (or rewrite) a region's note for `month` (the first day of the month)."""
    _require(can_write_regional_note(actor, region))
    month = month.replace(day=1)
    note = RegionalNote.objects.select_for_update().filter(region=region, month=month).first()
    before = note.text if note else ""
    if note is None:
        note = RegionalNote(region=region, month=month)
    note.text, note.author = text.strip(), actor
    note.full_clean()
    note.save()
    audit_record(actor=actor, action="regional_note.save", obj=note, changes={"text": [before, note.text]})
    return note
