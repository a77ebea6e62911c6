from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.jobs.models import Job
from odco.jobs.selectors import job_list
from odco.jobs.services import job_create, job_enqueue
from odco.permissions import check, permission_required
from odco.uploads import confirm_unavailable, inline_rows

from . import registry
from .forms import CooperativeFilterForm, CooperativeForm, ImportConfirmForm, ImportUploadForm, MemberForm
from .import_preview import preview_context, preview_summary
from .importing import import_validate
from .permissions import (
    can_edit_cooperative,
    can_edit_cooperatives,
    can_export_cooperatives,
    can_import_cooperatives,
    can_view_cooperative,
    can_view_cooperative_list,
    can_view_personal_data,
    writable_region_ids,
)
from .selectors import cooperative_get, cooperative_list, filter_choices
from .services import cooperative_create, cooperative_update, member_create
from .tasks import (
    PREVIEW_JOB_KIND,
    export_cooperatives_task,
    import_cooperatives_task,
    preview_cooperatives_task,
)

IMPORT_SALT = "cooperatives.import"
IMPORT_MAX_AGE = 60 * 60 * 24


def _filters(request):
    form = CooperativeFilterForm(request.GET or None, choices=filter_choices(user=request.user))
    return form, (form.filters() if request.GET else {})


@permission_required(can_view_cooperative_list)
def cooperative_list_view(request):
    form, filters = _filters(request)
    page = Paginator(cooperative_list(user=request.user, filters=filters), settings.ODCO_PAGE_SIZE)
    allowed, _reason = can_edit_cooperatives(request.user)
    allowed_import, _reason = can_import_cooperatives(request.user)
    return render(
        request,
        "cooperatives/cooperative_list.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "form": form,
            "region": filters.get("region", ""),
            "can_create": allowed,
            "can_import": allowed_import,
        },
    )


def _get_or_404(request, pk):
    cooperative = cooperative_get(user=request.user, pk=pk)
    if cooperative is None:
        raise Http404
    return cooperative


@permission_required(can_view_cooperative)
def cooperative_detail_view(request, pk):
    cooperative = _get_or_404(request, pk)
    people = list(cooperative.people.all())
    return render(
        request,
        "cooperatives/cooperative_detail.html",
        {
            "cooperative": cooperative,
            "members": [p for p in people if p.kind == p.Kind.MEMBER],
            "participants": [p for p in people if p.kind == p.Kind.PARTICIPANT],
            "show_personal_data": can_view_personal_data(request.user, cooperative)[0],
            "can_edit": can_edit_cooperative(request.user, cooperative)[0],
            "timeline": registry.timeline_for(cooperative),
        },
    )


def _apply_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@permission_required(can_edit_cooperatives)
def cooperative_create_view(request):
    region_ids = writable_region_ids(request.user)
    form = CooperativeForm(request.POST or None, region_ids=region_ids)
    if request.method == "POST" and form.is_valid():
        try:
            cooperative = cooperative_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The cooperative was created."))
            return redirect("cooperatives:detail", pk=cooperative.pk)
    return render(request, "cooperatives/cooperative_form.html", {"form": form, "cooperative": None})


