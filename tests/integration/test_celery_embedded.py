"""The embedded queue (no server): a task sent on the file-system transport runs on a worker."""

from pathlib import Path

import pytest

from tests.core.test_embedded_queue import QUEUE_DIR, embedded_transport_options

from .conftest import reconfigure

pytestmark = pytest.mark.integration


@pytest.fixture
def embedded_celery_app(tmp_path, monkeypatch):
    from odco.celery import app

    # The settings' options (control folder included), with the messages in a private folder.
    options = embedded_transport_options(monkeypatch)
    folders = {name: tmp_path / "queue" / name for name in ("messages", "processed", "results")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    keys = ("broker_url", "broker_transport_options", "result_backend", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    reconfigure(
        app,
        broker_url="filesystem://",
        broker_transport_options={
            **options,
            "data_folder_in": str(folders["messages"]),
            "data_folder_out": str(folders["messages"]),
            "processed_folder": str(folders["processed"]),
        },
        result_backend=f"file://{folders['results']}",
        task_always_eager=False,
    )
    # The test worker's bindings must not stay in the shared exchange tables.
    control = Path(options["control_folder"])
    before = {path: path.read_bytes() for path in control.glob("*.exchange")}
    yield app
    reconfigure(app, **saved)
    for path in control.glob("*.exchange"):
        if path in before:
            path.write_bytes(before[path])
        else:
            path.unlink()


def test_task_runs_off_the_request_on_the_embedded_queue(embedded_celery_app, tmp_path, monkeypatch):
    from celery.contrib.testing.worker import start_worker

    from odco.tasks import ping

    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    with start_worker(embedded_celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay(1)
        assert result.get(timeout=20) == {"pong": 2}
    # The worker's pidbox (remote control) exchange is kept with the queue, not in ./control.
    assert list(workdir.iterdir()) == []
    control = Path(embedded_celery_app.conf.broker_transport_options["control_folder"])
    assert control == QUEUE_DIR / "control"
    assert (control / "celery.pidbox.exchange").is_file()
