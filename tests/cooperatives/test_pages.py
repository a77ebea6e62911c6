"""Registry pages: list (filters, search, scope), detail (people, personal data), forms."""

import pytest
from django.urls import reverse

from cooperatives.models import Cooperative, Member
from odco.audit.models import AuditEntry
from tests.factories import CooperativeFactory, make_user, region, sector
from tests.querycount import assert_same_query_count

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [c.registration_number for c in response.context["page"].object_list]


@pytest.fixture
def registry(db):
    """Four cooperatives with names, sectors and member shares the filters tell apart."""
    return {
        "feminine": CooperativeFactory(
            registration_number="RC-F",
            name_fr="Coopérative Féminine Tifawine",
            name_ar="التعاونية النسوية تيفاوين",
            members_total=20,
            members_women=18,
            members_young=2,
            province=region("09").provinces.get(name_fr="Tiznit"),
        ),
        "youth": CooperativeFactory(
            registration_number="RC-J",
            name_fr="Coopérative Jeunes Nour",
            name_ar="تعاونية النور",
            sector=sector("numerique"),
            members_total=10,
            members_women=2,
            members_young=9,
        ),
        "casa": CooperativeFactory(
            registration_number="RC-C",
            name_fr="Coopérative Al Baraka",
            name_ar="تعاونية البركة",
            region=region("06"),
            members_total=50,
            members_women=10,
            members_young=10,
        ),
        "north": CooperativeFactory(
            registration_number="RC-N",
            name_fr="Coopérative Azir",
            region=region("01"),
            members_total=0,
            members_women=0,
            members_young=0,
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["RC-C", "RC-N", "RC-F", "RC-J"]),
        ("?q=cooperative feminine", ["RC-F"]),
        ("?q=FEMININE-tifawine", ["RC-F"]),
        ("?q=النسوية", ["RC-F"]),
        ("?q=rc-j", ["RC-J"]),
        ("?region=09", ["RC-F", "RC-J"]),
        ("?region=MA-06", ["RC-C"]),
        ("?sector=numerique", ["RC-J"]),
        ("?womens=on", ["RC-F"]),
        ("?youth=on", ["RC-J"]),
        ("?region=09&sort=-members", ["RC-F", "RC-J"]),
        ("?sort=number", ["RC-C", "RC-F", "RC-J", "RC-N"]),
        ("?region=99", ["RC-C", "RC-N", "RC-F", "RC-J"]),  # an unknown region is ignored
    ],
)
def test_list_filters_search_and_sorting(registry, client, query, expected):
    client.force_login(make_user("committee"))

    response = client.get(reverse("cooperatives:list") + query)

    assert response.status_code == 200
    assert listed(response) == expected


def test_list_filters_by_province(registry, client):
    client.force_login(make_user("staff"))
    province = registry["feminine"].province

    response = client.get(reverse("cooperatives:list") + f"?province={province.pk}")

    assert listed(response) == ["RC-F"]


def test_a_delegation_lists_and_counts_only_its_region(registry, client):
    client.force_login(make_user("delegation", region_code="09"))

    everything = client.get(reverse("cooperatives:list"))
    elsewhere = client.get(reverse("cooperatives:list") + "?region=06")

    assert listed(everything) == ["RC-F", "RC-J"]
    assert everything.context["page"].paginator.count == 2
    assert listed(elsewhere) == []
    assert [code for code, _label in everything.context["form"].fields["region"].widget.choices] == ["", "09"]


def test_list_and_detail_render_in_arabic(registry, client):
    client.force_login(make_user("staff"))
    client.cookies["django_language"] = "ar"

    page = client.get(reverse("cooperatives:list")).content.decode()
    detail = client.get(reverse("cooperatives:detail", args=[registry["feminine"].pk])).content.decode()

    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "التعاونية النسوية تيفاوين" in page
    assert "جهة سوس ماسة" in page
    assert "التعاونية النسوية تيفاوين" in detail


def _people(cooperative):
    Member.objects.create(
        cooperative=cooperative, first_name="Aicha", last_name="Amzil", gender="f", national_id="JB123456"
    )


@pytest.mark.parametrize(
    ("role", "sees_national_id"),
    [
        ("staff", True),
        ("delegation", True),
        ("committee", False),
        ("coordinator", False),
        ("cooperative", False),
    ],
)
def test_national_id_is_shown_only_to_staff_and_the_own_delegation(world, login, role, sees_national_id):
    _people(world.coop_in)
    client = login(world.user(role))

    response = client.get(reverse("cooperatives:detail", args=[world.coop_in.pk]))

    assert response.status_code == 200
    assert "Aicha" in response.content.decode()
    assert ("JB123456" in response.content.decode()) is sees_national_id


def test_another_regions_delegation_does_not_see_the_national_id(client):
    coop = CooperativeFactory(region=region("09"))
    _people(coop)
    client.force_login(make_user("delegation", "committee", region_code="01"))

    response = client.get(reverse("cooperatives:detail", args=[coop.pk]))

    assert response.status_code == 200  # the committee role sees every cooperative
    assert "JB123456" not in response.content.decode()


def test_detail_shows_an_empty_timeline(world, login):
    response = login(world.user("staff")).get(reverse("cooperatives:detail", args=[world.coop_in.pk]))

    assert response.context["timeline"] == []
    assert 'id="timeline"' in response.content.decode()


