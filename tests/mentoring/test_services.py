"""Needs (prefilled from coaching), proposals, objectives, meetings and closing evaluations."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from coaching.scoring import simulation_record
from coaching.services import AgreedAction, session_log
from mentoring.models import Evaluation, Meeting, Mentorship, Need, NeedsProfile, Objective
from mentoring.needs import areas_in, suggest_needs
from mentoring.services import (
    evaluation_submit,
    meeting_log,
    mentorship_propose,
    needs_save,
    objective_add,
)
from tests.coaching.factories import assign, make_accompanied, make_coach, make_phase, scores_for
from tests.factories import make_user

from .factories import make_laureate, make_mentor, mentorship

S = Mentorship.Status
pytestmark = pytest.mark.django_db


def test_keywords_point_to_expertise_areas():
    assert areas_in("Calculer le prix de revient de chaque produit") == ["finance"]
    assert areas_in("Ouvrir une page de vente en ligne") == ["marketing", "digital"]
    assert areas_in("Répétition générale du pitch") == ["presentation"]


def test_needs_are_suggested_from_open_coaching_actions_and_weak_pitch_criteria():
    phase = make_phase()
    candidacy = make_accompanied(phase)
    assignment = assign(candidacy, make_coach())
    with time_machine.travel("2025-05-20 10:00 +01:00", tick=False):
        session_log(
            actor=assignment.coach.user,
            assignment=assignment,
            held_on=date(2025, 5, 6),
            duration_minutes=60,
            mode="phone",
            topics="Suivi",
            actions=[
                AgreedAction("Calculer le prix de revient", "cooperative", date(2025, 5, 10)),
                AgreedAction("Ouvrir une boutique en ligne", "cooperative", date(2025, 6, 10)),
            ],
        )
        # clarity 8, business model 6, impact 9, financials 3, delivery 8 (ready from 70 %).
        simulation_record(
            actor=assignment.coach.user,
            assignment=assignment,
            held_on=date(2025, 5, 12),
            points=scores_for(phase, 8, 6, 9, 3, 8),
            feedback="Chiffres fragiles",
        )

    suggested = suggest_needs(candidacy, today=date(2025, 5, 20))

    assert [(n.area, n.priority, n.source) for n in suggested] == [
        ("finance", 1, "coaching"),
        ("digital", 2, "coaching"),
        ("marketing", 2, "pitch"),
    ]


def test_the_delegation_records_needs_of_its_region_only():
    delegation = make_user("delegation", region_code="09")
    inside, outside = make_laureate(region_code="09"), make_laureate(region_code="01")

    profile = needs_save(
        actor=delegation, candidacy=inside, needs=[("finance", 1), ("quality", 3)], languages=["zgh", "ar"]
    )
    with pytest.raises(PermissionDenied) as refused:
        needs_save(actor=delegation, candidacy=outside, needs=[("finance", 1)], languages=[])

    assert sorted(profile.needs.values_list("area", "priority", "source")) == [
        ("finance", 1, "manual"),
        ("quality", 3, "manual"),
    ]
    assert profile.languages == ["ar", "zgh"]
    assert (
        str(refused.value) == "Only the coordinator or the laureate's regional delegation records its needs."
    )
    assert not NeedsProfile.objects.filter(candidacy=outside).exists()


def test_saving_needs_replaces_them():
    coordinator = make_user("coordinator")
    laureate = make_laureate()
    needs_save(actor=coordinator, candidacy=laureate, needs=[("finance", 1)], languages=[])

    needs_save(actor=coordinator, candidacy=laureate, needs=[("digital", 2)], languages=["fr"])

    assert list(Need.objects.values_list("area", "priority")) == [("digital", 2)]


def test_a_proposal_keeps_the_score_and_its_explanation():
    coordinator = make_user("coordinator")
    laureate = make_laureate(region_code="09")
    mentor = make_mentor(regions=("08",), expertise=())

    proposal = mentorship_propose(actor=coordinator, candidacy=laureate, mentor=mentor)

    assert proposal.status == "proposed"
    assert str(proposal.score) == "36.5"
    assert [p.text for p in proposal.explanation_parts()][0] == "works in a neighbouring region"
    with pytest.raises(ValidationError) as twice:
        mentorship_propose(actor=coordinator, candidacy=laureate, mentor=mentor)
    assert twice.value.message_dict == {"mentor": ["This mentor is already proposed to this laureate."]}
    assert Mentorship.objects.count() == 1


def test_only_laureates_are_mentored():
    coordinator = make_user("coordinator")
    accompanied = make_accompanied(make_phase())

    with pytest.raises(PermissionDenied) as refused:
        mentorship_propose(actor=coordinator, candidacy=accompanied, mentor=make_mentor())

    assert str(refused.value) == "Only laureates are mentored."
    assert not Mentorship.objects.exists()


@time_machine.travel("2026-03-10 10:00 +01:00", tick=False)
def test_the_mentor_logs_a_meeting_with_progress_on_the_objectives():
    mentor_user = make_user("mentor")
    running = mentorship(
        make_laureate(), make_mentor(user=mentor_user), status=S.ACTIVE, started_on=date(2026, 2, 1)
    )
    label = objective_add(
        actor=mentor_user, mentorship=running, title="Label bio", target_date=date(2026, 6, 30)
    )
    sales = objective_add(actor=mentor_user, mentorship=running, title="Vente", target_date=date(2026, 9, 30))

    meeting = meeting_log(
        actor=mentor_user,
        mentorship=running,
        held_on=date(2026, 3, 9),
        mode="video",
        topics="Dossier de certification",
        progress={label.pk: 40},
    )

    assert list(meeting.progress_reports.values_list("objective__title", "progress")) == [("Label bio", 40)]
    assert list(Objective.objects.order_by("pk").values_list("progress", flat=True)) == [40, 0]
    assert sales.progress == 0


@time_machine.travel("2026-03-10 10:00 +01:00", tick=False)
def test_meetings_are_refused_in_the_future_before_the_start_or_by_someone_else():
    mentor_user, coordinator = make_user("mentor"), make_user("coordinator")
    running = mentorship(
        make_laureate(), make_mentor(user=mentor_user), status=S.ACTIVE, started_on=date(2026, 2, 1)
    )
    kwargs = {"mentorship": running, "mode": "phone", "topics": "Suivi"}

    with pytest.raises(ValidationError) as future:
        meeting_log(actor=mentor_user, held_on=date(2026, 3, 11), **kwargs)
    with pytest.raises(ValidationError) as before_start:
        meeting_log(actor=mentor_user, held_on=date(2026, 1, 31), **kwargs)
    with pytest.raises(PermissionDenied) as coordinator_refused:
        meeting_log(actor=coordinator, held_on=date(2026, 3, 9), **kwargs)

    assert future.value.message_dict == {"held_on": ["A meeting is logged once it has taken place."]}
    assert before_start.value.message_dict == {"held_on": ["The mentorship started on 01/02/2026."]}
    assert str(coordinator_refused.value) == "Only the mentor logs the meetings of this mentorship."
    assert not Meeting.objects.exists()


def test_each_side_evaluates_once_after_closing():
    mentor_user = make_user("mentor")
    laureate = make_laureate()
    member = make_user("cooperative", cooperative=laureate.cooperative)
    closed = mentorship(laureate, make_mentor(user=mentor_user), status=S.CLOSED)
    running = mentorship(make_laureate(), make_mentor(user=make_user("mentor")), status=S.ACTIVE)

    evaluation_submit(actor=mentor_user, mentorship=closed, rating=5, comment="Très engagée")
    evaluation_submit(actor=member, mentorship=closed, rating=4, comment="Conseils utiles")
    with pytest.raises(PermissionDenied) as twice:
        evaluation_submit(actor=member, mentorship=closed, rating=1, comment="Encore")
    with pytest.raises(PermissionDenied) as too_early:
        evaluation_submit(actor=running.mentor.user, mentorship=running, rating=3, comment="Tôt")

    assert sorted(Evaluation.objects.values_list("side", "rating")) == [("mentee", 4), ("mentor", 5)]
    assert str(twice.value) == "You have already evaluated this mentorship."
    assert str(too_early.value) == "The evaluation comes once the mentorship is closed."


def test_objectives_need_a_confirmed_or_active_mentorship():
    coordinator = make_user("coordinator")
    proposal = mentorship(make_laureate(), make_mentor())

    with pytest.raises(PermissionDenied) as refused:
        objective_add(
            actor=coordinator, mentorship=proposal, title="X", target_date=date.today() + timedelta(days=9)
        )

    assert str(refused.value) == "Objectives are set while the mentorship is confirmed or active."
    assert not Objective.objects.exists()
