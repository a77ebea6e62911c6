"""Coaching pages: the coach's forms, the cooperative's view, the coordinator's tools."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coaching.models import Action, Assignment, CoachingSession, PitchSimulation
from coaching.services import AgreedAction, session_log
from odco.roles import Role
from tests.factories import CooperativeFactory, make_user, region

from .conftest import fr
from .factories import assign, make_accompanied, make_coach, make_phase, scores_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_window")]

NOTES = "Trésorière absente, tension dans le bureau"


@pytest.fixture
def coached():
    phase = make_phase()
    cooperative = CooperativeFactory(region=region("09"), name_fr="Coopérative Tifawine")
    candidacy = make_accompanied(phase, cooperative=cooperative)
    coach = make_coach(
        make_user(Role.COACH, first_name="Hajar", last_name="Tazi", email="hajar@test.odco.ma")
    )
    assignment = assign(candidacy, coach)
    session = session_log(
        actor=coach.user,
        assignment=assignment,
        held_on=date(2025, 5, 6),
        duration_minutes=120,
        mode="in_person",
        topics="Modèle économique",
        notes=NOTES,
        actions=[AgreedAction("Chiffrer les coûts", "cooperative", date(2025, 5, 13))],
    )
    member = make_user(Role.COOPERATIVE, cooperative=cooperative)
    return {
        "phase": phase,
        "candidacy": candidacy,
        "coach": coach,
        "assignment": assignment,
        "session": session,
        "member": member,
    }


def test_coach_logs_a_session_with_an_action_from_the_form(client, coached):
    client.force_login(coached["coach"].user)
    url = reverse("coaching:session_new", args=[coached["assignment"].pk])

    response = client.post(
        url,
        {
            "held_on": "2025-05-20",
            "duration_minutes": "45",
            "mode": "phone",
            "topics": "Pitch de 3 minutes",
            "notes": "À l'aise",
            "action_0_title": "Répéter le pitch",
            "action_0_owner": "cooperative",
            "action_0_due_on": "2025-05-25",
            "action_1_owner": "cooperative",
            "action_2_owner": "coach",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("coaching:candidacy", args=[coached["candidacy"].pk])
    session = CoachingSession.objects.get(topics="Pitch de 3 minutes")
    assert (session.duration_minutes, session.mode) == (45, "phone")
    assert list(session.actions.values_list("title", "due_on")) == [("Répéter le pitch", date(2025, 5, 25))]


def test_session_form_errors_name_the_field_and_write_nothing(client, coached):
    client.force_login(coached["coach"].user)
    before = CoachingSession.objects.count()

    response = client.post(
        reverse("coaching:session_new", args=[coached["assignment"].pk]),
        {
            "held_on": "2025-07-01",
            "duration_minutes": "2",
            "mode": "phone",
            "topics": "",
            "action_0_title": "Sans date",
            "action_0_owner": "coach",
            "action_1_owner": "coach",
            "action_2_owner": "coach",
        },
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["duration_minutes"] == [
        fr("Ensure this value is greater than or equal to %(limit_value)s.") % {"limit_value": 5}
    ]
    assert errors["topics"] == [fr("This field is required.")]
    assert errors["action_0_due_on"] == [fr("Give the action a due date.")]
    assert CoachingSession.objects.count() == before


def test_window_error_from_the_service_lands_on_the_date_field(client, coached):
    client.force_login(coached["coach"].user)

    response = client.post(
        reverse("coaching:session_new", args=[coached["assignment"].pk]),
        {
            "held_on": "2025-07-01",
            "duration_minutes": "30",
            "mode": "video",
            "topics": "Suivi",
            "action_0_owner": "coach",
            "action_1_owner": "coach",
            "action_2_owner": "coach",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["held_on"] == [
        fr("Choose a date within the coaching window, %(start)s to %(end)s.")
        % {"start": "01/05/2025", "end": "15/06/2025"}
    ]


def test_coach_scores_a_simulation_from_the_form(client, coached):
    client.force_login(coached["coach"].user)
    points = scores_for(coached["phase"], 6, 7, 8, 5, 9)
    data = {f"criterion_{pk}": str(v) for pk, v in points.items()}
    data.update({"held_on": "2025-05-19", "feedback": "Chiffres à simplifier", "recording_url": ""})

    response = client.post(reverse("coaching:simulation_new", args=[coached["assignment"].pk]), data)

    assert response.status_code == 302
    simulation = PitchSimulation.objects.get()
    assert str(simulation.total) == "70.00"
    page = client.get(reverse("coaching:candidacy", args=[coached["candidacy"].pk]))
    html = page.content.decode()
    assert '<svg class="coaching-chart"' in html
    assert 'data-readiness="ready"' in html
    assert " style=" not in html


def test_private_notes_never_reach_the_cooperative(client, coached):
    client.force_login(coached["member"])

    file_page = client.get(reverse("coaching:candidacy", args=[coached["candidacy"].pk]))
    space = client.get("/me/")

    assert file_page.status_code == 200
    assert "Modèle économique" in file_page.content.decode()
    assert NOTES not in file_page.content.decode()
    assert NOTES not in space.content.decode()
    assert "Chiffrer les coûts" in space.content.decode()
    # The notes are not even loaded for the cooperative.
    assert "notes" in file_page.context["file"].sessions[0].get_deferred_fields()


def test_coach_and_coordinator_read_the_private_notes(client, coached):
    for user in (coached["coach"].user, make_user(Role.COORDINATOR)):
        client.force_login(user)
        assert (
            NOTES
            in client.get(reverse("coaching:candidacy", args=[coached["candidacy"].pk])).content.decode()
        )
    for user in (make_user(Role.COMMITTEE), make_user(Role.DELEGATION, region_code="09")):
        client.force_login(user)
        page = client.get(reverse("coaching:candidacy", args=[coached["candidacy"].pk]))
        assert page.status_code == 200
        assert NOTES not in page.content.decode()


def test_another_coach_gets_404_on_the_cooperative_and_its_forms(client, coached):
    client.force_login(make_coach().user)

    for url in (
        reverse("coaching:cooperative", args=[coached["candidacy"].cooperative_id]),
        reverse("coaching:candidacy", args=[coached["candidacy"].pk]),
        reverse("coaching:session_new", args=[coached["assignment"].pk]),
        reverse("coaching:simulation_new", args=[coached["assignment"].pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_cooperative_marks_its_action_done_from_me(client, coached):
    client.force_login(coached["member"])
    action = Action.objects.get()

    response = client.post(reverse("coaching:action_done", args=[action.pk]), {"next": "/me/"})

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    action.refresh_from_db()
    assert action.done_by == coached["member"]


def test_overdue_action_is_flagged_in_me_and_on_the_coach_dashboard(client, coached):
    # 20 May: the action was due on 13 May.
    client.force_login(coached["member"])
    assert "data-overdue" in client.get("/me/").content.decode()
    client.force_login(coached["coach"].user)
    dashboard = client.get(reverse("coaching:dashboard"))
    assert [a.title for a in dashboard.context["overdue"]] == ["Chiffrer les coûts"]
    assert dashboard.context["hours_this_month"] == 2


def test_coordinator_assigns_from_the_suggestions(client, coached):
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    candidacy = make_accompanied(coached["phase"])
    url = reverse("coaching:assign", args=[candidacy.pk])

    page = client.get(url + "?needs=finance")
    [suggestion] = page.context["suggestions"]
    assert suggestion.part("fit").explanation == fr("covers none of the needed specialties")
    response = client.post(url, {"coach": coached["coach"].pk})

    assert response.status_code == 302
    assert Assignment.objects.filter(candidacy=candidacy, coach=coached["coach"], is_active=True).exists()


def test_hours_report_and_excel_export_neutralise_formulas(client, coached):
    coached["candidacy"].cooperative.name_fr = '=HYPERLINK("http://x")'
    coached["candidacy"].cooperative.save()
    client.force_login(make_user(Role.COORDINATOR))

    page = client.get(reverse("coaching:hours") + "?start=2025-05-01&end=2025-05-31")
    export = client.get(reverse("coaching:hours_export") + "?start=2025-05-01&end=2025-05-31")

    assert page.context["total_hours"] == 2
    assert [(r["name"], r["hours"]) for r in page.context["by_cooperative"]] == [
        ('=HYPERLINK("http://x")', 2)
    ]
    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == [fr("Hours per coach"), fr("Hours per cooperative"), fr("Period")]
    assert list(workbook[fr("Hours per coach")].iter_rows(min_row=2, values_only=True)) == [
        ("Hajar Tazi", "hajar@test.odco.ma", 1, 1, 120, 2.0)
    ]
    assert not any(sheet.sheet_view.rightToLeft for sheet in workbook)
    assert list(workbook[fr("Hours per cooperative")].iter_rows(min_row=2, values_only=True)) == [
        (
            region("09").name_fr,
            coached["candidacy"].cooperative.registration_number,
            '\'=HYPERLINK("http://x")',
            1,
            1,
            120,
            2.0,
        )
    ]



def test_the_arabic_hours_export_is_right_to_left_with_region_names(client, coached):
    client.force_login(make_user(Role.COORDINATOR))
    client.cookies["django_language"] = "ar"

    export = client.get(reverse("coaching:hours_export") + "?start=2025-05-01&end=2025-05-31")

    workbook = load_workbook(io.BytesIO(export.content))
    assert [sheet.sheet_view.rightToLeft for sheet in workbook] == [True, True, True]
    (line,) = workbook.worksheets[1].iter_rows(min_row=2, values_only=True)
    assert (line[0], line[-1]) == (region("09").name_ar, 2.0)

def test_hours_with_the_end_before_the_start_is_refused_on_the_field(client):
    client.force_login(make_user(Role.COORDINATOR))

    response = client.get(reverse("coaching:hours") + "?start=2025-05-31&end=2025-05-01")

    assert response.status_code == 400
    assert response.context["form"].errors == {"end": [fr("The end date cannot be before the start date.")]}


def test_coordinator_reweights_the_rubric_and_adds_a_criterion(client):
    from coaching.scoring import rubric_ensure

    phase = make_phase()
    criteria = list(rubric_ensure(phase).criteria.all())
    client.force_login(make_user(Role.COORDINATOR))
    data = {"scale": "10", "ready_at": "75", "new_name": "Gouvernance", "new_weight": "0.5"}
    for c in criteria:
        data[f"weight_{c.pk}"] = "2" if c.code == "financials" else "1"
    data[f"remove_{criteria[-1].pk}"] = "on"

    response = client.post(reverse("coaching:rubric", args=[phase.pk]), data)

    assert response.status_code == 302
    rubric = rubric_ensure(phase)
    assert rubric.ready_at == 75
    assert [(c.code, str(c.weight)) for c in rubric.criteria.all()] == [
        ("clarity", "1.00"),
        ("business_model", "1.00"),
        ("impact", "1.00"),
        ("financials", "2.00"),
        ("gouvernance", "0.50"),
    ]


def test_assigned_coach_opens_the_registry_page_and_not_another_cooperative(client, coached):
    other = CooperativeFactory(region=region("09"))
    client.force_login(coached["coach"].user)
    own = client.get(reverse("cooperatives:detail", args=[coached["candidacy"].cooperative_id]))
    assert own.status_code == 200
    assert "Coopérative Tifawine" in own.content.decode()
    assert client.get(reverse("cooperatives:detail", args=[other.pk])).status_code == 404
