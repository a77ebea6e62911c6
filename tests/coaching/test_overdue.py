"""Overdue actions: the daily beat task flags them once, with frozen time, and mails once."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from coaching.apps import OVERDUE_BEAT_KEY
from coaching.models import Action
from coaching.services import AgreedAction, action_mark_done, actions_flag_overdue, session_log
from coaching.tasks import flag_overdue_actions
from odco.audit.models import AuditEntry
from odco.celery import app
from odco.roles import Role
from tests.factories import make_user

from .factories import assign, make_accompanied, make_coach, make_phase

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def actions():
    with time_machine.travel("2025-05-06 09:00 +01:00", tick=False):
        phase = make_phase()
        coach = make_coach(make_user(Role.COACH, email="coach@test.odco.ma"))
        candidacy = make_accompanied(phase)
        session_log(
            actor=coach.user,
            assignment=assign(candidacy, coach),
            held_on=date(2025, 5, 6),
            duration_minutes=60,
            mode="video",
            topics="Plan d'action",
            actions=[
                AgreedAction("Ouvrir un compte bancaire", "cooperative", date(2025, 5, 10)),
                AgreedAction("Envoyer la grille financière", "coach", date(2025, 5, 12)),
            ],
        )
    make_user(Role.COORDINATOR, email="coordinator@test.odco.ma")
    return {a.title: a for a in Action.objects.all()}, coach


def _flagged():
    return dict(
        Action.objects.filter(overdue_flagged_on__isnull=False).values_list("title", "overdue_flagged_on")
    )


def test_the_daily_check_is_on_the_beat_schedule():
    entry = app.conf.beat_schedule[OVERDUE_BEAT_KEY]

    assert entry["task"] == "coaching.flag_overdue_actions"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {0})
    assert "coaching.flag_overdue_actions" in app.tasks


def test_nothing_is_overdue_on_the_due_date(actions):
    with time_machine.travel("2025-05-10 23:59 +01:00", tick=False):
        assert actions_flag_overdue() == []

    assert _flagged() == {}


def test_an_action_is_flagged_the_day_after_its_due_date_and_only_once(
    actions, django_capture_on_commit_callbacks
):
    by_title, _coach = actions

    with time_machine.travel("2025-05-11 06:00 +01:00", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert flag_overdue_actions.apply().get() == 1
        assert _flagged() == {"Ouvrir un compte bancaire": date(2025, 5, 11)}
        with django_capture_on_commit_callbacks(execute=True):
            assert actions_flag_overdue() == []

    assert AuditEntry.objects.filter(action="coaching.action_overdue").count() == 1
    recipients = [m.to[0] for m in mail.outbox]
    assert {"coach@test.odco.ma", "coordinator@test.odco.ma"} <= set(recipients)
    assert len(recipients) == len(set(recipients))  # one e-mail per person
    assert all("Ouvrir un compte bancaire" in m.body for m in mail.outbox)


def test_done_actions_are_never_flagged(actions):
    by_title, coach = actions
    action_mark_done(actor=coach.user, action=by_title["Envoyer la grille financière"])

    with time_machine.travel("2025-06-01 06:00 +01:00", tick=False):
        flagged = actions_flag_overdue()

    assert flagged == [by_title["Ouvrir un compte bancaire"].pk]
    assert _flagged() == {"Ouvrir un compte bancaire": date(2025, 6, 1)}


def test_the_coach_dashboard_and_the_overview_count_overdue_actions(actions, client):
    _by_title, coach = actions
    with time_machine.travel("2025-05-13 08:00 +01:00", tick=False):
        client.force_login(coach.user)
        dashboard = client.get("/coaching/")
        client.force_login(make_user(Role.COORDINATOR))
        overview = client.get("/coaching/overview/")

    assert [a.title for a in dashboard.context["overdue"]] == [
        "Ouvrir un compte bancaire",
        "Envoyer la grille financière",
    ]
    assert [c.overdue_count for c in overview.context["page"].object_list] == [2]
