from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from odco.jobs.models import Job
from tests.permission_table import ALL_ROLES, register

# Staff and coordinators get the role panels; single-role users are sent to their own page.
register("home", "home", lambda w: reverse("home"), ok=("staff", "coordinator"), denied=302)
register("home panels", "home", lambda w: reverse("home") + "?panels", ok=ALL_ROLES)
register("healthz", "healthz", lambda w: reverse("healthz"), ok=ALL_ROLES, anonymous=200)
register("national dashboard", "dashboard", lambda w: reverse("dashboard"), ok=("staff", "committee"))
register(
    "regional dashboard, own region",
    "regional_dashboard",
    lambda w: reverse("regional_dashboard", args=[w.region_in]),
    ok=("staff", "committee", "delegation"),
)
register(
    "regional dashboard, ISO code",
    "regional_dashboard",
    lambda w: reverse("regional_dashboard", args=["MA-" + w.region_in]),
    ok=("staff", "committee", "delegation"),
)
register(
    "regional dashboard, another region",
    "regional_dashboard",
    lambda w: reverse("regional_dashboard", args=[w.region_out]),
    ok=("staff", "committee"),
    overrides={"delegation": 404},
)
register(
    "regional dashboard, unknown region",
    "regional_dashboard",
    lambda w: reverse("regional_dashboard", args=["99"]),
    ok=(),
    overrides={"staff": 404, "committee": 404, "delegation": 404},
)
register("cooperative space", "me", lambda w: reverse("me"), ok=("cooperative",))


def _job_of_staff(w):
    job = Job.objects.create(kind="test", label="Test job", created_by=w.users["staff"])
    return reverse("jobs:detail", args=[job.pk])


def _job_progress_of_coordinator(w):
    job = Job.objects.create(kind="test", label="Test job", created_by=w.users["coordinator"])
    return reverse("jobs:progress", args=[job.pk])


def _job_download_of_staff(w):
    job = Job.objects.create(kind="test", label="Test job", created_by=w.users["staff"])
    return reverse("jobs:download", args=[job.pk])


not_mine = dict.fromkeys(ALL_ROLES, 404)
register(
    "job page, started by staff",
    "jobs:detail",
    _job_of_staff,
    ok=("staff",),
    overrides={**not_mine, "staff": 200},
)
register(
    "job progress, started by coordinator",
    "jobs:progress",
    _job_progress_of_coordinator,
    ok=(),
    overrides={**not_mine, "staff": 200, "coordinator": 200},
)
# A job without a result file has nothing to download, even for its owner.
register("job download without file", "jobs:download", _job_download_of_staff, ok=(), overrides=not_mine)


def _interrupted_job_of_coordinator(w):
    """A job whose worker died two minutes ago (its heartbeat is stale)."""
    old = timezone.now() - timedelta(seconds=120)
    job = Job.objects.create(
        kind="cooperatives.export",
        label="Test job",
        created_by=w.users["coordinator"],
        status="running",
        task_name="cooperatives.export_file",
        sent_at=old,
        started_at=old,
        heartbeat_at=old,
    )
    return reverse("jobs:rerun", args=[job.pk])


# Re-running an interrupted job: its owner or staff (back to the job page); nobody else sees it.
register(
    "re-run an interrupted job, started by coordinator",
    "jobs:rerun",
    _interrupted_job_of_coordinator,
    ok=(),
    overrides={**not_mine, "staff": 302, "coordinator": 302},
    method="post",
    data=lambda w: {},
)
register("admin", "admin:index", lambda w: reverse("admin:index"), ok=("staff",), denied=302)
