"""The Celery application. Broker and result store come from settings (REDIS_URL or embedded)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odco.settings.base")

app = Celery("odco")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
