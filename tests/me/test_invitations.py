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
from tests.i18n import fr

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


# -- roles are granted, never grabbed: an existing account must accept ---------------------


def _roles(user) -> set:
    return set(user.role_assignments.values_list("role", "region_id", "cooperative_id"))


def _account_state(user) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (_roles(user), user.password, user.first_name, user.last_name, user.language, user.is_staff)


EXISTING = {
    "committee member": lambda: make_user(Role.COMMITTEE, email="karim@odco.ma", language="ar"),
    "delegation of another region": lambda: make_user(
        Role.DELEGATION, region_code="01", email="deleg01@odco.ma", language="ar"
    ),
    "staff user": lambda: make_user(Role.STAFF, email="nadia@odco.ma", language="ar"),
}


@pytest.fixture(params=list(EXISTING), ids=list(EXISTING))
def existing(request):
    return EXISTING[request.param]()


def _confirm_url(user) -> str:
    return reverse("invitations:confirm", args=[Invitation.objects.get(user=user).pk])


def test_an_existing_account_is_unchanged_until_it_accepts(
    client, cooperative, existing, django_capture_on_commit_callbacks
):
    before = _account_state(existing)

    response = _invite(client, cooperative, django_capture_on_commit_callbacks, email=existing.email)

    invitation = Invitation.objects.get(user=existing)
    notification = existing.notifications.get(kind="account.invitation")
    with translation.override("ar"):
        subject = gettext("You are invited to the space of %(cooperative)s") % {
            "cooperative": cooperative.name
        }
    assert response.status_code == 302
    assert _account_state(existing) == before
    assert invitation.needs_confirmation and invitation.is_open
    assert invitation.role == Role.COOPERATIVE
    assert notification.url == _confirm_url(existing)
    assert subject != f"You are invited to the space of {cooperative.name}"  # really in Arabic
    assert [(m.subject, m.to) for m in mail.outbox] == [(subject, [existing.email])]
    assert _confirm_url(existing) in mail.outbox[0].body
    assert "/invitations/accept/" not in mail.outbox[0].body  # no set-password link for an account


def test_accepting_grants_exactly_the_cooperative_role(
    client, cooperative, existing, django_capture_on_commit_callbacks
):
    _invite(client, cooperative, django_capture_on_commit_callbacks, email=existing.email)
    roles_before = _roles(existing)
    client.force_login(existing)

    page = client.get(_confirm_url(existing))
    response = client.post(_confirm_url(existing), {"answer": "accept"})

    assert page.status_code == 200
    assert b'id="invitation-confirm-form"' in page.content
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _roles(existing) == roles_before | {(Role.COOPERATIVE, None, cooperative.pk)}
    assert Invitation.objects.get(user=existing).accepted_at is not None
    assert existing.notifications.filter(kind="account.role_granted").count() == 1


def test_someone_else_logged_in_gets_404_and_nothing_is_granted(
    client, cooperative, django_capture_on_commit_callbacks
):
    invited = make_user(Role.COMMITTEE, email="karim@odco.ma")
    _invite(client, cooperative, django_capture_on_commit_callbacks, email=invited.email)
    url = _confirm_url(invited)
    intruder = make_user(Role.COOPERATIVE, cooperative=CooperativeFactory())
    client.force_login(intruder)

    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accept"}).status_code == 404
    assert _roles(invited) == {(Role.COMMITTEE, None, None)}
    assert cooperative.pk not in User.objects.get(pk=intruder.pk).cooperative_ids
    assert Invitation.objects.get(user=invited).is_open


