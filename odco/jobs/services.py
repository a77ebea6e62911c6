"""Writes on long jobs. Progress updates are single UPDATE statements (cheap, lock-free)."""

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import Job


def job_create(*, kind: str, user, label: str = "", total: int = 0, params: dict | None = None) -> Job:
    return Job.objects.create(
        kind=kind,
        label=label,
        total=total,
        params=params or {},
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def job_enqueue(*, job: Job, task, args: tuple = ()) -> None:
    """Send `task(job.id, *args)` once the surrounding transaction commits."""
    transaction.on_commit(lambda: task.delay(str(job.id), *args))


def job_start(*, job_id, total: int | None = None) -> None:
    fields = {"status": Job.Status.RUNNING, "started_at": timezone.now(), "message": ""}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job_id).update(**fields)


def job_progress(*, job_id, done: int, total: int | None = None, message: str | None = None) -> None:
    fields: dict = {"done": done}
    if total is not None:
        fields["total"] = total
    if message is not None:
        fields["message"] = message
    Job.objects.filter(pk=job_id).update(**fields)


def progress_callback(job_id, *, every: int = 1) -> Callable[[int, int], None]:
    """A `callback(done, total)` that records progress every `every` steps."""

    def report(done: int, total: int) -> None:
        if done == total or done % every == 0:
            job_progress(job_id=job_id, done=done, total=total)

    return report


def job_succeed(
    *,
    job_id,
    result: dict | None = None,
    message: str = "",
    file_name: str = "",
    file_content: bytes | None = None,
    result_url: str = "",
) -> Job:
    job = Job.objects.get(pk=job_id)
    job.status = Job.Status.SUCCEEDED
    job.result = result or {}
    job.message = message
    job.result_url = result_url
    job.finished_at = timezone.now()
    job.done = job.total or job.done
    if file_content is not None:
        if job.result_file:
            job.result_file.delete(save=False)  # re-running replaces the file, never adds one
        job.result_file.save(file_name, ContentFile(file_content), save=False)
    job.save()
    return job


def job_fail(*, job_id, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, message=message, finished_at=timezone.now()
    )
