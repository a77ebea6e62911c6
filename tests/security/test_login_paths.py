"""Every way in asks for the second factor of a user who has one (issue 16, point 1).

Production-like settings throughout: DEBUG off, a second factor required for staff and
committee, e-mail verification mandatory. `totp_staff` has TOTP enrolled; `plain_staff` has not.
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from odco.accounts.invitations import invitation_create, invitation_link
from tests.factories import CooperativeFactory, make_user, region

PASSWORD = "Test-password-2026"
NEW_PASSWORD = "Oued-Sebou-Kenitra-2026"
PROTECTED = ["/admin/", "/cooperatives/", "/dashboard/"]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("production_like"),
]


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    settings.MFA_REQUIRED_ROLES = ["staff", "committee"]
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


def verified(user):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def totp_code(secret: str) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD  # the current period
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def secret():
    return generate_totp_secret()


@pytest.fixture
def totp_staff(secret):
    user = verified(make_user("staff", email="totp.staff@odco.ma"))
    TOTP.activate(user, secret)
    return user


@pytest.fixture
def plain_staff():
    return verified(make_user("staff", email="plain.staff@odco.ma"))


def password_login(client, user, password=PASSWORD, next_url=None):
    data = {"login": user.email, "password": password}
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, data)


def assert_no_access(client):
    assert "_auth_user_id" not in client.session
    for url in PROTECTED:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"], url


# --- /admin/login/ ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["totp_staff", "plain_staff"])
def test_the_admin_login_page_sends_to_allauth(client, who, request):
    request.getfixturevalue(who)

    response = client.get("/admin/login/?next=/admin/cooperatives/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fcooperatives%2F"


@pytest.mark.parametrize("who", ["totp_staff", "plain_staff"])
def test_a_password_posted_to_the_admin_login_never_authenticates(client, who, request):
    user = request.getfixturevalue(who)

    response = client.post(
        "/admin/login/?next=/admin/", {"username": user.email, "password": PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert_no_access(client)
    user.refresh_from_db()
    assert user.last_login is None


def test_the_admin_login_does_not_forward_to_another_site(client):
    response = client.get("/admin/login/?next=https://evil.example/")

    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_an_anonymous_admin_page_goes_to_allauth_through_the_admin_login(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert response.status_code == 200


def test_a_logged_in_user_without_admin_access_gets_403_not_a_redirect_loop(client):
    coach = verified(make_user("coach", email="coach@odco.ma"))
    password_login(client, coach)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403


def test_the_admin_logout_goes_through_allauth(client, totp_staff, secret):
    password_login(client, totp_staff)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get("/admin/").status_code == 200

    response = client.post("/admin/logout/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert_no_access(client)


# --- allauth login ------------------------------------------------------------------------


def test_a_password_alone_stops_at_the_second_factor(client, totp_staff):
    response = password_login(client, totp_staff, next_url="/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert_no_access(client)


def test_the_right_totp_code_opens_the_session(client, totp_staff, secret):
    password_login(client, totp_staff, next_url="/admin/")

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(totp_staff.pk)
    for url in PROTECTED:
        assert client.get(url).status_code == 200, url


def test_a_wrong_totp_code_opens_nothing(client, totp_staff, secret):
    password_login(client, totp_staff)
    right = totp_code(secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert_no_access(client)


def test_staff_without_a_second_factor_is_sent_to_set_one_up_after_the_password(client, plain_staff):
    password_login(client, plain_staff)

    for url in PROTECTED:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url


# --- sessions opened without the second factor --------------------------------------------


@pytest.mark.parametrize("url", PROTECTED)
def test_a_forced_login_without_the_second_factor_is_logged_out(client, totp_staff, url):
    client.force_login(totp_staff)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert "_auth_user_id" not in client.session
    assert client.get(url).status_code == 302  # and stays out


@override_settings(MFA_REQUIRED_ROLES=[])
def test_the_second_factor_is_checked_whatever_the_required_roles(client, totp_staff):
    client.force_login(totp_staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_forced_login_on_a_public_page_goes_on_anonymously(client, totp_staff):
    client.force_login(totp_staff)

    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_user_without_a_second_factor_keeps_a_forced_session(client):
    coach = make_user("coach", email="coach.forced@odco.ma")
    client.force_login(coach)

    assert client.get(reverse("coaching:dashboard")).status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth signals the new TOTP on commit, during the request
def test_activating_totp_in_the_session_keeps_it_open(client, plain_staff):
    password_login(client, plain_staff)
    client.get(reverse("mfa_activate_totp"))  # asks for the password again
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    password_login(client, plain_staff)
    assert_no_access(client)  # from now on, the password alone is not enough


# --- password reset and invitations -------------------------------------------------------


def reset_link() -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)


def test_a_password_reset_does_not_log_in(client, totp_staff, settings):
    assert settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET is False
    client.post(reverse("account_reset_password"), {"email": totp_staff.email})
    form_url = client.get(reset_link())["Location"]

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    totp_staff.refresh_from_db()
    assert totp_staff.check_password(NEW_PASSWORD)
    assert_no_access(client)
    assert password_login(client, totp_staff, NEW_PASSWORD)["Location"] == reverse("mfa_authenticate")
    assert_no_access(client)


def test_accepting_an_invitation_does_not_log_in(client, secret):
    cooperative = CooperativeFactory(region=region("09"))
    actor = make_user("staff", email="inviter@odco.ma")
    invitation = invitation_create(actor=actor, cooperative=cooperative, email="member@coop.ma")
    member = verified(invitation.user)
    TOTP.activate(member, secret)

    response = client.post(
        invitation_link(member), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("me")).status_code == 302
    assert password_login(client, member, NEW_PASSWORD)["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
