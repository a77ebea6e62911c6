"""The jury: conflicts of interest, scores, ranking with ties and the deliberation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from odco.audit.models import AuditEntry
from odco.roles import Role
from prizes.models import Candidacy, Deliberation, Edition, Score
from prizes.services import (
    TransitionRefused,
    conflict_declare,
    deliberation_confirm,
    jury_member_add,
    ranking_for_edition,
    scores_record,
)
from tests.factories import make_user

from .factories import make_candidacy, make_edition, seat

pytestmark = pytest.mark.django_db
S = Candidacy.Status


@pytest.fixture
def edition():
    return make_edition()


@pytest.fixture
def juror(edition):
    return seat(edition).user


def all_points(edition, value):
    return {c.pk: Decimal(value) for c in edition.criteria.all()}


def test_a_juror_scores_every_criterion_with_comments(edition, juror):
    finalist = make_candidacy(edition, status=S.FINALIST)
    innovation = edition.criteria.get(code="innovation")

    scores_record(
        actor=juror,
        candidacy=finalist,
        points=all_points(edition, 7),
        comments={innovation.pk: "Produit original"},
    )

    assert Score.objects.filter(juror=juror, candidacy=finalist).count() == 7
    assert Score.objects.get(criterion=innovation).comment == "Produit original"
    assert AuditEntry.objects.filter(action="jury.score", actor=juror).count() == 1


def test_scoring_again_replaces_the_jurors_scores(edition, juror):
    finalist = make_candidacy(edition, status=S.FINALIST)
    scores_record(actor=juror, candidacy=finalist, points=all_points(edition, 7))

    scores_record(actor=juror, candidacy=finalist, points=all_points(edition, 9))

    assert sorted(set(Score.objects.values_list("points", flat=True))) == [Decimal("9")]


def test_bad_scores_are_field_errors_and_nothing_is_written(edition, juror):
    finalist = make_candidacy(edition, status=S.FINALIST)
    criteria = list(edition.criteria.all())
    points = all_points(edition, 5)
    points[criteria[0].pk] = Decimal("11")
    points[criteria[1].pk] = Decimal("-1")
    del points[criteria[2].pk]

    with pytest.raises(ValidationError) as error:
        scores_record(actor=juror, candidacy=finalist, points=points)

    assert error.value.message_dict == {
        f"criterion-{criteria[0].pk}": ["Enter a score between 0 and 10."],
        f"criterion-{criteria[1].pk}": ["Enter a score between 0 and 10."],
        f"criterion-{criteria[2].pk}": ["Give a score for this criterion."],
    }
    assert not Score.objects.exists()


def test_a_declared_conflict_prevents_scoring_and_removes_earlier_scores(edition, juror):
    finalist = make_candidacy(edition, status=S.FINALIST)
    scores_record(actor=juror, candidacy=finalist, points=all_points(edition, 8))

    conflict_declare(actor=juror, candidacy=finalist, reason="Ma sœur est adhérente.")

    assert not Score.objects.exists()
    with pytest.raises(TransitionRefused) as refused:
        scores_record(actor=juror, candidacy=finalist, points=all_points(edition, 8))
    assert refused.value.reason == "You declared a conflict of interest with this candidacy."
    assert not Score.objects.exists()
    entry = AuditEntry.objects.get(action="jury.conflict_declare")
    assert (entry.actor, entry.message, entry.changes) == (
        juror,
        "Ma sœur est adhérente.",
        {"scores_removed": 7},
    )


def test_a_conflict_needs_a_reason(edition, juror):
    finalist = make_candidacy(edition, status=S.FINALIST)

    with pytest.raises(ValidationError):
        conflict_declare(actor=juror, candidacy=finalist, reason=" ")

    assert not finalist.conflicts.exists()


def test_a_juror_of_another_edition_cannot_score_or_declare(edition):
    stranger = seat(make_edition(year=2024)).user
    finalist = make_candidacy(edition, status=S.FINALIST)

    with pytest.raises(TransitionRefused):
        scores_record(actor=stranger, candidacy=finalist, points=all_points(edition, 5))
    with pytest.raises(TransitionRefused):
        conflict_declare(actor=stranger, candidacy=finalist, reason="x")

    assert not Score.objects.exists() and not finalist.conflicts.exists()


@pytest.mark.parametrize("status", [s for s in S.values if s != S.FINALIST])
def test_only_finalists_are_scored(edition, juror, status):
    candidacy = make_candidacy(edition, status=status)

    with pytest.raises(TransitionRefused):
        scores_record(actor=juror, candidacy=candidacy, points=all_points(edition, 5))

    assert not Score.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.JURY])
def test_other_roles_cannot_score(edition, world, role):
    finalist = make_candidacy(edition, status=S.FINALIST)

    with pytest.raises(TransitionRefused):
        scores_record(actor=world.user(role), candidacy=finalist, points=all_points(edition, 5))


def test_only_holders_of_the_jury_role_sit_on_a_jury(edition, world):
    with pytest.raises(ValidationError):
        jury_member_add(actor=world.user(Role.STAFF), edition=edition, user=world.user(Role.COACH))
    with pytest.raises(TransitionRefused):
        jury_member_add(actor=world.user(Role.COORDINATOR), edition=edition, user=world.user(Role.JURY))

    jury_member_add(actor=world.user(Role.STAFF), edition=edition, user=world.user(Role.JURY))
    assert list(edition.jury_members.values_list("user__email", flat=True)) == ["jury@test.odco.ma"]


def test_ranking_averages_jurors_weights_criteria_and_shows_ties(edition, juror):
    second_juror = seat(edition).user
    a, b, c, d = (make_candidacy(edition, status=S.FINALIST) for _ in range(4))
    scores_record(actor=juror, candidacy=a, points=all_points(edition, 9))
    scores_record(actor=second_juror, candidacy=a, points=all_points(edition, 7))  # mean 8 -> 80
    scores_record(actor=juror, candidacy=b, points=all_points(edition, 8))  # 80: tied with a
    scores_record(actor=juror, candidacy=c, points=all_points(edition, 10))  # 100
    # d: innovation (weight 2 of 9.5) at 10, the rest at 0 -> 21.05
    points = all_points(edition, 0)
    points[edition.criteria.get(code="innovation").pk] = Decimal(10)
    scores_record(actor=juror, candidacy=d, points=points)

    ranking = ranking_for_edition(edition)

    assert [(r.candidacy, r.rank, r.total, r.tied, r.jurors) for r in ranking] == [
        (c, 1, Decimal("100.00"), False, 1),
        (a, 2, Decimal("80.00"), True, 2),
        (b, 2, Decimal("80.00"), True, 1),
        (d, 4, Decimal("21.05"), False, 1),
    ]


def test_an_unscored_finalist_is_ranked_last_with_zero(edition, juror):
    scored = make_candidacy(edition, status=S.FINALIST)
    unscored = make_candidacy(edition, status=S.FINALIST)
    make_candidacy(edition, status=S.ACCOMPANIED)  # not a finalist: not ranked
    scores_record(actor=juror, candidacy=scored, points=all_points(edition, 5))

    assert [(r.candidacy, r.rank, r.total) for r in ranking_for_edition(edition)] == [
        (scored, 1, Decimal("50.00")),
        (unscored, 2, Decimal("0.00")),
    ]


def test_the_deliberation_confirms_laureates_and_declines_other_finalists(edition, juror, world):
    staff = world.user(Role.STAFF)
    a, b, c = (make_candidacy(edition, status=S.FINALIST) for _ in range(3))
    for candidacy, value in ((a, 9), (b, 8), (c, 4)):
        scores_record(actor=juror, candidacy=candidacy, points=all_points(edition, value))

    deliberation_confirm(
        actor=staff, edition=edition, laureate_ids=[a.pk, b.pk], minutes="Le jury a délibéré."
    )

    statuses = dict(Candidacy.objects.values_list("pk", "status"))
    assert (statuses[a.pk], statuses[b.pk], statuses[c.pk]) == (S.LAUREATE, S.LAUREATE, S.NOT_SELECTED)
    deliberation = Deliberation.objects.get(edition=edition)
    assert (deliberation.confirmed_by, deliberation.minutes) == (staff, "Le jury a délibéré.")
    assert [row["candidacy"] for row in deliberation.ranking] == [a.pk, b.pk, c.pk]
    edition.refresh_from_db()
    assert edition.stage == Edition.Stage.CLOSED
    assert AuditEntry.objects.filter(action="candidacy.award", actor=staff).count() == 2
    assert AuditEntry.objects.get(action="edition.deliberation_confirm").changes == {
        "laureates": sorted([a.pk, b.pk])
    }
    # laureates stay in the ranking after the deliberation
    assert [r.candidacy for r in ranking_for_edition(edition)] == [a, b, c]


def test_a_deliberation_with_bad_input_changes_nothing(edition, world):
    staff = world.user(Role.STAFF)
    finalist = make_candidacy(edition, status=S.FINALIST)
    accompanied = make_candidacy(edition, status=S.ACCOMPANIED)

    with pytest.raises(ValidationError) as error:
        deliberation_confirm(actor=staff, edition=edition, laureate_ids=[accompanied.pk], minutes="")

    assert error.value.message_dict == {
        "minutes": ["Record the minutes of the deliberation."],
        "laureates": ["Laureates are chosen among this edition's finalists."],
    }
    assert Candidacy.objects.get(pk=finalist.pk).status == S.FINALIST
    assert not Deliberation.objects.exists()


def test_no_more_laureates_than_planned(world):
    edition = make_edition(laureates_planned=1)
    a, b = (make_candidacy(edition, status=S.FINALIST) for _ in range(2))

    with pytest.raises(ValidationError) as error:
        deliberation_confirm(
            actor=world.user(Role.STAFF), edition=edition, laureate_ids=[a.pk, b.pk], minutes="x"
        )

    assert error.value.message_dict == {"laureates": ["This edition has 1 laureate at most."]}


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.STAFF])
def test_only_staff_confirm_the_laureates(edition, world, role):
    finalist = make_candidacy(edition, status=S.FINALIST)

    with pytest.raises(TransitionRefused):
        deliberation_confirm(actor=world.user(role), edition=edition, laureate_ids=[finalist.pk], minutes="x")

    assert Candidacy.objects.get(pk=finalist.pk).status == S.FINALIST
    assert not Deliberation.objects.exists()


def test_a_deliberation_is_confirmed_once(edition, world):
    staff = world.user(Role.STAFF)
    a, b = (make_candidacy(edition, status=S.FINALIST) for _ in range(2))
    deliberation_confirm(actor=staff, edition=edition, laureate_ids=[a.pk], minutes="x")

    with pytest.raises(TransitionRefused):
        deliberation_confirm(actor=staff, edition=edition, laureate_ids=[b.pk], minutes="y")

    assert Candidacy.objects.get(pk=b.pk).status == S.NOT_SELECTED


def test_a_staff_member_outside_the_jury_cannot_score(edition):
    finalist = make_candidacy(edition, status=S.FINALIST)
    with pytest.raises(TransitionRefused):
        scores_record(
            actor=make_user(Role.STAFF, Role.JURY), candidacy=finalist, points=all_points(edition, 5)
        )
