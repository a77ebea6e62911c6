"""Committee meetings: the workflow (the chair alone validates the minutes), action items
carried over until closed, the iCalendar invitation, regional notes, the pages and their
query counts."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from monitoring.committee_selectors import meeting_actions
from monitoring.committee_workflow import CHAIR, TRANSITIONS
from monitoring.models import ActionItem, CommitteeMember, Decision, Meeting, RegionalNote
from monitoring.services.committee import (
    CommitteeRefused,
    action_add,
    action_set_status,
    meeting_create,
    meeting_transition,
    meeting_update,
    regional_note_save,
)
from odco.audit.models import AuditEntry
from tests.calendar_parsing import read
from tests.factories import make_user, region
from tests.querycount import assert_same_query_count

from .committee_factories import at, make_action, make_committee, make_meeting, make_monthly_report

M = Meeting.Status
A = ActionItem.Status


@pytest.fixture
def committee(world):
    """The world's committee user chairs; a second committee member does not."""
    member = make_user("committee", email="member@test.odco.ma")
    return make_committee(chair=world.users["committee"], members=[member, world.users["staff"]])


def _member(committee):
    return CommitteeMember.objects.get(
        committee=committee, is_chair=False, user__email="member@test.odco.ma"
    ).user


# --- Workflow -------------------------------------------------------------------------------


@pytest.mark.parametrize("transition", TRANSITIONS, ids=[t.name for t in TRANSITIONS])
@pytest.mark.parametrize("who", ["staff", "chair", "member", "delegation"])
def test_workflow_table_for_each_actor(world, committee, transition, who):
    meeting = make_meeting(committee, status=transition.source, minutes="Compte rendu")
    user = {
        "staff": world.users["staff"],
        "chair": world.users["committee"],
        "member": _member(committee),
        "delegation": world.users["delegation"],
    }[who]
    allowed = ({"staff": "staff", "chair": CHAIR}.get(who)) in transition.roles
    if allowed:
        meeting_transition(actor=user, meeting=meeting, name=transition.name)
        meeting.refresh_from_db()
        assert meeting.status == transition.target
        entry = AuditEntry.objects.get(action=f"meeting.{transition.name}")
        assert (entry.from_state, entry.to_state, entry.actor) == (transition.source, transition.target, user)
    else:
        with pytest.raises(CommitteeRefused):
            meeting_transition(actor=user, meeting=meeting, name=transition.name)
        meeting.refresh_from_db()
        assert meeting.status == transition.source and meeting.validated_at is None
        assert not AuditEntry.objects.filter(action__startswith="meeting.").exists()


def test_validating_needs_minutes_and_locks_the_meeting(world, committee):
    chair = world.users["committee"]
    meeting = make_meeting(committee, status=M.HELD)
    with pytest.raises(CommitteeRefused, match="Write the minutes"):
        meeting_transition(actor=chair, meeting=meeting, name="validate")
    meeting_update(
        actor=chair, meeting=meeting, agenda="1. Suivi", minutes="Le comité a décidé.", location="Rabat"
    )
    meeting_transition(actor=chair, meeting=meeting, name="validate")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.validated_by) == (M.VALIDATED, chair)
    with pytest.raises(CommitteeRefused, match="validated and locked"):
        meeting_update(actor=world.users["staff"], meeting=meeting, agenda="", minutes="Réécrit", location="")
    meeting.refresh_from_db()
    assert meeting.minutes == "Le comité a décidé."


def test_a_wrong_step_is_refused(world, committee):
    meeting = make_meeting(committee, status=M.PLANNED)
    with pytest.raises(CommitteeRefused, match="not possible"):
        meeting_transition(actor=world.users["committee"], meeting=meeting, name="validate")
    with pytest.raises(CommitteeRefused):
        meeting_transition(actor=world.users["committee"], meeting=meeting, name="nonsense")
    assert Meeting.objects.get().status == M.PLANNED


