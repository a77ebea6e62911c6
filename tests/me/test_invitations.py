"""Accounts for cooperatives: an invitation by e-mail, a one-time link that sets the password."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from odco.accounts.models import Invitation, User
from odco.roles import Role
from tests.factories import CooperativeFactory, make_user, region

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Argane-Tifawine-2026"


@pytest.fixture
def cooperative():
    return CooperativeFactory(region=region("09"), name_fr="Coopérative Tifawine")


def _invite(client, cooperative, capture, *, email="fatima@tifawine.ma", language="ar"):
    client.force_login(make_user(Role.DELEGATION, region_code="09"))
    with capture(execute=True):
        response = client.post(
            reverse("invitations:create", args=[cooperative.pk]),
            {"email": email, "first_name": "Fatima", "last_name": "Ait Ali", "language": language},
        )
    client.logout()
    return response


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/invitations/accept/\S+/)", message.body).group(1)


def test_the_delegation_invites_a_member_who_sets_a_password_once(
    client, cooperative, django_capture_on_commit_callbacks
):
    response = _invite(client, cooperative, django_capture_on_commit_callbacks)

    user = User.objects.get(email="fatima@tifawine.ma")
    with translation.override("ar"):
        subject = gettext("You are invited to the space of %(cooperative)s") % {
            "cooperative": cooperative.name
        }
    assert response.status_code == 302
    assert user.cooperative_ids == frozenset({cooperative.pk})
    assert user.language == "ar"
    assert not user.has_usable_password()
    assert [m.subject for m in mail.outbox] == [subject]
    link = _link(mail.outbox[0])

    form = client.get(link)
    done = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link)

    user.refresh_from_db()
    assert form.status_code == 200
    assert done.status_code == 302
    assert user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get(user=user).accepted_at is not None
    assert again.status_code == 404
    assert client.login(email="fatima@tifawine.ma", password=NEW_PASSWORD)


def test_several_members_each_have_their_own_login(client, cooperative, django_capture_on_commit_callbacks):
    _invite(client, cooperative, django_capture_on_commit_callbacks, email="a@tifawine.ma")
    _invite(client, cooperative, django_capture_on_commit_callbacks, email="b@tifawine.ma")

    members = User.objects.filter(role_assignments__cooperative=cooperative).order_by("email")

    assert [u.email for u in members] == ["a@tifawine.ma", "b@tifawine.ma"]
    assert len(mail.outbox) == 2


def test_a_delegation_cannot_invite_for_a_cooperative_of_another_region(client, cooperative):
    client.force_login(make_user(Role.DELEGATION, region_code="01"))

    response = client.post(
        reverse("invitations:create", args=[cooperative.pk]),
        {"email": "x@tifawine.ma", "language": "fr"},
    )

    assert response.status_code == 404
    assert not User.objects.filter(email="x@tifawine.ma").exists()
    assert mail.outbox == []


def test_a_cooperative_account_cannot_invite(client, cooperative):
    client.force_login(make_user(Role.COOPERATIVE, cooperative=cooperative))

    response = client.post(
        reverse("invitations:create", args=[cooperative.pk]), {"email": "x@tifawine.ma", "language": "fr"}
    )

    assert response.status_code == 403
    assert not User.objects.filter(email="x@tifawine.ma").exists()


def test_a_tampered_link_sets_no_password(client, cooperative, django_capture_on_commit_callbacks):
    _invite(client, cooperative, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])
    bad = link.rstrip("/")[:-3] + "xyz/"

    response = client.post(bad, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 404
    assert not User.objects.get(email="fatima@tifawine.ma").has_usable_password()
