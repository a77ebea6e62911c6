"""The result page of a candidacy import checked by a job (a large file)."""

from django.shortcuts import get_object_or_404, redirect, render

from odco.jobs.models import Job
from odco.jobs.selectors import job_list
from odco.permissions import permission_required
from odco.uploads import confirm_unavailable

from ..forms import CandidacyImportForm
from ..import_preview import PREVIEW_JOB_KIND, confirm_token, preview_context
from ..models import Edition
from ..permissions import can_manage_prizes


@permission_required(can_manage_prizes)
def candidacy_import_preview_view(request, pk):
    """Only the job's owner or staff see the preview (others: 404); only its owner may
    confirm it, which runs the import job like the inline preview."""
    from .manage import _open_editions

    job = get_object_or_404(job_list(user=request.user), pk=pk, kind=PREVIEW_JOB_KIND)
    if job.status != Job.Status.SUCCEEDED:
        return redirect("jobs:detail", pk=job.pk)
    edition = get_object_or_404(Edition.objects.select_related("prize"), pk=job.params["edition"])
    context = {
        "form": CandidacyImportForm(editions=_open_editions(request.user)),
        "job": job,
        "edition": edition,
        **preview_context(job.result),
    }
    unavailable = confirm_unavailable(job, request.user) if context["can_confirm"] else ""
    if unavailable:
        context.update(can_confirm=False, confirm_unavailable=unavailable)
    elif context["can_confirm"]:
        context["token"] = confirm_token(
            user_id=request.user.pk, path=job.params["path"], name=job.params["name"], edition_id=edition.pk
        )
    return render(request, "prizes/candidacy_import.html", context)
