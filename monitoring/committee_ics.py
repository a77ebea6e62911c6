"""Calendar files of committee meetings (`odco.calendar_files`): the invitation e-mailed to
each member (REQUEST, with every member as an attendee and the reply they gave; CANCEL once
cancelled) and the download from the meeting's page (PUBLISH)."""

from datetime import timedelta

from odco.calendar_files import Attendee, CalendarEvent, calendar_file, event_uid, platform_organizer
from odco.links import absolute_url

from .models import Meeting, MeetingAttendance

STATUS = {Meeting.Status.CANCELLED: "CANCELLED"}


def meeting_attendees(meeting: Meeting) -> tuple[Attendee, ...]:
    """The active members invited, each with their reply."""
    rows = (
        MeetingAttendance.objects.filter(meeting=meeting, member__active=True, member__user__is_active=True)
        .select_related("member__user")
        .order_by("member__user__email")
    )
    return tuple(
        Attendee(
            name=row.member.user.get_full_name() or row.member.user.email,
            email=row.member.user.email,
            reply=row.reply,
        )
        for row in rows
    )


def meeting_event(meeting: Meeting, *, attendees: tuple[Attendee, ...] = ()) -> CalendarEvent:
    return CalendarEvent(
        uid=event_uid("committee-meeting", meeting.pk),
        sequence=meeting.calendar_sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.starts_at + timedelta(minutes=meeting.duration_minutes),
        summary=meeting.title,
        location=meeting.location,
        description=meeting.agenda,
        url=absolute_url("committee:meeting", meeting.pk),
        status=STATUS.get(meeting.status, "CONFIRMED"),
        organizer=platform_organizer(str(meeting.committee)),
        attendees=attendees,
    )


def meeting_calendar(meeting: Meeting, *, method: str = "PUBLISH") -> bytes:
    """The meeting's file; an invitation or a cancellation lists every invited member."""
    attendees = meeting_attendees(meeting) if method != "PUBLISH" else ()
    return calendar_file(
        [meeting_event(meeting, attendees=attendees)], method=method, name=str(meeting.committee)
    )
