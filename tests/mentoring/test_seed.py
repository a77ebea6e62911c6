"""Demo data: mentors in every region, active mentorships with meetings, the featured
cooperative mentored by the demo mentor; idempotent per seed."""

import pytest
from django.core.management import call_command

from mentoring.models import Meeting, Mentor, Mentorship, NeedsProfile, Objective
from odco.regions.models import Region

pytestmark = pytest.mark.django_db


def counts():
    return tuple(m.objects.count() for m in (Mentor, Mentorship, Meeting, Objective, NeedsProfile))


def test_seed_mentors_every_region_and_the_featured_laureate(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo", "--seed", "1")

    assert counts() == first
    covered = set(Mentor.objects.values_list("regions__code", flat=True))
    assert covered == set(Region.objects.values_list("code", flat=True))
    active = Mentorship.objects.filter(status="active")
    assert active.exists()
    assert all(m.meetings.exists() for m in active)
    featured = Mentorship.objects.get(candidacy__cooperative__registration_number="DEMO-LAUREATE")
    assert featured.status == "active"
    assert featured.mentor.user.email == "mentor@demo.odco.ma"
    assert featured.meetings.count() >= 2
    # Capacities hold.
    for mentor in Mentor.objects.all():
        assert mentor.mentorships.filter(status__in=["confirmed", "active"]).count() <= mentor.capacity


def test_another_seed_adds_its_own_mentors(capsys):
    call_command("seed_demo")
    before = counts()

    call_command("seed_demo", "--seed", "2")

    assert counts()[0] == before[0] * 2
    assert counts()[1] > before[1]
