"""Editions carry their own rules and rubric; phases last 45 days unless told otherwise."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from prizes.models import EligibilityRule, Milestone, Phase
from prizes.services import phase_set

from .factories import GS, LAM, make_edition

pytestmark = pytest.mark.django_db


def test_a_first_edition_gets_the_starting_rules_and_rubric():
    edition = make_edition(GS, 2021)

    assert list(edition.categories.values_list("code", "requires_cooperative")) == [
        ("youth_cooperative", True),
        ("project_holder", False),
    ]
    assert edition.award_amount == Decimal("50000.00")
    assert edition.criteria.count() == 7
    assert edition.eligibility_rules.filter(kind=EligibilityRule.Kind.APPLICANT_MAX_AGE).get().value == 35


def test_a_later_edition_copies_the_previous_editions_rules():
    first = make_edition(LAM, 2024)
    first.eligibility_rules.filter(kind=EligibilityRule.Kind.MIN_WOMEN_SHARE).update(value=Decimal("0.6"))

    second = make_edition(LAM, 2025)

    assert second.eligibility_rules.get(kind=EligibilityRule.Kind.MIN_WOMEN_SHARE).value == Decimal("0.6")
    assert second.categories.get().edition == second


def test_a_phase_lasts_45_days_by_default_with_its_milestones():
    phase = make_edition().phase

    assert (phase.starts_on, phase.ends_on, phase.duration_days) == (date(2025, 5, 1), date(2025, 6, 15), 45)
    assert set(phase.milestones.values_list("kind", flat=True)) == set(Milestone.Kind.values)


def test_a_phase_that_runs_after_another_must_start_once_it_has_ended():
    first = make_edition(LAM).phase
    edition = make_edition(GS, with_phase=False)

    with pytest.raises(ValidationError) as error:
        phase_set(
            actor=None,
            edition=edition,
            starts_on=date(2025, 6, 1),
            scheduling=Phase.Scheduling.AFTER,
            follows=first,
        )

    assert error.value.message_dict == {
        "starts_on": ["This phase must start once the phase it follows has ended."]
    }
    phase = phase_set(
        actor=None,
        edition=edition,
        starts_on=date(2025, 6, 15),
        scheduling=Phase.Scheduling.AFTER,
        follows=first,
    )
    assert phase.follows == first


def test_an_edition_call_cannot_close_before_it_opens():
    with pytest.raises(ValidationError) as error:
        make_edition(call_opens_on=date(2025, 3, 1), call_closes_on=date(2025, 2, 1))

    assert "call_closes_on" in error.value.message_dict
