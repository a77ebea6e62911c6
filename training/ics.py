"""Calendar files of training sessions (`odco.calendar_files`): the invitation e-mailed to
each cooperative (REQUEST, CANCEL once cancelled), the download and the personal feed (PUBLISH,
without attendees)."""

from odco.calendar_files import Attendee, CalendarEvent, calendar_file, event_uid, platform_organizer
from odco.links import absolute_url

from .models import TrainingSession

STATUS = {TrainingSession.Status.CANCELLED: "CANCELLED", TrainingSession.Status.PLANNED: "TENTATIVE"}


def session_uid(session: TrainingSession) -> str:
    return event_uid("training-session", session.pk)


def session_url(session: TrainingSession, *, detail: bool = False) -> str:
    """Where the event links to: the session's page for those who may open it (`detail`,
    see `opens_session_pages`), otherwise the cooperative's own space, which lists its sessions."""
    if detail:
        return absolute_url("training:session_detail", session.pk)
    return absolute_url("me")


def opens_session_pages(user) -> bool:
    from .permissions import can_view_sessions

    return can_view_sessions(user)[0]


def session_event(
    session: TrainingSession,
    *,
    title: str,
    description: str = "",
    url: str = "",
    attendees: tuple[Attendee, ...] = (),
) -> CalendarEvent:
    """The event of one session (modules and region loaded by the caller)."""
    return CalendarEvent(
        uid=session_uid(session),
        sequence=session.calendar_sequence,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=title,
        location=session.venue or session.online_url,
        description=description,
        url=url,
        status=STATUS.get(session.status, "CONFIRMED"),
        organizer=platform_organizer(),
        attendees=attendees,
    )


def calendar(events: list[CalendarEvent], *, name: str = "", method: str = "PUBLISH") -> bytes:
    return calendar_file(events, method=method, name=name)
