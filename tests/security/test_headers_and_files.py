"""Production headers (HSTS, CSP without inline scripts, frame and referrer policies, secure
cookies) and files: nothing uploaded is reachable from a public URL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse

from odco.jobs.models import Job
from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent.parent

PROBE = """
import json, django
django.setup()
from django.test import Client, override_settings
# The manifest of collected static files does not exist in a source checkout.
override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client(HTTP_HOST="odco.example.ma")
out = {}
for name, path in (("healthz", "/healthz"), ("login", "/accounts/login/")):
    r = client.get(path, secure=True)
    out[name] = {"status": r.status_code, "headers": dict(r.headers),
                 "cookies": {k: dict(v) | {"secure": v["secure"], "httponly": v["httponly"]}
                             for k, v in r.cookies.items()}}
plain = client.get("/accounts/login/")
out["plain"] = {"status": plain.status_code, "location": plain.get("Location", "")}
from django.conf import settings as s
out["settings"] = [s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE,
                   s.LANGUAGE_COOKIE_SECURE]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "odco.example.ma",
        "DJANGO_SETTINGS_MODULE": "odco.settings.base",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    for name in ("DATABASE_URL",):
        if os.environ.get(name):
            env[name] = os.environ[name]
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_answers_with_the_security_headers(production):
    headers = production["healthz"]["headers"]
    assert production["healthz"]["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_production_csp_allows_scripts_from_the_site_only(production):
    csp = production["login"]["headers"]["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_production_cookies_are_secure_and_plain_http_is_redirected(production):
    csrf = production["login"]["cookies"]["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    assert production["settings"] == [True, True, True, True]
    assert production["plain"]["status"] == 301
    assert production["plain"]["location"] == "https://odco.example.ma/accounts/login/"


def test_uploads_live_outside_the_static_folders():
    media = Path(settings.MEDIA_ROOT).resolve()
    statics = [Path(settings.STATIC_ROOT).resolve()] + [
        Path(d[1] if isinstance(d, tuple) else d).resolve() for d in settings.STATICFILES_DIRS
    ]
    for folder in statics:
        assert not media.is_relative_to(folder), folder
        assert not folder.is_relative_to(media), folder


def test_no_url_serves_the_media_folder():
    routes = [str(p.pattern) for p in get_resolver().url_patterns]
    assert not any(r.lstrip("^/").startswith(settings.MEDIA_URL.strip("/")) for r in routes)


@pytest.mark.django_db
def test_an_uploaded_file_is_not_reachable_at_its_storage_path(client):
    staff = make_user("staff", email="files@odco.ma")
    job = Job.objects.create(kind="test", label="Export", created_by=staff)
    job.result_file.save("export.csv", ContentFile(b"a;b"))
    client.force_login(staff)
    try:
        assert client.get(settings.MEDIA_URL + job.result_file.name).status_code == 404
        assert client.get("/" + job.result_file.name).status_code == 404
        download = client.get(reverse("jobs:download", args=[job.pk]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"a;b"
        client.force_login(make_user("coordinator", email="other@odco.ma"))
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    finally:
        job.result_file.delete(save=False)
