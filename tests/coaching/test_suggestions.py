"""The coach suggestion: explained parts (specialty fit, region, load), then the ranking."""

from decimal import Decimal

import pytest

from coaching.suggestions import coaches_with_load, suggest_coaches
from prizes.models import Candidacy
from tests.factories import make_user

from .factories import assign, make_accompanied, make_coach, make_phase

pytestmark = [pytest.mark.django_db]
D = Decimal


def _ranked(candidacy, needs):
    return [(str(s.coach.user.email), s.total) for s in suggest_coaches(candidacy=candidacy, needs=needs)]


def test_each_suggestion_returns_its_score_parts_with_explanations():
    phase = make_phase()
    candidacy = make_accompanied(phase, region_code="09")
    coach = make_coach(
        make_user("coach", email="amina@test.odco.ma"),
        specialties=["ess", "finance"],
        regions=["09"],
        capacity=4,
    )
    assign(make_accompanied(phase), coach)

    [suggestion] = suggest_coaches(candidacy=candidacy, needs=["ess", "presentation"])

    assert suggestion.coach == coach
    assert [(p.key, p.points, p.out_of, p.explanation) for p in suggestion.parts] == [
        ("fit", D("25.0"), 50, "covers 1 of 2 needed: social and solidarity economy"),
        ("region", D("30"), 30, "serves the candidacy's region"),
        ("load", D("15.0"), 20, "follows 1 of 4 candidacies"),
    ]
    assert suggestion.total == D("70.0")
    assert suggestion.already_assigned is False


def test_ranking_weighs_fit_then_region_then_load_and_leaves_out_unavailable_coaches():
    phase = make_phase()
    candidacy = make_accompanied(phase, region_code="09")
    make_coach(
        make_user("coach", email="a-local-generalist@test.odco.ma"), specialties=["digital"], regions=["09"]
    )
    make_coach(
        make_user("coach", email="b-remote-expert@test.odco.ma"),
        specialties=["ess", "presentation"],
        regions=["01"],
    )
    busy = make_coach(
        make_user("coach", email="c-busy-local-expert@test.odco.ma"),
        specialties=["ess", "presentation"],
        regions=["09"],
        capacity=2,
    )
    make_coach(
        make_user("coach", email="d-free-local-expert@test.odco.ma"),
        specialties=["ess", "presentation"],
        regions=["09"],
        capacity=2,
    )
    make_coach(
        make_user("coach", email="e-away@test.odco.ma"),
        specialties=["ess", "presentation"],
        regions=["09"],
        is_available=False,
    )
    for _ in range(2):
        assign(make_accompanied(phase), busy)
    # A finished candidacy no longer counts against the coach's load.
    assign(make_accompanied(phase, status=Candidacy.Status.LAUREATE), busy)

    assert _ranked(candidacy, ["ess", "presentation"]) == [
        ("d-free-local-expert@test.odco.ma", D("100.0")),
        ("c-busy-local-expert@test.odco.ma", D("80.0")),
        ("b-remote-expert@test.odco.ma", D("70.0")),
        ("a-local-generalist@test.odco.ma", D("50.0")),
    ]
    assert {c.user.email: c.load for c in coaches_with_load()}["c-busy-local-expert@test.odco.ma"] == 2


def test_without_named_needs_the_pitch_defaults_apply_and_assigned_coaches_are_marked():
    phase = make_phase()
    candidacy = make_accompanied(phase)
    coach = make_coach(specialties=["presentation"], regions=[])
    assign(candidacy, coach)

    [suggestion] = suggest_coaches(candidacy=candidacy, needs=[])

    assert suggestion.part("fit").explanation == "covers 1 of 2 needed: project presentation"
    assert suggestion.part("region").points == 0
    assert suggestion.part("load").explanation == "follows 1 of 8 candidacies"
    assert suggestion.already_assigned is True