def test_an_anonymous_visitor_is_sent_to_the_login_page(
    client, cooperative, django_capture_on_commit_callbacks
):
    invited = make_user(Role.COMMITTEE, email="karim@odco.ma")
    _invite(client, cooperative, django_capture_on_commit_callbacks, email=invited.email)

    response = client.post(_confirm_url(invited), {"answer": "accept"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert _roles(invited) == {(Role.COMMITTEE, None, None)}


def test_declining_grants_nothing_and_a_later_accept_is_refused(
    client, cooperative, django_capture_on_commit_callbacks
):
    invited = make_user(Role.COMMITTEE, email="karim@odco.ma")
    _invite(client, cooperative, django_capture_on_commit_callbacks, email=invited.email)
    url = _confirm_url(invited)
    client.force_login(invited)

    declined = client.post(url, {"answer": "decline"})
    accept_after = client.post(url, {"answer": "accept"})
    page = client.get(url)

    assert declined.status_code == 302
    assert accept_after.status_code == 409
    assert _roles(invited) == {(Role.COMMITTEE, None, None)}
    assert Invitation.objects.get(user=invited).declined_at is not None
    assert Invitation.objects.get(user=invited).accepted_at is None
    assert b'id="invitation-closed"' in page.content
    assert b'id="invitation-confirm-form"' not in page.content


def test_a_replayed_acceptance_is_refused(client, cooperative, django_capture_on_commit_callbacks):
    from odco.audit.models import AuditEntry

    invited = make_user(Role.COMMITTEE, email="karim@odco.ma")
    _invite(client, cooperative, django_capture_on_commit_callbacks, email=invited.email)
    url = _confirm_url(invited)
    client.force_login(invited)

    first = client.post(url, {"answer": "accept"})
    accepted_at = Invitation.objects.get(user=invited).accepted_at
    replay = client.post(url, {"answer": "accept"})
    decline_after = client.post(url, {"answer": "decline"})

    assert first.status_code == 302
    assert replay.status_code == 409
    assert decline_after.status_code == 409
    assert b'id="invitation-closed"' in replay.content
    assert invited.role_assignments.filter(role=Role.COOPERATIVE).count() == 1
    assert Invitation.objects.get(user=invited).accepted_at == accepted_at
    assert Invitation.objects.get(user=invited).declined_at is None
    assert AuditEntry.objects.filter(action="user.role_grant", object_id=str(invited.pk)).count() == 1


def _answer(client, cooperative, capture, email) -> tuple[list[str], str]:
    """What the inviter sees after inviting `email`: the messages and the accounts' card."""
    client.force_login(make_user(Role.DELEGATION, region_code="09"))
    with capture(execute=True):
        response = client.post(
            reverse("invitations:create", args=[cooperative.pk]),
            {"email": email, "first_name": "Fatima", "last_name": "Ait Ali", "language": "ar"},
            follow=True,
        )
    client.logout()
    text = [str(m).replace(email, "EMAIL") for m in response.context["messages"]]
    html = response.content.decode()
    card = html[html.index('<h2 class="h5">', html.index("invitation-form")) :]
    card = card.replace(email, "EMAIL").replace(cooperative.name, "COOP")
    return text, card


def test_the_inviter_reads_the_same_answer_for_new_and_existing_addresses(
    client, django_capture_on_commit_callbacks
):
    make_user(Role.COMMITTEE, email="karim@odco.ma")
    first = CooperativeFactory(region=region("09"), name_fr="Coopérative Amal")
    second = CooperativeFactory(region=region("09"), name_fr="Coopérative Nour")

    new = _answer(client, first, django_capture_on_commit_callbacks, "nouvelle@tifawine.ma")
    old = _answer(client, second, django_capture_on_commit_callbacks, "karim@odco.ma")

    assert new[0] == old[0] == [fr("An invitation was sent to %(email)s.") % {"email": "EMAIL"}]
    assert new[1] == old[1]
    assert 'id="cooperative-accounts"' not in new[1]  # the new account waits for its password
    assert "EMAIL ·" in new[1]


def test_an_account_that_already_holds_the_role_is_left_alone(
    client, cooperative, django_capture_on_commit_callbacks
):
    member = make_user(Role.COOPERATIVE, cooperative=cooperative, email="member@tifawine.ma")

    response = _invite(client, cooperative, django_capture_on_commit_callbacks, email=member.email)

    assert response.status_code == 302
    assert not Invitation.objects.filter(user=member).exists()
    assert mail.outbox == []


def test_a_new_password_does_not_accept_an_invitation_waiting_for_an_answer(
    client, django_capture_on_commit_callbacks
):
    first = CooperativeFactory(region=region("09"))
    second = CooperativeFactory(region=region("09"))
    _invite(client, first, django_capture_on_commit_callbacks)
    _invite(client, second, django_capture_on_commit_callbacks)  # the account exists by now
    user = User.objects.get(email="fatima@tifawine.ma")
    link = _link(mail.outbox[0])

    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    waiting = Invitation.objects.get(user=user, cooperative=second)
    assert User.objects.get(pk=user.pk).cooperative_ids == frozenset({first.pk})
    assert waiting.is_open and waiting.needs_confirmation
    client.force_login(User.objects.get(pk=user.pk))
    answer = client.post(reverse("invitations:confirm", args=[waiting.pk]), {"answer": "accept"})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("home")
    assert User.objects.get(pk=user.pk).cooperative_ids == frozenset({first.pk, second.pk})
