"""The embedded queue (no server): a task sent on the file-system transport runs on a worker."""

import pytest

from .conftest import reconfigure

pytestmark = pytest.mark.integration


@pytest.fixture
def embedded_celery_app(tmp_path):
    from odco.celery import app

    folders = {name: tmp_path / name for name in ("messages", "processed", "results")}
    for folder in folders.values():
        folder.mkdir()
    keys = ("broker_url", "broker_transport_options", "result_backend", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    reconfigure(
        app,
        broker_url="filesystem://",
        broker_transport_options={
            "data_folder_in": str(folders["messages"]),
            "data_folder_out": str(folders["messages"]),
            "processed_folder": str(folders["processed"]),
        },
        result_backend=f"file://{folders['results']}",
        task_always_eager=False,
    )
    yield app
    reconfigure(app, **saved)


def test_task_runs_off_the_request_on_the_embedded_queue(embedded_celery_app):
    from celery.contrib.testing.worker import start_worker

    from odco.tasks import ping

    with start_worker(embedded_celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay(1)
        assert result.get(timeout=20) == {"pong": 2}
