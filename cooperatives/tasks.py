"""Long jobs of the registry. Thin: ids in, a service does the work, the Job records it."""

from celery import shared_task
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from odco.jobs.models import Job
from odco.jobs.services import job_fail, job_progress, job_start, job_succeed

from .exporting import export_bytes
from .import_writing import ImportRefused, import_file
from .importing import rejected_rows_csv
from .permissions import writable_region_ids
from .selectors import cooperative_list


def _language(job: Job) -> str:
    return getattr(job.created_by, "language", None) or "fr"


@shared_task(name="cooperatives.import_file")
def import_cooperatives_task(job_id: str) -> None:
    """Validate and write an uploaded file. Safe to run twice: a finished job is left alone,
    and importing the same file again changes nothing."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    with translation.override(_language(job)):
        user = job.created_by
        params = job.params
        with default_storage.open(params["path"], "rb") as stored:
            data = stored.read()
        job_start(job_id=job_id)

        def checked(done: int, total: int) -> None:  # checking the rows is the first half of the job
            job_progress(job_id=job_id, done=done, total=2 * total)

        try:
            report, outcome = import_file(
                data,
                params["name"],
                user=user,
                partial=params.get("partial", False),
                allowed_region_ids=writable_region_ids(user) if user else frozenset(),
                progress=checked,
            )
        except ImportRefused as refused:
            job_fail(
                job_id=job_id,
                message=_("Nothing was written: the file has %(count)s errors.")
                % {"count": len(refused.report.errors)},
            )
            return
        rows = len(report.rows)
        job_progress(job_id=job_id, done=2 * rows, total=2 * rows)
        message = (
            _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(rejected)s rejected.")
            % outcome.as_dict()
        )
        rejected = outcome.rejected > 0
        job_succeed(
            job_id=job_id,
            result=outcome.as_dict(),
            message=message,
            file_name=f"rejected-{params['name'].rsplit('.', 1)[0]}.csv" if rejected else "",
            file_content=rejected_rows_csv(report) if rejected else None,
            result_url=reverse("cooperatives:list"),
        )
        default_storage.delete(params["path"])


@shared_task(name="cooperatives.export_file")
def export_cooperatives_task(job_id: str) -> None:
    """Write the filtered registry to a file attached to the job (re-running replaces it)."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    with translation.override(_language(job)):
        queryset = cooperative_list(user=job.created_by, filters=job.params.get("filters", {}))
        total = queryset.count()
        job_start(job_id=job_id, total=total)
        fmt = job.params.get("format", "csv")
        content = export_bytes(queryset, fmt, progress=lambda done: job_progress(job_id=job_id, done=done))
        job_succeed(
            job_id=job_id,
            result={"rows": total},
            message=_("%(count)s cooperatives exported.") % {"count": total},
            file_name=f"cooperatives.{fmt}",
            file_content=content,
        )
