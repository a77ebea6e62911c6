"""A large import in chunks that any number of workers share: validated whole first (nothing
written if refused), each chunk idempotent, the whole file complete, the job's progress
following the chunks (tasks run eagerly here; the chunk size is made tiny). Jobs speak the
language of their user (French by default)."""

import csv

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cooperatives import tasks
from cooperatives.models import Cooperative
from odco.audit.models import AuditEntry
from odco.jobs.models import Job
from odco.jobs.services import job_create
from tests.factories import make_user
from tests.i18n import fr

from .files import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def chunks_of_two(monkeypatch):
    monkeypatch.setattr(tasks, "IMPORT_CHUNK_ROWS", 2)


def _job(data: bytes, *, partial: bool = False, user=None) -> Job:
    path = default_storage.save("imports/chunks.csv", ContentFile(data))
    return job_create(
        kind="cooperatives.import",
        user=user or make_user("staff"),
        params={"path": path, "name": "chunks.csv", "partial": partial},
    )


def _numbers() -> list[str]:
    return sorted(Cooperative.objects.values_list("registration_number", flat=True))


FIVE = [row(f"RC-{i}") for i in range(1, 6)]


def test_a_large_file_is_written_by_chunks_and_the_job_counts_them(chunks_of_two):
    job = _job(csv_bytes(FIVE))
    tasks.import_cooperatives_task(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("succeeded", 10, 10)
    assert job.result == {"created": 5, "updated": 0, "unchanged": 0, "rejected": 0}
    assert _numbers() == ["RC-1", "RC-2", "RC-3", "RC-4", "RC-5"]
    assert not default_storage.exists(job.params["path"])  # the upload is removed once imported
    # one import entry per chunk written: three chunks of 2, 2 and 1 rows
    assert AuditEntry.objects.filter(action="cooperative.import").count() == 3


def test_a_chunk_run_again_changes_nothing(chunks_of_two):
    job = _job(csv_bytes(FIVE))
    first = tasks.import_chunk_task(str(job.pk), [3, 4])  # lines 3 and 4: RC-2 and RC-3
    updated_at = dict(Cooperative.objects.values_list("registration_number", "updated_at"))
    second = tasks.import_chunk_task(str(job.pk), [3, 4])
    assert first == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert second == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    assert _numbers() == ["RC-2", "RC-3"]
    assert dict(Cooperative.objects.values_list("registration_number", "updated_at")) == updated_at


def test_a_refused_large_file_writes_nothing(chunks_of_two):
    rows = [*FIVE, row("RC-6", region="Atlantis")]
    job = _job(csv_bytes(rows))
    tasks.import_cooperatives_task(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.message) == (
        "failed",
        fr("Nothing was written: the file has %(count)s errors.") % {"count": 1},
    )
    assert Cooperative.objects.count() == 0


def test_a_partial_large_file_keeps_the_rejected_rows_for_download(chunks_of_two):
    rows = [row("RC-1"), row("RC-2", region="Atlantis"), row("RC-3"), row("RC-3"), row("RC-4")]
    job = _job(csv_bytes(rows), partial=True)
    tasks.import_cooperatives_task(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.result == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 3}
    assert _numbers() == ["RC-1", "RC-4"]  # both RC-3 rows are duplicates, rejected
    rejected = list(csv.reader(job.result_file.read().decode("utf-8-sig").splitlines()))
    assert [r[0] for r in rejected[1:]] == ["RC-2", "RC-3", "RC-3"]
    assert not default_storage.exists(f"imports/rejected-{job.pk}.csv")


def test_after_a_worker_died_mid_import_the_rerun_completes_without_duplicates(chunks_of_two):
    # given an import whose worker died after writing its first chunk (RC-1, RC-2)
    job = _job(csv_bytes(FIVE))
    tasks.import_chunk_task(str(job.pk), [2, 3])
    Job.objects.filter(pk=job.pk).update(status="running")
    first = dict(Cooperative.objects.values_list("registration_number", "pk"))
    # when the job runs again
    tasks.import_cooperatives_task(str(job.pk))
    # then every row is there once, the first chunk's rows untouched
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.result == {"created": 3, "updated": 0, "unchanged": 2, "rejected": 0}
    assert _numbers() == ["RC-1", "RC-2", "RC-3", "RC-4", "RC-5"]
    assert {
        n: pk for n, pk in Cooperative.objects.values_list("registration_number", "pk") if n in first
    } == first


def test_a_small_file_is_still_imported_in_one_pass(monkeypatch):
    monkeypatch.setattr(tasks, "import_chunk_task", None)  # never used below the chunk size
    job = _job(csv_bytes(FIVE))
    tasks.import_cooperatives_task(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.result["created"]) == ("succeeded", 5)
    assert AuditEntry.objects.filter(action="cooperative.import").count() == 1
