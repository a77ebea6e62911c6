"""iCalendar invitation of a committee meeting (built with `training.ics`, RFC 5545)."""

from datetime import timedelta

from django.utils import timezone

from training.ics import _escape, _stamp, calendar

STATUS = {"cancelled": "CANCELLED"}


def meeting_event(meeting, *, url: str = "") -> list[str]:
    ends = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    lines = [
        "BEGIN:VEVENT",
        f"UID:committee-meeting-{meeting.pk}@odco.ma",
        f"DTSTAMP:{_stamp(timezone.now())}",
        f"DTSTART:{_stamp(meeting.starts_at)}",
        f"DTEND:{_stamp(ends)}",
        f"SUMMARY:{_escape(meeting.title)}",
        f"LOCATION:{_escape(meeting.location)}",
        f"STATUS:{STATUS.get(meeting.status, 'CONFIRMED')}",
    ]
    if meeting.agenda:
        lines.append(f"DESCRIPTION:{_escape(meeting.agenda)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def meeting_calendar(meeting, *, url: str = "", method: str = "PUBLISH") -> bytes:
    return calendar([meeting_event(meeting, url=url)], name=str(meeting.committee), method=method)
