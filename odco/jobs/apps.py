from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SWEEP_BEAT_KEY = "odco.jobs.send_pending"


class JobsConfig(AppConfig):
    name = "odco.jobs"
    label = "jobs"
    verbose_name = _("Long jobs")

    def ready(self):
        from odco.celery import app

        from . import heartbeat  # noqa: F401 - connects the worker's heartbeat signals

        schedule = dict(app.conf.beat_schedule or {})
        schedule[SWEEP_BEAT_KEY] = {"task": "odco.jobs.send_pending", "schedule": 60.0}
        app.conf.beat_schedule = schedule
