"""Long jobs of the registry. Thin: ids in, a service does the work, the Job records it."""

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from odco.jobs.models import Job
from odco.jobs.services import job_fail, job_progress, job_start, job_succeed, progress_callback
from odco.tabular import PAGE_CSV_DELIMITER

from .exporting import export_bytes
from .import_writing import ImportRefused, import_file
from .importing import rejected_rows_csv
from .permissions import writable_region_ids
from .selectors import cooperative_list


def _language(job: Job) -> str:
    return getattr(job.created_by, "language", None) or "fr"


# Files with more rows than this are written in chunks of this many rows, one task each,
# that any number of workers share; smaller files in one pass and one transaction.
IMPORT_CHUNK_ROWS = 20_000


@shared_task(name="cooperatives.import_file")
def import_cooperatives_task(job_id: str) -> None:
    """Validate and write an uploaded file. Safe to run twice: a finished job is left alone,
    and importing the same file again changes nothing.

    A large file is validated whole here first (duplicates and the all-or-nothing rule need
    every row; nothing is written if it is refused), then its rows to create or update are
    written by a chord of `import_chunk_task`s, each idempotent (rows already written are
    unchanged when checked again), so a re-run after a worker died writes only what is left.
    """
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    with translation.override(_language(job)):
        params = job.params
        with default_storage.open(params["path"], "rb") as stored:
            data = stored.read()
        job_start(job_id=job_id)
        table = _table(data, params["name"])
        if table is not None and len(table.rows) > IMPORT_CHUNK_ROWS:
            _import_in_chunks(job, table)
            return
        _import_whole(job, data)


def _table(data: bytes, name: str):
    from .importing import COLUMN_NAMES
    from .tabular import UnreadableFile, read_table

    try:
        return read_table(data, name, COLUMN_NAMES)
    except UnreadableFile:
        return None  # reported by the import itself


def _allowed(user):
    return writable_region_ids(user) if user else frozenset()


def _import_whole(job: Job, data: bytes) -> None:
    job_id, user, params = str(job.pk), job.created_by, job.params

    def checked(done: int, total: int) -> None:  # checking the rows is the first half of the job
        job_progress(job_id=job_id, done=done, total=2 * total)

    try:
        report, outcome = import_file(
            data,
            params["name"],
            user=user,
            partial=params.get("partial", False),
            allowed_region_ids=_allowed(user),
            progress=checked,
        )
    except ImportRefused as refused:
        _refuse(job_id, refused.report)
        return
    rows = len(report.rows)
    job_progress(job_id=job_id, done=2 * rows, total=2 * rows)
    rejected = rejected_rows_csv(report) if outcome.rejected else None
    _succeed(job, outcome.as_dict(), rejected)


def _refuse(job_id: str, report) -> None:
    job_fail(
        job_id=job_id,
        message=_("Nothing was written: the file has %(count)s errors.") % {"count": len(report.errors)},
    )


def _succeed(job: Job, counts: dict, rejected: bytes | None) -> None:
    params = job.params
    job_succeed(
        job_id=str(job.pk),
        result=counts,
        message=(
            _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(rejected)s rejected.")
            % counts
        ),
        file_name=f"rejected-{params['name'].rsplit('.', 1)[0]}.csv" if rejected else "",
        file_content=rejected,
        result_url=reverse("cooperatives:list"),
    )
    default_storage.delete(params["path"])


def _import_in_chunks(job: Job, table) -> None:
    """Validate the whole table (writing nothing), then a chord of chunk writes."""
    from celery import chord

    from .importing import CREATE, UPDATE, import_validate

    job_id, params = str(job.pk), job.params

    def checked(done: int, total: int) -> None:  # checking is the first half of the job
        job_progress(job_id=job_id, done=done, total=2 * total)

    report = import_validate(
        table, params["name"], allowed_region_ids=_allowed(job.created_by), progress=checked
    )
    if report.file_errors or (report.has_errors and not params.get("partial", False)):
        _refuse(job_id, report)
        return
    lines = [r.row for r in report.rows if r.action in (CREATE, UPDATE)]
    counts = {"unchanged": report.count("unchanged"), "rejected": report.count("rejected")}
    rejected_path = ""
    if counts["rejected"]:
        rejected_path = default_storage.save(
            f"imports/rejected-{job_id}.csv", ContentFile(rejected_rows_csv(report))
        )
    rows = len(report.rows)
    job_progress(job_id=job_id, done=rows + (rows - len(lines)), total=2 * rows)
    del report  # the chunks check their own rows again
    finish = import_finish_task.s(job_id, counts, rejected_path)
    chunks = [lines[i : i + IMPORT_CHUNK_ROWS] for i in range(0, len(lines), IMPORT_CHUNK_ROWS)]
    if not chunks:
        finish.apply_async(args=([],))
        return
    chord(import_chunk_task.si(job_id, chunk) for chunk in chunks)(finish)


