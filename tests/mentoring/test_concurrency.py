"""Two coordinators confirm two proposals of a mentor with one free place at the same moment:
one wins, the other is refused. PostgreSQL only (SQLite has no row locks to test)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from mentoring.models import Mentorship
from mentoring.services import mentorship_transition
from tests.factories import make_user

from .factories import make_laureate, make_mentor, mentorship

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def test_two_concurrent_confirmations_cannot_exceed_the_capacity():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (run with DATABASE_URL=postgres://…)")
    first_user, second_user = make_user("coordinator"), make_user("coordinator")
    mentor = make_mentor(capacity=1)
    first = mentorship(make_laureate(), mentor)
    second = mentorship(make_laureate(), mentor)
    first_confirmed, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def confirm_and_hold():
        try:
            with transaction.atomic():
                mentorship_transition(actor=first_user, mentorship=first, name="confirm", notify=False)
                first_confirmed.set()
                release.wait(timeout=30)  # the transaction stays open, the mentor row locked
            outcome["first"] = "confirmed"
        finally:
            first_confirmed.set()
            connections.close_all()

    def confirm_meanwhile():
        try:
            mentorship_transition(actor=second_user, mentorship=second, name="confirm", notify=False)
            outcome["second"] = "confirmed"
        except ValidationError as error:
            outcome["second"] = error.code
        finally:
            connections.close_all()

    holder = threading.Thread(target=confirm_and_hold)
    holder.start()
    first_confirmed.wait(timeout=30)
    contender = threading.Thread(target=confirm_meanwhile)
    contender.start()
    # Release the first transaction only once the second one waits on the mentor's lock.
    deadline = time.monotonic() + 30
    while not _waiting_for_a_lock() and time.monotonic() < deadline:
        pass
    waited = _waiting_for_a_lock()
    release.set()
    holder.join(timeout=30)
    contender.join(timeout=30)

    assert waited
    assert outcome == {"first": "confirmed", "second": "capacity"}
    assert list(Mentorship.objects.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "proposed",
    ]
    assert Mentorship.objects.filter(mentor=mentor, status__in=["confirmed", "active"]).count() == 1
