import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent


def test_compose_file_runs_web_worker_beat_postgres_and_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {"web", "worker", "beat", "db", "redis"}
    assert "gunicorn" in compose["services"]["web"]["command"]
    assert "worker" in compose["services"]["worker"]["command"]
    assert "beat" in compose["services"]["beat"]["command"]
    assert compose["services"]["web"]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert compose["services"]["web"]["environment"]["REDIS_URL"].startswith("redis://")


PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "odco.example.ma",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.ma:587",
    "ODCO_SITE_URL": "https://odco.example.ma",
    "DJANGO_SETTINGS_MODULE": "odco.settings.base",
}


def _check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_under_production_variables():
    result = _check_deploy(PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("site_url", "error"),
    [
        (None, "odco.E002"),  # absent: the development default, this machine
        ("", "odco.E001"),
        ("odco.example.ma", "odco.E001"),
        ("ftp://odco.example.ma", "odco.E001"),
        ("http://localhost:8000", "odco.E002"),
        ("https://odco.example.ma/app", "odco.E003"),
    ],
)
def test_check_deploy_fails_without_the_public_site_address(site_url, error):
    env = {k: v for k, v in PRODUCTION.items() if k != "ODCO_SITE_URL"}
    if site_url is not None:
        env["ODCO_SITE_URL"] = site_url
    result = _check_deploy(env)
    assert result.returncode == 1
    assert f"({error}) ODCO_SITE_URL" in result.stderr, result.stderr
    assert "accompagnement.odco.gov.ma" in result.stderr  # the hint names an example address


def test_the_site_address_is_not_required_in_development():
    env = {**{k: v for k, v in PRODUCTION.items() if k != "ODCO_SITE_URL"}, "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert "odco.E00" not in result.stdout + result.stderr


def test_production_settings_require_verified_email_and_mfa_for_staff():
    code = (
        "from django.conf import settings as s;"
        "print(s.ACCOUNT_EMAIL_VERIFICATION, s.MFA_REQUIRED_ROLES,"
        " s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_SETTINGS_MODULE": "odco.settings.base",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "mandatory ['staff', 'committee'] True True", result.stderr
