"""Test settings: the base settings with fast hashing, eager tasks and in-memory mail."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"

# Lets two test runs share one PostgreSQL server (e.g. CI beside a developer's run).
if env("DJANGO_TEST_DATABASE_NAME", default=""):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env("DJANGO_TEST_DATABASE_NAME")  # noqa: F405
