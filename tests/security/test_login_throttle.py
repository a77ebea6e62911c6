"""One login throttle for every way in, that holds with Redis down (issue 16, point 2)."""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from odco.accounts.models import RateLimitEntry
from tests.factories import make_user
from tests.security.test_login_paths import PASSWORD, password_login, totp_code, verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_like")]

REDIS_DOWN = {
    "default": {
        "BACKEND": "odco.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
}


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    settings.MFA_REQUIRED_ROLES = ["staff", "committee"]
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


@pytest.fixture
def coach():
    return verified(make_user("coach", email="coach.throttle@odco.ma"))


@pytest.fixture
def secret():
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    return generate_totp_secret()


@pytest.fixture
def totp_staff(secret):
    user = verified(make_user("staff", email="totp.throttle@odco.ma"))
    TOTP.activate(user, secret)
    return user


def wrong_password(client, user, path="/accounts/login/"):
    if path == "/admin/login/":
        return client.post(path, {"username": user.email, "password": "wrong-guess-1", "next": "/admin/"})
    return client.post(path, {"login": user.email, "password": "wrong-guess-1"})


def wrong_code(secret):
    return f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"


def assert_refused(client, user):
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.last_login is None


# --- passwords ----------------------------------------------------------------------------


@pytest.mark.parametrize("last_path", ["/accounts/login/", "/admin/login/"])
def test_twelve_wrong_passwords_across_both_login_pages_lock_the_account(client, coach, last_path):
    for attempt in range(12):
        wrong_password(client, coach, "/admin/login/" if attempt % 2 else "/accounts/login/")

    if last_path == "/admin/login/":
        response = client.post(last_path, {"username": coach.email, "password": PASSWORD})
        assert response["Location"].startswith("/accounts/login/")
    password_login(client, coach)

    assert_refused(client, coach)


def test_the_account_locks_at_the_sixth_failure(client, coach):
    for _ in range(5):
        wrong_password(client, coach)

    response = password_login(client, coach)

    assert response.status_code in (200, 429)
    assert_refused(client, coach)


def test_the_lock_lifts_after_five_minutes(client, coach):
    for _ in range(5):
        wrong_password(client, coach)

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        password_login(client, coach)

    assert client.session["_auth_user_id"] == str(coach.pk)


# --- the second-factor step ---------------------------------------------------------------


def test_wrong_totp_codes_lock_the_step_even_with_the_right_code(client, totp_staff, secret):
    password_login(client, totp_staff)
    for _ in range(5):
        assert client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)}).status_code == 200

    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert_refused(client, totp_staff)


def test_wrong_totp_codes_are_capped_per_day_not_only_per_five_minutes(client, totp_staff, secret):
    start = timezone.now()
    for round_ in range(4):  # 4 × 5 wrong codes, each batch in a new 5-minute window
        with time_machine.travel(start + timedelta(minutes=6 * round_), tick=False):
            password_login(client, totp_staff)
            for _ in range(5):
                client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})
        assert "_auth_user_id" not in client.session

    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        assert password_login(client, totp_staff)["Location"] == reverse("mfa_authenticate")
        client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert_refused(client, totp_staff)


def test_the_right_totp_code_does_not_count_against_the_daily_cap(client, totp_staff, secret):
    start = timezone.now()
    for round_ in range(25):
        with time_machine.travel(start + timedelta(minutes=round_), tick=False):
            password_login(client, totp_staff)
            client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
            assert client.session["_auth_user_id"] == str(totp_staff.pk), round_
            client.post(reverse("account_logout"))


def test_wrong_totp_codes_are_in_the_security_log(client, totp_staff, secret, caplog):
    password_login(client, totp_staff)

    with caplog.at_level("INFO", logger="odco.security"):
        client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})

    assert [r.getMessage().split(" ip=")[0] for r in caplog.records if r.name == "odco.security"] == [
        f"second factor failed: user={totp_staff.pk}"
    ]


# --- with Redis down ----------------------------------------------------------------------


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_the_account_still_locks_at_the_sixth_failure(client, coach):
    for _ in range(5):
        wrong_password(client, coach)

    password_login(client, coach)

    assert_refused(client, coach)
    assert RateLimitEntry.objects.filter(key__startswith="allauth:rl:allauth.account:login_failed:").exists()


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_pages_serve_and_the_owner_logs_in(client, coach):
    assert client.get(reverse("account_login")).status_code == 200
    for _ in range(4):
        wrong_password(client, coach)

    password_login(client, coach)

    assert client.session["_auth_user_id"] == str(coach.pk)
    assert not RateLimitEntry.objects.filter(key__endswith=":lock").exists()  # every lock released


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_wrong_totp_codes_are_still_limited(client, totp_staff, secret):
    password_login(client, totp_staff)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})

    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert_refused(client, totp_staff)


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_a_used_totp_code_cannot_be_replayed(client, totp_staff, secret):
    with time_machine.travel(timezone.now(), tick=False):
        code = totp_code(secret)
        password_login(client, totp_staff)
        client.post(reverse("mfa_authenticate"), {"code": code})
        assert client.session["_auth_user_id"] == str(totp_staff.pk)
        client.post(reverse("account_logout"))

        password_login(client, totp_staff)
        client.post(reverse("mfa_authenticate"), {"code": code})

        assert "_auth_user_id" not in client.session