def test_attendance_and_decisions_are_recorded(world, committee, login):
    meeting = make_meeting(committee, status=M.HELD)
    from monitoring.models import MeetingAttendance

    for member in committee.members.all():
        MeetingAttendance.objects.create(meeting=meeting, member=member, present=False)
    chair_member = committee.members.get(is_chair=True)
    client = login(world.users["committee"])
    response = client.post(
        reverse("committee:meeting_edit", args=[meeting.pk]),
        {"agenda": "1. Suivi", "minutes": "CR du comité", "location": "Rabat", "present": [chair_member.pk]},
    )
    assert response.status_code == 302
    assert dict(meeting.attendance.values_list("member_id", "present")) == {
        m.pk: m.pk == chair_member.pk for m in committee.members.all()
    }
    client.post(reverse("committee:decision_create", args=[meeting.pk]), {"text": "Valider le calendrier."})
    assert list(Decision.objects.values_list("text", flat=True)) == ["Valider le calendrier."]
    page = client.get(reverse("committee:meeting", args=[meeting.pk])).content.decode()
    assert "CR du comité" in page and "Valider le calendrier." in page


def test_a_member_who_is_not_chair_changes_nothing(world, committee, login):
    meeting = make_meeting(committee, status=M.HELD, minutes="CR")
    client = login(_member(committee))
    for name, data in (
        ("committee:meeting_edit", {"agenda": "x", "minutes": "Changé", "location": "x"}),
        ("committee:decision_create", {"text": "Décision"}),
        ("committee:action_create", {"title": "Action"}),
        ("committee:meeting_step", {"transition": "validate"}),
    ):
        assert client.post(reverse(name, args=[meeting.pk]), data).status_code == 403, name
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes) == (M.HELD, "CR")
    assert not Decision.objects.exists() and not ActionItem.objects.exists()


# --- Action items carried over ----------------------------------------------------------------


@time_machine.travel("2026-10-25 12:00 +01:00", tick=False)
def test_open_actions_follow_the_next_meetings_until_closed(world, committee):
    chair = world.users["committee"]
    september = make_meeting(committee, starts_at=at(2026, 9, 1), status=M.HELD, minutes="CR")
    october = make_meeting(committee, starts_at=at(2026, 10, 6), status=M.HELD, minutes="CR")
    november = make_meeting(committee, starts_at=at(2026, 11, 3))
    cancelled = make_meeting(committee, starts_at=at(2026, 8, 4), status=M.CANCELLED)
    make_action(cancelled, title="Action d'une réunion annulée")
    follow = action_add(
        actor=chair, meeting=september, title="Relancer les délégations", due_on=date(2026, 9, 20)
    )
    done_early = action_add(actor=chair, meeting=september, title="Envoyer le calendrier")
    ActionItem.objects.filter(pk=done_early.pk).update(status=A.DONE, closed_at=at(2026, 9, 10))
    closed_between = action_add(actor=chair, meeting=september, title="Préparer la visite")
    ActionItem.objects.filter(pk=closed_between.pk).update(status=A.DONE, closed_at=at(2026, 10, 20))
    # (Today is 25 October: between the October and November meetings.)
    october_action = action_add(actor=chair, meeting=october, title="Inviter les banques")

    def titles(meeting):
        raised, carried = meeting_actions(meeting=meeting)
        return [a.title for a in raised], [a.title for a in carried]

    assert titles(september) == (
        ["Relancer les délégations", "Envoyer le calendrier", "Préparer la visite"],
        [],
    )
    assert titles(october) == (["Inviter les banques"], ["Relancer les délégations", "Préparer la visite"])
    assert titles(november) == ([], ["Relancer les délégations", "Inviter les banques"])

    # Closing an action takes it off the following meetings (not off the past ones).
    action_set_status(actor=world.users["staff"], action=follow, status=A.DONE)
    follow.refresh_from_db()
    assert follow.closed_at is not None
    assert titles(november) == ([], ["Inviter les banques"])
    # Reopening brings it back.
    action_set_status(actor=chair, action=follow, status=A.IN_PROGRESS)
    assert ActionItem.objects.get(pk=follow.pk).closed_at is None
    assert titles(november) == ([], ["Relancer les délégations", "Inviter les banques"])
    assert october_action.status == A.OPEN