@shared_task(name="cooperatives.import_chunk", acks_late=True)
def import_chunk_task(job_id: str, lines: list[int]) -> dict:
    """Check and write the rows of the file at `lines` (file line numbers) in one transaction.
    Idempotent: rows already written are unchanged when checked again, and nothing is
    written for them. Adds the rows to the job's progress; returns the chunk's counts."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:  # a chunk delivered again after the job ended (its file is gone)
        return {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    with translation.override(_language(job)):
        with default_storage.open(job.params["path"], "rb") as stored:
            table = _table(stored.read(), job.params["name"])
        table.rows = [table.rows[line - 2] for line in lines]  # the first data row is line 2
        try:
            _report, outcome = import_file(
                table,
                job.params["name"],
                user=job.created_by,
                partial=True,  # validated whole before; a row changed since then is only skipped
                allowed_region_ids=_allowed(job.created_by),
            )
        except Exception as error:
            job_fail(job_id=job_id, message=_("The import failed: %(error)s") % {"error": error})
            raise
    Job.objects.filter(pk=job_id).update(done=F("done") + len(lines))
    return outcome.as_dict()


@shared_task(name="cooperatives.import_finish")
def import_finish_task(outcomes: list[dict], job_id: str, counts: dict, rejected_path: str) -> None:
    """The chord's last step: the job succeeds with the file's counts and rejected rows."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    totals = {
        "created": sum(o["created"] for o in outcomes),
        "updated": sum(o["updated"] for o in outcomes),
        "unchanged": counts["unchanged"] + sum(o["unchanged"] for o in outcomes),
        "rejected": counts["rejected"] + sum(o["rejected"] for o in outcomes),
    }
    rejected = None
    if rejected_path:
        with default_storage.open(rejected_path, "rb") as stored:
            rejected = stored.read()
    with translation.override(_language(job)):
        _succeed(job, totals, rejected)
    if rejected_path:
        default_storage.delete(rejected_path)


PREVIEW_JOB_KIND = "cooperatives.import_preview"
PREVIEW_PROGRESS_ROWS = 1000  # the preview job records its progress every this many rows


@shared_task(name="cooperatives.import_preview")
def preview_cooperatives_task(job_id: str) -> None:
    """Check a large uploaded file (writing nothing); the job's result is the preview, and its
    result page (`cooperatives:import_preview`) offers the confirmation. The file is kept for
    the import job. Safe to run twice: a finished job is left alone."""
    from .import_preview import preview_summary
    from .importing import import_validate

    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    with translation.override(_language(job)):
        params = job.params
        job_start(job_id=job_id)
        with default_storage.open(params["path"], "rb") as stored:
            data = stored.read()
        report = import_validate(
            data,
            params["name"],
            allowed_region_ids=_allowed(job.created_by),
            progress=progress_callback(job_id),
            every=PREVIEW_PROGRESS_ROWS,
        )
        job_succeed(
            job_id=job_id,
            result=preview_summary(report, file_name=params["name"]),
            message=_("The file is checked; nothing is written before you confirm."),
            result_url=reverse("cooperatives:import_preview", args=[job_id]),
        )


@shared_task(name="cooperatives.export_file")
def export_cooperatives_task(job_id: str) -> None:
    """Write the filtered registry to a file attached to the job (re-running replaces it), in
    the language of the page that asked for it: CSV separated by `;`, or XLSX (right-to-left
    in Arabic)."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    with translation.override(job.params.get("language") or _language(job)):
        queryset = cooperative_list(user=job.created_by, filters=job.params.get("filters", {}))
        total = queryset.count()
        job_start(job_id=job_id, total=total)
        fmt = job.params.get("format", "csv")
        content = export_bytes(
            queryset,
            fmt,
            delimiter=PAGE_CSV_DELIMITER,
            progress=lambda done: job_progress(job_id=job_id, done=done),
        )
        job_succeed(
            job_id=job_id,
            result={"rows": total},
            message=_("%(count)s cooperatives exported.") % {"count": total},
            file_name=f"cooperatives.{fmt}",
            file_content=content,
        )
