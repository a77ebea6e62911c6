from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .selectors import job_list


@login_required
def job_detail(request, pk):
    job = get_object_or_404(job_list(user=request.user), pk=pk)
    return render(request, "jobs/job_detail.html", {"job": job})


@login_required
def job_progress(request, pk):
    """The progress fragment; htmx polls it until the job is finished."""
    job = get_object_or_404(job_list(user=request.user), pk=pk)
    return render(request, "jobs/_progress.html", {"job": job})


@login_required
def job_download(request, pk):
    job = get_object_or_404(job_list(user=request.user), pk=pk)
    if not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/")[-1]
    )
