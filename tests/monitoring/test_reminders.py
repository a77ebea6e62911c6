"""Reminders before the due date and escalation to the delegation, with frozen time."""

from datetime import date

import time_machine
from django.core import mail

from monitoring.models import PeriodicReport
from monitoring.periods import Period
from monitoring.tasks import reports_daily
from odco.celery import app

from .factories import follow, make_report

S = PeriodicReport.Status
Q1 = Period(date(2025, 1, 1))  # ends 31 March, due 15 April (reminders from 8 April)


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_beat_schedule_is_registered():
    entry = app.conf.beat_schedule["monitoring.reports_daily"]
    assert entry["task"] == "monitoring.reports_daily"


@time_machine.travel("2025-04-02 08:00 +01:00", tick=False)
def test_opening_reports_for_the_period_that_ended(world, indicators, django_capture_on_commit_callbacks):
    follow(world.coop_in)
    follow(world.coop_out, starts_on=date(2025, 6, 1))  # not yet in follow-up in Q1
    with django_capture_on_commit_callbacks(execute=True):
        result = reports_daily()
    assert result == {"opened": 1, "reminded": 0, "escalated": 0}
    report = PeriodicReport.objects.get()
    assert (report.cooperative, report.period_start, report.due_on, report.status) == (
        world.coop_in,
        date(2025, 1, 1),
        date(2025, 4, 15),
        S.DRAFT,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reports_daily()["opened"] == 0  # safe to run twice
    assert PeriodicReport.objects.count() == 1
    assert mail.outbox == []


def test_reminder_before_due_date_then_escalation(world, indicators, django_capture_on_commit_callbacks):
    report = make_report(world.coop_in, Q1)
    submitted = make_report(world.coop_out, Q1, status=S.SUBMITTED)
    # A week and a day before the due date: nothing yet.
    with (
        time_machine.travel("2025-04-07 08:00 +01:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reports_daily()
    assert mail.outbox == []
    # A week before: the cooperative is reminded, once.
    with (
        time_machine.travel("2025-04-08 08:00 +01:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reports_daily()["reminded"] == 1
        assert reports_daily()["reminded"] == 0
    assert _recipients() == ["cooperative@test.odco.ma"]
    mail.outbox.clear()
    # On the due date: still not overdue.
    with (
        time_machine.travel("2025-04-15 20:00 +01:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reports_daily()["escalated"] == 0
    # The day after: escalated to the region's delegation (and the cooperative), once.
    with (
        time_machine.travel("2025-04-16 08:00 +01:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reports_daily()["escalated"] == 1
        assert reports_daily()["escalated"] == 0
    assert _recipients() == ["cooperative@test.odco.ma", "delegation@test.odco.ma"]
    report.refresh_from_db()
    submitted.refresh_from_db()
    assert report.reminded_at is not None and report.escalated_at is not None
    assert submitted.reminded_at is None and submitted.escalated_at is None


def test_no_mail_when_the_report_was_submitted_in_between(
    world, indicators, django_capture_on_commit_callbacks
):
    from monitoring.tasks import report_send_escalation

    report = make_report(world.coop_in, Q1, status=S.SUBMITTED)
    assert report_send_escalation(report.pk) == 0
    assert mail.outbox == []


@time_machine.travel("2025-05-01 08:00 +01:00", tick=False)
def test_missing_reports_per_region(world, login, indicators):
    from django.urls import reverse

    make_report(world.coop_in, Q1)  # overdue
    make_report(world.coop_out, Q1, status=S.RETURNED)  # overdue, other region
    make_report(world.coop_in, Q1.next())  # not due yet
    page = login(world.users["delegation"]).get(reverse("reports:missing"))
    rows = [(r.code, r.missing) for r in page.context["regions"]]
    assert rows == [("09", 1)]
    assert [r.cooperative for r in page.context["page"].object_list] == [world.coop_in]
    page = login(world.users["staff"]).get(reverse("reports:missing"))
    counts = {r.code: r.missing for r in page.context["regions"]}
    assert (counts["01"], counts["09"], sum(counts.values())) == (1, 1, 2)
