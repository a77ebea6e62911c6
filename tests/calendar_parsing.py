"""Reads a calendar file the way calendars do: with `icalendar` and with `vobject`, and gives
the facts both agree on (a test fails if either library refuses the file or they differ)."""

from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar
import vobject


@dataclass(frozen=True)
class Facts:
    method: str
    uid: str
    sequence: int
    status: str
    starts_utc: datetime
    ends_utc: datetime
    summary: str
    location: str
    url: str
    organizer: str  # "CN <mailto:…>"
    attendees: tuple[tuple[str, str, str], ...]  # (mailto, CN, PARTSTAT), sorted


def _text(content: bytes | str) -> str:
    return content.decode("utf-8") if isinstance(content, bytes) else content


def read_all(content: bytes | str) -> list[Facts]:
    """One Facts per VEVENT."""
    text = _text(content)
    ical = icalendar.Calendar.from_ical(text)
    vcal = vobject.readOne(text)
    method = str(ical["METHOD"])
    assert vcal.method.value == method
    ical_events = ical.walk("VEVENT")
    vobj_events = list(getattr(vcal, "vevent_list", []))
    assert len(ical_events) == len(vobj_events)
    facts = []
    for event, vevent in zip(ical_events, vobj_events, strict=True):
        starts, ends = event["DTSTART"].dt.astimezone(UTC), event["DTEND"].dt.astimezone(UTC)
        assert vevent.dtstart.value.astimezone(UTC) == starts
        assert vevent.dtend.value.astimezone(UTC) == ends
        assert vevent.uid.value == str(event["UID"])
        assert int(vevent.sequence.value) == int(event["SEQUENCE"])
        attendees = event.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        ical_attendees = tuple(
            sorted(
                (str(a), str(a.params.get("CN", "")), str(a.params.get("PARTSTAT", ""))) for a in attendees
            )
        )
        vobj_attendees = tuple(
            sorted(
                (a.value, a.params.get("CN", [""])[0], a.params.get("PARTSTAT", [""])[0])
                for a in getattr(vevent, "attendee_list", [])
            )
        )
        assert ical_attendees == vobj_attendees
        organizer = ""
        if "ORGANIZER" in event:
            organizer = f"{event['ORGANIZER'].params.get('CN', '')} <{event['ORGANIZER']}>"
            assert vevent.organizer.value == str(event["ORGANIZER"])
        facts.append(
            Facts(
                method=method,
                uid=str(event["UID"]),
                sequence=int(event["SEQUENCE"]),
                status=str(event["STATUS"]),
                starts_utc=starts,
                ends_utc=ends,
                summary=str(event["SUMMARY"]),
                location=str(event.get("LOCATION", "")),
                url=str(event.get("URL", "")),
                organizer=organizer,
                attendees=ical_attendees,
            )
        )
    return facts


def read(content: bytes | str) -> Facts:
    """The single event of an invitation or a cancellation."""
    (facts,) = read_all(content)
    return facts


def attachment(message) -> tuple[str, str, bytes]:
    name, content, mimetype = message.attachments[0]
    return name, mimetype, content.encode() if isinstance(content, str) else content
