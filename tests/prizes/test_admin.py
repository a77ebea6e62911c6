"""The prizes admin: every model registered, actions through the services, the export."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from odco.audit.models import AuditEntry
from odco.roles import Role
from prizes import models
from prizes.models import Candidacy
from prizes.resources import CandidacyResource
from tests.factories import make_user

from .conftest import fr
from .factories import make_candidacy, make_edition

pytestmark = pytest.mark.django_db
S = Candidacy.Status
CHANGELIST = "admin:prizes_candidacy_changelist"


@pytest.fixture
def admin_client(client):
    user = make_user(Role.STAFF, is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


def test_every_prizes_model_is_registered():
    from django.apps import apps

    missing = [
        m.__name__ for m in apps.get_app_config("prizes").get_models() if not admin.site.is_registered(m)
    ]
    assert missing == []


@pytest.mark.parametrize(
    "model",
    [
        "prize",
        "edition",
        "phase",
        "milestone",
        "conceptnote",
        "conceptnoteversion",
        "candidacy",
        "jurymember",
        "criterion",
        "category",
        "eligibilityrule",
        "conflictofinterest",
        "score",
        "deliberation",
    ],
)
def test_every_changelist_opens(admin_client, model):
    candidacy = make_candidacy(status=S.SUBMITTED)
    response = admin_client.get(reverse(f"admin:prizes_{model}_changelist"))
    assert response.status_code == 200
    assert candidacy.pk


def test_edition_and_candidacy_change_pages_open(admin_client):
    candidacy = make_candidacy(status=S.SUBMITTED)
    assert (
        admin_client.get(reverse("admin:prizes_edition_change", args=[candidacy.edition_id])).status_code
        == 200
    )
    assert admin_client.get(reverse("admin:prizes_candidacy_change", args=[candidacy.pk])).status_code == 200
    phase = candidacy.edition.phase
    assert admin_client.get(reverse("admin:prizes_phase_change", args=[phase.pk])).status_code == 200


def test_the_check_eligibility_action_goes_through_the_service(admin_client):
    edition = make_edition()
    first = make_candidacy(edition, status=S.SUBMITTED)
    second = make_candidacy(edition, status=S.SUBMITTED)

    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "check_eligibility", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.ELIGIBLE, S.ELIGIBLE)
    assert first.eligibility_results and first.eligibility_passed is True
    assert AuditEntry.objects.filter(action="candidacy.eligibility_check").count() == 2


def test_a_refused_step_in_a_batch_writes_nothing_and_says_why(admin_client):
    edition = make_edition()
    eligible = make_candidacy(edition, status=S.ELIGIBLE)
    draft = make_candidacy(edition, status=S.DRAFT)
    before = AuditEntry.objects.count()

    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "step_admit", "_selected_action": [eligible.pk, draft.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert escape(fr("This step is not possible from the candidacy's current status.")) in page
    eligible.refresh_from_db()
    draft.refresh_from_db()
    assert (eligible.status, draft.status) == (S.ELIGIBLE, S.DRAFT)
    assert AuditEntry.objects.count() == before


def test_leave_out_needs_the_justification_of_the_action_form(admin_client):
    candidacy = make_candidacy(status=S.ACCOMPANIED)
    url = reverse(CHANGELIST)

    admin_client.post(url, {"action": "step_leave_out", "_selected_action": [candidacy.pk], "comment": ""})
    candidacy.refresh_from_db()
    assert candidacy.status == S.ACCOMPANIED

    admin_client.post(
        url, {"action": "step_leave_out", "_selected_action": [candidacy.pk], "comment": "Dossier faible"}
    )
    candidacy.refresh_from_db()
    assert candidacy.status == S.NOT_SELECTED
    entry = AuditEntry.objects.get(action="candidacy.leave_out")
    assert (entry.from_state, entry.to_state, entry.message) == (
        "accompanied",
        "not_selected",
        "Dossier faible",
    )


def test_override_action_records_the_justification(admin_client):
    candidacy = make_candidacy(status=S.INELIGIBLE)
    admin_client.post(
        reverse(CHANGELIST),
        {"action": "override_eligible", "_selected_action": [candidacy.pk], "comment": "Pièce reçue"},
    )
    candidacy.refresh_from_db()
    assert (candidacy.status, candidacy.override_justification) == (S.ELIGIBLE, "Pièce reçue")
    assert candidacy.overridden_by == admin_client.user


def test_withdraw_action_picks_the_edge_of_each_status(admin_client):
    edition = make_edition()
    draft = make_candidacy(edition, status=S.DRAFT)
    finalist = make_candidacy(edition, status=S.FINALIST)
    admin_client.post(
        reverse(CHANGELIST), {"action": "step_withdraw", "_selected_action": [draft.pk, finalist.pk]}
    )
    assert set(Candidacy.objects.values_list("status", flat=True)) == {S.WITHDRAWN}


def test_status_is_read_only_in_the_admin(admin_client):
    candidacy = make_candidacy(status=S.SUBMITTED)
    response = admin_client.get(reverse("admin:prizes_candidacy_change", args=[candidacy.pk]))
    assert 'name="status"' not in response.content.decode()


def test_new_edition_in_the_admin_goes_through_edition_create(admin_client):
    from prizes.models import Prize

    from .factories import prize

    prize(Prize.GENERATION_SOLIDAIRE)
    gs = Prize.objects.get(code=Prize.GENERATION_SOLIDAIRE)
    response = admin_client.post(
        reverse("admin:prizes_edition_add"),
        {
            "prize": gs.pk,
            "year": 2030,
            "number": 10,
            "stage": "preparation",
            "call_opens_on": "2030-02-01",
            "call_closes_on": "2030-03-31",
            "award_amount": "50000",
            "laureates_planned": 28,
        },
    )
    assert response.status_code == 302
    edition = models.Edition.objects.get(prize=gs, year=2030)
    assert sorted(edition.categories.values_list("code", flat=True)) == [
        "project_holder",
        "youth_cooperative",
    ]
    assert edition.criteria.count() == 7
    assert AuditEntry.objects.filter(action="edition.create", object_id=str(edition.pk)).count() == 1


def test_candidacy_export_resource_has_no_personal_data():
    from datetime import date

    candidacy = make_candidacy(
        status=S.SUBMITTED, applicant_birth_date=date(1990, 5, 6), project_title="=HYPERLINK()"
    )
    dataset = CandidacyResource().export()
    assert dataset.headers[:3] == ["id", "edition", "categorie"]
    row = dataset[0]
    assert row[0] == candidacy.pk
    assert "1990-05-06" not in [str(v) for v in row]


def test_candidacy_export_file_from_the_admin(admin_client):
    candidacy = make_candidacy(status=S.SUBMITTED)
    page = admin_client.get(reverse("admin:prizes_candidacy_export"))
    form = page.context["form"]
    xlsx = next(value for value, label in form.fields["format"].choices if "xlsx" in str(label).lower())
    data = {
        "format": str(xlsx),
        "resource": "0",
        **{f"candidacyresource_{n}": "on" for n in ("id", "statut")},
    }
    response = admin_client.post(reverse("admin:prizes_candidacy_export"), data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert candidacy.pk
