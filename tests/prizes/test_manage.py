"""Staff and coordinators set editions up from the site; candidacies registered and imported.

Every write goes through a service: errors land on the field (or formset row) that caused
them, and a refused save changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from odco.audit.models import AuditEntry
from odco.roles import Role
from prizes.models import Candidacy, Edition, EligibilityRule, JuryMember, Milestone, Prize
from prizes.services import scores_record
from tests.factories import CooperativeFactory, make_user, region

from .conftest import fr
from .factories import GS, LAM, make_candidacy, make_edition, prize

pytestmark = pytest.mark.django_db


def management(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def edition_post(edition, categories, rules, **fields):
    data = {
        "number": edition.number,
        "stage": edition.stage,
        "call_opens_on": edition.call_opens_on.isoformat(),
        "call_closes_on": edition.call_closes_on.isoformat(),
        "award_amount": "50000",
        "laureates_planned": edition.laureates_planned,
        **fields,
    }
    return {**data, **management("categories", categories), **management("rules", rules)}


def current_categories(edition):
    return [
        {"pk": c.pk, "code": c.code, "name_fr": c.name_fr, "name_ar": c.name_ar, "requires_cooperative": "on"}
        for c in edition.categories.all()
    ]


def test_staff_create_an_edition_from_the_site(client):
    prize(LAM)
    client.force_login(make_user(Role.STAFF))
    response = client.post(
        reverse("prizes:edition_create"),
        {
            "prize": Prize.objects.get(code=LAM).pk,
            "year": 2031,
            "stage": "call",
            "call_opens_on": "2031-02-01",
            "call_closes_on": "2031-03-31",
            "award_amount": "50000",
            "laureates_planned": 30,
        },
    )
    edition = Edition.objects.get(year=2031)
    assert response.status_code == 302 and response["Location"] == reverse(
        "prizes:edition_edit", args=[edition.pk]
    )
    assert edition.number == 12 and edition.categories.count() == 1


def test_call_dates_in_the_wrong_order_are_refused_on_the_field(client):
    edition = make_edition()
    client.force_login(make_user(Role.STAFF))
    response = client.post(
        reverse("prizes:edition_edit", args=[edition.pk]),
        edition_post(edition, current_categories(edition), [], call_closes_on="2025-01-01"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["call_closes_on"] == [fr("The call cannot close before it opens.")]
    edition.refresh_from_db()
    assert edition.call_closes_on == date(2025, 3, 31)


def test_staff_replace_the_rules_with_the_formset(client):
    edition = make_edition()
    client.force_login(make_user(Role.STAFF))
    rules = [
        {"kind": "min_women_share", "value": "0.6", "category": ""},
        {"kind": "registry_active", "value": "", "category": "womens_cooperative"},
    ]
    response = client.post(
        reverse("prizes:edition_edit", args=[edition.pk]),
        edition_post(edition, current_categories(edition), rules, laureates_planned=25),
    )
    assert response.status_code == 302
    existing = list(edition.eligibility_rules.order_by("kind").values_list("category__code", "kind", "value"))
    assert existing == [
        (None, "min_women_share", Decimal("0.600")),
        ("womens_cooperative", "registry_active", None),
    ]
    edition.refresh_from_db()
    assert edition.laureates_planned == 25
    assert AuditEntry.objects.filter(action="edition.rules_set").count() == 1


def test_a_share_above_one_is_an_error_on_its_row_and_nothing_changes(client):
    edition = make_edition()
    before = list(EligibilityRule.objects.filter(edition=edition).values_list("kind", "value"))
    client.force_login(make_user(Role.STAFF))
    rules = [{"kind": "min_women_share", "value": "50", "category": ""}]
    response = client.post(
        reverse("prizes:edition_edit", args=[edition.pk]),
        edition_post(edition, current_categories(edition), rules, laureates_planned=25),
    )
    assert response.status_code == 400
    assert response.context["rule_set"].forms[0].errors["value"] == [
        fr("A share is a fraction between 0 and 1 (0.5 for 50%).")
    ]
    edition.refresh_from_db()
    assert edition.laureates_planned == 30
    assert list(EligibilityRule.objects.filter(edition=edition).values_list("kind", "value")) == before


def test_the_coordinator_moves_a_milestone(client):
    edition = make_edition()
    phase = edition.phase
    rows = [
        {
            "kind": m.kind,
            "starts_on": m.starts_on.isoformat(),
            "ends_on": m.ends_on.isoformat() if m.ends_on else "",
        }
        for m in phase.milestones.all()
    ]
    rows[-1]["starts_on"] = "2025-07-15"
    client.force_login(make_user(Role.COORDINATOR))
    response = client.post(
        reverse("prizes:phase_edit", args=[edition.pk]),
        {
            "starts_on": "2025-05-01",
            "ends_on": "2025-06-15",
            "scheduling": "parallel",
            **management("milestones", rows),
        },
    )
    assert response.status_code == 302
    assert Milestone.objects.get(phase=phase, kind=rows[-1]["kind"]).starts_on == date(2025, 7, 15)
    assert AuditEntry.objects.filter(action="phase.milestones_set").count() == 1


def test_a_milestone_ending_before_it_starts_is_refused_on_its_row(client):
    edition = make_edition()
    client.force_login(make_user(Role.STAFF))
    response = client.post(
        reverse("prizes:phase_edit", args=[edition.pk]),
        {
            "starts_on": "2025-05-01",
            "scheduling": "parallel",
            **management(
                "milestones", [{"kind": "coaching", "starts_on": "2025-05-20", "ends_on": "2025-05-10"}]
            ),
        },
    )
    assert response.status_code == 400
    assert response.context["milestone_set"].forms[0].errors["ends_on"] == [
        fr("A milestone cannot end before it starts.")
    ]


def test_staff_add_a_juror_and_the_rubric_locks_once_scoring_starts(client):
    edition = make_edition()
    staff = make_user(Role.STAFF)
    juror = make_user(Role.JURY)
    client.force_login(staff)
    url = reverse("prizes:jury_edit", args=[edition.pk])

    assert client.post(url, {"form": "add", "user": juror.pk}).status_code == 302
    assert JuryMember.objects.filter(edition=edition, user=juror).exists()

    finalist = make_candidacy(edition, status=Candidacy.Status.FINALIST)
    scores_record(actor=juror, candidacy=finalist, points={c.pk: 5 for c in edition.criteria.all()})
    rows = [
        {
            "pk": c.pk,
            "position": c.position,
            "code": c.code,
            "name_fr": c.name_fr,
            "name_ar": c.name_ar,
            "weight": "3",
            "max_points": c.max_points,
        }
        for c in edition.criteria.all()
    ]
    response = client.post(url, {"form": "rubric", **management("criteria", rows)})
    assert response.status_code == 400
    assert (
        escape(fr("Jurors have started scoring: the rubric can no longer change."))
        in response.content.decode()
    )
    assert set(edition.criteria.values_list("weight", flat=True)) != {Decimal("3")}

    client.post(url, {"form": "remove", "seat": JuryMember.objects.get(user=juror).pk})
    assert JuryMember.objects.filter(edition=edition, user=juror).exists()


def test_a_person_without_the_jury_role_is_not_offered(client):
    edition = make_edition()
    client.force_login(make_user(Role.STAFF))
    other = make_user(Role.COACH)
    response = client.post(reverse("prizes:jury_edit", args=[edition.pk]), {"form": "add", "user": other.pk})
    assert response.status_code == 400
    assert not JuryMember.objects.filter(edition=edition).exists()


def test_a_delegation_registers_a_cooperative_of_its_region_only(client, world):
    edition = make_edition(GS)
    youth = edition.categories.get(code="youth_cooperative")
    client.force_login(world.user(Role.DELEGATION))
    url = reverse("prizes:candidacy_create")

    refused = client.post(
        url,
        {
            "edition": edition.pk,
            "category": youth.pk,
            "registration_number": world.coop_out.registration_number,
            "project_title": "Miel",
        },
    )
    assert refused.status_code == 400
    assert refused.context["form"].errors["registration_number"] == [
        fr("No cooperative of the registry you may see has this number.")
    ]
    assert Candidacy.objects.count() == 0

    done = client.post(
        url,
        {
            "edition": edition.pk,
            "category": youth.pk,
            "registration_number": world.coop_in.registration_number,
            "project_title": "Miel",
        },
    )
    candidacy = Candidacy.objects.get()
    assert done.status_code == 302
    assert (candidacy.cooperative, candidacy.status) == (world.coop_in, "draft")


def test_a_project_holder_needs_a_name_error_on_the_field(client):
    edition = make_edition(GS)
    holder = edition.categories.get(code="project_holder")
    client.force_login(make_user(Role.COORDINATOR))
    response = client.post(
        reverse("prizes:candidacy_create"),
        {"edition": edition.pk, "category": holder.pk, "region": region("09").pk, "project_title": "Couture"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["holder_name"] == [
        fr("Name the project holder, or choose a cooperative.")
    ]


def test_upload_preview_then_confirm_runs_the_import_job(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    edition = make_edition(GS)
    coop = CooperativeFactory(registration_number="RC-9", region=region("09"))
    client.force_login(make_user(Role.STAFF))
    upload = SimpleUploadedFile(
        "interest.csv",
        f"numero_immatriculation;categorie;projet\n{coop.registration_number};youth_cooperative;Miel\n".encode(),
    )
    preview = client.post(reverse("prizes:candidacy_import"), {"edition": edition.pk, "file": upload})
    assert preview.status_code == 200
    assert preview.context["counts"] == {"create": 1, "unchanged": 0, "rejected": 0, "total": 1}
    assert Candidacy.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("prizes:candidacy_import_confirm"), {"token": preview.context["token"], "partial": "0"}
        )
    assert response.status_code == 302
    assert Candidacy.objects.get().cooperative == coop
