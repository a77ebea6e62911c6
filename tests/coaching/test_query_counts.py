"""Every coaching list and detail page makes the same number of queries at two data sizes."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from coaching.models import Action, Assignment, CoachingSession, PitchScore, PitchSimulation
from coaching.scoring import rubric_ensure
from odco.roles import Role
from tests.factories import CooperativeFactory, make_user, region
from tests.querycount import assert_same_query_count

from .factories import make_accompanied, make_coach, make_phase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_window")]
SMALL, LARGE = 4, 24


class Programme:
    """Grows coached candidacies, sessions, actions and simulations straight in the database."""

    def __init__(self):
        self.phase = make_phase()
        self.coach = make_coach()
        self.cooperative = CooperativeFactory(region=region("09"))
        self.candidacy = make_accompanied(self.phase, cooperative=self.cooperative)
        self.assignment = Assignment.objects.create(candidacy=self.candidacy, coach=self.coach)
        self.criteria = list(rubric_ensure(self.phase).criteria.all())

    def add_sessions(self, n, assignment=None):
        assignment = assignment or self.assignment
        for i in range(n):
            session = CoachingSession.objects.create(
                assignment=assignment,
                held_on=date(2025, 5, 1 + i % 40),
                duration_minutes=60,
                mode="phone",
                topics=f"Sujet {i}",
                notes="privé",
            )
            Action.objects.create(
                session=session,
                candidacy_id=assignment.candidacy_id,
                title=f"Action {i}",
                owner="cooperative",
                due_on=date(2025, 5, 2 + i % 30),
            )

    def add_simulations(self, n):
        for i in range(n):
            simulation = PitchSimulation.objects.create(
                assignment=self.assignment,
                candidacy=self.candidacy,
                held_on=date(2025, 5, 1 + i % 19),
                feedback="ok",
                total=Decimal("50"),
            )
            PitchScore.objects.bulk_create(
                PitchScore(simulation=simulation, criterion=c, points=Decimal(5)) for c in self.criteria
            )

    def add_coached_candidacies(self, n, coach=None):
        for _ in range(n):
            candidacy = make_accompanied(self.phase)
            assignment = Assignment.objects.create(candidacy=candidacy, coach=coach or make_coach())
            self.add_sessions(1, assignment)


def _grow_to(target, add):
    state = {"n": 0}

    def grow(n):
        add(n - state["n"])
        state["n"] = n

    return grow


@pytest.fixture
def programme():
    return Programme()


def test_candidacy_file(client, programme):
    client.force_login(programme.coach.user)

    def add(n):
        programme.add_sessions(n)
        programme.add_simulations(n)

    assert_same_query_count(
        client,
        reverse("coaching:candidacy", args=[programme.candidacy.pk]),
        _grow_to(0, add),
        small=SMALL,
        large=LARGE,
    )


def test_candidacy_file_seen_by_the_cooperative(client, programme):
    client.force_login(make_user(Role.COOPERATIVE, cooperative=programme.cooperative))

    def add(n):
        programme.add_sessions(n)
        programme.add_simulations(n)

    assert_same_query_count(
        client,
        reverse("coaching:candidacy", args=[programme.candidacy.pk]),
        _grow_to(0, add),
        small=SMALL,
        large=LARGE,
    )


def test_coach_dashboard(client, programme):
    client.force_login(programme.coach.user)
    grow = _grow_to(0, lambda n: programme.add_coached_candidacies(n, coach=programme.coach))
    assert_same_query_count(client, reverse("coaching:dashboard"), grow, small=SMALL, large=LARGE)


def test_overview(client, programme):
    client.force_login(make_user(Role.COORDINATOR))
    grow = _grow_to(0, programme.add_coached_candidacies)
    assert_same_query_count(client, reverse("coaching:overview"), grow, small=SMALL, large=LARGE)


def test_hours_report(client, programme):
    client.force_login(make_user(Role.COORDINATOR))
    grow = _grow_to(0, programme.add_coached_candidacies)
    url = reverse("coaching:hours") + "?start=2025-05-01&end=2025-05-31"
    assert_same_query_count(client, url, grow, small=SMALL, large=LARGE)


def test_coach_list_and_assignment_suggestions(client, programme):
    client.force_login(make_user(Role.COORDINATOR))
    grow = _grow_to(0, programme.add_coached_candidacies)
    assert_same_query_count(client, reverse("coaching:coach_list"), grow, small=SMALL, large=LARGE)
    programme_two = _grow_to(0, lambda n: [make_coach() for _ in range(n)])
    url = reverse("coaching:assign", args=[programme.candidacy.pk])
    assert_same_query_count(client, url, programme_two, small=SMALL, large=LARGE)


def test_cooperative_space_with_its_actions(client, programme):
    client.force_login(make_user(Role.COOPERATIVE, cooperative=programme.cooperative))
    assert_same_query_count(client, "/me/", _grow_to(0, programme.add_sessions), small=SMALL, large=LARGE)
