"""Accounts: second factor for staff and committee in production, login throttling, session
expiry, password rules, and the security log (logins, failures, refusals)."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from odco.accounts.models import User
from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "Test-password-2026"


def production_setting(expression: str, **extra_env) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_SETTINGS_MODULE": "odco.settings.base",
        **extra_env,
    }
    code = f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_requires_a_second_factor_for_staff_and_committee_only():
    assert production_setting("sorted(s.MFA_REQUIRED_ROLES)") == "['committee', 'staff']"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "committee"])
@override_settings(MFA_REQUIRED_ROLES=["staff", "committee"])
def test_staff_and_committee_without_a_second_factor_are_sent_to_set_one_up(role, client):
    client.force_login(make_user(role, email=f"{role}@mfa.odco.ma"))

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
@override_settings(MFA_REQUIRED_ROLES=["staff", "committee"])
def test_a_delegation_is_not_forced_into_a_second_factor(client):
    client.force_login(make_user("delegation", region_code="09", email="d@mfa.odco.ma"))

    response = client.get(reverse("regional_dashboard", args=["09"]))

    assert response.status_code == 200


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_out_even_with_the_right_password(client):
    user = make_user("coach", email="target@odco.ma")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@odco.ma", "password": "wrong-guess-1"})

    response = client.post(reverse("account_login"), {"login": "target@odco.ma", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    user.refresh_from_db()
    assert user.last_login is None


@pytest.mark.django_db
def test_four_failed_logins_still_let_the_owner_in(client):
    make_user("coach", email="owner@odco.ma")
    for _ in range(4):
        client.post(reverse("account_login"), {"login": "owner@odco.ma", "password": "wrong-guess-1"})

    client.post(reverse("account_login"), {"login": "owner@odco.ma", "password": PASSWORD})

    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_session_expires_after_the_configured_age(client):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    client.force_login(make_user("committee", email="c@odco.ma"))
    assert client.get(reverse("dashboard")).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "password", ["short-1A", "1234567890123", "password123", "azertyuiop", "wafa.benali@odco.ma"]
)
def test_weak_passwords_are_refused(password):
    person = User(email="wafa.benali@odco.ma", first_name="Wafa", last_name="Benali")

    with pytest.raises(ValidationError):
        validate_password(password, user=person)


def test_a_long_uncommon_password_is_accepted():
    assert validate_password("Oued-Sebou-Kenitra-2026") is None


@pytest.mark.django_db
def test_logins_failures_and_refusals_are_in_the_security_log(client, caplog):
    user = make_user("coach", email="logged@odco.ma")
    with caplog.at_level("INFO", logger="odco.security"):
        client.post(reverse("account_login"), {"login": "logged@odco.ma", "password": "not-the-password"})
        client.post(reverse("account_login"), {"login": "logged@odco.ma", "password": PASSWORD})
        client.get(reverse("dashboard"))
    messages = [r.getMessage() for r in caplog.records if r.name == "odco.security"]

    assert [m.split(" ip=")[0] for m in messages] == [
        "login failed: login=logged@odco.ma",
        f"login: user={user.pk}",
        f"permission denied: user={user.pk} permission=can_committee",
        f"forbidden: user={user.pk} path={reverse('dashboard')}",
    ]
    assert not any("not-the-password" in m or PASSWORD in m for m in messages)