def test_the_owner_may_update_an_action_others_may_not(world, committee, login):
    owner = make_user("committee", email="owner@test.odco.ma")
    meeting = make_meeting(committee, status=M.HELD)
    action = make_action(meeting, owner=owner)
    assert (
        login(_member(committee))
        .post(reverse("committee:action_status", args=[action.pk]), {"status": "done"})
        .status_code
        == 403
    )
    assert ActionItem.objects.get(pk=action.pk).status == A.OPEN
    response = login(owner).post(reverse("committee:action_status", args=[action.pk]), {"status": "done"})
    assert response.status_code == 302
    assert ActionItem.objects.get(pk=action.pk).status == A.DONE


# --- Invitation -------------------------------------------------------------------------------


def test_planning_a_meeting_sends_an_icalendar_invitation(
    world, committee, django_capture_on_commit_callbacks
):
    _member(committee).__class__.objects.filter(email="member@test.odco.ma").update(language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_create(
            actor=world.users["staff"],
            committee=committee,
            title="Réunion mensuelle, novembre",
            starts_at=at(2026, 11, 3),
            duration_minutes=90,
            location="Siège de l'ODCO, Rabat",
            agenda="1. Suivi des actions\n2. Notes régionales",
        )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "committee@test.odco.ma",
        "member@test.odco.ma",
        "staff@test.odco.ma",
    ]
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert (name, mimetype) == ("invitation.ics", "text/calendar; method=REQUEST")
    facts = read(content)
    assert (facts.method, facts.uid) == ("REQUEST", f"committee-meeting-{meeting.pk}@127.0.0.1")
    assert facts.starts_utc == datetime(2026, 11, 3, 9, tzinfo=UTC)
    assert facts.ends_utc == datetime(2026, 11, 3, 10, 30, tzinfo=UTC)
    assert facts.summary == "Réunion mensuelle, novembre"
    text = (content.decode() if isinstance(content, bytes) else content).replace("\r\n ", "")
    assert "DESCRIPTION:1. Suivi des actions\\n2. Notes régionales" in text.split("\r\n")
    assert meeting.attendance.count() == 3


