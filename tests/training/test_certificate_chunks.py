"""Certificate batches in chunks that any number of workers share: each chunk idempotent,
the whole batch complete, the job's progress following the chunks (tasks run eagerly here)."""

import pytest

from odco.jobs.models import Job
from odco.jobs.services import job_create
from training.models import Certificate
from training.services import certificates as certificate_services
from training.services.certificates import certificate_batch_prepare, certificate_chunk_render
from training.tasks import certificate_batch_task, certificate_chunk_task

from .factories import accompanied, coordinator, make_session, mark, validated_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def chunks_of_two(monkeypatch):
    monkeypatch.setattr(certificate_services, "RENDER_CHUNK", 2)


def _phase_with_eligible(count: int):
    """A held session in 09 where `count` participants were present: all eligible."""
    phase = validated_phase()
    accompanied(phase, participants=count)
    session = make_session(phase, day=5, status="open", enrol=True)
    mark(session, dict.fromkeys(session.enrolments.values_list("participant_id", flat=True), "present"))
    from training.services import session_transition

    session_transition(actor=coordinator(), session=session, name="hold")
    return phase


def _files() -> dict[int, str]:
    return dict(Certificate.objects.values_list("pk", "pdf"))


def _batch_job(phase) -> Job:
    return job_create(kind=certificate_services.JOB_KIND, user=coordinator(), params={"phase_id": phase.pk})


def test_prepare_issues_once_and_splits_the_certificates_without_a_file(chunks_of_two):
    phase = _phase_with_eligible(5)
    created, existing, chunks = certificate_batch_prepare(actor=coordinator(), phase=phase)
    ids = sorted(Certificate.objects.filter(phase=phase).values_list("pk", flat=True))
    assert (created, existing) == (5, 0)
    assert chunks == [ids[0:2], ids[2:4], ids[4:5]]
    # again: nothing issued, the same chunks (no file yet)
    assert certificate_batch_prepare(actor=coordinator(), phase=phase) == (0, 5, chunks)


def test_a_chunk_renders_only_its_certificates_and_running_it_again_changes_nothing(chunks_of_two):
    phase = _phase_with_eligible(5)
    _created, _existing, chunks = certificate_batch_prepare(actor=coordinator(), phase=phase)
    assert certificate_chunk_render(phase=phase, certificate_ids=chunks[1]) == 2
    files = _files()
    assert sorted(pk for pk, name in files.items() if name) == chunks[1]
    assert certificate_chunk_render(phase=phase, certificate_ids=chunks[1]) == 0
    assert _files() == files
    # the chunks still to render are the others only
    assert certificate_batch_prepare(actor=coordinator(), phase=phase)[2] == [chunks[0], chunks[2][:1]]


def test_the_task_renders_every_chunk_and_the_job_counts_them(chunks_of_two):
    phase = _phase_with_eligible(5)
    job = _batch_job(phase)
    certificate_batch_task(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("succeeded", 5, 5)
    assert job.result == {"created": 5, "existing": 0, "rendered": 5}
    files = _files()
    assert len(files) == 5
    assert all(files.values())
    assert len(set(files.values())) == 5  # one distinct file each


def test_after_a_worker_died_mid_batch_the_rerun_completes_without_duplicates(chunks_of_two):
    # given a batch whose worker died after issuing and rendering its first chunk
    phase = _phase_with_eligible(5)
    job = _batch_job(phase)
    _created, _existing, chunks = certificate_batch_prepare(actor=job.created_by, phase=phase)
    certificate_chunk_task(str(job.pk), phase.pk, chunks[0])
    Job.objects.filter(pk=job.pk).update(status="running")
    first_files = {pk: name for pk, name in _files().items() if name}
    # when the job runs again
    certificate_batch_task(str(job.pk))
    # then every certificate has one file, the first chunk's files are untouched
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("succeeded", 3, 3)
    assert job.result == {"created": 0, "existing": 5, "rendered": 3}
    files = _files()
    assert Certificate.objects.filter(phase=phase).count() == 5
    assert all(files.values()) and len(set(files.values())) == 5
    assert {pk: files[pk] for pk in first_files} == first_files


def test_a_finished_job_is_left_alone(chunks_of_two):
    phase = _phase_with_eligible(3)
    job = _batch_job(phase)
    certificate_batch_task(str(job.pk))
    files = _files()
    job.refresh_from_db()
    finished_at = job.finished_at
    certificate_batch_task(str(job.pk))
    job.refresh_from_db()
    assert (job.finished_at, job.result["rendered"]) == (finished_at, 3)
    assert _files() == files
