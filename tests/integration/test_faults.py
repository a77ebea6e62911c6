"""Faults against the real services: Redis down, a worker killed mid-job, PostgreSQL
connections cut under load. Each test proves the platform loses nothing and fails cleanly."""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse

from odco.jobs.models import Job
from odco.jobs.services import job_create, job_enqueue
from odco.jobs.tasks import send_pending_jobs
from tests.factories import make_user

from .conftest import reconfigure

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("reference_data")]

ROOT = Path(__file__).resolve().parent.parent.parent
CLOSED = "redis://127.0.0.1:1/0"  # nothing listens there: the broker and cache are "down"
FAULTS_DB = 13  # a Redis database of its own, so that no other worker takes these tasks


def live_redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("ODCO_REQUIRE_REDIS"):
            pytest.fail("REDIS_URL is required (ODCO_REQUIRE_REDIS=1)")
        pytest.skip("REDIS_URL is not set: the fault tests need Redis")
    return url.rsplit("/", 1)[0] + f"/{FAULTS_DB}"


@pytest.fixture
def celery_app():
    """The Celery app, not eager, on the faults' Redis database (emptied before and after)."""
    from odco.celery import app

    url = live_redis_url()
    redis.Redis.from_url(url).flushdb()
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    reconfigure(app, broker_url=url, result_backend=url, task_always_eager=False)
    yield app
    reconfigure(app, **saved)
    redis.Redis.from_url(url).flushdb()


