"""What a job page says about a job: its state, derived from the stored status and times.

A job never lies about its state. The stored `status` says what the task last wrote; the
shown state also says whether the task can still be running:

| status    | sent_at | heartbeat (or start) | shown state   | words                                  |
|-----------|---------|----------------------|---------------|----------------------------------------|
| pending   | empty   | -                    | `unsent`      | waits for the queue (unreachable)      |
| pending   | set     | -                    | `queued`      | queued, waiting for a worker           |
| running   | -       | fresher than stale   | `running`     | the percent done                       |
| running   | -       | older than stale     | `interrupted` | interrupted: done / total, since when  |
| succeeded | -       | -                    | `succeeded`   | done                                   |
| failed    | -       | -                    | `failed`      | failed, with the message               |

A running task beats at least every `ODCO_JOB_HEARTBEAT_SECONDS` (`odco/jobs/heartbeat.py`);
a heartbeat older than `ODCO_JOB_STALE_SECONDS` means its worker is gone (killed, lost). The
job resumes by itself when the broker gives its message to another worker, or its owner or
staff re-run it (`job_rerun`). Pure: no query, `now` and the threshold are arguments.
"""

from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    UNSENT = "unsent", _("waiting for the queue")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    INTERRUPTED = "interrupted", _("interrupted")
    SUCCEEDED = "succeeded", _("done")
    FAILED = "failed", _("failed")


def last_sign_of_life(*, heartbeat_at: datetime | None, started_at: datetime | None, created_at=None):
    """When the running task last showed it was alive (its heartbeat, else its start)."""
    return heartbeat_at or started_at or created_at


def job_state(
    *,
    status: str,
    sent_at: datetime | None,
    heartbeat_at: datetime | None,
    started_at: datetime | None,
    now: datetime,
    stale_seconds: float,
    created_at: datetime | None = None,
) -> JobState:
    """The state a job is shown in (see the table in this module's docstring)."""
    if status == "succeeded":
        return JobState.SUCCEEDED
    if status == "failed":
        return JobState.FAILED
    if status == "pending":
        return JobState.QUEUED if sent_at else JobState.UNSENT
    alive = last_sign_of_life(heartbeat_at=heartbeat_at, started_at=started_at, created_at=created_at)
    if alive is None or now - alive > timedelta(seconds=stale_seconds):
        return JobState.INTERRUPTED
    return JobState.RUNNING
