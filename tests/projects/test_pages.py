"""The project pages end to end: forms post to the services, refusals change nothing."""

import re

import pytest
from django.urls import reverse

from coaching.models import CanvasVersion, FinancialPlan, PitchDeck, ProjectComment
from coaching.services_projects import canvas_save
from prizes.models import CooperativePhoto, PublicProfile
from tests.factories import CooperativeFactory, make_user

from .factories import coach_for, image_upload, make_laureate

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop():
    return make_laureate(name_fr="Coopérative Amal")


@pytest.fixture
def member(coop):
    return make_user("cooperative", cooperative=coop)


def _formset(prefix, rows, extra=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows) + extra), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def _plan_post(**overrides):
    data = {"start_year": "2026", "opening_cash": "10000", "assumptions": "Prix 2025"}
    data |= _formset(
        "products",
        [
            {
                "name": "Huile",
                "price": "150",
                "unit_cost": "60",
                "volume_1": "1000",
                "volume_2": "1500",
                "volume_3": "2000",
            },
            {
                "name": "Savon",
                "price": "12.50",
                "unit_cost": "4.25",
                "volume_1": "2000",
                "volume_2": "3000",
                "volume_3": "4000",
            },
        ],
        extra=1,
    )
    data |= _formset(
        "costs",
        [
            {"label": "Loyer", "amount_1": "24000", "amount_2": "24000", "amount_3": "24000"},
            {"label": "Salaires", "amount_1": "90000", "amount_2": "100000", "amount_3": "110000"},
        ],
    )
    data |= _formset("investments", [{"label": "Presse", "amount": "80000", "year": "1"}])
    data |= _formset(
        "funding",
        [
            {"label": "Prix", "kind": "prize", "amount": "50000", "year": "1"},
            {"label": "Apport", "kind": "own", "amount": "30000", "year": "1"},
        ],
    )
    return data | overrides


def test_canvas_page_saves_versions(client, coop, member):
    client.force_login(member)
    data = {"language": "ar", "customer_segments": "السياح", "channels": "المعارض"}
    response = client.post(reverse("projects:canvas"), data)
    assert response.status_code == 302
    client.post(reverse("projects:canvas"), data | {"channels": "المعارض والمتجر"})
    assert list(CanvasVersion.objects.values_list("number", "blocks__channels")) == [
        (2, "المعارض والمتجر"),
        (1, "المعارض"),
    ]
    page = client.get(reverse("projects:canvas_history")).content.decode()
    assert page.count("data-version=") == 2


def test_plan_page_saves_and_shows_the_figures(client, coop, member):
    client.force_login(member)
    response = client.post(reverse("projects:plan"), _plan_post())
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = FinancialPlan.objects.get(cooperative=coop)
    assert [p["name"] for p in plan.products] == ["Huile", "Savon"]
    page = client.get(reverse("projects:plan")).content.decode()
    assert 'data-cash="3"' in page and "117" in page and "<svg" in page


def test_plan_page_refuses_an_unbalanced_plan_and_changes_nothing(client, coop, member):
    client.force_login(member)
    data = _plan_post(**{"funding-1-amount": "20000"})
    response = client.post(reverse("projects:plan"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    # the funding (70,000) short of the investments (80,000): the error names the gap, in any language
    assert list(errors) == ["__all__"] and "1000000" in re.sub(r"\D", "", errors["__all__"][0])
    data = _plan_post(**{"products-0-price": "-5"})
    assert client.post(reverse("projects:plan"), data).status_code == 400
    assert FinancialPlan.objects.count() == 0


def test_photo_page_accepts_images_and_refuses_other_files(client, coop, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(member)
    assert (
        client.post(reverse("projects:photos"), {"image": image_upload(), "caption": "Atelier"}).status_code
        == 302
    )
    fake = SimpleUploadedFile("x.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(reverse("projects:photos"), {"image": fake})
    assert response.status_code == 400
    assert list(CooperativePhoto.objects.values_list("caption", flat=True)) == ["Atelier"]


def test_public_page_save_submit_approve(client, coop, member):
    client.force_login(member)
    photo = CooperativePhoto.objects.none()
    client.post(reverse("projects:photos"), {"image": image_upload(), "caption": "Atelier"})
    photo = CooperativePhoto.objects.get()
    response = client.post(
        reverse("projects:public_page"), {"summary_fr": "Nous pressons l'argan", "photos": [str(photo.pk)]}
    )
    assert response.status_code == 302
    client.post(reverse("projects:public_page_step", args=["submit"]))
    profile = PublicProfile.objects.get()
    assert (profile.status, [p.pk for p in profile.photos.all()]) == ("submitted", [photo.pk])
    client.force_login(make_user("staff"))
    assert (
        client.post(reverse("prizes:showcase_step", args=[profile.pk, "approve"]), {"note": ""}).status_code
        == 302
    )
    profile.refresh_from_db()
    assert profile.published["photo_ids"] == [photo.pk] and profile.status == "approved"


def test_coach_comments_and_the_cooperative_sees_them(client, coop, member):
    assignment = coach_for(coop)
    canvas_save(actor=member, cooperative=coop, language="fr", blocks={"channels": "Salons"})
    client.force_login(assignment.coach.user)
    page = client.get(reverse("coaching:project", args=[coop.pk])).content.decode()
    assert "Salons" in page
    client.post(
        reverse("coaching:project_comment", args=[coop.pk]),
        {"subject": "canvas", "block": "channels", "body": "Lesquels ?"},
    )
    assert ProjectComment.objects.get().body == "Lesquels ?"
    client.force_login(member)
    page = client.get(reverse("projects:canvas")).content.decode()
    assert "Lesquels ?" in page


def test_another_cooperative_cannot_download_a_deck(client, coop, member):
    deck = PitchDeck.objects.create(cooperative=coop, number=1, status="ready")
    from django.core.files.base import ContentFile

    deck.file.save("d.pdf", ContentFile(b"%PDF-1.4"))
    outsider = make_user("cooperative", cooperative=CooperativeFactory())
    client.force_login(outsider)
    assert client.get(reverse("coaching:deck_download", args=[deck.pk])).status_code == 404
    client.force_login(member)
    assert client.get(reverse("coaching:deck_download", args=[deck.pk])).status_code == 200


def test_the_jury_sees_the_current_canvas_with_the_candidacy(client, member, coop):
    from prizes.models import Candidacy, JuryMember
    from tests.prizes.factories import make_candidacy, make_edition

    canvas_save(
        actor=member, cooperative=coop, language="fr", blocks={"value_propositions": "Argan traçable"}
    )
    canvas_save(
        actor=member, cooperative=coop, language="fr", blocks={"value_propositions": "Argan bio traçable"}
    )
    edition = make_edition("generation_solidaire", 2026)
    candidacy = make_candidacy(edition, status=Candidacy.Status.FINALIST, cooperative=coop)
    juror = make_user("jury")
    JuryMember.objects.create(edition=edition, user=juror)
    client.force_login(juror)
    page = client.get(reverse("prizes:jury_score", args=[candidacy.pk])).content.decode()
    assert 'id="jury-canvas"' in page and "Argan bio traçable" in page and "Argan traçable" not in page
