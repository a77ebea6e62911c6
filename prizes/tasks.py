"""Thin tasks: ids in, a service or a mail out. Sent only after the transaction commits."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _


@shared_task(
    name="prizes.candidacy_notify_status",
    ignore_result=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def candidacy_notify_status(candidacy_id: int, status: str) -> int:
    """E-mail the cooperative's accounts (and its registry address) about a new status.

    Safe to run twice: it only sends if the candidacy is still in `status`.
    """
    from django.urls import reverse

    from odco.accounts.models import User
    from odco.notifications.services import notification_record

    from .models import Candidacy

    candidacy = (
        Candidacy.objects.select_related("edition__prize", "cooperative").filter(pk=candidacy_id).first()
    )
    if candidacy is None or candidacy.status != status:
        return 0
    url = reverse("prizes:candidacy_detail", args=[candidacy.pk])
    recipients: dict[str, str] = {}
    if candidacy.cooperative_id:
        for user in User.objects.filter(
            is_active=True, role_assignments__cooperative_id=candidacy.cooperative_id
        ).distinct():
            recipients[user.email] = user.language
        if candidacy.cooperative.email:
            recipients.setdefault(candidacy.cooperative.email, settings.LANGUAGE_CODE)
    sent = 0
    for email, language in sorted(recipients.items()):
        with translation.override(language):
            subject = _("Your candidacy to %(edition)s: %(status)s") % {
                "edition": candidacy.edition,
                "status": candidacy.get_status_display(),
            }
            body = _(
                "Hello,\n\nThe status of your candidacy “%(project)s” to %(edition)s is now: %(status)s.\n\n"
                "ODCO"
            ) % {
                "project": candidacy.project_title,
                "edition": candidacy.edition,
                "status": candidacy.get_status_display(),
            }
        sent += send_mail(subject, body, None, [email])
        notification_record(email=email, kind="candidacy.status", subject=subject, body=body, url=url)
    return sent


@shared_task(name="prizes.import_candidacies")
def import_candidacies_task(job_id: str) -> None:
    """Write an uploaded list of expressions of interest. Safe to run twice: a finished job is
    left alone, and rows already imported are unchanged."""
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from odco.jobs.models import Job
    from odco.jobs.services import job_fail, job_progress, job_start, job_succeed

    from .importing import ImportRefused, import_candidacies
    from .models import Edition

    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    with translation.override(getattr(job.created_by, "language", None) or settings.LANGUAGE_CODE):
        params = job.params
        edition = Edition.objects.get(pk=params["edition"])
        with default_storage.open(params["path"], "rb") as stored:
            data = stored.read()
        job_start(job_id=job_id)
        try:
            report, created = import_candidacies(
                data,
                params["name"],
                edition=edition,
                user=job.created_by,
                partial=params.get("partial", False),
                progress=lambda done, total: job_progress(job_id=job_id, done=done, total=total),
            )
        except ImportRefused as refused:
            job_fail(
                job_id=job_id,
                message=_("Nothing was written: the file has %(count)s errors.")
                % {"count": len(refused.report.errors)},
            )
            return
        job_succeed(
            job_id=job_id,
            result={"created": created, **report.counts},
            message=_("%(created)s candidacies created, %(unchanged)s unchanged, %(rejected)s rejected.")
            % {"created": created, **report.counts},
            result_url=reverse("prizes:candidacy_list") + f"?edition={edition.pk}",
        )
        default_storage.delete(params["path"])


@shared_task(name="prizes.candidacy_import_preview")
def preview_candidacies_task(job_id: str) -> None:
    """Check a large uploaded list (writing nothing); the job's result is the preview and its
    result page offers the confirmation. The file is kept for the import job. Safe to run
    twice: a finished job is left alone."""
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from odco.jobs.models import Job
    from odco.jobs.services import job_start, job_succeed, progress_callback

    from .import_preview import preview_summary
    from .importing import validate
    from .models import Edition

    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    with translation.override(getattr(job.created_by, "language", None) or settings.LANGUAGE_CODE):
        params = job.params
        job_start(job_id=job_id)
        with default_storage.open(params["path"], "rb") as stored:
            data = stored.read()
        report = validate(
            data,
            params["name"],
            edition=Edition.objects.get(pk=params["edition"]),
            progress=progress_callback(job_id),
        )
        job_succeed(
            job_id=job_id,
            result=preview_summary(report, file_name=params["name"]),
            message=_("The file is checked; nothing is written before you confirm."),
            result_url=reverse("prizes:candidacy_import_preview", args=[job_id]),
        )
