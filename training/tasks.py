"""Thin tasks: ids in, a service or a mail out. Sent only after the transaction commits."""

from celery import shared_task
from django.utils import translation
from django.utils.translation import gettext as _

from odco.jobs.models import Job
from odco.jobs.services import job_fail, job_start, job_succeed, progress_callback


@shared_task(name="training.certificate_batch")
def certificate_batch_task(job_id: str) -> None:
    """Issue and render a phase's certificates. Safe to run twice (the service is idempotent,
    and a finished job is left alone)."""
    from django.urls import reverse

    from prizes.models import Phase

    from .services.certificates import certificate_batch_issue

    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    with translation.override(getattr(job.created_by, "language", None) or "fr"):
        phase = Phase.objects.select_related("edition__prize").get(pk=job.params["phase_id"])
        job_start(job_id=job_id)
        try:
            outcome = certificate_batch_issue(
                actor=job.created_by, phase=phase, progress=progress_callback(job_id, every=50)
            )
        except Exception as error:
            job_fail(job_id=job_id, message=_("The batch failed: %(error)s") % {"error": error})
            raise
        job_succeed(
            job_id=job_id,
            result=outcome.as_dict(),
            message=_(
                "%(created)s certificates issued, %(existing)s already issued, %(rendered)s PDF files made."
            )
            % outcome.as_dict(),
            result_url=reverse("training:certificates", args=[phase.pk]),
        )


@shared_task(
    name="training.session_send_invitations",
    ignore_result=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def session_send_invitations(session_id: int) -> int:
    """E-mail each cooperative with participants enrolled in an open session, with the
    session as an .ics attachment. Safe to run twice: only enrolments not yet invited are sent."""
    from .services.invitations import invitations_send

    return invitations_send(session_id=session_id)