def test_the_ics_download(world, committee, login):
    meeting = make_meeting(committee, starts_at=at(2026, 12, 1))
    response = login(world.users["committee"]).get(reverse("committee:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    facts = read(body)
    assert (facts.method, facts.status, facts.attendees) == ("PUBLISH", "CONFIRMED", ())
    assert facts.starts_utc == datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_planning_is_refused_to_a_member_who_is_not_chair(world, committee):
    with pytest.raises(CommitteeRefused):
        meeting_create(actor=_member(committee), committee=committee, title="x", starts_at=at(2026, 11, 3))
    assert not Meeting.objects.exists()


# --- Regional notes -----------------------------------------------------------------------------


def test_a_delegation_writes_only_its_own_regions_note(world, login):
    delegation = world.users["delegation"]
    regional_note_save(
        actor=delegation, region=region("09"), month=date(2026, 11, 17), text="Bonne participation."
    )
    regional_note_save(actor=delegation, region=region("09"), month=date(2026, 11, 1), text="Réécrite.")
    assert list(RegionalNote.objects.values_list("region__code", "month", "text")) == [
        ("09", date(2026, 11, 1), "Réécrite.")
    ]
    with pytest.raises(CommitteeRefused):
        regional_note_save(actor=delegation, region=region("01"), month=date(2026, 11, 1), text="Intrus.")
    with pytest.raises(CommitteeRefused):
        regional_note_save(
            actor=world.users["committee"], region=region("09"), month=date(2026, 11, 1), text="x"
        )
    assert RegionalNote.objects.count() == 1 and RegionalNote.objects.get().text == "Réécrite."
    # The list shows a delegation its own region's notes only.
    RegionalNote.objects.create(region=region("01"), month=date(2026, 11, 1), text="Note de l'Oriental.")
    page = login(delegation).get(reverse("committee:notes"), {"month": "2026-11"}).content.decode()
    assert "Réécrite." in page and "Note de l&#x27;Oriental." not in page and "Oriental." not in page
    committee_page = login(world.users["committee"]).get(reverse("committee:notes"), {"month": "2026-11"})
    assert "Note de l&#x27;Oriental." in committee_page.content.decode()


# --- Pages and query counts -------------------------------------------------------------------


def test_pages_show_the_committee(world, committee, login):
    meeting = make_meeting(committee, starts_at=at(2030, 1, 7))
    make_action(make_meeting(committee, starts_at=at(2026, 9, 1), status=M.HELD), title="Action ouverte")
    client = login(world.users["committee"])
    home = client.get(reverse("committee:home")).content.decode()
    assert meeting.title in home and "Action ouverte" in home and "style=" not in home
    partners = client.get(reverse("committee:partners"))
    assert partners.status_code == 200


def _grow_meetings(committee):
    def grow(n):
        existing = Meeting.objects.count()
        for i in range(existing, n):
            meeting = make_meeting(
                committee, starts_at=at(2020 + i // 12, i % 12 + 1, 2), status=M.HELD, title=f"R{i}"
            )
            make_action(meeting, title=f"A{i}")
            Decision.objects.create(meeting=meeting, text=f"D{i}")

    return grow


@pytest.mark.parametrize("url_name", ["committee:home", "committee:meetings"])
def test_list_pages_query_counts(world, committee, login, url_name):
    client = login(world.users["committee"])
    assert_same_query_count(client, reverse(url_name), _grow_meetings(committee), small=3, large=30)


def test_meeting_page_query_count(world, committee, login):
    client = login(world.users["committee"])
    target = make_meeting(committee, starts_at=at(2035, 1, 2), status=M.HELD)
    grow = _grow_meetings(committee)

    def more(n):
        grow(n)
        for i in range(target.decisions.count(), n):
            Decision.objects.create(meeting=target, text=f"Décision {i}")
            make_action(target, title=f"Action {i}")

    assert_same_query_count(client, reverse("committee:meeting", args=[target.pk]), more, small=3, large=30)


def test_report_and_note_pages_query_counts(world, committee, login):
    client = login(world.users["committee"])

    def reports(n):
        for i in range(Meeting.objects.count(), n):
            make_meeting(committee, title=f"R{i}")
        from monitoring.models import MonthlyReport

        for i in range(MonthlyReport.objects.count(), n):
            make_monthly_report(date(2000 + i // 12, i % 12 + 1, 1))

    assert_same_query_count(client, reverse("committee:reports"), reports, small=3, large=30)

    def notes(n):
        codes = [f"{i:02d}" for i in range(1, 13)]
        for i in range(RegionalNote.objects.count(), min(n, 12)):
            RegionalNote.objects.create(region=region(codes[i]), month=date(2026, 11, 1), text=f"Note {i}")

    assert_same_query_count(client, reverse("committee:notes") + "?month=2026-11", notes, small=2, large=12)
    assert_same_query_count(client, reverse("committee:partners"), lambda n: _partners(n), small=3, large=30)


def _partners(n):
    from monitoring.models import Partner

    for i in range(Partner.objects.count(), n):
        Partner.objects.create(name=f"Partenaire {i}", kind=Partner.Kind.BANK)


def test_the_chair_plans_a_meeting_on_the_page(world, committee, login, django_capture_on_commit_callbacks):
    client = login(world.users["committee"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("committee:meeting_new"),
            {
                "title": "Réunion de décembre",
                "starts_at": "2026-12-01T10:00",
                "duration_minutes": "90",
                "location": "Rabat",
                "agenda": "1. Suivi",
                "invite": "on",
            },
        )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("committee:meeting", args=[meeting.pk])
    assert (meeting.title, meeting.duration_minutes, meeting.status) == ("Réunion de décembre", 90, M.PLANNED)
    assert len(mail.outbox) == 3
    bad = client.post(reverse("committee:meeting_new"), {"title": "", "starts_at": "demain"})
    assert bad.status_code == 200 and Meeting.objects.count() == 1
    assert set(bad.context["form"].errors) == {"title", "starts_at", "duration_minutes"}


def test_a_delegation_writes_its_note_on_the_page(world, login):
    client = login(world.users["delegation"])
    response = client.post(
        reverse("committee:note_edit", args=["09"]) + "?month=2026-11", {"text": "Sessions tenues à Agadir."}
    )
    assert response.status_code == 302
    assert list(RegionalNote.objects.values_list("region__code", "month", "author")) == [
        ("09", date(2026, 11, 1), world.users["delegation"].pk)
    ]
    empty = client.post(reverse("committee:note_edit", args=["09"]) + "?month=2026-11", {"text": ""})
    assert empty.status_code == 400 and RegionalNote.objects.get().text == "Sessions tenues à Agadir."
