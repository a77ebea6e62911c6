"""The new models in the admin: listed with filters and search; the admin action on proposals
goes through the same service as the delegation's page."""

import pytest
from django.urls import reverse

from cooperatives.models import ProfileChange
from odco.accounts.models import Invitation
from odco.notifications.models import Notification, Seen
from odco.roles import Role
from tests.factories import CooperativeFactory, make_user, region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Notification, Seen, Invitation, ProfileChange])
def test_staff_lists_and_searches_the_new_models(client, model):
    client.force_login(make_user(Role.STAFF))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "tifawine"}).status_code == 200


def test_the_admin_action_approves_through_the_service(client):
    cooperative = CooperativeFactory(region=region("09"), president="Aicha")
    change = ProfileChange.objects.create(
        cooperative=cooperative,
        status=ProfileChange.Status.PROPOSED,
        changes={"president": ["Aicha", "Fatima"]},
    )
    client.force_login(make_user(Role.STAFF))

    client.post(
        reverse("admin:cooperatives_profilechange_changelist"),
        {"action": "approve", "_selected_action": [change.pk]},
    )

    change.refresh_from_db()
    cooperative.refresh_from_db()
    assert change.status == ProfileChange.Status.APPROVED
    assert cooperative.president == "Fatima"