def wait_for(condition, *, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {condition.__doc__ or condition}")


# --- Redis down --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_pages_serve_health_tells_and_jobs_wait_then_run(client, celery_app):
    from celery.contrib.testing.worker import start_worker

    make_user("staff", email="staff@faults.odco.ma")
    down_cache = {
        "default": {
            "BACKEND": "odco.cache.ResilientRedisCache",
            "LOCATION": CLOSED,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    reconfigure(celery_app, broker_url=CLOSED, result_backend=CLOSED)
    with override_settings(REDIS_URL=CLOSED, CACHES=down_cache):
        login = client.post(
            reverse("account_login"), {"login": "staff@faults.odco.ma", "password": "Test-password-2026"}
        )
        assert login.status_code == 302
        health = client.get(reverse("healthz"))
        assert (health.status_code, health.json()["broker"], health.json()["database"]) == (200, "down", "ok")
        assert client.get(reverse("cooperatives:list")).status_code == 200
        asked = client.post(reverse("cooperatives:export"), {"format": "csv"})

    job = Job.objects.get()
    assert asked.status_code == 302
    assert asked["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.task_name, job.sent_at) == ("pending", "cooperatives.export_file", None)

    # the broker is back: the sweep sends the job once, a worker runs it
    reconfigure(celery_app, broker_url=live_redis_url(), result_backend=live_redis_url())
    assert send_pending_jobs() == 1
    assert send_pending_jobs() == 0
    job.refresh_from_db()
    assert job.sent_at is not None
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        wait_for(lambda: Job.objects.filter(pk=job.pk, status="succeeded").exists(), timeout=30)
    job.refresh_from_db()
    assert job.result_file.name.endswith(".csv")
    assert client.get(reverse("healthz")).json()["broker"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_a_job_asked_for_while_the_broker_is_down_goes_out_with_the_next_one(celery_app):
    from cooperatives.tasks import export_cooperatives_task

    staff = make_user("staff", email="staff@faults.odco.ma")
    reconfigure(celery_app, broker_url=CLOSED, result_backend=CLOSED)
    with transaction.atomic():
        first = job_create(kind="cooperatives.export", user=staff, params={"filters": {}, "format": "csv"})
        job_enqueue(job=first, task=export_cooperatives_task)
    first.refresh_from_db()
    assert first.sent_at is None

    reconfigure(celery_app, broker_url=live_redis_url(), result_backend=live_redis_url())
    with transaction.atomic():
        second = job_create(kind="cooperatives.export", user=staff, params={"filters": {}, "format": "csv"})
        job_enqueue(job=second, task=export_cooperatives_task)

    assert Job.objects.filter(sent_at__isnull=True).count() == 0
    assert redis.Redis.from_url(live_redis_url()).llen("celery") == 2


# --- A worker killed in the middle of a job ------------------------------------------------


def database_url() -> str:
    """The test database's address, for processes started by the tests."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """A real `celery worker` on the faults' Redis database and the test database."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.process: subprocess.Popen | None = None

    def start(self):
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": "odco.settings.base",
            "DATABASE_URL": database_url(),
            "REDIS_URL": live_redis_url(),
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_CONN_MAX_AGE": "0",
            "CELERY_VISIBILITY_TIMEOUT": "3",
            "CELERY_RESTORE_INTERVAL": "1",
            "CELERY_RESTORE_THROTTLE": "1",
        }
        log = open(self.tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "odco",
                "worker",
                "--pool=solo",
                "--loglevel=warning",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=faults-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_process(tmp_path, celery_app):
    workers: list[WorkerProcess] = []

    def start():
        workers.append(WorkerProcess(tmp_path).start())
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a shared database")
@pytest.mark.django_db(transaction=True)
def test_a_certificate_batch_whose_worker_is_killed_completes_on_another_without_duplicates(
    worker_process,
):
    from tests.training.factories import accompanied, coordinator, make_session, mark, validated_phase
    from training.models import Certificate
    from training.models_kit import certificate_upload_to
    from training.services import session_transition
    from training.services.certificates import certificate_batch_start

    phase = validated_phase()
    accompanied(phase, participants=60)
    session = make_session(phase, day=5, status="open", enrol=True)
    mark(session, dict.fromkeys(session.enrolments.values_list("participant_id", flat=True), "present"))
    session_transition(actor=coordinator(), session=session, name="hold")
    folder = Path(settings.MEDIA_ROOT, certificate_upload_to(Certificate(phase=phase), "x.pdf")).parent
    shutil.rmtree(folder, ignore_errors=True)  # files of an earlier run with the same phase id
    first = worker_process()

    with transaction.atomic():
        job = certificate_batch_start(actor=coordinator(), phase=phase)

    def issued_and_rendering():
        """every certificate issued, the PDFs being rendered"""
        current = Job.objects.get(pk=job.pk)
        return current.status == "running" and current.total > 0

    wait_for(issued_and_rendering, timeout=60, step=0.02)
    first.kill()
    participants = Job.objects.get(pk=job.pk).total
    assert Certificate.objects.filter(phase=phase, pdf="").exists(), "the batch ended before the kill"
    assert Job.objects.get(pk=job.pk).status != "succeeded"

    worker_process()  # another worker takes the unacknowledged chunk back
    wait_for(lambda: Job.objects.filter(pk=job.pk, status="succeeded").exists(), timeout=120, step=0.5)

    certificates = list(Certificate.objects.filter(phase=phase))
    files = [c.pdf.name for c in certificates]
    assert len(certificates) == participants
    assert len({c.participant_id for c in certificates}) == participants
    assert all(files) and len(set(files)) == participants
    on_disk = [str(p.relative_to(settings.MEDIA_ROOT)) for p in folder.iterdir() if p.suffix == ".pdf"]
    assert sorted(on_disk) == sorted(files)  # no orphan file left by the killed worker
    shutil.rmtree(folder, ignore_errors=True)
    job.refresh_from_db()
    assert (job.done, job.total) == (participants, participants)


# --- PostgreSQL connections cut under load --------------------------------------------------


def terminate_backends() -> int:
    """Cut every connection to the test database but this one (what a restart does to them)."""
    import psycopg2

    db = connection.settings_dict
    admin = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        count = cursor.fetchone()[0]
    admin.close()
    return count


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="cuts PostgreSQL connections")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_cut_database_connection_answers_a_clean_503_then_the_next_request_recovers():
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(make_user("committee", email="committee@faults.odco.ma"))
    assert client.get(reverse("dashboard")).status_code == 200

    assert terminate_backends() >= 1
    cut = client.get(reverse("dashboard"))

    assert cut.status_code == 503
    assert cut["Retry-After"] == "30"
    assert b"Traceback" not in cut.content
    assert b'lang="' in cut.content
    assert client.get(reverse("dashboard")).status_code == 200


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_under_load_cut_connections_fail_cleanly_and_the_server_recovers(live_server, client):
    import threading
    import urllib.error
    import urllib.request

    client.force_login(make_user("committee", email="load@faults.odco.ma"))
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    urls = [live_server.url + reverse("healthz"), live_server.url + reverse("dashboard")]
    statuses: list[int] = []
    stop = threading.Event()

    def hit(url: str) -> int:
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - local server
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def load(url: str):
        while not stop.is_set():
            statuses.append(hit(url))

    threads = [threading.Thread(target=load, args=(url,)) for url in urls for _ in range(2)]
    for thread in threads:
        thread.start()
    for _ in range(5):
        time.sleep(0.3)
        terminate_backends()
    time.sleep(0.3)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    connection.close()  # this thread's connection was cut too

    assert len(statuses) > 10
    assert set(statuses) <= {200, 503}, sorted(set(statuses))
    assert [hit(url) for url in urls for _ in range(3)] == [200] * 6
