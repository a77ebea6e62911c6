"""The candidacy import preview as data, for files checked inside the request or by a job.

A file of more data rows than `ODCO_IMPORT_INLINE_ROWS` is stored and checked by
`preview_candidacies_task`; the job's result is `preview_summary()` and its result page
(`prizes:candidacy_import_preview`) renders `preview_context()` of it, like the inline
preview: counts, the first `PREVIEW_ISSUES` errors and warnings by row and column (rebuilt as
`Issue`s, so in the viewer's language) and the confirmation, which runs the import job.
"""

from pathlib import Path
from uuid import uuid4

from django.core import signing
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from odco.jobs.services import job_create, job_enqueue

from .importing import Issue

IMPORT_SALT = "prizes.candidacy_import"
PREVIEW_ISSUES = 200
PREVIEW_JOB_KIND = "prizes.candidacy_import_preview"


def preview_summary(report, *, file_name: str) -> dict:
    errors, warnings = report.errors, report.warnings
    return {
        "file_name": file_name,
        "counts": report.counts,
        "errors": [[i.row, i.column, i.code, dict(i.params)] for i in errors[:PREVIEW_ISSUES]],
        "warnings": [[i.row, i.column, i.code, dict(i.params)] for i in warnings[:PREVIEW_ISSUES]],
        "error_count": len(errors),
        "file_errors": bool(report.file_errors),
        "partial": report.has_errors,
        "can_confirm": not report.file_errors and report.counts["create"] > 0,
    }


class _Report:
    def __init__(self, file_errors: bool):
        self.file_errors = file_errors

    def __bool__(self) -> bool:
        return True


def preview_context(summary: dict) -> dict:
    return {
        "report": _Report(summary["file_errors"]),
        "counts": summary["counts"],
        "errors": [Issue(*issue) for issue in summary["errors"]],
        "warnings": [Issue(*issue) for issue in summary["warnings"]],
        "error_count": summary["error_count"],
        "file_name": summary["file_name"],
        "partial": summary["partial"],
        "can_confirm": summary["can_confirm"],
    }


def store_upload(name: str, content) -> str:
    return default_storage.save(f"imports/{uuid4().hex}{Path(name).suffix.lower()}", content)


def confirm_token(*, user_id: int, path: str, name: str, edition_id: int) -> str:
    return signing.dumps(
        {"path": path, "name": name, "user": user_id, "edition": edition_id}, salt=IMPORT_SALT
    )


def preview_job_start(*, user, upload, edition):
    """Store the upload and start the job that checks it (sent once the transaction commits)."""
    from .tasks import preview_candidacies_task

    path = store_upload(upload.name, upload)
    with transaction.atomic():
        job = job_create(
            kind=PREVIEW_JOB_KIND,
            user=user,
            label=_("Check of %(name)s") % {"name": upload.name},
            params={"path": path, "name": upload.name, "edition": edition.pk},
        )
        job_enqueue(job=job, task=preview_candidacies_task)
    return job
