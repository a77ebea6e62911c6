"""A real worker killed in the middle of an import: another one finishes it, nothing twice."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction

from cooperatives.models import Cooperative
from odco.jobs.models import Job
from odco.jobs.services import job_create, job_enqueue
from tests.factories import make_user

from .test_faults import celery_app, wait_for, worker_process  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.integration,
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a shared database"),
]


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_is_killed_completes_on_another_without_duplicates(worker_process):  # noqa: F811
    from cooperatives.tasks import import_cooperatives_task
    from tests.cooperatives.files import csv_bytes, row

    rows = 4000
    staff = make_user("staff", email="importer@faults.odco.ma")
    data = csv_bytes([row(f"RC-K{n:05d}", nom=f"Coopérative K{n:05d}") for n in range(rows)])
    path = default_storage.save("imports/faults.csv", ContentFile(data))
    first = worker_process()
    with transaction.atomic():
        job = job_create(kind="cooperatives.import", user=staff, params={"path": path, "name": "faults.csv"})
        job_enqueue(job=job, task=import_cooperatives_task)

    def started():
        """the import is under way"""
        return Job.objects.filter(pk=job.pk, done__gt=0).exists()

    wait_for(started, timeout=60, step=0.02)
    first.kill()
    killed = Job.objects.get(pk=job.pk)
    assert killed.status == "running", (killed.status, killed.message, killed.done, killed.total)
    assert Cooperative.objects.count() in (0, rows)  # one transaction: never half-written

    worker_process()
    wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=("succeeded", "failed")).exists(), timeout=120)
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    numbers = list(Cooperative.objects.values_list("registration_number", flat=True))
    assert sorted(numbers) == [f"RC-K{n:05d}" for n in range(rows)]
    assert job.result["created"] + job.result["unchanged"] == rows
    assert job.result["updated"] == job.result["rejected"] == 0
    assert not default_storage.exists(path)
