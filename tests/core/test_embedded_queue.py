"""The embedded queue keeps all its files under var/queue/, whatever the working directory."""

import runpy
import uuid
from pathlib import Path

from kombu import Connection, Exchange, Queue

ROOT = Path(__file__).resolve().parent.parent.parent
QUEUE_DIR = ROOT / "var" / "queue"


def embedded_transport_options(monkeypatch):
    """The broker options of the settings as a newcomer gets them: no REDIS_URL."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = runpy.run_path(str(ROOT / "odco" / "settings" / "base.py"))
    assert settings["CELERY_BROKER_URL"] == "filesystem://"
    return settings["CELERY_BROKER_TRANSPORT_OPTIONS"]


def test_every_folder_of_the_embedded_queue_is_under_var_queue(monkeypatch):
    options = embedded_transport_options(monkeypatch)
    folders = {key: Path(value) for key, value in options.items() if "_folder" in key}
    assert set(folders) == {"data_folder_in", "data_folder_out", "processed_folder", "control_folder"}
    for path in folders.values():
        assert path.is_absolute() and path.parent == QUEUE_DIR


def test_a_broadcast_on_the_embedded_queue_leaves_no_control_folder_in_the_working_directory(
    monkeypatch, tmp_path
):
    options = embedded_transport_options(monkeypatch)
    monkeypatch.chdir(tmp_path)
    name = f"odco-test-{uuid.uuid4().hex}"
    exchange = Exchange(f"{name}.fanout", type="fanout")
    queue = Queue(name, exchange)
    exchange_file = QUEUE_DIR / "control" / f"{name}.fanout.exchange"
    try:
        with Connection("filesystem://", transport_options=options) as conn:
            bound = queue(conn.default_channel)
            bound.declare()  # a worker's pidbox binding: writes the exchange table
            conn.Producer().publish({"hello": 1}, exchange=exchange, declare=[exchange])
            message = bound.get(no_ack=True)
            assert message is not None and message.payload == {"hello": 1}
            assert exchange_file.is_file()
        assert list(tmp_path.iterdir()) == []
    finally:
        exchange_file.unlink(missing_ok=True)
