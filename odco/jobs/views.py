from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.permissions import check

from .permissions import can_rerun_job
from .selectors import job_list
from .services import job_rerun
from .states import JobState


def _context(request, job) -> dict:
    """What the page and the poll show: the state derived once (odco/jobs/states.py)."""
    state = job.state_at(timezone.now())
    return {
        "job": job,
        "state": state,
        "states": JobState,
        "may_rerun": state == JobState.INTERRUPTED and can_rerun_job(request.user, job)[0],
    }


@login_required
def job_detail(request, pk):
    job = get_object_or_404(job_list(user=request.user), pk=pk)
    return render(request, "jobs/job_detail.html", _context(request, job))


@login_required
def job_progress(request, pk):
    """The progress fragment; htmx polls it until the job is finished. Asked for JSON
    (`Accept: application/json`), the same state as data."""
    job = get_object_or_404(job_list(user=request.user), pk=pk)
    context = _context(request, job)
    if "application/json" in request.headers.get("Accept", ""):
        state = context["state"]
        return JsonResponse(
            {
                "state": state.value,
                "label": str(state.label),
                "status": job.status,
                "done": job.done,
                "total": job.total,
                "percent": job.percent if state in (JobState.RUNNING, JobState.SUCCEEDED) else None,
                "alive_at": job.alive_at.isoformat() if state == JobState.INTERRUPTED else None,
                "finished": job.is_finished,
                "may_rerun": context["may_rerun"],
            }
        )
    return render(request, "jobs/_progress.html", context)


@login_required
@require_POST
def job_rerun_view(request, pk):
    """Run an interrupted job again (its owner or staff; the button asks to confirm)."""
    job = get_object_or_404(job_list(user=request.user), pk=pk)
    check(request.user, can_rerun_job, job)
    job_rerun(actor=request.user, job_id=job.pk)
    messages.success(request, _("The job runs again; what was already done is not done twice."))
    return redirect("jobs:detail", pk=job.pk)


@login_required
def job_download(request, pk):
    job = get_object_or_404(job_list(user=request.user), pk=pk)
    if not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/")[-1]
    )
