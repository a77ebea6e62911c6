"""Calendar files (iCalendar, RFC 5545, with the iTIP methods of RFC 5546), written with the
`icalendar` library from plain data. Training sessions and committee meetings use it.

Contract:
- `method`: REQUEST (an invitation, or its update), CANCEL (the event is called off) or
  PUBLISH (a download or a subscribed feed: nobody is asked to answer).
- UID: `<kind>-<pk>@<site host>` (`event_uid`): the same for every version of an event, so a
  calendar replaces its copy instead of adding one.
- SEQUENCE: the event's revision, raised by the services on every change a calendar must
  follow (time, place, cancellation); a calendar ignores a file whose SEQUENCE is lower than
  the copy it holds.
- Times are written in UTC (`…Z`): the instant is unambiguous whatever the client's time-zone
  database says about Morocco's hour (UTC+1, UTC+0 during Ramadan); clients show local time.
- ATTENDEE: one per invited person (mailto:, CN, ROLE=REQ-PARTICIPANT, RSVP, PARTSTAT from the
  reply the platform holds). A PUBLISH file carries no attendee.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event, vCalAddress, vText

from odco.links import site_host

PRODID = "-//ODCO//Accompaniment platform//FR"
METHODS = ("REQUEST", "CANCEL", "PUBLISH")
STATUSES = ("TENTATIVE", "CONFIRMED", "CANCELLED")


class Reply(models.TextChoices):
    """An invited person's answer, as a model field's choices (stored lowercase)."""

    NEEDS_ACTION = "needs_action", _("not answered")
    ACCEPTED = "accepted", _("will attend")
    TENTATIVE = "tentative", _("may attend")
    DECLINED = "declined", _("will not attend")


PARTSTAT = {
    Reply.NEEDS_ACTION: "NEEDS-ACTION",
    Reply.ACCEPTED: "ACCEPTED",
    Reply.TENTATIVE: "TENTATIVE",
    Reply.DECLINED: "DECLINED",
}


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    reply: str = Reply.NEEDS_ACTION


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime  # aware
    ends_at: datetime  # aware
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    status: str = "CONFIRMED"
    organizer: Person | None = None
    attendees: tuple[Attendee, ...] = field(default_factory=tuple)


def event_uid(kind: str, pk) -> str:
    """The event's UID, stable for its whole life: `training-session-12@accompagnement.odco.gov.ma`."""
    return f"{kind}-{pk}@{site_host()}"


def platform_organizer(name: str = "") -> Person:
    """The platform's sending address (DEFAULT_FROM_EMAIL), named `name` or as configured."""
    display, address = parseaddr(str(settings.DEFAULT_FROM_EMAIL))
    return Person(name=str(name or display or "ODCO"), email=address or "no-reply@odco.gov.ma")


def _utc(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        raise ValueError("Calendar times must be aware datetimes.")
    return moment.astimezone(UTC)


def _address(person, *, rsvp: bool | None = None, partstat: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = vText(person.name)
    if partstat:
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["PARTSTAT"] = partstat
    if rsvp is not None:
        address.params["RSVP"] = "TRUE" if rsvp else "FALSE"
    return address


def _vevent(item: CalendarEvent, *, method: str, stamp: datetime) -> Event:
    status = "CANCELLED" if method == "CANCEL" else item.status
    if status not in STATUSES:
        raise ValueError(f"Unknown event status: {status}")
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", int(item.sequence))
    event.add("dtstart", _utc(item.starts_at))
    event.add("dtend", _utc(item.ends_at))
    event.add("summary", item.summary)
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", item.url)
    event.add("status", status)
    event.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    if item.organizer is not None:
        event.add("organizer", _address(item.organizer))
    if method != "PUBLISH":
        for attendee in item.attendees:
            partstat = PARTSTAT.get(attendee.reply, "NEEDS-ACTION")
            event.add("attendee", _address(attendee, rsvp=method == "REQUEST", partstat=partstat))
    return event


def calendar_file(events: Iterable[CalendarEvent], *, method: str = "PUBLISH", name: str = "") -> bytes:
    """The VCALENDAR of `events` with the iTIP `method`, as bytes (UTF-8, CRLF, folded lines)."""
    if method not in METHODS:
        raise ValueError(f"Unknown calendar method: {method}")
    events = list(events)
    if method != "PUBLISH":
        if len(events) != 1:
            raise ValueError("An invitation or a cancellation carries exactly one event.")
        if events[0].organizer is None:
            raise ValueError("An invitation or a cancellation names its organizer.")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for item in events:
        cal.add_component(_vevent(item, method=method, stamp=stamp))
    return cal.to_ical()
