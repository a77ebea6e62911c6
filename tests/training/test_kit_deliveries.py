"""Kit deliveries per participant: who received an item, recording it for those ticked."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import Member
from odco.audit.models import AuditEntry
from tests.factories import make_user
from tests.querycount import assert_same_query_count
from training.models import KitDelivery, KitItem

from .factories import accompanied, coordinator, make_session, validated_phase

pytestmark = pytest.mark.django_db


def _item(phase, kind="link"):
    return KitItem.objects.create(phase=phase, kind=kind, title="Guide", url="https://odco.example.ma/guide")


def _phase_with_people():
    phase = validated_phase()
    accompanied(phase, region_code="09", participants=2)
    accompanied(phase, region_code="01", participants=1)
    make_session(phase, region_code="09", enrol=True)
    make_session(phase, region_code="01", day=6, enrol=True)
    return phase


def test_the_coordinator_records_delivery_for_the_participants_ticked_only(client):
    phase = _phase_with_people()
    item = _item(phase)
    first, second, third = Member.objects.order_by("pk")
    client.force_login(coordinator())

    response = client.post(
        reverse("training:kit_deliveries", args=[item.pk]), {"participant": [first.pk, third.pk]}
    )
    again = client.post(reverse("training:kit_deliveries", args=[item.pk]), {"participant": [first.pk]})

    assert response.status_code == again.status_code == 302
    assert set(KitDelivery.objects.values_list("participant_id", flat=True)) == {first.pk, third.pk}
    assert AuditEntry.objects.filter(action="kit_item.deliver").count() == 1  # the repeat changed nothing


def test_someone_not_enrolled_in_the_phase_is_never_recorded(client):
    phase = _phase_with_people()
    item = _item(phase)
    outsider = Member.objects.create(
        cooperative=Member.objects.first().cooperative, first_name="X", last_name="Y"
    )
    client.force_login(coordinator())

    client.post(reverse("training:kit_deliveries", args=[item.pk]), {"participant": [outsider.pk]})

    assert not KitDelivery.objects.exists()


def test_the_list_shows_dates_filters_by_region_and_pending(client):
    phase = _phase_with_people()
    item = _item(phase)
    first = Member.objects.order_by("pk").first()
    KitDelivery.objects.create(item=item, participant=first, delivered_at=timezone.now())
    client.force_login(make_user("committee"))
    url = reverse("training:kit_deliveries", args=[item.pk])

    everyone = client.get(url)
    souss_pending = client.get(url, {"region": "09", "pending": "1"})
    by_name = client.get(url, {"q": first.first_name.upper()})

    def shown(response):
        return [(p.pk, p.delivered_at is not None) for p in response.context["page"].object_list]

    assert sorted(shown(everyone)) == sorted([(m.pk, m.pk == first.pk) for m in Member.objects.all()])
    assert [pk for pk, _ in shown(souss_pending)] == list(
        Member.objects.filter(cooperative__region__code="09")
        .exclude(pk=first.pk)
        .values_list("pk", flat=True)
    )
    assert [pk for pk, _ in shown(by_name)] == [first.pk]
    assert 'name="participant"' not in everyone.content.decode()  # the committee reads only


def test_nothing_ticked_is_an_error_and_writes_nothing(client):
    phase = _phase_with_people()
    item = _item(phase)
    client.force_login(coordinator())

    response = client.post(reverse("training:kit_deliveries", args=[item.pk]), {}, follow=True)

    assert not KitDelivery.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_deliveries_page_query_count(client):
    phase = validated_phase()
    item = _item(phase)
    session = make_session(phase)

    def grow(n):
        while Member.objects.count() < n:
            accompanied(phase, participants=1)
        from training.services import enrolment_enrol_region

        enrolment_enrol_region(actor=coordinator(), session=session, notify=False)
        for member in Member.objects.filter(kit_deliveries__isnull=True)[: n // 2]:
            KitDelivery.objects.get_or_create(
                item=item, participant=member, defaults={"delivered_at": timezone.now()}
            )

    client.force_login(coordinator())
    assert_same_query_count(
        client, reverse("training:kit_deliveries", args=[item.pk]), grow, small=4, large=20
    )
