"""Re-running an interrupted job: who may (owner, staff; another user 404, anonymous to the
login page), the audit entry, the admin action through the same service, and nothing twice."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from odco.audit.models import AuditEntry
from odco.jobs.admin import JobAdmin
from odco.jobs.models import Job
from odco.jobs.services import job_create, job_enqueue, job_start
from tests.factories import CooperativeFactory, make_user
from tests.i18n import fr

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_stale")]


@pytest.fixture
def settings_stale():
    with override_settings(ODCO_JOB_STALE_SECONDS=90):
        yield


def interrupted_export(owner, *, done=3, total=10) -> Job:
    """A registry export whose worker died: running, its last heartbeat two minutes old."""
    from cooperatives.tasks import export_cooperatives_task

    job = job_create(kind="cooperatives.export", user=owner, params={"filters": {}, "format": "csv"})
    job_enqueue(job=job, task=export_cooperatives_task)  # recorded; the commit never comes here
    old = timezone.now() - timedelta(seconds=120)
    Job.objects.filter(pk=job.pk).update(
        status="running",
        sent_at=old,
        started_at=old - timedelta(minutes=5),
        heartbeat_at=old,
        done=done,
        total=total,
    )
    job.refresh_from_db()
    return job


def unchanged(job: Job) -> bool:
    before = job
    now = Job.objects.get(pk=job.pk)
    return (now.status, now.sent_at, now.heartbeat_at, now.done) == (
        before.status,
        before.sent_at,
        before.heartbeat_at,
        before.done,
    ) and not AuditEntry.objects.filter(action="job.rerun").exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 302), ("staff", 302), ("other coordinator", 404), ("cooperative", 404), ("anonymous", 302)],
)
def test_who_may_run_an_interrupted_job_again(client, who, expected, django_capture_on_commit_callbacks):
    owner = make_user("coordinator", email="owner@test.odco.ma")
    users = {
        "owner": owner,
        "staff": make_user("staff"),
        "other coordinator": make_user("coordinator"),
        "cooperative": make_user("cooperative", cooperative=CooperativeFactory()),
        "anonymous": None,
    }
    job = interrupted_export(owner)
    interrupted_at = job.heartbeat_at
    if users[who]:
        client.force_login(users[who])

    with django_capture_on_commit_callbacks(execute=False) as sent:
        response = client.post(reverse("jobs:rerun", args=[job.pk]))

    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    if expected == 404 or who == "anonymous":
        assert unchanged(job)
        assert sent == []
        return
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.sent_at, job.heartbeat_at, job.done, job.total) == ("pending", None, None, 3, 10)
    entry = AuditEntry.objects.get(action="job.rerun")
    assert (entry.actor, entry.object_id, entry.from_state, entry.to_state) == (
        users[who],
        str(job.pk),
        "interrupted",
        "pending",
    )
    assert entry.changes == {"done": 3, "total": 10, "interrupted_since": interrupted_at.isoformat()}
    assert len(sent) == 1  # sent once, after the commit


@pytest.mark.parametrize("state", ["pending", "running", "succeeded", "failed"])
def test_a_job_that_is_not_interrupted_cannot_be_run_again(client, state):
    owner = make_user("coordinator")
    job = interrupted_export(owner)
    fields = {"status": state, "heartbeat_at": timezone.now()}
    Job.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    client.force_login(owner)

    response = client.post(reverse("jobs:rerun", args=[job.pk]))

    assert response.status_code == 403
    assert fr("Only an interrupted job can be run again.") in response.content.decode()
    assert unchanged(job)


def test_the_rerun_is_a_post(client):
    owner = make_user("coordinator")
    job = interrupted_export(owner)
    client.force_login(owner)
    assert client.get(reverse("jobs:rerun", args=[job.pk])).status_code == 405
    assert unchanged(job)


def test_the_rerun_finishes_the_same_job_with_nothing_twice(client, django_capture_on_commit_callbacks):
    owner = make_user("staff")
    CooperativeFactory.create_batch(3)
    job = interrupted_export(owner)
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):  # the queue runs tasks eagerly here
        client.post(reverse("jobs:rerun", args=[job.pk]))

    job.refresh_from_db()
    assert Job.objects.count() == 1
    assert (job.status, job.done, job.total, job.result) == ("succeeded", 3, 3, {"rows": 3})
    assert job.result_file.read().decode("utf-8-sig").count("\n") == 4  # header + 3 rows, once
    assert job.sent_at is not None


def test_the_admin_action_runs_interrupted_jobs_again_through_the_service(django_capture_on_commit_callbacks):
    staff = make_user("staff", is_superuser=True)
    interrupted = interrupted_export(make_user("coordinator"))
    alive = interrupted_export(make_user("coordinator"))
    job_start(job_id=alive.pk)  # a fresh heartbeat: its worker is alive
    request = RequestFactory().post("/admin/jobs/job/")
    request.user = staff
    shown: list[str] = []
    admin = JobAdmin(Job, site)
    admin.message_user = lambda request, message, level=None: shown.append(str(message))

    with django_capture_on_commit_callbacks(execute=False) as sent:
        admin.rerun_interrupted(request, Job.objects.filter(pk__in=[interrupted.pk, alive.pk]))

    assert Job.objects.get(pk=interrupted.pk).status == "pending"
    assert Job.objects.get(pk=alive.pk).status == "running"
    assert list(AuditEntry.objects.filter(action="job.rerun").values_list("object_id", "actor")) == [
        (str(interrupted.pk), staff.pk)
    ]
    assert len(sent) == 1
    with translation.override("fr"):
        one = ngettext("%(count)s job runs again.", "%(count)s jobs run again.", 1) % {"count": 1}
    assert shown[0] == one
    assert fr("Only an interrupted job can be run again.") in shown[1]
