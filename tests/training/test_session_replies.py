"""A cooperative answers a training invitation per participant (issue 17, point 6): the
service and its refusals, the page of its space, and the PARTSTAT of the calendar files."""

from datetime import timedelta
from html import escape

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cooperatives.models import Member
from odco.audit.models import AuditEntry
from odco.roles import Role
from tests.calendar_parsing import attachment, read
from tests.factories import make_user
from tests.querycount import count_queries
from training.models import Enrolment, TrainingSession
from training.services import (
    TrainingRefused,
    enrolment_enrol_region,
    enrolment_reply,
    session_transition,
    session_update,
)
from training.services.invitations import cooperative_reply

from .conftest import fr
from .factories import accompanied, at, coordinator, make_session, validated_phase

pytestmark = pytest.mark.django_db
SITE = "https://accompagnement.odco.gov.ma"
BEFORE = at(1, 9)  # four days before the sessions of `make_session` (5 May 2025)


def ar(message: str) -> str:
    with translation.override("ar"):
        return translation.gettext(message)


@pytest.fixture
def before_the_session():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def site(settings):
    settings.ODCO_SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = "ODCO <no-reply@odco.gov.ma>"


def _enrolled(participants=2, *, status="planned", cooperative=None):
    """A session with `participants` people of one cooperative enrolled, and its account."""
    phase = validated_phase()
    cooperative = accompanied(phase, participants=participants, cooperative=cooperative)
    account = make_user(
        Role.COOPERATIVE, cooperative=cooperative, email=f"gerante-{cooperative.pk}@example.ma"
    )
    session = make_session(phase, status=status, enrol=True)
    return session, account, list(session.enrolments.filter(cooperative=cooperative).order_by("pk"))


# --- aggregation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replies", "expected"),
    [
        ([], "needs_action"),
        (["needs_action"], "needs_action"),
        (["needs_action", "declined"], "needs_action"),
        (["declined"], "declined"),
        (["declined", "declined"], "declined"),
        (["declined", "tentative"], "tentative"),
        (["needs_action", "tentative"], "tentative"),
        (["tentative", "accepted", "declined"], "accepted"),
        (["needs_action", "accepted"], "accepted"),
    ],
)
def test_a_cooperatives_answer_is_the_best_of_its_participants(replies, expected):
    assert cooperative_reply(replies) == expected


# --- the service -----------------------------------------------------------------------------


def test_the_cooperative_answers_for_one_participant_and_it_is_audited(before_the_session):
    session, account, (first, second) = _enrolled()
    sequence = session.calendar_sequence
    enrolment_reply(actor=account, enrolment=first, reply="tentative")
    assert Enrolment.objects.get(pk=first.pk).reply == "tentative"
    assert Enrolment.objects.get(pk=second.pk).reply == "needs_action"
    entry = AuditEntry.objects.get(action="enrolment.reply")
    assert (entry.actor, entry.object_id, entry.from_state, entry.to_state) == (
        account,
        str(first.pk),
        "needs_action",
        "tentative",
    )
    assert entry.changes == {"reply": ["needs_action", "tentative"]}
    # an answer is no change of the event: no new revision, no mail
    assert TrainingSession.objects.get(pk=session.pk).calendar_sequence == sequence


def _refusal(case, world):
    """(actor, enrolment, reply, error) for each refused answer."""
    if case == "held session":
        session, account, (enrolment,) = _enrolled(1, status="held")
        return account, enrolment, "accepted", TrainingRefused
    if case == "cancelled session":
        session, account, (enrolment,) = _enrolled(1, status="cancelled")
        return account, enrolment, "accepted", TrainingRefused
    session, account, (enrolment,) = _enrolled(1, status="open")
    if case == "started session":
        TrainingSession.objects.filter(pk=session.pk).update(starts_at=BEFORE - timedelta(hours=1))
        return account, enrolment, "accepted", TrainingRefused
    if case == "bad value":
        return account, enrolment, "maybe", ValidationError
    if case == "not answering":
        return account, enrolment, "needs_action", ValidationError
    if case == "another cooperative's account":
        return world.users["cooperative"], enrolment, "accepted", TrainingRefused
    if case == "staff":
        return world.users["staff"], enrolment, "accepted", TrainingRefused
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    [
        "held session",
        "cancelled session",
        "started session",
        "bad value",
        "not answering",
        "another cooperative's account",
        "staff",
    ],
)
def test_a_refused_answer_changes_nothing(case, world, before_the_session):
    actor, enrolment, reply, error = _refusal(case, world)
    with pytest.raises(error):
        enrolment_reply(actor=actor, enrolment=enrolment, reply=reply)
    assert Enrolment.objects.get(pk=enrolment.pk).reply == "needs_action"
    assert not AuditEntry.objects.filter(action="enrolment.reply").exists()


# --- the page ---------------------------------------------------------------------------------


