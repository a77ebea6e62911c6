"""The cooperative proposes changes to its data; the delegation asks corrections and decides."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cooperatives.models import ProfileChange
from cooperatives.profile_changes import (
    profile_change_decide,
    profile_change_propose,
    profile_correction_request,
)
from odco.audit.models import AuditEntry
from odco.notifications.models import Notification
from odco.roles import Role
from tests.factories import CooperativeFactory, make_user, region

pytestmark = pytest.mark.django_db
S = ProfileChange.Status


@pytest.fixture
def setting():
    cooperative = CooperativeFactory(
        region=region("09"), president="Aicha", members_total=10, members_women=8
    )
    return {
        "cooperative": cooperative,
        "member": make_user(Role.COOPERATIVE, cooperative=cooperative, language="ar"),
        "delegation": make_user(Role.DELEGATION, region_code="09"),
        "other_delegation": make_user(Role.DELEGATION, region_code="01"),
    }


def test_a_proposal_approved_by_the_delegation_updates_the_registry_with_an_audit_trail(setting):
    cooperative = setting["cooperative"]
    change = profile_change_propose(
        actor=setting["member"], cooperative=cooperative, values={"president": "Fatima", "members_total": 12}
    )

    profile_change_decide(actor=setting["delegation"], change=change, approve=True, note="OK")

    cooperative.refresh_from_db()
    change.refresh_from_db()
    assert change.status == S.APPROVED
    assert change.changes == {"president": ["Aicha", "Fatima"], "members_total": [10, 12]}
    assert (cooperative.president, cooperative.members_total) == ("Fatima", 12)
    assert list(
        AuditEntry.objects.filter(action__startswith="profile_change")
        .order_by("pk")
        .values_list("action", "to_state")
    ) == [("profile_change.propose", "proposed"), ("profile_change.decide", "approved")]
    assert AuditEntry.objects.filter(action="cooperative.update", actor=setting["delegation"]).count() == 1


def test_the_decision_reaches_the_cooperative_in_its_own_language(
    setting, django_capture_on_commit_callbacks
):
    change = profile_change_propose(
        actor=setting["member"], cooperative=setting["cooperative"], values={"president": "Fatima"}
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        profile_change_decide(actor=setting["delegation"], change=change, approve=False, note="Non")

    with translation.override("ar"):
        expected = gettext("Your data changes were not accepted")
    notification = Notification.objects.get(user=setting["member"])
    assert notification.subject == expected
    assert [m.subject for m in mail.outbox] == [expected]
    assert mail.outbox[0].to == [setting["member"].email]


def test_a_rejected_proposal_changes_nothing_in_the_registry(setting):
    cooperative = setting["cooperative"]
    change = profile_change_propose(
        actor=setting["member"], cooperative=cooperative, values={"president": "X"}
    )

    profile_change_decide(actor=setting["delegation"], change=change, approve=False)

    cooperative.refresh_from_db()
    assert cooperative.president == "Aicha"
    assert ProfileChange.objects.get().status == S.REJECTED


def test_a_delegation_of_another_region_cannot_decide_and_nothing_changes(setting):
    cooperative = setting["cooperative"]
    change = profile_change_propose(
        actor=setting["member"], cooperative=cooperative, values={"president": "X"}
    )

    with pytest.raises(ValidationError):
        profile_change_decide(actor=setting["other_delegation"], change=change, approve=True)

    cooperative.refresh_from_db()
    change.refresh_from_db()
    assert cooperative.president == "Aicha"
    assert change.status == S.PROPOSED


def test_a_decided_proposal_cannot_be_decided_again(setting):
    change = profile_change_propose(
        actor=setting["member"], cooperative=setting["cooperative"], values={"president": "X"}
    )
    profile_change_decide(actor=setting["delegation"], change=change, approve=False)

    with pytest.raises(ValidationError):
        profile_change_decide(actor=setting["delegation"], change=change, approve=True)

    setting["cooperative"].refresh_from_db()
    assert setting["cooperative"].president == "Aicha"


def test_a_proposal_without_a_change_or_breaking_a_rule_is_refused(setting):
    cooperative = setting["cooperative"]

    with pytest.raises(ValidationError):
        profile_change_propose(
            actor=setting["member"], cooperative=cooperative, values={"president": "Aicha"}
        )
    with pytest.raises(ValidationError):
        profile_change_propose(actor=setting["member"], cooperative=cooperative, values={"members_women": 50})

    assert ProfileChange.objects.count() == 0


def test_another_cooperative_cannot_propose_for_this_one(setting):
    stranger = make_user(Role.COOPERATIVE, cooperative=CooperativeFactory(region=region("09")))

    with pytest.raises(ValidationError):
        profile_change_propose(actor=stranger, cooperative=setting["cooperative"], values={"president": "X"})

    assert ProfileChange.objects.count() == 0


def test_the_cooperative_answers_a_correction_request_from_its_space(client, setting):
    cooperative = setting["cooperative"]
    request = profile_correction_request(
        actor=setting["delegation"], cooperative=cooperative, note="Le téléphone est faux"
    )
    client.force_login(setting["member"])

    space = client.get(reverse("me"))
    url = reverse("cooperatives:profile_propose", args=[cooperative.pk])
    form = client.get(url, {"answer": request.pk})
    data = {name: form.context["form"][name].value() or "" for name in form.context["form"].fields}
    data.update({"phone": "+212661234567", "answer": request.pk, "comment": "Corrigé"})
    sent = client.post(url, data)

    request.refresh_from_db()
    assert [c.pk for c in space.context["corrections"]] == [request.pk]
    assert f"?answer={request.pk}" in space.content.decode()
    assert sent.status_code == 302
    assert request.status == S.PROPOSED
    assert request.changes == {"phone": [cooperative.phone, "+212661234567"]}
    assert Notification.objects.filter(user=setting["delegation"], kind="profile.proposed").count() == 1


def test_the_delegation_reviews_and_approves_from_its_pages(client, setting):
    change = profile_change_propose(
        actor=setting["member"], cooperative=setting["cooperative"], values={"products": "Huile d'argan"}
    )
    client.force_login(setting["delegation"])

    listing = client.get(reverse("cooperatives:profile_changes"))
    response = client.post(
        reverse("cooperatives:profile_change", args=[change.pk]), {"decision": "approve", "note": ""}
    )

    setting["cooperative"].refresh_from_db()
    assert [c.pk for c in listing.context["changes"]] == [change.pk]
    assert response.status_code == 302
    assert setting["cooperative"].products == "Huile d'argan"


def test_a_delegation_of_another_region_does_not_see_the_proposal(client, setting):
    change = profile_change_propose(
        actor=setting["member"], cooperative=setting["cooperative"], values={"products": "X"}
    )
    client.force_login(setting["other_delegation"])

    listing = client.get(reverse("cooperatives:profile_changes"))
    post = client.post(reverse("cooperatives:profile_change", args=[change.pk]), {"decision": "approve"})

    change.refresh_from_db()
    assert listing.context["changes"] == []
    assert post.status_code == 404
    assert change.status == S.PROPOSED
