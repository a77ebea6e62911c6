"""Heartbeats of running jobs, from the worker, while their task runs.

Every job task takes the job's id as its first argument (`job_enqueue`'s contract; the chunks
of a batch too). When the worker starts such a task it records a heartbeat at once (a task
delivered again after its worker died shows it is alive again before it does anything), then
a daemon thread records one every `ODCO_JOB_HEARTBEAT_SECONDS` until the task returns, even
while the task reports no progress. A SIGKILLed worker takes its threads with it: the
heartbeat stops and the job is shown interrupted once it is older than
`ODCO_JOB_STALE_SECONDS` (odco/jobs/states.py). Tasks stay thin: they do nothing for this.

Only a running job beats (one UPDATE by primary key), so other tasks whose first argument
happens to be a UUID cost one UPDATE that matches nothing. Tasks run eagerly (tests, the web
process) get no thread: their progress reports are their heartbeats.
"""

import logging
import threading
import uuid

from celery import signals
from django.conf import settings
from django.db import DatabaseError, connection

from .services import job_heartbeat

log = logging.getLogger("odco.jobs")

_beating: dict[str, "Heartbeat"] = {}  # task id -> its heartbeat thread


def job_id_of(args) -> str | None:
    """The job id a task was sent with (its first argument), or None."""
    if not args:
        return None
    try:
        return str(uuid.UUID(str(args[0])))
    except ValueError:
        return None


def beat(job_id: str) -> None:
    """One heartbeat; a database hiccup (SQLite busy, a cut connection) only skips it."""
    try:
        job_heartbeat(job_id=job_id)
    except DatabaseError as error:
        log.warning("job %s: heartbeat not recorded: %s", job_id, error)
        connection.close()  # reconnect at the next beat


class Heartbeat(threading.Thread):
    """Beats for one job every `every` seconds until stopped."""

    def __init__(self, job_id: str, every: float):
        super().__init__(name=f"job-heartbeat-{job_id}", daemon=True)
        self.job_id, self.every = job_id, every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                beat(self.job_id)
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)


@signals.task_prerun.connect(dispatch_uid="odco.jobs.heartbeat.start")
def start_beating(sender=None, task_id=None, task=None, args=None, **kwargs) -> None:
    job_id = job_id_of(args)
    if job_id is None or task is None or task.request.is_eager:
        return
    beat(job_id)
    thread = Heartbeat(job_id, settings.ODCO_JOB_HEARTBEAT_SECONDS)
    _beating[task_id] = thread
    thread.start()


@signals.task_postrun.connect(dispatch_uid="odco.jobs.heartbeat.stop")
def stop_beating(sender=None, task_id=None, **kwargs) -> None:
    thread = _beating.pop(task_id, None)
    if thread is not None:
        thread.stop()
