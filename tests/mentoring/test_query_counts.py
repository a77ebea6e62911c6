"""Every mentoring list and detail page makes the same number of queries at two data sizes."""

from datetime import date

import pytest
from django.urls import reverse

from mentoring.models import Meeting, Mentorship, Objective, ObjectiveProgress
from tests.factories import make_user
from tests.querycount import assert_same_query_count

from .factories import edition_2024, make_laureate, make_mentor, mentorship, set_needs

S = Mentorship.Status
pytestmark = pytest.mark.django_db
SMALL, LARGE = 3, 12


class Grower:
    """Adds up to n rows of one kind (each call tops up to n)."""

    def __init__(self, add):
        self.add, self.count = add, 0

    def __call__(self, n):
        while self.count < n:
            self.add(self.count)
            self.count += 1


def _running(mentor, region_code="09"):
    laureate = make_laureate(region_code=region_code, edition=edition_2024())
    set_needs(laureate, [("finance", 1), ("quality", 2)], languages=["ar"])
    running = mentorship(laureate, mentor, status=S.ACTIVE, started_on=date(2025, 1, 1))
    objective = Objective.objects.create(mentorship=running, title="Objectif", target_date=date(2026, 6, 1))
    meeting = Meeting.objects.create(mentorship=running, held_on=date(2025, 2, 1), topics="Suivi", notes="n")
    ObjectiveProgress.objects.create(meeting=meeting, objective=objective, progress=20)
    return running


def test_directory(client):
    client.force_login(make_user("coordinator"))
    grow = Grower(
        lambda i: make_mentor(f"M{i}", regions=("09", "10"), sectors=("argan",), provinces=("Tiznit",))
    )
    assert_same_query_count(client, reverse("mentoring:directory"), grow, small=SMALL, large=LARGE)


def test_mentor_space(client):
    user = make_user("mentor")
    mentor = make_mentor(user=user, capacity=50)
    client.force_login(user)
    assert_same_query_count(
        client, reverse("mentoring:space"), Grower(lambda i: _running(mentor)), small=SMALL, large=LARGE
    )


def test_mentorship_detail(client):
    user = make_user("mentor")
    running = _running(make_mentor(user=user))
    client.force_login(user)

    def add(i):
        objective = Objective.objects.create(mentorship=running, title=f"O{i}", target_date=date(2026, 6, 1))
        meeting = Meeting.objects.create(mentorship=running, held_on=date(2025, 3, 1), topics=f"T{i}")
        ObjectiveProgress.objects.create(meeting=meeting, objective=objective, progress=10)

    url = reverse("mentoring:mentorship", args=[running.pk])
    assert_same_query_count(client, url, Grower(add), small=SMALL, large=LARGE)


def test_region_page(client):
    client.force_login(make_user("delegation", region_code="09"))
    mentor = make_mentor(capacity=50)
    assert_same_query_count(
        client,
        reverse("mentoring:region", args=["09"]),
        Grower(lambda i: _running(mentor)),
        small=SMALL,
        large=LARGE,
    )


def test_matching_page(client):
    client.force_login(make_user("coordinator"))
    laureate = make_laureate(region_code="09")
    set_needs(laureate, [("finance", 1)])
    mentorship(laureate, make_mentor("Proposé"))

    def add(i):
        make_mentor(f"M{i}", regions=("09",), sectors=("argan",), provinces=("Tiznit",))

    url = reverse("mentoring:match", args=[laureate.pk])
    assert_same_query_count(client, url, Grower(add), small=SMALL, large=LARGE)


def test_cohort_page(client):
    client.force_login(make_user("coordinator"))
    edition = edition_2024()
    make_mentor("A", capacity=50)
    make_mentor("B", regions=("07",), capacity=50)

    def add(i):
        laureate = make_laureate(region_code="09", edition=edition)
        set_needs(laureate, [("finance", 1)])

    url = f"{reverse('mentoring:cohort')}?edition={edition.pk}"
    assert_same_query_count(client, url, Grower(add), small=SMALL, large=LARGE)


def test_cooperative_space(client):
    laureate = make_laureate()
    user = make_user("cooperative", cooperative=laureate.cooperative)
    client.force_login(user)
    running = mentorship(laureate, make_mentor(), status=S.ACTIVE)

    def add(i):
        Objective.objects.create(mentorship=running, title=f"O{i}", target_date=date(2026, 6, 1))
        Meeting.objects.create(mentorship=running, held_on=date(2025, 3, 1), topics=f"T{i}")

    assert_same_query_count(client, "/me/", Grower(add), small=SMALL, large=LARGE)
