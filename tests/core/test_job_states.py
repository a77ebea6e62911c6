"""A job never lies about its state: the derivation table, the page's words for each state
(French), the JSON poll and the admin agreeing with it, the heartbeat, the page's queries."""

import json
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape, strip_tags

from odco.jobs import heartbeat
from odco.jobs.admin import JobAdmin
from odco.jobs.models import Job
from odco.jobs.services import job_create, job_fail, job_progress, job_start, job_succeed
from odco.jobs.states import JobState, job_state
from tests.factories import make_user
from tests.i18n import fr
from tests.querycount import assert_same_query_count

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=timezone.get_fixed_timezone(0))
STALE = 90
S = JobState

# status, sent, seconds since the heartbeat (None: none), seconds since the start -> state
TABLE = [
    ("pending", False, None, None, S.UNSENT),
    ("pending", True, None, None, S.QUEUED),
    ("pending", True, 500, 500, S.QUEUED),  # a re-run waiting for a worker: not interrupted
    ("running", True, 0, 300, S.RUNNING),
    ("running", True, 89, 300, S.RUNNING),
    ("running", True, 90, 300, S.RUNNING),  # exactly at the threshold: still alive
    ("running", True, 91, 300, S.INTERRUPTED),
    ("running", True, 3600, 3600, S.INTERRUPTED),
    ("running", True, None, 10, S.RUNNING),  # started before heartbeats existed: its start counts
    ("running", True, None, 120, S.INTERRUPTED),
    ("succeeded", True, 3600, 3600, S.SUCCEEDED),  # a finished job never shows interrupted
    ("failed", True, 3600, 3600, S.FAILED),
]


def ago(seconds):
    return None if seconds is None else NOW - timedelta(seconds=seconds)


@pytest.mark.parametrize(("status", "sent", "beat", "started", "expected"), TABLE)
def test_the_shown_state_of_a_job(status, sent, beat, started, expected):
    shown = job_state(
        status=status,
        sent_at=NOW - timedelta(seconds=600) if sent else None,
        heartbeat_at=ago(beat),
        started_at=ago(started),
        now=NOW,
        stale_seconds=STALE,
    )
    assert shown == expected


def test_every_stored_status_and_every_shown_state_is_in_the_table():
    assert {row[0] for row in TABLE} == set(Job.Status.values)
    assert {row[-1] for row in TABLE} == set(JobState)


# --- The services record the heartbeat ------------------------------------------------------


@pytest.mark.django_db
def test_start_and_progress_are_heartbeats():
    job = job_create(kind="test", user=None, total=10)
    with time_machine.travel(NOW, tick=False):
        job_start(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.started_at, job.heartbeat_at) == ("running", NOW, NOW)
    later = NOW + timedelta(seconds=200)
    with time_machine.travel(later, tick=False):
        assert job.state_at(later) == S.INTERRUPTED
        job_progress(job_id=job.pk, done=4)
        job.refresh_from_db()
        assert (job.heartbeat_at, job.done, job.state) == (later, 4, S.RUNNING)


@pytest.mark.django_db
def test_a_message_delivered_again_does_not_reopen_a_finished_job():
    job = job_create(kind="test", user=None)
    job_start(job_id=job.pk)
    job_succeed(job_id=job.pk, result={"rows": 3})
    job_start(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded"


@pytest.mark.django_db
def test_the_worker_beats_while_a_job_task_runs_and_stops_after_it():
    job = job_create(kind="test", user=None)
    job_start(job_id=job.pk)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=NOW)
    task = SimpleNamespace(request=SimpleNamespace(is_eager=False))
    with override_settings(ODCO_JOB_HEARTBEAT_SECONDS=3600):
        heartbeat.start_beating(task_id="t-1", task=task, args=[str(job.pk), "csv"])
    thread = heartbeat._beating["t-1"]
    assert thread.is_alive() and thread.every == 3600 and thread.job_id == str(job.pk)
    assert Job.objects.get(pk=job.pk).heartbeat_at > NOW  # beats at once: a redelivery is alive
    heartbeat.stop_beating(task_id="t-1")
    assert not thread.is_alive()
    assert "t-1" not in heartbeat._beating


@pytest.mark.django_db
def test_a_thread_beats_only_for_a_job_task_run_by_a_worker():
    worker = SimpleNamespace(request=SimpleNamespace(is_eager=False))
    eager = SimpleNamespace(request=SimpleNamespace(is_eager=True))
    job = job_create(kind="test", user=None)
    heartbeat.start_beating(task_id="t-2", task=worker, args=[42])
    heartbeat.start_beating(task_id="t-3", task=worker, args=[])
    heartbeat.start_beating(task_id="t-4", task=eager, args=[str(job.pk)])
    assert not {"t-2", "t-3", "t-4"} & set(heartbeat._beating)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_on_its_own_connection_every_interval():
    job = job_create(kind="test", user=None)
    job_start(job_id=job.pk)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=NOW)
    thread = heartbeat.Heartbeat(str(job.pk), every=0.01)
    thread.start()
    try:
        deadline = timezone.now() + timedelta(seconds=10)
        while Job.objects.get(pk=job.pk).heartbeat_at == NOW and timezone.now() < deadline:
            thread.stopped.wait(0.01)
    finally:
        thread.stop()
    assert Job.objects.get(pk=job.pk).heartbeat_at > NOW
    assert not thread.is_alive()


