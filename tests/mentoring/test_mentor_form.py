"""Coordinators record mentors on the site: create, edit, clear errors naming the field."""

import pytest
from django.urls import reverse

from mentoring.models import Mentor
from odco.audit.models import AuditEntry
from odco.regions.models import Province
from tests.factories import make_user, region, sector
from tests.querycount import assert_same_query_count

from .factories import make_mentor
from .test_query_counts import LARGE, SMALL, Grower

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "kind": "organisation",
        "name": "Réseau Entreprendre Souss",
        "description": "Accompagne les jeunes coopératives.",
        "regions": [region("09").pk],
        "provinces": [Province.objects.get(name_fr="Tiznit").pk],
        "sectors": [sector("argan").pk],
        "expertise": ["finance", "marketing"],
        "languages": ["fr", "ar"],
        "capacity": "4",
        "is_available": "on",
        "availability_note": "Le samedi",
        "contact_name": "Fatima Zahra",
        "contact_email": "contact@reseau.example.ma",
        "contact_phone": "06 61 23 45 67",
    }
    data.update(overrides)
    return data


def test_a_coordinator_creates_a_mentor_with_its_territory_and_it_is_audited(client):
    client.force_login(make_user("coordinator"))

    response = client.post(reverse("mentoring:mentor_new"), _data())

    mentor = Mentor.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "mentoring:mentor_detail", args=[mentor.pk]
    )
    assert (mentor.name, mentor.capacity, mentor.contact_phone) == (
        "Réseau Entreprendre Souss",
        4,
        "+212661234567",
    )
    assert mentor.expertise == ["finance", "marketing"] and mentor.languages == ["ar", "fr"]
    assert [r.code for r in mentor.regions.all()] == ["09"]
    assert [p.name_fr for p in mentor.provinces.all()] == ["Tiznit"]
    assert [s.code for s in mentor.sectors.all()] == ["argan"]
    assert AuditEntry.objects.filter(action="mentoring.mentor_created", object_id=str(mentor.pk)).exists()


def test_editing_keeps_the_mentor_and_changes_its_fields(client):
    client.force_login(make_user("staff"))
    mentor = make_mentor("Ancien nom", regions=("01",))

    form = client.get(reverse("mentoring:mentor_edit", args=[mentor.pk]))
    response = client.post(reverse("mentoring:mentor_edit", args=[mentor.pk]), _data(capacity="6"))

    assert form.status_code == 200 and "Ancien nom" in form.content.decode()
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.name, mentor.capacity, Mentor.objects.count()) == ("Réseau Entreprendre Souss", 6, 1)
    assert AuditEntry.objects.filter(action="mentoring.mentor_updated", object_id=str(mentor.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "deux"}, "capacity"),
        ({"expertise": ["astrologie"]}, "expertise"),
        ({"languages": []}, "languages"),
        ({"contact_phone": "pas un numéro"}, "contact_phone"),
        ({"contact_email": "pas-un-email"}, "contact_email"),
        ({"regions": "01"}, "provinces"),  # Tiznit lies in Souss-Massa, which is not chosen
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(client, overrides, field):
    client.force_login(make_user("coordinator"))
    if "regions" in overrides:
        overrides = {"regions": [region(overrides["regions"]).pk]}

    response = client.post(reverse("mentoring:mentor_new"), _data(**overrides))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert Mentor.objects.count() == 0


def test_the_directory_offers_new_and_edit_to_planners_only(client):
    mentor = make_mentor(regions=("09",))
    client.force_login(make_user("coordinator"))
    planner_list = client.get(reverse("mentoring:directory")).content.decode()
    planner_detail = client.get(reverse("mentoring:mentor_detail", args=[mentor.pk])).content.decode()
    client.force_login(make_user("committee"))
    reader_list = client.get(reverse("mentoring:directory")).content.decode()
    reader_detail = client.get(reverse("mentoring:mentor_detail", args=[mentor.pk])).content.decode()

    assert 'id="mentor-new"' in planner_list and 'id="mentor-edit"' in planner_detail
    assert 'id="mentor-new"' not in reader_list and 'id="mentor-edit"' not in reader_detail


def test_the_edit_page_query_count_does_not_grow_with_the_mentors_territory(client):
    client.force_login(make_user("coordinator"))
    mentor = make_mentor(regions=("09",))
    provinces = list(Province.objects.order_by("pk"))
    grow = Grower(lambda i: mentor.provinces.add(provinces[i]))
    assert_same_query_count(
        client, reverse("mentoring:mentor_edit", args=[mentor.pk]), grow, small=SMALL, large=LARGE
    )
