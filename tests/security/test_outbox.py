"""The jobs outbox (tasks run eagerly here; tests/integration/test_faults.py uses Redis)."""

import pytest
from celery import shared_task
from django.db import transaction

from odco.jobs.models import Job
from odco.jobs.services import job_create, job_enqueue, jobs_send_pending
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)
runs: list[str] = []


@shared_task(name="tests.security.record_run")
def record_run(job_id: str, label: str) -> None:
    runs.append(f"{job_id}:{label}")


def test_a_job_is_recorded_in_the_outbox_and_sent_once_after_the_commit():
    runs.clear()
    user = make_user("staff")
    with transaction.atomic():
        job = job_create(kind="test", user=user)
        job_enqueue(job=job, task=record_run, args=("first",))
        assert runs == []  # nothing leaves before the commit
        assert Job.objects.get(pk=job.pk).sent_at is None

    job.refresh_from_db()
    assert (job.task_name, job.task_args) == ("tests.security.record_run", ["first"])
    assert job.sent_at is not None
    assert runs == [f"{job.pk}:first"]
    assert jobs_send_pending() == 0
    assert runs == [f"{job.pk}:first"]


def test_a_rolled_back_request_sends_nothing():
    runs.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        job = job_create(kind="test", user=None)
        job_enqueue(job=job, task=record_run, args=("never",))
        raise RuntimeError
    assert runs == []
    assert not Job.objects.exists()


def test_the_sweep_sends_only_pending_unsent_jobs_with_a_task():
    runs.clear()
    waiting = Job.objects.create(kind="test", task_name="tests.security.record_run", task_args=["late"])
    Job.objects.create(kind="test")  # made before the outbox: no task recorded
    Job.objects.create(kind="test", task_name="tests.security.record_run", status="succeeded")

    assert jobs_send_pending() == 1
    assert runs == [f"{waiting.pk}:late"]
    assert jobs_send_pending() == 0
