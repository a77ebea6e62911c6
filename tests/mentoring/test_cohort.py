"""Cohort matching: capacities respected, as many laureates matched as possible, reasons given."""

from collections import Counter

import pytest

from mentoring.cohort import plan_cohort
from mentoring.matching import DEFAULT_WEIGHTS, LaureateFacts, MentorFacts
from mentoring.models import Mentorship
from mentoring.services import mentorship_propose_cohort
from tests.factories import make_user

from .factories import edition_2024, make_laureate, make_mentor, mentorship


def laureate(pk, region="09"):
    return LaureateFacts(pk=pk, name=f"L{pk}", region_code=region, province_id=None, sector_id=None)


def mentor(pk, name, regions, capacity=1, **kw):
    return MentorFacts(
        pk=pk,
        name=name,
        region_codes=frozenset(regions),
        province_ids=frozenset(),
        sector_ids=frozenset(),
        expertise=frozenset(),
        languages=frozenset(),
        capacity=capacity,
        **kw,
    )


def test_no_mentor_gets_more_laureates_than_free_places():
    laureates = [laureate(pk) for pk in range(1, 6)]
    mentors = [mentor(1, "A", ["09"], capacity=2), mentor(2, "B", ["09"], capacity=3, holding=2)]

    plan = plan_cohort(laureates, mentors, weights=DEFAULT_WEIGHTS)

    assert Counter(m.mentor.name for _l, m in plan.pairs) == {"A": 2, "B": 1}
    assert [u.laureate.pk for u in plan.unmatched] == [4, 5]
    assert {u.reason for u in plan.unmatched} == {"The mentors near it have no free place left."}


def test_open_proposals_take_places_in_the_plan():
    plan = plan_cohort([laureate(1)], [mentor(1, "A", ["09"], capacity=2, holding=1, proposed=1)])

    assert plan.pairs == []
    assert plan.unmatched[0].reason == "The mentors near it have no free place left."


def test_every_laureate_is_matched_where_possible_rather_than_greedily():
    # L1 (Souss-Massa) prefers A (same region) to B (Marrakech-Safi, a neighbour); L2 (Guelmim,
    # next to Souss-Massa, far from Marrakech) can only have A. Greedy would leave L2 out.
    laureates = [laureate(1, "09"), laureate(2, "10")]
    mentors = [mentor(1, "A", ["09"]), mentor(2, "B", ["07"])]

    plan = plan_cohort(laureates, mentors, weights=DEFAULT_WEIGHTS)

    assert sorted((lau.pk, m.mentor.name) for lau, m in plan.pairs) == [(1, "B"), (2, "A")]
    assert plan.unmatched == []


def test_a_laureate_far_from_every_mentor_is_listed_with_the_reason_unless_remote_is_allowed():
    laureates, mentors = [laureate(1, "12")], [mentor(1, "A", ["09"])]

    plan = plan_cohort(laureates, mentors)
    with_remote = plan_cohort(laureates, mentors, include_remote=True)

    assert [(u.laureate.pk, u.reason) for u in plan.unmatched] == [
        (1, "No available mentor works in or next to its region.")
    ]
    assert [(lau.pk, m.mentor.name, m.territory) for lau, m in with_remote.pairs] == [(1, "A", "remote")]


def test_the_same_cohort_gives_the_same_plan():
    laureates = [laureate(pk, region) for pk, region in enumerate(["09", "09", "10", "07", "08", "09"], 1)]
    mentors = [mentor(1, "A", ["09"], 2), mentor(2, "B", ["07", "08"], 2), mentor(3, "C", ["10"], 1)]

    plans = [plan_cohort(laureates, mentors) for _ in range(3)] + [
        plan_cohort(laureates[::-1], mentors[::-1])
    ]

    pairs = [[(lau.pk, m.mentor.pk) for lau, m in p.pairs] for p in plans]
    assert pairs[0] == pairs[1] == pairs[2] == pairs[3]
    assert len(pairs[0]) == 5


@pytest.mark.django_db
def test_proposing_a_cohort_respects_capacities_and_skips_laureates_already_mentored():
    coordinator = make_user("coordinator")
    edition = edition_2024()
    laureates = [make_laureate(edition=edition) for _ in range(4)]
    busy = make_mentor("Busy", capacity=1)
    mentorship(laureates[0], busy, status=Mentorship.Status.ACTIVE)
    free = make_mentor("Free", capacity=2)

    result = mentorship_propose_cohort(actor=coordinator, edition=edition)

    proposals = Mentorship.objects.filter(status="proposed").order_by("candidacy_id")
    assert [(m.candidacy_id, m.mentor.name) for m in proposals] == [
        (laureates[1].pk, "Free"),
        (laureates[2].pk, "Free"),
    ]
    assert len(result.proposed) == 2
    assert [u.laureate.pk for u in result.plan.unmatched] == [laureates[3].pk]
    assert free.mentorships.count() == 2
