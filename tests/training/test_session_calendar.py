"""The calendar files of training sessions, read back with icalendar and vobject: the
invitation, its update, the cancellation (one revision each, the same UID), the download and
the personal feed (no attendee), and the right instant during Ramadan."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.urls import reverse

from odco.roles import Role
from prizes.models import Phase
from tests.calendar_parsing import attachment, read, read_all
from tests.factories import make_user, region
from training.models import Enrolment, TrainingSession
from training.services import enrolment_enrol_region, session_schedule, session_transition, session_update
from training.tasks import session_send_invitations

from .factories import CASABLANCA, accompanied, coordinator, make_session, modules, validated_phase

pytestmark = pytest.mark.django_db
SITE = "https://accompagnement.odco.gov.ma"


@pytest.fixture
def site(settings):
    settings.ODCO_SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = "ODCO <no-reply@odco.gov.ma>"


def _open_session_with_two_cooperatives(capture):
    phase = validated_phase()
    first = accompanied(phase, participants=2)
    first.email = "coop-a@example.ma"
    first.save()
    second = accompanied(phase, participants=1)
    second.email = "coop-b@example.ma"
    second.save()
    make_user(
        Role.COOPERATIVE,
        cooperative=first,
        email="gerante@example.ma",
        first_name="Fatima",
        last_name="Zahra",
    )
    session = make_session(phase, enrol=True)
    with capture(execute=True):
        session_transition(actor=coordinator(), session=session, name="open")
    return session


def _files(messages):
    return {m.to[0]: attachment(m) for m in messages}


def test_the_invitation_is_a_request_from_the_platform_to_the_cooperatives_own_addresses(
    site, django_capture_on_commit_callbacks
):
    session = _open_session_with_two_cooperatives(django_capture_on_commit_callbacks)
    files = _files(mail.outbox)
    assert sorted(files) == ["coop-a@example.ma", "coop-b@example.ma", "gerante@example.ma"]
    name, mimetype, content = files["gerante@example.ma"]
    assert (name, mimetype) == ("session.ics", "text/calendar; method=REQUEST; charset=utf-8")
    facts = read(content)
    assert facts.method == "REQUEST"
    assert facts.uid == f"training-session-{session.pk}@accompagnement.odco.gov.ma"
    assert facts.sequence == 0
    assert facts.status == "CONFIRMED"
    assert facts.organizer == "ODCO <mailto:no-reply@odco.gov.ma>"
    assert facts.url == f"{SITE}/me/"
    assert facts.location == "Chambre de commerce, Agadir"
    # only the addresses of the cooperative the file is sent to, none of the other's
    assert facts.attendees == (
        ("mailto:coop-a@example.ma", session.enrolments.first().cooperative.name, "NEEDS-ACTION"),
        ("mailto:gerante@example.ma", "Fatima Zahra", "NEEDS-ACTION"),
    )
    assert read(files["coop-b@example.ma"][2]).attendees == (
        (
            "mailto:coop-b@example.ma",
            Enrolment.objects.get(cooperative__email="coop-b@example.ma").cooperative.name,
            "NEEDS-ACTION",
        ),
    )


def test_a_change_sends_the_next_revision_and_the_cancellation_the_one_after(
    site, django_capture_on_commit_callbacks
):
    session = _open_session_with_two_cooperatives(django_capture_on_commit_callbacks)
    invitation = read(_files(mail.outbox)["coop-a@example.ma"][2])
    mail.outbox.clear()
    # when the venue changes
    with django_capture_on_commit_callbacks(execute=True):
        session_update(actor=coordinator(), session=session, venue="Hôtel de ville, Agadir")
    update = read(_files(mail.outbox)["coop-a@example.ma"][2])
    assert len(mail.outbox) == 3
    assert (update.method, update.sequence, update.location) == ("REQUEST", 1, "Hôtel de ville, Agadir")
    mail.outbox.clear()
    # when the session is cancelled
    with django_capture_on_commit_callbacks(execute=True):
        session_transition(
            actor=coordinator(), session=session, name="cancel_open", comment="Salle indisponible"
        )
    files = _files(mail.outbox)
    assert sorted(files) == ["coop-a@example.ma", "coop-b@example.ma", "gerante@example.ma"]
    name, mimetype, content = files["coop-a@example.ma"]
    assert mimetype == "text/calendar; method=CANCEL; charset=utf-8"
    cancel = read(content)
    assert (cancel.method, cancel.status, cancel.sequence) == ("CANCEL", "CANCELLED", 2)
    assert (
        invitation.uid
        == update.uid
        == cancel.uid
        == f"training-session-{session.pk}@accompagnement.odco.gov.ma"
    )
    assert [invitation.sequence, update.sequence, cancel.sequence] == [0, 1, 2]
    # and the task run again sends nothing more
    mail.outbox.clear()
    assert session_send_invitations(session.pk) == 0
    assert mail.outbox == []
    assert set(Enrolment.objects.values_list("invited_sequence", flat=True)) == {2}


def test_a_change_that_no_calendar_shows_raises_no_revision(site, django_capture_on_commit_callbacks):
    session = _open_session_with_two_cooperatives(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_update(actor=coordinator(), session=session, capacity=40)
    assert TrainingSession.objects.get(pk=session.pk).calendar_sequence == 0
    assert mail.outbox == []


def test_a_planned_session_cancelled_mails_nobody_but_its_file_says_cancelled(site, client):
    phase = validated_phase()
    accompanied(phase, participants=1)
    session = make_session(phase, enrol=True, status="cancelled")
    assert mail.outbox == []
    client.force_login(coordinator())
    facts = read(client.get(reverse("training:session_ics", args=[session.pk])).content)
    assert (facts.method, facts.status, facts.sequence) == ("PUBLISH", "CANCELLED", 1)
    assert facts.attendees == ()
    assert facts.url == f"{SITE}/training/sessions/{session.pk}/"


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        (date(2026, 3, 2), datetime(2026, 3, 2, 9, tzinfo=UTC)),  # Ramadan 2026: UTC+0
        (date(2026, 4, 2), datetime(2026, 4, 2, 8, tzinfo=UTC)),  # after it: UTC+1
    ],
)
def test_a_session_at_nine_is_at_the_right_instant_during_ramadan_and_outside(
    site, client, django_capture_on_commit_callbacks, day, utc
):
    phase = validated_phase(2026)
    Phase.objects.filter(pk=phase.pk).update(starts_on=date(2026, 2, 1), ends_on=date(2026, 5, 31))
    phase.refresh_from_db()
    cooperative = accompanied(phase, participants=1)
    cooperative.email = "coop@example.ma"
    cooperative.save()
    session = session_schedule(
        actor=coordinator(),
        phase=phase,
        region=region("09"),
        modules=modules()[:1],
        starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=CASABLANCA),
        ends_at=datetime(day.year, day.month, day.day, 17, tzinfo=CASABLANCA),
        venue="Agadir",
    )
    enrolment_enrol_region(actor=coordinator(), session=session)
    with django_capture_on_commit_callbacks(execute=True):
        session_transition(actor=coordinator(), session=session, name="open")
    invitation = read(attachment(mail.outbox[0])[2])
    assert (invitation.starts_utc, invitation.ends_utc - invitation.starts_utc) == (
        utc,
        utc.replace(hour=utc.hour + 8) - utc,
    )
    client.force_login(coordinator())
    download = read(client.get(reverse("training:session_ics", args=[session.pk])).content)
    assert download.starts_utc == utc


def test_the_feed_is_published_without_attendees_or_addresses(
    site, client, django_capture_on_commit_callbacks
):
    from training.selectors import feed_for

    session = _open_session_with_two_cooperatives(django_capture_on_commit_callbacks)
    user = make_user(Role.COOPERATIVE, cooperative=session.enrolments.first().cooperative)
    response = client.get(reverse("training:feed", args=[feed_for(user).token]))
    text = response.content.decode()
    (facts,) = read_all(text)
    assert (facts.method, facts.uid, facts.sequence) == (
        "PUBLISH",
        f"training-session-{session.pk}@accompagnement.odco.gov.ma",
        0,
    )
    assert facts.attendees == ()
    assert facts.url == f"{SITE}/me/"
    assert "@example.ma" not in text and "ATTENDEE" not in text


def test_a_time_changed_in_the_admin_sends_the_next_revision(site, django_capture_on_commit_callbacks):
    from types import SimpleNamespace

    from django.contrib import admin

    session = TrainingSession.objects.get(
        pk=_open_session_with_two_cooperatives(django_capture_on_commit_callbacks).pk
    )
    mail.outbox.clear()
    session.starts_at = datetime(2025, 5, 5, 10, tzinfo=CASABLANCA)
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[TrainingSession].save_model(
            None, session, SimpleNamespace(changed_data=["starts_at"]), True
        )
    update = read(_files(mail.outbox)["coop-a@example.ma"][2])
    assert (update.sequence, update.starts_utc) == (1, datetime(2025, 5, 5, 9, tzinfo=UTC))
