"""A job never lies about its state, against a real Redis and real worker processes.

A worker SIGKILLed mid-import stops beating: once its heartbeat is older than
ODCO_JOB_STALE_SECONDS the job page says interrupted (never "En cours"); then the job resumes
on another worker (the broker hands its unacknowledged message over), or its owner runs it
again from the page; either way it finishes with every row written once. With the broker
down the page says the job waits for the queue, not "0 %".

These tests use the Redis database of REDIS_URL itself (emptied before and after).
"""

import json
import os
import threading
import time

import pytest
import redis
from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils.html import strip_tags

from cooperatives.models import Cooperative
from odco.audit.models import AuditEntry
from odco.jobs.models import Job
from odco.jobs.services import job_create, job_enqueue, job_start, job_succeed
from odco.jobs.tasks import send_pending_jobs
from tests.factories import make_user
from tests.i18n import fr

from . import test_faults
from .conftest import reconfigure
from .test_faults import CLOSED, WorkerProcess, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("reference_data")]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a worker process needs a shared database"
)
STALE = 3  # seconds without a heartbeat before a running job is shown interrupted
ROWS = 4000


def jobs_redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("ODCO_REQUIRE_REDIS"):
            pytest.fail("REDIS_URL is required (ODCO_REQUIRE_REDIS=1)")
        pytest.skip("REDIS_URL is not set: the job heartbeat tests need Redis")
    return url


@pytest.fixture
def queue(monkeypatch):
    """The Celery app, not eager, on REDIS_URL; worker processes use the same database."""
    from odco.celery import app

    url = jobs_redis_url()
    redis.Redis.from_url(url).flushdb()
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    reconfigure(app, broker_url=url, result_backend=url, task_always_eager=False)
    monkeypatch.setattr(test_faults, "live_redis_url", jobs_redis_url)  # the workers' broker
    with override_settings(ODCO_JOB_STALE_SECONDS=STALE):
        yield app
    reconfigure(app, **saved)
    redis.Redis.from_url(url).flushdb()


@pytest.fixture
def workers(tmp_path, queue, monkeypatch):
    """Start real `celery worker` processes that beat every half second."""
    monkeypatch.setenv("ODCO_JOB_HEARTBEAT_SECONDS", "0.5")
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        started.append(WorkerProcess(tmp_path).start())
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


def shown(client, job) -> tuple[str, str]:
    """(the state the poll answers, the words the job page shows)."""
    poll = client.get(reverse("jobs:progress", args=[job.pk]), headers={"accept": "application/json"})
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    return json.loads(poll.content)["state"], " ".join(strip_tags(page).split())


def start_import(client, owner) -> Job:
    from cooperatives.tasks import import_cooperatives_task
    from tests.cooperatives.files import csv_bytes, row

    data = csv_bytes([row(f"RC-H{n:05d}", nom=f"Coopérative H{n:05d}") for n in range(ROWS)])
    path = default_storage.save("imports/heartbeat.csv", ContentFile(data))
    with transaction.atomic():
        job = job_create(
            kind="cooperatives.import", user=owner, params={"path": path, "name": "heartbeat.csv"}
        )
        job_enqueue(job=job, task=import_cooperatives_task)
    client.force_login(owner)
    return job


def kill_mid_import(client, job, worker) -> None:
    """Kill `worker` once the import is under way; wait for the page to say interrupted."""

    def started():
        """the import is under way"""
        return Job.objects.filter(pk=job.pk, done__gt=0).exists()

    wait_for(started, timeout=60, step=0.02)
    worker.kill()
    assert Job.objects.get(pk=job.pk).status == "running"  # what the dead task last wrote
    assert Cooperative.objects.count() in (0, ROWS)  # one transaction: never half-written

    def interrupted():
        """the page says interrupted"""
        return shown(client, job)[0] == "interrupted"

    wait_for(interrupted, timeout=STALE + 10, step=0.2)
    state, words = shown(client, job)
    assert fr("Interrupted") in words
    assert fr("running").capitalize() not in words  # never "En cours" for a dead worker
    current = Job.objects.get(pk=job.pk)
    assert fr("%(done)s of %(total)s done") % {"done": current.done, "total": current.total} in words
    assert fr("Run again") in words


