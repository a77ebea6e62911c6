"""Pitch simulations: default rubric, weighted aggregation, progression, readiness."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching.models import PitchScore, PitchSimulation
from coaching.scoring import CriterionChange, readiness, rubric_ensure, rubric_update, simulation_record
from coaching.scoring import weighted_total as total
from coaching.selectors import coaching_file
from odco.roles import Role
from tests.factories import make_user

from .factories import assign, make_accompanied, make_coach, make_phase, scores_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_window")]
D = Decimal


def _record(assignment, actor, held_on, *values, feedback="Plus court, chiffres clairs."):
    return simulation_record(
        actor=actor,
        assignment=assignment,
        held_on=held_on,
        points=scores_for(assignment.candidacy.edition.phase, *values),
        feedback=feedback,
        recording_url="https://video.example.ma/pitch-1",
    )


def test_new_rubric_has_the_five_default_criteria_with_equal_weights():
    rubric = rubric_ensure(make_phase())

    assert [(c.code, c.label, c.weight) for c in rubric.criteria.all()] == [
        ("clarity", "clarity of the problem and solution", D("1.00")),
        ("business_model", "business model", D("1.00")),
        ("impact", "impact", D("1.00")),
        ("financials", "financials", D("1.00")),
        ("delivery", "delivery and timing", D("1.00")),
    ]
    assert (rubric.scale, rubric.ready_at) == (10, 70)
    assert rubric_ensure(rubric.phase) == rubric


def test_weighted_total_is_the_weighted_mean_as_a_percentage():
    assert total([(D(1), D(10)), (D(1), D(0))], 10) == D("50.00")
    # (3×8 + 1×4) / (4×10) = 70 %
    assert total([(D(3), D(8)), (D(1), D(4))], 10) == D("70.00")
    # (2×7 + 1×5 + 1×6) / (4×10) = 62.5 %
    assert total([(D(2), D(7)), (D("1"), D(5)), (D("1"), D(6))], 10) == D("62.50")
    assert total([(D("0.5"), D("2.5"))], 5) == D("50.00")
    assert total([], 10) == D("0.00")


def test_simulation_total_follows_the_rubric_weights():
    phase = make_phase()
    coordinator = make_user(Role.COORDINATOR)
    rubric = rubric_ensure(phase)
    rubric_update(
        actor=coordinator,
        rubric=rubric,
        scale=10,
        ready_at=75,
        criteria=[
            CriterionChange("clarity", "", D("2")),
            CriterionChange("business_model", "", D("1")),
            CriterionChange("financials", "", D("1")),
        ],
    )
    coach = make_coach()
    assignment = assign(make_accompanied(phase), coach)

    simulation = _record(assignment, coach.user, date(2025, 5, 12), 9, 5, 6)

    # (2×9 + 5 + 6) / (4×10) = 72.5 %
    assert simulation.total == D("72.50")
    assert sorted(simulation.scores.values_list("criterion__code", "points")) == [
        ("business_model", D("5.00")),
        ("clarity", D("9.00")),
        ("financials", D("6.00")),
    ]
    assert simulation.recording_url == "https://video.example.ma/pitch-1"


def test_rubric_is_locked_once_a_simulation_is_scored():
    phase = make_phase()
    coach = make_coach()
    _record(assign(make_accompanied(phase), coach), coach.user, date(2025, 5, 12), 5, 5, 5, 5, 5)
    rubric = rubric_ensure(phase)

    with pytest.raises(PermissionDenied, match="can no longer change"):
        rubric_update(
            actor=make_user(Role.COORDINATOR),
            rubric=rubric,
            scale=10,
            ready_at=70,
            criteria=[CriterionChange("clarity", "", D("3"))],
        )

    assert list(rubric.criteria.values_list("weight", flat=True)) == [D("1.00")] * 5


def test_every_criterion_is_scored_within_the_scale_and_feedback_is_required():
    phase = make_phase()
    coach = make_coach()
    assignment = assign(make_accompanied(phase), coach)
    points = scores_for(phase, 5, 5, 5, 5, 11)
    first, *_middle, last = list(points)
    del points[first]

    with pytest.raises(ValidationError) as refused:
        simulation_record(
            actor=coach.user, assignment=assignment, held_on=date(2025, 5, 12), points=points, feedback=" "
        )

    assert refused.value.message_dict == {
        f"criterion_{first}": ["Score this criterion."],
        f"criterion_{last}": ["Give between 0 and 10 points."],
        "feedback": ["Write your feedback to the cooperative."],
    }
    assert (PitchSimulation.objects.count(), PitchScore.objects.count()) == (0, 0)


def test_simulation_in_the_future_is_refused():
    phase = make_phase()
    coach = make_coach()
    assignment = assign(make_accompanied(phase), coach)

    with pytest.raises(ValidationError) as refused:
        _record(assignment, coach.user, date(2025, 5, 21), 5, 5, 5, 5, 5)

    assert refused.value.message_dict == {"held_on": ["A simulation is scored once it has taken place."]}
    assert PitchSimulation.objects.count() == 0


def test_progression_gives_each_criterion_over_successive_simulations_whoever_coached():
    phase = make_phase()
    candidacy = make_accompanied(phase)
    first_coach, second_coach = make_coach(), make_coach()
    a1, a2 = assign(candidacy, first_coach), assign(candidacy, second_coach)
    _record(a2, second_coach.user, date(2025, 5, 15), 6, 5, 6, 4, 6)
    _record(a1, first_coach.user, date(2025, 5, 5), 4, 3, 5, 2, 4)
    _record(a1, first_coach.user, date(2025, 5, 19), 8, 7, 8, 6, 8)

    file = coaching_file(user=make_user(Role.COORDINATOR), candidacy_pk=candidacy.pk)

    progression = file.progression
    assert [s.held_on for s in progression.simulations] == [
        date(2025, 5, 5),
        date(2025, 5, 15),
        date(2025, 5, 19),
    ]
    assert [(c.code, values) for c, values in progression.series] == [
        ("clarity", [D(4), D(6), D(8)]),
        ("business_model", [D(3), D(5), D(7)]),
        ("impact", [D(5), D(6), D(8)]),
        ("financials", [D(2), D(4), D(6)]),
        ("delivery", [D(4), D(6), D(8)]),
    ]
    assert [s.total for s in progression.simulations] == [D("36.00"), D("54.00"), D("74.00")]
    assert (progression.readiness.level, progression.readiness.trend) == ("ready", D("20.00"))


@pytest.mark.parametrize(
    ("totals", "level", "trend"),
    [
        ([], "none", None),
        ([D("40")], "not_ready", None),
        ([D("40"), D("55")], "nearly", D("15")),
        ([D("80"), D("69.99")], "nearly", D("-10.01")),
        ([D("54.99")], "not_ready", None),
        ([D("70")], "ready", None),
    ],
)
def test_readiness_comes_from_the_latest_simulation(totals, level, trend):
    result = readiness(totals, 70)

    assert (result.level, result.trend) == (level, trend)