def test_the_space_lists_the_upcoming_invitations_and_records_an_answer_in_french(client, before_the_session):
    session, account, (first, second) = _enrolled()
    client.force_login(account)
    page = client.get(reverse("me")).content.decode()
    assert 'id="training-invitations"' in page
    assert page.count('data-reply="needs_action"') == 2
    assert escape(fr("Training invitations")) in page
    for label in ("will attend", "may attend", "will not attend"):
        assert escape(fr(label)) in page
    assert fr("will attend") == "sera présent(e)"

    response = client.post(reverse("training:enrolment_reply", args=[first.pk]), {"reply": "declined"})
    assert response.status_code == 302
    assert response["Location"] == reverse("me") + "#training-invitations"
    page = client.get(response["Location"]).content.decode()
    assert escape(fr("Your answer is recorded.")) in page
    assert f'data-enrolment="{first.pk}"' in page
    assert 'data-reply="declined"' in page
    assert Enrolment.objects.get(pk=first.pk).reply == "declined"
    assert Enrolment.objects.get(pk=second.pk).reply == "needs_action"


def test_the_space_answers_in_arabic(client, before_the_session):
    _session, account, _enrolments = _enrolled(1)
    client.force_login(account)
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("me")).content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert ar("Training invitations") != "Training invitations"
    assert escape(ar("Training invitations")) in page
    for label in ("will attend", "may attend", "will not attend", "not answered"):
        assert ar(label) != label
        assert escape(ar(label)) in page


def test_a_refused_answer_on_the_page_says_why_and_changes_nothing(client, before_the_session):
    session, account, (enrolment,) = _enrolled(1, status="held")
    client.force_login(account)
    response = client.post(
        reverse("training:enrolment_reply", args=[enrolment.pk]), {"reply": "accepted"}, follow=True
    )
    assert response.status_code == 200
    assert escape(fr("Only a planned or open session can be answered.")) in response.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).reply == "needs_action"


def test_past_started_and_cancelled_sessions_are_not_offered(client, before_the_session):
    held, account, _ = _enrolled(1, status="held")
    make_session(held.phase, day=6, status="cancelled", enrol=True)
    started = make_session(held.phase, day=7, status="open", enrol=True)
    TrainingSession.objects.filter(pk=started.pk).update(starts_at=BEFORE - timedelta(minutes=1))
    cooperative = account.role_assignments.get().cooperative
    assert Enrolment.objects.filter(cooperative=cooperative).count() == 3
    client.force_login(account)
    page = client.get(reverse("me")).content.decode()
    assert 'id="training-invitations"' not in page
    assert "data-enrolment=" not in page


def test_the_space_makes_the_same_queries_whatever_the_invitations(client, before_the_session):
    session, account, _ = _enrolled(1)
    cooperative = account.role_assignments.get().cooperative
    client.force_login(account)
    small, _response = count_queries(client, reverse("me"))
    phase = session.phase
    for i in range(3):
        Member.objects.create(
            cooperative=cooperative,
            kind=Member.Kind.PARTICIPANT,
            first_name=f"P{i}",
            last_name="Ait",
            gender="f",
        )
    for day in (6, 7, 8):
        make_session(phase, day=day, enrol=True)
    assert Enrolment.objects.filter(cooperative=cooperative).count() > 10
    large, response = count_queries(client, reverse("me"))
    assert (
        response.content.decode().count("data-enrolment=")
        == Enrolment.objects.filter(cooperative=cooperative).count()
    )
    assert small == large


# --- the calendar files -------------------------------------------------------------------------


def test_the_invitation_carries_each_cooperatives_answer(
    site, django_capture_on_commit_callbacks, before_the_session
):
    session, account, (first, second) = _enrolled()
    first.cooperative.email = "coop-a@example.ma"
    first.cooperative.save()
    other = accompanied(session.phase, participants=1)
    other.email = "coop-b@example.ma"
    other.save()
    other_account = make_user(Role.COOPERATIVE, cooperative=other, email="gerante-b@example.ma")
    enrolment_enrol_region(actor=coordinator(), session=session)
    (theirs,) = Enrolment.objects.filter(session=session, cooperative=other)
    enrolment_reply(actor=account, enrolment=first, reply="declined")
    enrolment_reply(actor=account, enrolment=second, reply="tentative")
    enrolment_reply(actor=other_account, enrolment=theirs, reply="declined")

    with django_capture_on_commit_callbacks(execute=True):
        session_transition(actor=coordinator(), session=session, name="open")
    files = {m.to[0]: attachment(m)[2] for m in mail.outbox}
    assert sorted(files) == [
        "coop-a@example.ma",
        "coop-b@example.ma",
        account.email,
        "gerante-b@example.ma",
    ]
    name = first.cooperative.name
    facts = read(files[account.email])  # parsed by icalendar and vobject, which agree
    assert facts.method == "REQUEST"
    assert facts.sequence == TrainingSession.objects.get(pk=session.pk).calendar_sequence
    assert facts.attendees == (
        ("mailto:coop-a@example.ma", name, "TENTATIVE"),
        (f"mailto:{account.email}", account.get_full_name() or account.email, "TENTATIVE"),
    )
    assert {a[2] for a in read(files["gerante-b@example.ma"]).attendees} == {"DECLINED"}

    # an acceptance shows in the next update the platform sends
    enrolment_reply(actor=account, enrolment=first, reply="accepted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_update(actor=coordinator(), session=session, venue="Hôtel de ville, Agadir")
    files = {m.to[0]: attachment(m)[2] for m in mail.outbox}
    update = read(files[account.email])
    assert (update.sequence, update.location) == (facts.sequence + 1, "Hôtel de ville, Agadir")
    assert {a[2] for a in update.attendees} == {"ACCEPTED"}
    assert {a[2] for a in read(files["gerante-b@example.ma"]).attendees} == {"DECLINED"}
