"""Writes on long jobs. Progress updates are single UPDATE statements (cheap, lock-free).

Sending is an outbox: `job_enqueue` records the task on the job, and the job is marked sent
only once the broker took the message. While the broker is down the page that asked for the
job still answers; `jobs_send_pending` (every minute from beat, and after each successful
send) sends what is left. Each job is claimed by one conditional UPDATE, so it is sent once.
"""

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from odco.audit.services import audit_record

from .models import Job
from .permissions import can_rerun_job

log = logging.getLogger("odco.jobs")


def job_create(*, kind: str, user, label: str = "", total: int = 0, params: dict | None = None) -> Job:
    return Job.objects.create(
        kind=kind,
        label=label,
        total=total,
        params=params or {},
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def job_enqueue(*, job: Job, task, args: tuple = ()) -> None:
    """Record `task(job.id, *args)` on the job and send it once the transaction commits."""
    Job.objects.filter(pk=job.pk).update(task_name=task.name, task_args=list(args))
    job.task_name, job.task_args = task.name, list(args)
    transaction.on_commit(lambda: _send(job.pk, task, [str(job.pk), *args]) and jobs_send_pending())


def _claim(job_id) -> bool:
    """Mark a job sent unless another process already did (one UPDATE; True if claimed)."""
    return bool(Job.objects.filter(pk=job_id, sent_at__isnull=True).update(sent_at=timezone.now()))


def _send(job_id, task, args: list) -> bool:
    """Send one claimed job; on a broker failure release the claim and return False."""
    if not _claim(job_id):
        return False
    try:
        if task.app.conf.task_always_eager:
            task.apply_async(args)
        else:  # the job records its own outcome: no result store needed to send it
            task.apply_async(args, retry=False, ignore_result=True)
    except (BrokerError, ConnectionError, OSError) as error:
        if task.app.conf.task_always_eager:
            raise
        Job.objects.filter(pk=job_id).update(sent_at=None)
        log.warning("broker unreachable, job %s kept in the outbox: %s", job_id, error)
        return False
    return True


def jobs_send_pending(*, limit: int = 200) -> int:
    """Send the jobs asked for while the broker was down (oldest first). Returns how many."""
    from celery import current_app

    pending = (
        Job.objects.filter(sent_at__isnull=True, status=Job.Status.PENDING)
        .exclude(task_name="")
        .order_by("created_at")
        .values_list("pk", "task_name", "task_args")[:limit]
    )
    sent = 0
    for pk, task_name, task_args in pending:
        task = current_app.tasks.get(task_name)
        if task is None:
            log.error("job %s: unknown task %s", pk, task_name)
            continue
        if _send(pk, task, [str(pk), *task_args]):
            sent += 1
        elif not Job.objects.filter(pk=pk, sent_at__isnull=False).exists():
            break  # the broker is still down: try again at the next sweep
    return sent


def job_start(*, job_id, total: int | None = None) -> None:
    """The task began (or began again). A finished job stays finished: a message delivered
    again after another worker finished the job must not show it running."""
    now = timezone.now()
    fields = {"status": Job.Status.RUNNING, "started_at": now, "heartbeat_at": now, "message": ""}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job_id).exclude(status__in=Job.FINISHED).update(**fields)


def job_heartbeat(*, job_id) -> bool:
    """The running task is alive (one UPDATE; only a running job beats). True if it beat."""
    return bool(Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now()))


def job_progress(*, job_id, done: int, total: int | None = None, message: str | None = None) -> None:
    """Record progress; progress is also a heartbeat."""
    fields: dict = {"done": done, "heartbeat_at": timezone.now()}
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


def job_rerun(*, actor, job_id) -> Job:
    """Run an interrupted job again: the same job, sent again through the outbox (so a broker
    outage only delays it). Its tasks skip what is already done, so nothing is duplicated.
    Audited with what was done and since when the job was interrupted. Raises PermissionDenied
    with the reason if the job may not be re-run (checked under the row lock)."""
    from celery import current_app

    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        allowed, reason = can_rerun_job(actor, job)
        task = current_app.tasks.get(job.task_name)
        if allowed and task is None:
            allowed, reason = False, _("This job cannot be run again.")
        if not allowed:
            raise PermissionDenied(reason)
        previous, since = job.state, job.alive_at
        job.status, job.sent_at, job.heartbeat_at, job.message = Job.Status.PENDING, None, None, ""
        job.save(update_fields=["status", "sent_at", "heartbeat_at", "message"])
        audit_record(
            actor=actor,
            action="job.rerun",
            obj=job,
            from_state=previous,
            to_state=job.status,
            changes={"done": job.done, "total": job.total, "interrupted_since": since.isoformat()},
        )
        args = [str(job.pk), *job.task_args]
        transaction.on_commit(lambda: _send(job.pk, task, args) and jobs_send_pending())
    return job
