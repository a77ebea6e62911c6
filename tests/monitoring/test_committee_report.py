"""The committee's monthly report: its figures equal the dashboards' on a small fixture (read
back from the PDF), regeneration replaces, beat schedules it, e-mail, the on-demand job."""

import io
import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from monitoring.dashboard import panels
from monitoring.dashboard.filters import load_choices, parse_filters
from monitoring.models import (
    ActionItem,
    IndicatorTarget,
    Meeting,
    MonthlyReport,
    PeriodicReport,
    RegionalNote,
)
from monitoring.services import rollup_rebuild
from monitoring.services.committee_report import (
    FIGURE_KEYS,
    monthly_report_generate,
    previous_month,
    summarize,
)
from monitoring.templatetags.monitoring import figure_number
from odco.audit.models import AuditEntry
from tests.factories import region
from tests.monitoring.test_dashboard_panels import TODAY, activity  # noqa: F401 - the shared fixture

from .committee_factories import at, make_action, make_committee, make_meeting
from .factories import Q1_2025, complete_totals, indicators, make_report

JUNE = date(2025, 6, 1)
AS_OF = date(2025, 6, 30)


def _pdf_text(report: MonthlyReport) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def programme(world, activity):  # noqa: F811 - the fixture imported above
    """The dashboard panels' fixture plus approved Q1 2025 reports with a revenue target, a
    committee with meetings and actions, and two regional notes for June 2025."""
    indicators()
    for coop in (world.coop_in, world.coop_out):
        make_report(coop, Q1_2025, status=PeriodicReport.Status.APPROVED, values=complete_totals())
    IndicatorTarget.objects.create(
        cooperative=world.coop_in, indicator=indicators()["revenue"], period_start=Q1_2025.start, target=8
    )
    rollup_rebuild()
    committee = make_committee(chair=world.users["committee"])
    may = make_meeting(committee, starts_at=at(2025, 5, 6), status=Meeting.Status.VALIDATED, minutes="CR")
    june = make_meeting(committee, starts_at=at(2025, 6, 3), status=Meeting.Status.HELD, minutes="CR")
    june.decisions.create(text="Associer les banques partenaires.")
    make_action(may, title="Relancer les rapports manquants", owner=world.users["staff"])
    make_action(
        may, title="Visite de terrain à Agadir", status=ActionItem.Status.DONE, closed_at=at(2025, 6, 20)
    )
    make_action(may, title="Action close en mai", status=ActionItem.Status.DONE, closed_at=at(2025, 5, 20))
    RegionalNote.objects.create(region=region("09"), month=JUNE, text="Souss-Massa : sessions tenues.")
    RegionalNote.objects.create(
        region=region("01"), month=date(2025, 5, 1), text="Note de mai, hors rapport."
    )
    return committee


def _dashboard_figures(user):
    choices = load_choices(user=user, today=AS_OF)
    filters = parse_filters({}, choices)
    return panels.build(user=user, filters=filters, choices=choices, today=AS_OF)["figures"]


def _in_order(text: str, cells: list[str]) -> bool:
    """The cells appear in `text` in this order (a table row read back from the PDF)."""
    position = 0
    for cell in cells:
        found = text.find(cell, position)
        if found < 0:
            return False
        position = found + len(cell)
    return True


@time_machine.travel(TODAY, tick=False)
def test_report_figures_equal_the_dashboards(world, login, programme):
    report = monthly_report_generate(month=JUNE)

    with translation.override("fr"):
        committee_view = _dashboard_figures(world.users["committee"])
        expected = summarize(committee_view)
    assert report.summary == expected
    assert set(report.summary) == set(FIGURE_KEYS)
    # The national dashboard page itself, on the report's date, shows the same figures.
    with time_machine.travel("2025-06-30 12:00 +01:00", tick=False):
        response = login(world.users["committee"]).get(reverse("dashboard"))
    assert summarize(response.context["figures"]) == report.summary
    # Non-trivial figures: the fixture's funnel, regions and revenue target are there.
    assert report.summary["funnel"]["rows"] == [["2025 Prix « Lalla Al Moutaâouina »", "6", "6", "5", "2"]]
    assert len(report.summary["training"]["rows"]) == 2
    revenue = next(r for r in report.summary["targets"]["rows"] if r[0] == str(indicators()["revenue"].name))
    assert revenue[2:5] == ["20.00", "8.00", "125.0"]

    text = _pdf_text(report)
    with translation.override("fr"):
        for key in ("funnel", "training", "coaching", "pitch", "mentoring", "targets"):
            for row in committee_view[key].rows:
                cells = [str(figure_number(c)) for c in row[1:]]
                assert _in_order(text, cells), (key, cells)
    assert "Relancer les rapports manquants" in text  # open action
    assert "Visite de terrain à Agadir" in text  # closed in June
    assert "Action close en mai" not in text  # closed before the month
    assert "Souss-Massa : sessions tenues." in text and "Note de mai" not in text
    assert "Associer les banques partenaires." in text


