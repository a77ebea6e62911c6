"""A long job (import, certificate batch, report, export) run by the task queue.

The page that started it redirects to the job page, which polls its progress (htmx).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .states import JobState, job_state, last_sign_of_life


class Job(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("done")
        FAILED = "failed", _("failed")

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    label = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    result_url = models.CharField(_("result page"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The running task's last sign of life (odco/jobs/heartbeat.py); see odco/jobs/states.py.
    heartbeat_at = models.DateTimeField(_("last heartbeat at"), null=True, blank=True)
    # Outbox: the task to run and when it reached the broker. A job whose `sent_at` is empty
    # was asked for while the broker was unreachable; `jobs_send_pending` sends it later.
    task_name = models.CharField(_("task"), max_length=200, blank=True)
    task_args = models.JSONField(_("task arguments"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent to the queue at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="job_unsent_idx",
                condition=models.Q(sent_at__isnull=True, status="pending") & ~models.Q(task_name=""),
            )
        ]

    def __str__(self):
        return self.label or self.kind

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(100 * self.done / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    def state_at(self, now) -> JobState:
        """The state shown on the page, the poll and the admin (odco/jobs/states.py)."""
        return job_state(
            status=self.status,
            sent_at=self.sent_at,
            heartbeat_at=self.heartbeat_at,
            started_at=self.started_at,
            created_at=self.created_at,
            now=now,
            stale_seconds=settings.ODCO_JOB_STALE_SECONDS,
        )

    @property
    def state(self) -> JobState:
        return self.state_at(timezone.now())

    @property
    def alive_at(self):
        """When the task last showed it was alive (an interrupted job: since when)."""
        return last_sign_of_life(
            heartbeat_at=self.heartbeat_at, started_at=self.started_at, created_at=self.created_at
        )
