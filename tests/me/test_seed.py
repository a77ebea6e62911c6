"""Demo data: the featured laureate's whole journey in its space, a second cooperative account
at the start of its journey; the same seed twice changes nothing."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperatives.models import ProfileChange
from odco.accounts.models import Invitation, User
from odco.notifications.models import Notification
from prizes.models import Candidacy

pytestmark = pytest.mark.django_db


def counts():
    return tuple(m.objects.count() for m in (ProfileChange, Notification, Invitation, User))


def test_the_demo_cooperatives_have_a_full_journey_and_a_beginning(client, capsys):
    call_command("seed_demo")
    first = counts()
    printed = capsys.readouterr().out
    call_command("seed_demo", "--seed", "1")

    assert counts() == first
    assert "cooperative.start@demo.odco.ma" not in printed
    featured = User.objects.get(email="cooperative@demo.odco.ma")
    client.force_login(featured)
    with CaptureQueriesContext(connection) as queries:
        space = client.get(reverse("me")).context
    assert len(queries.captured_queries) <= 25
    kinds = {step.kind for step in space["journey"]}
    assert {"candidacy", "eligibility", "jury", "training", "certificate", "coaching", "pitch"} <= kinds
    assert "report" in kinds
    assert {"mentorship", "meeting"} <= kinds
    assert space["next_steps"]
    assert len(space["pitch_scores"]) == 4
    assert [c.status for c in space["profile_changes"]] == [ProfileChange.Status.PROPOSED]
    assert space["unread_count"] >= 1

    second = User.objects.get(email="cooperative.start@demo.odco.ma")
    client.force_login(second)
    start = client.get(reverse("me")).context
    assert {s.kind for s in start["journey"]} == {"candidacy", "eligibility"}
    assert [c.status for c in start["candidacies"]] == [Candidacy.Status.ELIGIBLE]
    assert [c.status for c in start["corrections"]] == [ProfileChange.Status.REQUESTED]
    assert start["kit_entries"] == []