def test_report_has_arabic_headings_and_a_french_body(world, programme):
    with time_machine.travel(TODAY, tick=False):
        report = monthly_report_generate(month=JUNE)
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Amiri" in f for f in fonts) or any("DejaVu" in f for f in fonts)
    assert report.month == JUNE and report.size == report.file.size > 1000


@time_machine.travel(TODAY, tick=False)
def test_regenerating_a_month_replaces_its_report(
    world, programme, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = monthly_report_generate(month=JUNE)
    first_path = first.file.path
    RegionalNote.objects.filter(region=region("09")).update(text="Note réécrite après coup.")
    with django_capture_on_commit_callbacks(execute=True):
        second = monthly_report_generate(month=date(2025, 6, 17), user=world.users["staff"])

    assert MonthlyReport.objects.count() == 1
    assert second.pk == first.pk
    assert second.generated_by == world.users["staff"]
    assert "Note réécrite après coup." in _pdf_text(second)
    import os

    assert first_path != second.file.path and not os.path.exists(first_path)
    stored = list((settings.MEDIA_ROOT / "committee" / "reports" / "2025").iterdir())
    assert [p.name for p in stored] == [os.path.basename(second.file.name)]
    assert list(
        AuditEntry.objects.filter(action__startswith="monthly_report")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == ["monthly_report.create", "monthly_report.replace"]


def test_beat_schedules_the_monthly_report_on_the_first_of_each_month():
    from odco.celery import app

    entry = app.conf.beat_schedule["monitoring.committee_monthly_report"]
    assert entry["task"] == "monitoring.committee_monthly_report"
    assert entry["task"] in app.tasks
    schedule = entry["schedule"]
    assert schedule.day_of_month == {1}
    assert schedule.hour == {6} and schedule.minute == {0}


@time_machine.travel("2025-07-01 06:00 +01:00", tick=False)
def test_beat_task_reports_the_month_that_ended_and_mails_the_committee(
    world, programme, django_capture_on_commit_callbacks
):
    from monitoring.tasks_committee import committee_monthly_report

    world.users["committee"].language = "ar"
    world.users["committee"].save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        committee_monthly_report.delay()
    report = MonthlyReport.objects.get()
    assert report.month == JUNE == previous_month(date(2025, 7, 1))
    assert sorted(m.to[0] for m in mail.outbox) == ["committee@test.odco.ma"]
    message = mail.outbox[0]
    assert message.attachments[0][0] == "rapport-comite-2025-06.pdf"
    assert message.attachments[0][1][:5] == b"%PDF-"
    with translation.override("ar"):
        assert message.subject == translation.gettext("Steering committee: monthly report for %(month)s") % {
            "month": "06/2025"
        }
    report.refresh_from_db()
    assert report.emailed_at is not None
    # Run twice: still one report for June.
    committee_monthly_report.delay()
    assert MonthlyReport.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_on_demand_generation_is_a_long_job(world, login, programme, django_capture_on_commit_callbacks):
    from odco.jobs.models import Job

    client = login(world.users["committee"])  # the chair
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("committee:report_generate"), {"month": "2025-06", "send": "on"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"report": MonthlyReport.objects.get(month=JUNE).pk, "month": "2025-06-01"}
    assert len(mail.outbox) == 1


def test_a_member_who_does_not_chair_cannot_generate(world, login, programme):
    from odco.jobs.models import Job

    other = make_committee()
    other.members.filter(user=world.users["committee"]).update(is_chair=False)
    response = login(world.users["committee"]).post(
        reverse("committee:report_generate"), {"month": "2025-06"}
    )
    assert response.status_code == 403
    assert Job.objects.count() == 0 and MonthlyReport.objects.count() == 0


def test_the_pdf_is_served_only_through_the_permission_check(world, login, programme, settings):
    with time_machine.travel(TODAY, tick=False):
        report = monthly_report_generate(month=JUNE)
    assert settings.MEDIA_URL not in reverse("committee:report_pdf", args=[report.pk])
    assert (
        login(world.users["delegation"]).get(reverse("committee:report_pdf", args=[report.pk])).status_code
        == 403
    )
    response = login(world.users["committee"]).get(reverse("committee:report_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