def _form(**overrides):
    data = {
        "registration_number": " RC-NEW ",
        "name_fr": "Coopérative Nouvelle",
        "name_ar": "",
        "sector": sector("argan").pk,
        "region": region("09").pk,
        "founded_on": "2016-03-14",
        "members_total": 10,
        "members_women": 6,
        "members_young": 2,
        "status": "active",
        "phone": "+212 661-234567",
        "email": "",
    }
    data.update(overrides)
    return data


def test_create_goes_through_the_service_and_is_audited(client):
    user = make_user("staff")
    client.force_login(user)

    response = client.post(reverse("cooperatives:create"), _form())

    coop = Cooperative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperatives:detail", args=[coop.pk])
    assert (coop.registration_number, coop.phone) == ("RC-NEW", "+212661234567")
    assert coop.search_key == "rcnew|cooperativenouvelle|"
    entry = AuditEntry.objects.get(action="cooperative.create")
    assert (entry.actor, entry.object_id) == (user, str(coop.pk))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"members_women": 11}, None),
        ({"founded_on": "2099-01-01"}, "founded_on"),
        ({"founded_on": "31/02/2020"}, "founded_on"),
        ({"name_fr": ""}, "name_fr"),
    ],
)
def test_create_refuses_bad_input_with_field_errors_and_writes_nothing(client, overrides, field):
    client.force_login(make_user("staff"))

    response = client.post(reverse("cooperatives:create"), _form(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field or "__all__"]
    assert Cooperative.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_create_refuses_a_province_of_another_region(client):
    client.force_login(make_user("staff"))
    province = region("01").provinces.first()

    response = client.post(reverse("cooperatives:create"), _form(province=province.pk))

    assert list(response.context["form"].errors) == ["province"]
    assert Cooperative.objects.count() == 0


def test_create_refuses_a_duplicate_registration_number(client):
    CooperativeFactory(registration_number="RC-NEW")
    client.force_login(make_user("staff"))

    response = client.post(reverse("cooperatives:create"), _form())

    assert list(response.context["form"].errors) == ["registration_number"]
    assert Cooperative.objects.count() == 1


def test_a_delegation_cannot_create_in_another_region(client):
    client.force_login(make_user("delegation", region_code="09"))

    response = client.post(reverse("cooperatives:create"), _form(region=region("01").pk))

    assert list(response.context["form"].errors) == ["region"]
    assert Cooperative.objects.count() == 0


def test_edit_records_only_the_changed_fields(client):
    coop = CooperativeFactory(registration_number="RC-1", name_fr="Ancien", phone="+212661234567")
    user = make_user("delegation", region_code="09")
    client.force_login(user)
    data = _form(
        registration_number="RC-1",
        name_fr="Nouveau",
        name_ar=coop.name_ar,
        phone="06 61 23 45 67",
        members_total=20,
        members_women=12,
        members_young=5,
        founded_on="2015-06-01",
    )

    response = client.post(reverse("cooperatives:edit", args=[coop.pk]), data)

    assert response.status_code == 302
    coop.refresh_from_db()
    assert coop.name_fr == "Nouveau"
    entry = AuditEntry.objects.get(action="cooperative.update")
    assert entry.changes == {"name_fr": ["Ancien", "Nouveau"]}
    assert entry.actor == user


def test_a_delegation_cannot_move_a_cooperative_out_of_its_region(client):
    coop = CooperativeFactory(registration_number="RC-1")
    client.force_login(make_user("delegation", region_code="09"))

    response = client.post(
        reverse("cooperatives:edit", args=[coop.pk]),
        _form(registration_number="RC-1", region=region("01").pk),
    )

    assert list(response.context["form"].errors) == ["region"]
    coop.refresh_from_db()
    assert coop.region.code == "09"
    assert AuditEntry.objects.count() == 0


def test_add_a_person(client):
    coop = CooperativeFactory()
    client.force_login(make_user("staff"))

    response = client.post(
        reverse("cooperatives:member_create", args=[coop.pk]),
        {
            "kind": "participant",
            "first_name": "Said",
            "last_name": "Ouhammou",
            "gender": "m",
            "birth_year": 1999,
            "phone": "0661234567",
            "national_id": " jb1234 ",
        },
    )

    assert response.status_code == 302
    person = coop.people.get()
    assert (person.kind, person.phone, person.national_id) == ("participant", "+212661234567", "JB1234")


def grow(n):
    missing = n - Cooperative.objects.count()
    regions = [region(code) for code in ("09", "01", "06")]
    for i in range(missing):
        coop = CooperativeFactory(region=regions[i % 3])
        Member.objects.create(cooperative=coop, first_name="A", last_name=str(i), gender="f")


@pytest.mark.parametrize("role", ["staff", "delegation"])
def test_list_query_count_does_not_grow(client, role):
    client.force_login(make_user(role, region_code="09"))

    assert_same_query_count(client, reverse("cooperatives:list") + "?q=coop&sort=-members", grow)


def test_detail_query_count_does_not_grow(client):
    coop = CooperativeFactory(region=region("09"))
    client.force_login(make_user("delegation", region_code="09"))

    def grow_people(n):
        grow(n)
        for i in range(n - coop.people.count()):
            Member.objects.create(
                cooperative=coop, first_name="B", last_name=str(i), gender="m", national_id="X"
            )
        AuditEntry.objects.create(action="test", object_id=str(coop.pk))

    assert_same_query_count(client, reverse("cooperatives:detail", args=[coop.pk]), grow_people)
