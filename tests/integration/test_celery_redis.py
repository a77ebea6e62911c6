"""A task sent through Redis to a live Celery worker, and its result read back."""

import os

import pytest
from django.conf import settings

from .conftest import reconfigure

pytestmark = pytest.mark.integration


@pytest.fixture
def redis_celery_app():
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("ODCO_REQUIRE_REDIS"):
            pytest.fail("REDIS_URL is required (ODCO_REQUIRE_REDIS=1)")
        pytest.skip("REDIS_URL is not set: the live-worker test needs Redis")
    from odco.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    reconfigure(app, broker_url=url, result_backend=url, task_always_eager=False)
    yield app
    reconfigure(app, **saved)
    assert settings.CELERY_TASK_ALWAYS_EAGER is True  # the test settings were left as they were


def test_task_runs_on_a_live_worker_through_redis(redis_celery_app):
    from celery.contrib.testing.worker import start_worker

    from odco.tasks import ping

    with start_worker(redis_celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay(41)
        assert result.get(timeout=20) == {"pong": 42}
        assert result.status == "SUCCESS"