@pytest.mark.django_db
def test_only_a_running_job_beats():
    job = job_create(kind="test", user=None)
    heartbeat.beat(str(job.pk))
    job_fail(job_id=job.pk, message="x")
    heartbeat.beat(str(job.pk))
    assert Job.objects.get(pk=job.pk).heartbeat_at is None


# --- What the page, the poll and the admin say ---------------------------------------------


def make_job(state: JobState, user, *, done=4, total=6) -> Job:
    """A job that is in `state` at NOW (with the default stale threshold of 90 s)."""
    job = job_create(kind="test", user=user, label="Import des coopératives", total=total)
    fields = {"done": done, "task_name": "tests.none", "sent_at": ago(600)}
    if state == S.UNSENT:
        fields["sent_at"] = None
    if state in (S.RUNNING, S.INTERRUPTED):
        beat = 10 if state == S.RUNNING else 125
        fields.update(status="running", started_at=ago(300), heartbeat_at=ago(beat))
    if state in (S.SUCCEEDED, S.FAILED):
        fields.update(status=state.value, started_at=ago(300), finished_at=ago(5), heartbeat_at=ago(500))
    Job.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def french_page(client, job) -> str:
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
@override_settings(ODCO_JOB_STALE_SECONDS=STALE)
@pytest.mark.parametrize("state", list(JobState))
def test_the_job_page_says_the_state_in_french(client, state):
    owner = make_user("coordinator")
    client.force_login(owner)
    job = make_job(state, owner)
    page = french_page(client, job)
    shown = " ".join(strip_tags(page).split())  # the words a person reads

    assert f'data-state="{state.value}"' in page
    if state in (S.UNSENT, S.QUEUED):  # not started: never a percent
        assert (
            "0%" not in page
            and "0 %" not in page
            and "value=" not in page.split('id="job-progress"')[1].split("</progress>")[0]
        )
    words = {
        S.UNSENT: [
            fr("Waiting for the queue"),
            fr("the queue is unreachable; the job will be sent as soon as it is back."),
        ],
        S.QUEUED: [fr("Queued"), fr("waiting for a worker to start it.")],
        S.RUNNING: [f"{fr('running').capitalize()} · 66%", "(4 / 6)"],
        S.INTERRUPTED: [fr("Interrupted"), fr("%(done)s of %(total)s done") % {"done": 4, "total": 6}],
        S.SUCCEEDED: [f"{fr('done').capitalize()} · 100%"],
        S.FAILED: [fr("failed").capitalize()],
    }[state]
    for text in words:
        assert text in shown, text
    if state == S.INTERRUPTED:
        with translation.override("fr"):
            since = formats.date_format(timezone.localtime(ago(125)), "SHORT_DATETIME_FORMAT")
        assert fr("no sign of its worker since %(when)s.") % {"when": since} in shown
        assert fr("running").capitalize() not in shown  # not "En cours"
        assert 'id="job-rerun"' in page and "data-confirm=" in page
    else:
        assert 'id="job-rerun"' not in page
    polls = state not in (S.SUCCEEDED, S.FAILED)
    assert ("hx-trigger" in page) == polls
    if polls:
        assert f'hx-trigger="every {"1s" if state == S.RUNNING else "5s"}"' in page


@pytest.mark.django_db
@override_settings(ODCO_JOB_STALE_SECONDS=STALE)
@pytest.mark.parametrize("state", list(JobState))
def test_the_poll_and_the_admin_agree_with_the_page(client, state):
    staff = make_user("staff", is_superuser=True)
    client.force_login(staff)
    job = make_job(state, staff)
    with time_machine.travel(NOW, tick=False):
        fragment = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
        data = json.loads(
            client.get(
                reverse("jobs:progress", args=[job.pk]), headers={"accept": "application/json"}
            ).content
        )
        changelist = client.get(reverse("admin:jobs_job_changelist")).content.decode()
        shown = JobAdmin(Job, None).shown_state(job)
    assert f'data-state="{state.value}"' in fragment
    assert data["state"] == state.value
    assert data["may_rerun"] == (state == S.INTERRUPTED)
    assert data["percent"] == {S.RUNNING: 66, S.SUCCEEDED: 100}.get(state)
    assert (data["done"], data["total"]) == (job.done, job.total)
    assert data["alive_at"] == (ago(125).isoformat() if state == S.INTERRUPTED else None)
    with translation.override("fr"):
        assert shown == str(state.label)
        assert f'<td class="field-shown_state">{escape(state.label)}</td>' in changelist


@pytest.mark.django_db
@override_settings(ODCO_JOB_STALE_SECONDS=STALE)
@pytest.mark.parametrize("state", [S.RUNNING, S.INTERRUPTED])
def test_the_job_page_makes_the_same_queries_whatever_the_number_of_jobs(client, state):
    owner = make_user("coordinator")
    client.force_login(owner)
    job = make_job(state, owner, done=40_000, total=65_000)

    def grow(n):
        Job.objects.bulk_create(
            Job(kind="test", created_by=owner, status="running", done=n, total=2 * n) for _ in range(n)
        )

    with time_machine.travel(NOW, tick=False):
        assert_same_query_count(client, reverse("jobs:detail", args=[job.pk]), grow, small=10, large=200)
        assert_same_query_count(client, reverse("jobs:progress", args=[job.pk]), grow, small=10, large=200)
