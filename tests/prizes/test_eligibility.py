"""Eligibility rules are data of each edition; boundaries are checked at the call's closing date."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from odco.audit.models import AuditEntry
from odco.roles import Role
from prizes.eligibility import full_years
from prizes.models import Candidacy, EligibilityRule
from prizes.services import (
    TransitionRefused,
    candidacy_check_eligibility,
    candidacy_override_eligibility,
)
from tests.factories import CooperativeFactory, make_user

from .factories import GS, LAM, make_candidacy, make_edition

pytestmark = pytest.mark.django_db
S = Candidacy.Status
K = EligibilityRule.Kind
CLOSES = date(2025, 3, 31)  # the factories' editions close their call on 31 March


@pytest.fixture
def staff():
    return make_user(Role.STAFF)


def check(staff, candidacy):
    return candidacy_check_eligibility(actor=staff, candidacy=candidacy)


def verdicts(candidacy):
    return {r["kind"]: r["passed"] for r in candidacy.eligibility_results}


def test_full_years_counts_the_birthday_itself():
    assert full_years(date(2007, 3, 31), CLOSES) == 18
    assert full_years(date(2007, 4, 1), CLOSES) == 17
    assert full_years(date(2000, 2, 29), date(2025, 2, 28)) == 24


@pytest.mark.parametrize(
    ("women", "expected"), [(9, False), (10, True), (11, True)], ids=["49%", "exactly 50%", "55%"]
)
def test_share_of_women_boundary(staff, women, expected):
    coop = CooperativeFactory(members_total=20, members_women=women, founded_on=date(2015, 1, 1))
    candidacy = make_candidacy(make_edition(LAM), status=S.SUBMITTED, cooperative=coop)

    check(staff, candidacy)

    assert verdicts(candidacy)[K.MIN_WOMEN_SHARE] is expected
    assert candidacy.status == (S.ELIGIBLE if expected else S.INELIGIBLE)


def test_a_cooperative_without_members_has_no_share_of_women(staff):
    coop = CooperativeFactory(members_total=0, members_women=0, members_young=0)
    candidacy = make_candidacy(make_edition(LAM), status=S.SUBMITTED, cooperative=coop)

    check(staff, candidacy)

    assert verdicts(candidacy)[K.MIN_WOMEN_SHARE] is False


@pytest.mark.parametrize(
    ("founded_on", "expected"),
    [(date(2024, 3, 31), True), (date(2024, 4, 1), False)],
    ids=["one year on the closing day", "one day short"],
)
def test_minimum_years_of_existence_boundary(staff, founded_on, expected):
    coop = CooperativeFactory(members_total=10, members_women=10, founded_on=founded_on)
    candidacy = make_candidacy(make_edition(LAM), status=S.SUBMITTED, cooperative=coop)

    check(staff, candidacy)

    assert verdicts(candidacy)[K.MIN_YEARS] is expected


@pytest.mark.parametrize(
    ("founded_on", "expected"),
    [(date(2020, 3, 31), True), (date(2019, 4, 1), True), (date(2019, 3, 31), False)],
    ids=["five years", "five years and 364 days", "six years"],
)
def test_maximum_years_of_existence_boundary(staff, founded_on, expected):
    coop = CooperativeFactory(members_total=10, members_women=5, members_young=10, founded_on=founded_on)
    candidacy = make_candidacy(
        make_edition(GS),
        status=S.SUBMITTED,
        cooperative=coop,
        category_code="youth_cooperative",
        applicant_birth_date=date(1995, 1, 1),
    )

    check(staff, candidacy)

    assert verdicts(candidacy)[K.MAX_YEARS] is expected


@pytest.mark.parametrize(
    ("born", "min_ok", "max_ok"),
    [
        (date(2007, 4, 1), False, True),  # 17: one day short of 18
        (date(2007, 3, 31), True, True),  # 18 on the closing day
        (date(1989, 4, 1), True, True),  # 35 until the day after the closing day
        (date(1989, 3, 31), True, False),  # 36 on the closing day
    ],
    ids=["17", "18", "35", "36"],
)
def test_applicant_age_bounds_for_project_holders(staff, born, min_ok, max_ok):
    candidacy = make_candidacy(
        make_edition(GS), status=S.SUBMITTED, category_code="project_holder", applicant_birth_date=born
    )

    check(staff, candidacy)

    assert verdicts(candidacy) == {K.APPLICANT_MIN_AGE: min_ok, K.APPLICANT_MAX_AGE: max_ok}
    assert candidacy.status == (S.ELIGIBLE if min_ok and max_ok else S.INELIGIBLE)


def test_age_bounds_are_a_setting_of_the_edition(staff):
    # given an edition whose young cooperators are 15 to 30 (another source's bounds)
    edition = make_edition(GS)
    edition.eligibility_rules.filter(kind=K.APPLICANT_MIN_AGE).update(value=Decimal("15"))
    edition.eligibility_rules.filter(kind=K.APPLICANT_MAX_AGE).update(value=Decimal("30"))
    born_16 = make_candidacy(
        edition, status=S.SUBMITTED, category_code="project_holder", applicant_birth_date=date(2009, 1, 1)
    )
    born_33 = make_candidacy(
        edition, status=S.SUBMITTED, category_code="project_holder", applicant_birth_date=date(1992, 1, 1)
    )

    check(staff, born_16)
    check(staff, born_33)

    assert (born_16.status, born_33.status) == (S.ELIGIBLE, S.INELIGIBLE)
    reasons = {r["kind"]: r["reason"] for r in born_33.eligibility_results}
    assert reasons[K.APPLICANT_MAX_AGE] == "The applicant is 33 when the call closes (at most 30 allowed)."


def test_a_missing_birth_date_is_a_reason(staff):
    candidacy = make_candidacy(make_edition(GS), status=S.SUBMITTED, category_code="project_holder")

    check(staff, candidacy)

    assert candidacy.status == S.INELIGIBLE
    assert candidacy.eligibility_results[0]["reason"] == "The applicant's birth date is missing."


def test_a_dissolved_cooperative_is_not_active_in_the_registry(staff):
    coop = CooperativeFactory(members_total=10, members_women=10, status="dissolved")
    candidacy = make_candidacy(make_edition(LAM), status=S.SUBMITTED, cooperative=coop)

    check(staff, candidacy)

    assert verdicts(candidacy)[K.REGISTRY_ACTIVE] is False
    assert (
        "The cooperative is not active in the registry."
        in AuditEntry.objects.get(action="candidacy.eligibility_check").message
    )


def test_reasons_are_readable_and_recorded(staff):
    coop = CooperativeFactory(members_total=20, members_women=9, founded_on=date(2015, 1, 1))
    candidacy = make_candidacy(make_edition(LAM), status=S.SUBMITTED, cooperative=coop)

    check(staff, candidacy)

    reasons = {r["kind"]: r["reason"] for r in candidacy.eligibility_results}
    assert reasons[K.MIN_WOMEN_SHARE] == "Women are 45 % of the members (at least 50 % required)."
    assert reasons[K.MIN_YEARS] == "Founded 10 years before the call closed (at least 1 required)."
    entry = AuditEntry.objects.get(action="candidacy.eligibility_check")
    assert (entry.actor, entry.from_state, entry.to_state) == (staff, S.SUBMITTED, S.INELIGIBLE)


def test_an_edition_without_rules_admits_every_candidacy(staff):
    edition = make_edition(LAM)
    edition.eligibility_rules.all().delete()
    candidacy = make_candidacy(edition, status=S.SUBMITTED)

    check(staff, candidacy)

    assert (candidacy.status, candidacy.eligibility_results) == (S.ELIGIBLE, [])


def test_only_staff_check_eligibility(world):
    candidacy = make_candidacy(make_edition(LAM), status=S.SUBMITTED, cooperative=world.coop_in)

    with pytest.raises(TransitionRefused):
        check(world.user(Role.COORDINATOR), candidacy)

    candidacy.refresh_from_db()
    assert (candidacy.status, candidacy.eligibility_results, candidacy.eligibility_checked_at) == (
        S.SUBMITTED,
        [],
        None,
    )


def test_a_share_rule_rejects_values_above_one():
    edition = make_edition(LAM)
    rule = EligibilityRule(edition=edition, kind=K.MIN_WOMEN_SHARE, value=Decimal("50"))

    with pytest.raises(ValidationError) as error:
        rule.full_clean()

    assert error.value.message_dict["value"] == ["A share is a fraction between 0 and 1 (0.5 for 50%)."]


def test_staff_override_is_recorded_with_its_justification(staff):
    coop = CooperativeFactory(members_total=20, members_women=9)
    candidacy = make_candidacy(make_edition(LAM), status=S.SUBMITTED, cooperative=coop)
    check(staff, candidacy)

    candidacy_override_eligibility(
        actor=staff,
        candidacy=candidacy,
        eligible=True,
        justification="Deux adhérentes en cours d'inscription.",
    )

    candidacy.refresh_from_db()
    assert (candidacy.status, candidacy.overridden_by, candidacy.override_justification) == (
        S.ELIGIBLE,
        staff,
        "Deux adhérentes en cours d'inscription.",
    )
    entry = AuditEntry.objects.get(action="candidacy.override_eligible")
    assert (entry.actor, entry.from_state, entry.to_state, entry.message) == (
        staff,
        S.INELIGIBLE,
        S.ELIGIBLE,
        "Deux adhérentes en cours d'inscription.",
    )


def test_an_override_without_justification_changes_nothing(staff):
    candidacy = make_candidacy(make_edition(LAM), status=S.INELIGIBLE)

    with pytest.raises(ValidationError) as error:
        candidacy_override_eligibility(actor=staff, candidacy=candidacy, eligible=True, justification=" ")

    assert error.value.message_dict == {
        "justification": ["A written justification is required to override eligibility."]
    }
    candidacy.refresh_from_db()
    assert (candidacy.status, candidacy.override_justification, candidacy.overridden_by) == (
        S.INELIGIBLE,
        "",
        None,
    )


def test_only_staff_override(world):
    candidacy = make_candidacy(make_edition(LAM), status=S.INELIGIBLE, cooperative=world.coop_in)

    for role in (Role.COORDINATOR, Role.DELEGATION, Role.COOPERATIVE, Role.COMMITTEE):
        with pytest.raises(TransitionRefused):
            candidacy_override_eligibility(
                actor=world.user(role), candidacy=candidacy, eligible=True, justification="Parce que"
            )

    candidacy.refresh_from_db()
    assert (candidacy.status, candidacy.override_justification) == (S.INELIGIBLE, "")
