"""iCalendar (RFC 5545) for sessions: an invitation's attachment and a personal feed."""

from datetime import UTC, datetime

from django.utils import timezone

PRODID = "-//ODCO//Regional training//FR"


def _escape(text: str) -> str:
    return (
        str(text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (continuation lines start with a space)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def session_event(session, *, title: str, description: str = "", url: str = "") -> list[str]:
    """The VEVENT of one session (modules and region loaded by the caller)."""
    status = {"cancelled": "CANCELLED", "planned": "TENTATIVE"}.get(session.status, "CONFIRMED")
    lines = [
        "BEGIN:VEVENT",
        f"UID:training-session-{session.pk}@odco.ma",
        f"DTSTAMP:{_stamp(timezone.now())}",
        f"DTSTART:{_stamp(session.starts_at)}",
        f"DTEND:{_stamp(session.ends_at)}",
        f"SUMMARY:{_escape(title)}",
        f"LOCATION:{_escape(session.venue or session.online_url)}",
        f"STATUS:{status}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: list[list[str]], *, name: str = "", method: str = "PUBLISH") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", f"METHOD:{method}"]
    if name:
        lines.append(f"X-WR-CALNAME:{_escape(name)}")
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