@permission_required(can_edit_cooperatives)
def cooperative_edit_view(request, pk):
    cooperative = _get_or_404(request, pk)
    check(request.user, can_edit_cooperative, cooperative)
    form = CooperativeForm(
        request.POST or None, instance=cooperative, region_ids=writable_region_ids(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = cooperative_update(user=request.user, cooperative=cooperative, **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            if changes:
                messages.success(request, _("The cooperative was updated."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("cooperatives:detail", pk=cooperative.pk)
    return render(request, "cooperatives/cooperative_form.html", {"form": form, "cooperative": cooperative})


@permission_required(can_edit_cooperatives)
def member_create_view(request, pk):
    cooperative = _get_or_404(request, pk)
    check(request.user, can_edit_cooperative, cooperative)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_create(user=request.user, cooperative=cooperative, **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The person was added."))
            return redirect("cooperatives:detail", pk=cooperative.pk)
    return render(request, "cooperatives/member_form.html", {"form": form, "cooperative": cooperative})


@permission_required(can_import_cooperatives)
def import_view(request):
    """Upload a file and see what it would do (nothing is written yet). A large file is
    checked by a job whose result page is the same preview (`import_preview_view`)."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if form.shape.rows > inline_rows():
            return redirect("jobs:detail", pk=_start_preview_job(request.user, upload).pk)
        data = upload.read()
        report = import_validate(data, upload.name, allowed_region_ids=writable_region_ids(request.user))
        summary = preview_summary(report, file_name=upload.name)
        context.update(preview_context(summary))
        if summary["can_confirm"]:  # keep the file for the job; the token names it and its owner
            stored = _store_upload(upload.name, ContentFile(data))
            context["confirm"] = _confirm_form(request.user.pk, stored, upload.name, summary["partial"])
    return render(request, "cooperatives/import.html", context)


def _store_upload(name: str, content) -> str:
    return default_storage.save(f"imports/{uuid4().hex}{Path(name).suffix.lower()}", content)


def _confirm_form(user_id: int, path: str, name: str, partial: bool) -> ImportConfirmForm:
    token = signing.dumps({"path": path, "name": name, "user": user_id}, salt=IMPORT_SALT)
    return ImportConfirmForm(initial={"token": token, "partial": partial})


def _start_preview_job(user, upload):
    stored = _store_upload(upload.name, upload)
    with transaction.atomic():
        job = job_create(
            kind=PREVIEW_JOB_KIND,
            user=user,
            label=_("Check of %(name)s") % {"name": upload.name},
            params={"path": stored, "name": upload.name},
        )
        job_enqueue(job=job, task=preview_cooperatives_task)
    return job


@permission_required(can_import_cooperatives)
def import_preview_view(request, pk):
    """The preview of a file checked by a job: only its owner or staff see it, only its
    owner may confirm it (the confirmation then runs the import job)."""
    job = get_object_or_404(job_list(user=request.user), pk=pk, kind=PREVIEW_JOB_KIND)
    if job.status != Job.Status.SUCCEEDED:
        return redirect("jobs:detail", pk=job.pk)
    context = {"form": ImportUploadForm(), "job": job, **preview_context(job.result)}
    path, name = job.params["path"], job.params["name"]
    unavailable = confirm_unavailable(job, request.user) if context["can_confirm"] else ""
    if unavailable:
        context.update(can_confirm=False, confirm_unavailable=unavailable)
    elif context["can_confirm"]:
        context["confirm"] = _confirm_form(request.user.pk, path, name, job.result["partial"])
    return render(request, "cooperatives/import.html", context)


@require_POST
@permission_required(can_import_cooperatives)
def import_confirm_view(request):
    """Write the previewed file: a long job with a progress bar."""
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        payload = signing.loads(form.cleaned_data["token"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    if payload.get("user") != request.user.pk or not default_storage.exists(payload["path"]):
        raise PermissionDenied(_("This upload belongs to another session; upload the file again."))
    partial = form.cleaned_data["partial"]
    with transaction.atomic():
        job = job_create(
            kind="cooperatives.import",
            user=request.user,
            label=_("Import of %(name)s") % {"name": payload["name"]},
            params={"path": payload["path"], "name": payload["name"], "partial": partial},
        )
        job_enqueue(job=job, task=import_cooperatives_task)
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@permission_required(can_export_cooperatives)
def export_view(request):
    """Export the list as filtered (query string) to XLSX (the default) or CSV, as a long job
    written in the page's language (the Arabic sheet is right-to-left)."""
    _form, filters = _filters(request)
    fmt = "csv" if request.POST.get("format") == "csv" else "xlsx"
    with transaction.atomic():
        job = job_create(
            kind="cooperatives.export",
            user=request.user,
            label=_("Export of the registry (%(format)s)") % {"format": fmt.upper()},
            params={"filters": filters, "format": fmt, "language": get_language()},
        )
        job_enqueue(job=job, task=export_cooperatives_task)
    return redirect("jobs:detail", pk=job.pk)
