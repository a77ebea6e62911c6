import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from odco.roles import Role
from tests.factories import CooperativeFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", Role.values)
def test_adduser_creates_every_role_and_the_user_lands_on_its_home(role, client):
    coop = CooperativeFactory(registration_number="RC-2020-001")
    extra = []
    if role == "delegation":
        extra = ["--region", "MA-09"]
    if role == "cooperative":
        extra = ["--cooperative", "RC-2020-001"]

    call_command("adduser", f"{role}@odco.ma", "--role", role, "--password", "Long-enough-pw-1", *extra)

    user = get_user_model().objects.get(email=f"{role}@odco.ma")
    assert user.roles == {role}
    assert EmailAddress.objects.get(user=user).verified is True
    if role == "delegation":
        assert user.delegation_region_ids == {user.role_assignments.get().region_id}
    if role == "cooperative":
        assert user.cooperative_ids == {coop.pk}
    response = client.post(
        reverse("account_login"), {"login": f"{role}@odco.ma", "password": "Long-enough-pw-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"), follow=True)
    assert home.status_code == 200
    landing = {
        "cooperative": reverse("me"),
        "committee": reverse("dashboard"),
        "delegation": reverse("regional_dashboard", args=["09"]),
        "coach": reverse("coaching:dashboard"),
        "trainer": reverse("training:my_sessions"),
        "mentor": reverse("mentoring:space"),
        "jury": reverse("prizes:jury_home"),
    }
    if role in landing:
        assert home.redirect_chain == [(landing[role], 302)]
    else:
        assert home.redirect_chain == []
        assert f'data-role="{role}"' in home.content.decode()


def test_adduser_adds_roles_to_an_existing_user():
    call_command("adduser", "multi@odco.ma", "--role", "coach", "--password", "Long-enough-pw-1")
    call_command("adduser", "multi@odco.ma", "--role", "mentor", "--role", "jury")
    user = get_user_model().objects.get(email="multi@odco.ma")
    assert user.roles == {"coach", "mentor", "jury"}
    assert user.check_password("Long-enough-pw-1")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "wizard"], "Unknown role"),
        (["--role", "delegation"], "--region is required"),
        (["--role", "cooperative"], "--cooperative is required"),
        (["--role", "delegation", "--region", "13"], "Unknown region"),
        (["--role", "delegation", "--region", "Atlantis"], "Unknown region"),
        (["--role", "cooperative", "--cooperative", "NOPE-1"], "Unknown cooperative"),
        (["--role", "coach", "--password", "123"], "password"),
    ],
)
def test_adduser_refuses_bad_input_and_creates_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("adduser", "bad@odco.ma", *args)
    assert not get_user_model().objects.filter(email="bad@odco.ma").exists()


def test_adduser_exits_1_on_error(capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(["manage.py", "adduser", "x@odco.ma", "--role", "delegation"])
    assert exc.value.code == 1


def test_user_with_several_roles_sees_a_panel_per_role(client):
    user = make_user("coach", "delegation", region_code="09")
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert 'data-role="coach"' in body and 'data-role="delegation"' in body
    assert reverse("regional_dashboard", args=["09"]) in body


def test_anonymous_is_sent_to_login(client):
    for url in [reverse("home"), reverse("dashboard"), reverse("me"), reverse("cooperatives:list")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_login_is_throttled_after_repeated_failures(client):
    make_user("coach", email="target@odco.ma")
    bodies = []
    for _ in range(6):
        response = client.post(
            reverse("account_login"), {"login": "target@odco.ma", "password": "wrong-password"}
        )
        assert response.status_code == 200
        bodies.append(response.content.decode())
    # allauth: 5 failures per 5 minutes for one account, then refused before the password is checked
    assert all("Trop de tentatives de connexion échouées" not in body for body in bodies[:5])
    assert "Trop de tentatives de connexion échouées" in bodies[5]
    response = client.post(
        reverse("account_login"), {"login": "target@odco.ma", "password": "Test-password-2026"}
    )
    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signup_is_closed(client):
    response = client.post(
        reverse("account_signup"), {"email": "new@odco.ma", "password1": "Long-enough-pw-1", "password2": "x"}
    )
    assert not get_user_model().objects.filter(email="new@odco.ma").exists()
    assert response.status_code == 200


def test_logins_and_failed_logins_are_logged(client, caplog):
    make_user("coach", email="logged@odco.ma")
    with caplog.at_level("INFO", logger="odco.security"):
        client.post(reverse("account_login"), {"login": "logged@odco.ma", "password": "wrong-password"})
        client.post(reverse("account_login"), {"login": "logged@odco.ma", "password": "Test-password-2026"})
        client.get(reverse("dashboard"))
    messages = [record.getMessage() for record in caplog.records if record.name == "odco.security"]
    assert any(m.startswith("login failed: login=logged@odco.ma") for m in messages)
    assert any(m.startswith("login: user=") for m in messages)
    assert any(m.startswith("permission denied:") for m in messages)
    assert not any("wrong-password" in m for m in messages)
