"""Thin tasks: ids in, a service or a mail out. Sent only after the transaction commits."""

from celery import shared_task
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from odco.jobs.models import Job
from odco.jobs.services import job_fail, job_progress, job_start, job_succeed


@shared_task(name="training.certificate_batch")
def certificate_batch_task(job_id: str) -> None:
    """Issue a phase's certificates, then render their PDFs in chunks that any number of
    workers share (a chord: one task per chunk, then `certificate_batch_finish`).

    Safe to run twice, or again after a worker died mid-batch: issuing is idempotent, each
    chunk renders only certificates still without a file, and a finished job is left alone.
    """
    from celery import chord

    from prizes.models import Phase

    from .services.certificates import certificate_batch_prepare

    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    with translation.override(_language(job)):
        phase = Phase.objects.select_related("edition__prize").get(pk=job.params["phase_id"])
        job_start(job_id=job_id)
        try:
            created, existing, chunks = certificate_batch_prepare(actor=job.created_by, phase=phase)
        except Exception as error:
            _fail(job_id, error)
            raise
        job_progress(job_id=job_id, done=0, total=sum(len(ids) for ids in chunks))
    finish = certificate_batch_finish_task.s(job_id, created, existing)
    if not chunks:
        finish.apply_async(args=([],))
        return
    chord(certificate_chunk_task.si(job_id, phase.pk, ids) for ids in chunks)(finish)


@shared_task(name="training.certificate_chunk", acks_late=True)
def certificate_chunk_task(job_id: str, phase_id: int, certificate_ids: list[int]) -> int:
    """Render one chunk of a batch (idempotent: certificates with a file are skipped) and add
    what it rendered to the job's progress. Returns how many PDFs it made."""
    from prizes.models import Phase

    from .services.certificates import certificate_chunk_render

    phase = Phase.objects.select_related("edition__prize").get(pk=phase_id)
    try:
        rendered = certificate_chunk_render(phase=phase, certificate_ids=certificate_ids)
    except Exception as error:
        job = Job.objects.select_related("created_by").get(pk=job_id)
        with translation.override(_language(job)):
            _fail(job_id, error)
        raise
    if rendered:
        Job.objects.filter(pk=job_id).update(done=F("done") + rendered)
    return rendered


@shared_task(name="training.certificate_batch_finish")
def certificate_batch_finish_task(rendered: list[int], job_id: str, created: int, existing: int) -> None:
    """The chord's last step: the job succeeds with the batch's counts."""
    from django.urls import reverse

    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    outcome = {"created": created, "existing": existing, "rendered": sum(rendered)}
    with translation.override(_language(job)):
        job_succeed(
            job_id=job_id,
            result=outcome,
            message=_(
                "%(created)s certificates issued, %(existing)s already issued, %(rendered)s PDF files made."
            )
            % outcome,
            result_url=reverse("training:certificates", args=[job.params["phase_id"]]),
        )


def _language(job: Job) -> str:
    return getattr(job.created_by, "language", None) or "fr"


def _fail(job_id: str, error: Exception) -> None:
    job_fail(job_id=job_id, message=_("The batch failed: %(error)s") % {"error": error})


@shared_task(
    name="training.session_send_invitations",
    ignore_result=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def session_send_invitations(session_id: int) -> int:
    """E-mail each cooperative with participants enrolled in an open session, with the
    session as an .ics attachment; after a change or a cancellation, the new revision to those
    invited. Safe to run twice: an enrolment is sent each revision once."""
    from .services.invitations import invitations_send

    return invitations_send(session_id=session_id)
