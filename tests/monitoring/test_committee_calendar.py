"""The calendar files of committee meetings, read back with icalendar and vobject: every
member an attendee with their answer, one revision per change and for the cancellation, the
same UID throughout, the right instant during Ramadan; members answer from the meeting page."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse

from monitoring.models import CommitteeMember, Meeting, MeetingAttendance
from monitoring.services.committee import (
    CommitteeRefused,
    meeting_create,
    meeting_reply,
    meeting_transition,
    meeting_update,
)
from monitoring.tasks_committee import meeting_send_invitations
from odco.audit.models import AuditEntry
from tests.calendar_parsing import attachment, read
from tests.factories import make_user

from .committee_factories import at, make_committee

SITE = "https://accompagnement.odco.gov.ma"


@pytest.fixture
def committee(world, settings):
    settings.ODCO_SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = "ODCO <no-reply@odco.gov.ma>"
    member = make_user("committee", email="member@test.odco.ma", first_name="Nadia", last_name="Bennani")
    return make_committee(chair=world.users["committee"], members=[member, world.users["staff"]])


def _plan(world, committee, capture, *, starts_at=None):
    with capture(execute=True):
        return meeting_create(
            actor=world.users["staff"],
            committee=committee,
            title="Réunion mensuelle",
            starts_at=starts_at or at(2026, 11, 3),
            duration_minutes=90,
            location="Siège de l'ODCO, Rabat",
        )


def _files():
    return {m.to[0]: attachment(m) for m in mail.outbox}


def _member():
    return CommitteeMember.objects.get(user__email="member@test.odco.ma").user


def test_the_invitation_lists_every_member_with_their_answer(
    world, committee, django_capture_on_commit_callbacks
):
    meeting = _plan(world, committee, django_capture_on_commit_callbacks)
    invitation = read(_files()["member@test.odco.ma"][2])
    assert invitation.method == "REQUEST"
    assert invitation.uid == f"committee-meeting-{meeting.pk}@accompagnement.odco.gov.ma"
    assert invitation.organizer == "Comité de pilotage <mailto:no-reply@odco.gov.ma>"
    assert invitation.url == f"{SITE}/committee/meetings/{meeting.pk}/"
    assert [(a[0], a[2]) for a in invitation.attendees] == [
        ("mailto:committee@test.odco.ma", "NEEDS-ACTION"),
        ("mailto:member@test.odco.ma", "NEEDS-ACTION"),
        ("mailto:staff@test.odco.ma", "NEEDS-ACTION"),
    ]
    assert ("mailto:member@test.odco.ma", "Nadia Bennani", "NEEDS-ACTION") in invitation.attendees
    # when two members answer, the next file says so
    meeting_reply(actor=_member(), meeting=meeting, reply="accepted")
    meeting_reply(actor=world.users["staff"], meeting=meeting, reply="declined")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(actor=world.users["staff"], meeting=meeting, agenda="", minutes="", location="Visio")
    update = read(_files()["committee@test.odco.ma"][2])
    assert [(a[0], a[2]) for a in update.attendees] == [
        ("mailto:committee@test.odco.ma", "NEEDS-ACTION"),
        ("mailto:member@test.odco.ma", "ACCEPTED"),
        ("mailto:staff@test.odco.ma", "DECLINED"),
    ]


def test_a_change_and_the_cancellation_each_send_the_next_revision(
    world, committee, django_capture_on_commit_callbacks
):
    meeting = _plan(world, committee, django_capture_on_commit_callbacks)
    invitation = read(_files()["member@test.odco.ma"][2])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(
            actor=world.users["staff"], meeting=meeting, agenda="1. Suivi", minutes="", location="Visio"
        )
    assert sorted(_files()) == ["committee@test.odco.ma", "member@test.odco.ma", "staff@test.odco.ma"]
    update = read(_files()["member@test.odco.ma"][2])
    assert (update.method, update.sequence, update.location) == ("REQUEST", 1, "Visio")
    mail.outbox.clear()
    # an agenda change alone moves nothing in a calendar
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(
            actor=world.users["staff"],
            meeting=meeting,
            agenda="1. Suivi\n2. Divers",
            minutes="",
            location="Visio",
        )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        meeting_transition(actor=world.users["staff"], meeting=meeting, name="cancel")
    name, mimetype, content = _files()["member@test.odco.ma"]
    assert mimetype == "text/calendar; method=CANCEL"
    cancel = read(content)
    assert (cancel.method, cancel.status) == ("CANCEL", "CANCELLED")
    assert [invitation.sequence, update.sequence, cancel.sequence] == [0, 1, 2]
    assert invitation.uid == update.uid == cancel.uid
    assert len(mail.outbox) == 3
    mail.outbox.clear()
    assert meeting_send_invitations(meeting.pk) == 0  # run again: nothing more
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("starts_at", "utc"),
    [
        (at(2026, 3, 3, 10), datetime(2026, 3, 3, 10, tzinfo=UTC)),  # Ramadan 2026: UTC+0
        (at(2026, 11, 3, 10), datetime(2026, 11, 3, 9, tzinfo=UTC)),  # UTC+1
        (at(2027, 2, 16, 10), datetime(2027, 2, 16, 10, tzinfo=UTC)),  # Ramadan 2027
    ],
)
def test_the_meeting_is_at_the_right_instant_during_ramadan_and_outside(
    world, committee, django_capture_on_commit_callbacks, login, starts_at, utc
):
    meeting = _plan(world, committee, django_capture_on_commit_callbacks, starts_at=starts_at)
    assert read(_files()["member@test.odco.ma"][2]).starts_utc == utc
    download = login(world.users["committee"]).get(reverse("committee:meeting_ics", args=[meeting.pk]))
    facts = read(download.content)
    assert (facts.method, facts.starts_utc, facts.attendees) == ("PUBLISH", utc, ())


def test_a_member_answers_from_the_meeting_page(world, committee, django_capture_on_commit_callbacks, login):
    meeting = _plan(world, committee, django_capture_on_commit_callbacks)
    client = login(_member())
    page = client.get(reverse("committee:meeting", args=[meeting.pk])).content.decode()
    assert 'id="my-reply" data-reply="needs_action"' in page
    response = client.post(reverse("committee:meeting_reply", args=[meeting.pk]), {"reply": "tentative"})
    assert response.status_code == 302
    row = MeetingAttendance.objects.get(meeting=meeting, member__user=_member())
    assert row.reply == "tentative"
    entry = AuditEntry.objects.get(action="meeting.reply")
    assert entry.changes == {"reply": ["needs_action", "tentative"]}
    page = client.get(reverse("committee:meeting", args=[meeting.pk])).content.decode()
    assert 'id="my-reply" data-reply="tentative"' in page


def test_an_answer_is_refused_to_a_non_member_and_once_the_meeting_is_over(
    world, committee, django_capture_on_commit_callbacks
):
    meeting = _plan(world, committee, django_capture_on_commit_callbacks)
    outsider = make_user("committee", email="outsider@test.odco.ma")
    with pytest.raises(CommitteeRefused):
        meeting_reply(actor=outsider, meeting=meeting, reply="accepted")
    meeting_transition(actor=world.users["staff"], meeting=meeting, name="hold")
    with pytest.raises(CommitteeRefused):
        meeting_reply(actor=_member(), meeting=meeting, reply="accepted")
    assert set(MeetingAttendance.objects.filter(meeting=meeting).values_list("reply", flat=True)) == {
        "needs_action"
    }
    assert not AuditEntry.objects.filter(action="meeting.reply").exists()
    assert Meeting.objects.get(pk=meeting.pk).calendar_sequence == 0


def test_a_time_changed_in_the_admin_sends_the_next_revision(
    world, committee, django_capture_on_commit_callbacks
):
    from types import SimpleNamespace

    from django.contrib import admin

    meeting = _plan(world, committee, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    meeting.starts_at = at(2026, 11, 4)
    model_admin = admin.site._registry[Meeting]
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.save_model(None, meeting, SimpleNamespace(changed_data=["starts_at"]), True)
    update = read(_files()["member@test.odco.ma"][2])
    assert (update.method, update.sequence, update.starts_utc) == (
        "REQUEST",
        1,
        datetime(2026, 11, 4, 9, tzinfo=UTC),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.save_model(None, meeting, SimpleNamespace(changed_data=["agenda"]), True)
    assert mail.outbox == [] and Meeting.objects.get(pk=meeting.pk).calendar_sequence == 1
