"""The ranking of mentors for one laureate, on constructed cases (pure facts and the database)."""

from decimal import Decimal

import pytest

from mentoring.data.neighbours import NEIGHBOURS
from mentoring.matching import DEFAULT_WEIGHTS, LaureateFacts, MentorFacts, match_weights, rank
from mentoring.selectors import matching_for

from .factories import make_laureate, make_mentor, set_needs

TIZNIT = 64


def mentor(pk, name, *, regions=("09",), provinces=(), sectors=(), expertise=(), languages=("fr",), **kw):
    return MentorFacts(
        pk=pk,
        name=name,
        region_codes=frozenset(regions),
        province_ids=frozenset(provinces),
        sector_ids=frozenset(sectors),
        expertise=frozenset(expertise),
        languages=frozenset(languages),
        capacity=kw.pop("capacity", 3),
        **kw,
    )


LAUREATE = LaureateFacts(
    pk=1,
    name="Coopérative Tiznit",
    region_code="09",
    province_id=TIZNIT,
    sector_id=5,
    needs=(("finance", 1), ("marketing", 3)),
    languages=frozenset({"ar"}),
)


def names(matches):
    return [m.mentor.name for m in matches]


def test_the_neighbours_table_is_symmetric_and_covers_the_twelve_regions():
    assert sorted(NEIGHBOURS) == [f"{n:02d}" for n in range(1, 13)]
    assert all(a in NEIGHBOURS[b] for a, others in NEIGHBOURS.items() for b in others)
    assert NEIGHBOURS["09"] == {"07", "08", "10"}
    assert NEIGHBOURS["12"] == {"11"}


def test_province_beats_region_beats_neighbour_beats_remote():
    mentors = [
        mentor(1, "Remote", regions=("01",)),
        mentor(2, "Neighbour", regions=("07",)),
        mentor(3, "Region", regions=("09",)),
        mentor(4, "Province", regions=(), provinces=(TIZNIT,)),
    ]

    ranked = rank(LAUREATE, mentors, DEFAULT_WEIGHTS)

    assert names(ranked) == ["Province", "Region", "Neighbour", "Remote"]
    assert [m.territory for m in ranked] == ["province", "region", "neighbour", "remote"]
    assert [m.parts[0].points for m in ranked] == [Decimal("40.0"), Decimal("28.0"), Decimal("14.0"), 0]
    with_english = [m.parts[0].text for m in ranked]
    assert with_english[0] == "works in the laureate's province"
    assert with_english[3] == "works far from the laureate's region"


def test_sector_match_beats_every_sector_beats_another_sector():
    mentors = [
        mentor(1, "Other sector", sectors=(9,)),
        mentor(2, "Every sector"),
        mentor(3, "Same sector", sectors=(5, 9)),
    ]

    ranked = rank(LAUREATE, mentors, DEFAULT_WEIGHTS)

    assert names(ranked) == ["Same sector", "Every sector", "Other sector"]
    assert [m.parts[1].points for m in ranked] == [Decimal("15.0"), Decimal("7.5"), Decimal("0.0")]


def test_a_high_priority_need_covered_outweighs_a_low_one():
    mentors = [mentor(1, "Marketing", expertise=("marketing",)), mentor(2, "Finance", expertise=("finance",))]

    ranked = rank(LAUREATE, mentors, DEFAULT_WEIGHTS)

    # Finance is high priority (3 of 4 points of need), marketing low (1 of 4).
    assert names(ranked) == ["Finance", "Marketing"]
    assert [m.parts[2].points for m in ranked] == [Decimal("22.5"), Decimal("7.5")]
    assert ranked[0].parts[2].text == "covers 1 of 2 needs: finance"


def test_language_and_free_places_count():
    mentors = [
        mentor(1, "French only", languages=("fr",)),
        mentor(2, "Arabic, full", languages=("ar",), holding=3),
        mentor(3, "Arabic, busy", languages=("ar",), holding=2),
        mentor(4, "Arabic, free", languages=("ar",)),
    ]

    ranked = rank(LAUREATE, mentors, DEFAULT_WEIGHTS)

    # A mentor without a free place comes last whatever the score.
    assert names(ranked) == ["Arabic, free", "Arabic, busy", "French only", "Arabic, full"]
    assert [m.total for m in ranked] == [Decimal("50.5"), Decimal("47.2"), Decimal("40.5"), Decimal("45.5")]
    assert ranked[-1].is_full
    assert ranked[-1].parts[4].text == "no free place (3 of 3 taken)"


def test_ties_are_broken_by_name_then_id_whatever_the_input_order():
    mentors = [mentor(3, "Beta"), mentor(2, "alpha"), mentor(1, "Beta")]

    assert [m.mentor.pk for m in rank(LAUREATE, mentors, DEFAULT_WEIGHTS)] == [2, 1, 3]
    assert [m.mentor.pk for m in rank(LAUREATE, list(reversed(mentors)), DEFAULT_WEIGHTS)] == [2, 1, 3]


def test_weights_come_from_the_setting_with_defaults(settings):
    settings.ODCO_MENTOR_MATCH_WEIGHTS = {"territory": 0, "sector": 50}
    mentors = [
        mentor(1, "Near", provinces=(TIZNIT,)),
        mentor(2, "Far, same sector", regions=("01",), sectors=(5,)),
    ]

    weights = match_weights()
    ranked = rank(LAUREATE, mentors)

    assert weights == {"territory": 0, "sector": 50, "needs": 30, "language": 10, "capacity": 5}
    assert names(ranked) == ["Far, same sector", "Near"]


@pytest.mark.django_db
def test_matching_from_the_database_explains_each_mentor():
    laureate = make_laureate(region_code="09", province="Tiznit", sector="argan")
    set_needs(laureate, [("finance", 1)], languages=["ar"])
    make_mentor("Far", regions=("01",), expertise=("finance",))
    make_mentor("Neighbour", regions=("08",), expertise=("finance",))
    make_mentor("Tiznit", regions=(), provinces=("Tiznit",), sectors=("argan",), expertise=("finance",))
    make_mentor("Unavailable", provinces=("Tiznit",), is_available=False)

    from prizes.models import Candidacy

    candidacy = (
        Candidacy.objects.select_related("cooperative", "region", "mentoring_needs")
        .prefetch_related("mentoring_needs__needs")
        .get(pk=laureate.pk)
    )
    ranking = matching_for(candidacy=candidacy)

    assert [mentor.name for _match, mentor in ranking] == ["Tiznit", "Neighbour", "Far"]
    assert ranking[0][0].total == Decimal("100.0")
    assert [p.text for p in ranking[1][0].parts] == [
        "works in a neighbouring region",
        "works with every sector",
        "covers 1 of 1 needs: finance",
        "speaks Arabic",
        "3 of 3 places free",
    ]