def assert_imported_once(job) -> None:
    wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=("succeeded", "failed")).exists(), timeout=120)
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    numbers = list(Cooperative.objects.values_list("registration_number", flat=True))
    assert sorted(numbers) == [f"RC-H{n:05d}" for n in range(ROWS)]
    assert job.result["created"] + job.result["unchanged"] == ROWS
    assert Job.objects.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_shows_interrupted_then_the_job_resumes_by_itself(client, workers):
    job = start_import(client, make_user("staff", email="owner@heartbeat.odco.ma"))
    kill_mid_import(client, job, workers())

    workers()  # the broker hands the unacknowledged message to the new worker

    def resumed():
        """the job is alive again"""
        return shown(client, job)[0] in ("running", "succeeded")

    wait_for(resumed, timeout=60, step=0.1)
    assert_imported_once(job)
    assert shown(client, job)[0] == "succeeded"
    assert not AuditEntry.objects.filter(action="job.rerun").exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_s_job_run_again_by_its_owner_finishes_with_nothing_twice(client, workers):
    owner = make_user("staff", email="owner@heartbeat.odco.ma")
    job = start_import(client, owner)
    kill_mid_import(client, job, workers())

    response = client.post(reverse("jobs:rerun", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.sent_at is not None) == ("pending", True)  # sent again at once
    state, words = shown(client, job)
    assert state == "queued" and fr("Queued") in words  # no worker is running
    workers()
    assert_imported_once(job)
    entry = AuditEntry.objects.get(action="job.rerun")
    assert (entry.actor, entry.from_state, entry.to_state) == (owner, "interrupted", "pending")


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_page_says_the_job_waits_for_the_queue(client, queue):
    make_user("staff", email="staff@heartbeat.odco.ma")
    client.force_login(make_user("staff", email="exporter@heartbeat.odco.ma"))
    reconfigure(queue, broker_url=CLOSED, result_backend=CLOSED)

    asked = client.post(reverse("cooperatives:export"), {"format": "csv"})

    job = Job.objects.get()
    assert asked["Location"] == reverse("jobs:detail", args=[job.pk])
    state, words = shown(client, job)
    assert state == "unsent"
    assert fr("Waiting for the queue") in words
    assert fr("the queue is unreachable; the job will be sent as soon as it is back.") in words
    assert "0%" not in words and "0 %" not in words

    reconfigure(queue, broker_url=jobs_redis_url(), result_backend=jobs_redis_url())
    assert send_pending_jobs() == 1
    state, words = shown(client, job)
    assert state == "queued" and fr("Queued") in words and "0%" not in words


released = threading.Event()


@shared_task(name="tests.integration.silent_job")
def silent_job(job_id: str) -> None:
    """A long step that reports no progress (a big PDF, a slow query) until released."""
    job_start(job_id=job_id, total=1)
    released.wait(timeout=60)
    job_succeed(job_id=job_id)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("every", "expected"), [(0.5, {"running"}), (3600, {"running", "interrupted"})])
def test_a_live_worker_keeps_a_silent_job_running_by_its_heartbeat(client, queue, every, expected):
    """While the task reports nothing for longer than the stale threshold, the worker's
    heartbeat keeps the job shown running; without it (a heartbeat every hour) it would not."""
    from celery.contrib.testing.worker import start_worker

    owner = make_user("staff", email="owner@heartbeat.odco.ma")
    client.force_login(owner)
    released.clear()
    worker = start_worker(queue, pool="solo", perform_ping_check=False, shutdown_timeout=10)
    with override_settings(ODCO_JOB_HEARTBEAT_SECONDS=every), worker:
        with transaction.atomic():
            job = job_create(kind="test", user=owner)
            job_enqueue(job=job, task=silent_job)
        wait_for(lambda: Job.objects.filter(pk=job.pk, status="running").exists(), timeout=30)
        states = set()
        deadline = time.monotonic() + 2 * STALE
        while time.monotonic() < deadline:
            states.add(shown(client, job)[0])
            time.sleep(0.25)
        released.set()
        wait_for(lambda: Job.objects.filter(pk=job.pk, status="succeeded").exists(), timeout=30)
    assert states == expected
