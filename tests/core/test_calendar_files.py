"""The core writer of calendar files (odco/calendar_files.py), read back with icalendar and
vobject: methods, organizer, attendees with their replies, revisions, and Morocco's hour."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from odco.calendar_files import Attendee, CalendarEvent, Person, calendar_file, event_uid, platform_organizer
from tests.calendar_parsing import read, read_all

CASABLANCA = ZoneInfo("Africa/Casablanca")


def _event(**overrides) -> CalendarEvent:
    facts = {
        "uid": "committee-meeting-7@accompagnement.odco.gov.ma",
        "sequence": 3,
        "starts_at": datetime(2026, 11, 3, 10, tzinfo=CASABLANCA),
        "ends_at": datetime(2026, 11, 3, 12, tzinfo=CASABLANCA),
        "summary": "Réunion mensuelle, novembre; bilan",
        "location": "Siège de l'ODCO, Rabat",
        "description": "1. Suivi des actions\n2. Notes régionales",
        "url": "https://accompagnement.odco.gov.ma/committee/meetings/7/",
        "organizer": Person("Comité de pilotage", "no-reply@odco.gov.ma"),
        "attendees": (
            Attendee("Amina Berrada", "amina@odco.ma", "accepted"),
            Attendee("Youssef El Idrissi", "youssef@odco.ma"),
            Attendee("Salma Tazi", "salma@odco.ma", "declined"),
            Attendee("Karim Alaoui", "karim@odco.ma", "tentative"),
        ),
    }
    return CalendarEvent(**{**facts, **overrides})


def test_an_invitation_names_its_organizer_and_each_attendee_with_their_reply():
    facts = read(calendar_file([_event()], method="REQUEST"))
    assert facts.method == "REQUEST"
    assert facts.uid == "committee-meeting-7@accompagnement.odco.gov.ma"
    assert facts.sequence == 3
    assert facts.status == "CONFIRMED"
    assert facts.summary == "Réunion mensuelle, novembre; bilan"
    assert facts.location == "Siège de l'ODCO, Rabat"
    assert facts.url == "https://accompagnement.odco.gov.ma/committee/meetings/7/"
    assert facts.organizer == "Comité de pilotage <mailto:no-reply@odco.gov.ma>"
    assert facts.attendees == (
        ("mailto:amina@odco.ma", "Amina Berrada", "ACCEPTED"),
        ("mailto:karim@odco.ma", "Karim Alaoui", "TENTATIVE"),
        ("mailto:salma@odco.ma", "Salma Tazi", "DECLINED"),
        ("mailto:youssef@odco.ma", "Youssef El Idrissi", "NEEDS-ACTION"),
    )


def test_an_attendee_is_asked_to_answer_an_invitation_but_not_a_cancellation():
    request = calendar_file([_event()], method="REQUEST").decode()
    cancel = calendar_file([_event()], method="CANCEL").decode()
    unfolded = request.replace("\r\n ", "")
    assert unfolded.count("RSVP=TRUE") == 4 and "ROLE=REQ-PARTICIPANT" in unfolded
    assert "RSVP=TRUE" not in cancel.replace("\r\n ", "")
    facts = read(cancel)
    assert (facts.method, facts.status, facts.sequence) == ("CANCEL", "CANCELLED", 3)


def test_a_published_file_carries_no_attendee():
    facts = read_all(calendar_file([_event(), _event(uid="other@x")], method="PUBLISH", name="Comité"))
    assert [f.uid for f in facts] == ["committee-meeting-7@accompagnement.odco.gov.ma", "other@x"]
    assert all(f.attendees == () for f in facts)
    assert "amina@odco.ma" not in calendar_file([_event()], method="PUBLISH").decode()


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        # Ramadan 2026 (about 18 February to 19 March): Morocco is on UTC+0
        (datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 9, tzinfo=UTC)),
        # the rest of the year: UTC+1
        (datetime(2026, 2, 10, 9), datetime(2026, 2, 10, 8, tzinfo=UTC)),
        (datetime(2026, 4, 2, 9), datetime(2026, 4, 2, 8, tzinfo=UTC)),
        # Ramadan 2027 (about 8 February to 9 March)
        (datetime(2027, 2, 15, 9), datetime(2027, 2, 15, 9, tzinfo=UTC)),
        (datetime(2027, 3, 15, 9), datetime(2027, 3, 15, 8, tzinfo=UTC)),
    ],
)
def test_the_instant_is_right_during_ramadan_and_outside(local, utc):
    starts = local.replace(tzinfo=CASABLANCA)
    facts = read(calendar_file([_event(starts_at=starts, ends_at=starts.replace(hour=17))], method="REQUEST"))
    assert facts.starts_utc == utc
    assert facts.ends_utc - facts.starts_utc == starts.replace(hour=17) - starts


def test_naive_times_and_invitations_without_organizer_are_refused():
    with pytest.raises(ValueError, match="aware"):
        calendar_file([_event(starts_at=datetime(2026, 11, 3, 10))], method="PUBLISH")
    with pytest.raises(ValueError, match="organizer"):
        calendar_file([_event(organizer=None)], method="REQUEST")
    with pytest.raises(ValueError, match="exactly one event"):
        calendar_file([_event(), _event()], method="CANCEL")


def test_uids_and_the_organizer_come_from_the_settings(settings):
    settings.ODCO_SITE_URL = "https://accompagnement.odco.gov.ma"
    settings.DEFAULT_FROM_EMAIL = "ODCO Accompagnement <accompagnement@odco.gov.ma>"
    assert event_uid("training-session", 12) == "training-session-12@accompagnement.odco.gov.ma"
    assert platform_organizer() == Person("ODCO Accompagnement", "accompagnement@odco.gov.ma")
    assert platform_organizer("Comité de pilotage") == Person(
        "Comité de pilotage", "accompagnement@odco.gov.ma"
    )
