"""The report workflow per role (the whole table, allowed and refused), locking, checks, evidence."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from monitoring.models import Evidence, IndicatorRollup, PeriodicReport, ReportValue
from monitoring.periods import Period
from monitoring.services import (
    ReportRefused,
    evidence_add,
    report_save,
    report_transition,
)
from monitoring.workflow import TRANSITIONS
from odco.audit.models import AuditEntry
from odco.roles import Role

from .factories import PDF_BYTES, Q1_2025, complete_totals, full_values, make_report

S = PeriodicReport.Status
CASES = [(t, role) for t in TRANSITIONS for role in Role.values]


def _snapshot(report):
    report.refresh_from_db()
    return (
        report.status,
        report.review_comment,
        report.submitted_at,
        report.validated_at,
        report.approved_at,
    )


@pytest.mark.parametrize(("transition", "role"), CASES, ids=[f"{t.name}-{r}" for t, r in CASES])
def test_every_transition_for_every_role(transition, role, world, indicators):
    # Given a complete report of the cooperative of region 09 in the transition's source state
    report = make_report(world.coop_in, status=transition.source, values=complete_totals())
    user = world.users[role]
    before = _snapshot(report)
    audit_before = AuditEntry.objects.count()
    # When the role applies it (with a comment where one is needed)
    if role in transition.roles:
        report_transition(actor=user, report=report, name=transition.name, comment="Corriger le CA")
        # Then the report moves and the step is audited
        report.refresh_from_db()
        assert report.status == transition.target
        entry = AuditEntry.objects.order_by("-pk").first()
        assert (entry.action, entry.from_state, entry.to_state, entry.actor_id) == (
            f"report.{transition.name}",
            transition.source,
            transition.target,
            user.pk,
        )
    else:
        with pytest.raises(ReportRefused):
            report_transition(actor=user, report=report, name=transition.name, comment="Corriger le CA")
        assert _snapshot(report) == before
        assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("transition", TRANSITIONS, ids=[t.name for t in TRANSITIONS])
def test_no_step_from_another_state(transition, world, indicators):
    for year, status in enumerate(sorted(set(S.values) - {transition.source}), start=2020):
        period = Period(date(year, 1, 1))
        report = make_report(world.coop_in, period=period, status=status, values=complete_totals())
        with pytest.raises(ReportRefused):
            report_transition(actor=world.users["staff"], report=report, name=transition.name, comment="x")
        report.refresh_from_db()
        assert report.status == status


def test_delegation_of_another_region_cannot_validate(world, indicators):
    report = make_report(world.coop_out, status=S.SUBMITTED, values=complete_totals())
    with pytest.raises(ReportRefused):
        report_transition(actor=world.users["delegation"], report=report, name="validate")
    report.refresh_from_db()
    assert report.status == S.SUBMITTED


def test_return_needs_a_comment(world, indicators):
    report = make_report(world.coop_in, status=S.SUBMITTED, values=complete_totals())
    with pytest.raises(ValidationError) as error:
        report_transition(
            actor=world.users["delegation"], report=report, name="return_to_reporter", comment=" "
        )
    assert list(error.value.message_dict) == ["comment"]
    report.refresh_from_db()
    assert report.status == S.SUBMITTED


def test_submit_needs_every_indicator(world, indicators):
    report = make_report(world.coop_in, values={"revenue": 100})
    with pytest.raises(ValidationError) as error:
        report_transition(actor=world.users["cooperative"], report=report, name="submit")
    assert list(error.value.message_dict) == ["values"]
    report.refresh_from_db()
    assert report.status == S.DRAFT


def test_full_journey_locks_the_report_and_fills_rollups(world, indicators):
    coop, delegation, staff = (world.users[r] for r in ("cooperative", "delegation", "staff"))
    report = make_report(world.coop_in)
    report_save(actor=coop, report=report, values=full_values(), comments="Bon trimestre")
    report_transition(actor=coop, report=report, name="submit")
    report_transition(actor=delegation, report=report, name="return_to_reporter", comment="Emplois ?")
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (S.RETURNED, "Emplois ?")
    report_save(actor=coop, report=report, values=full_values(permanent_jobs__women="4"))
    report_transition(actor=coop, report=report, name="resubmit")
    report_transition(actor=delegation, report=report, name="validate")
    assert IndicatorRollup.objects.count() == 0  # only approved reports count
    report_transition(actor=staff, report=report, name="approve")

    rollup = IndicatorRollup.objects.get(indicator=indicators["permanent_jobs"])
    assert (rollup.value, rollup.women, rollup.men, rollup.young) == (
        Decimal("5"),
        Decimal("4"),
        Decimal("1"),
        None,
    )
    assert IndicatorRollup.objects.count() == len(indicators)
    actions = list(
        AuditEntry.objects.filter(object_id=str(report.pk)).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [
        "report.save",
        "report.submit",
        "report.return_to_reporter",
        "report.save",
        "report.resubmit",
        "report.validate",
        "report.approve",
    ]

    # An approved report is locked, for every role, staff included.
    values_before = list(ReportValue.objects.filter(report=report).values_list("pk", "value"))
    for role in ("cooperative", "delegation", "staff"):
        with pytest.raises(ReportRefused):
            report_save(actor=world.users[role], report=report, values=full_values(revenue__total="1"))
        with pytest.raises(ReportRefused):
            evidence_add(
                actor=world.users[role], report=report, upload=SimpleUploadedFile("a.pdf", PDF_BYTES)
            )
    assert list(ReportValue.objects.filter(report=report).values_list("pk", "value")) == values_before
    assert Evidence.objects.count() == 0


def test_locked_report_form_answers_403(world, login, indicators):
    report = make_report(world.coop_in, status=S.APPROVED, values=complete_totals())
    client = login(world.users["staff"])
    response = client.post(reverse("reports:edit", args=[report.pk]), full_values(revenue__total="1"))
    assert response.status_code == 403
    assert ReportValue.objects.get(report=report, indicator=indicators["revenue"]).value == Decimal("10")


def test_values_are_checked_by_type_and_range(world, indicators):
    report = make_report(world.coop_in)
    bad = full_values(
        revenue__total="beaucoup",
        members__women="2.5",
        online_sales_share__total="120",
        online_shop__total="peut-être",
        new_clients__total="-3",
        training_hours__young="1",
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        report_save(actor=world.users["cooperative"], report=report, values=bad)
    assert error.value.message_dict == {
        "revenue__total": ["Enter a number."],
        "members__women": ["Enter a whole number."],
        "online_sales_share__total": ["The value cannot exceed 100."],
        "online_shop__total": ["Answer yes or no."],
        "new_clients__total": ["The value cannot be below 0."],
        "training_hours__young": ["Young and not young must add up to the same total as women and men (14)."],
    }
    assert ReportValue.objects.filter(report=report).count() == 0


def test_a_large_jump_asks_for_confirmation(world, indicators):
    make_report(world.coop_in, period=Q1_2025.previous(), status=S.APPROVED, values={"revenue": 100000})
    report = make_report(world.coop_in)
    coop = world.users["cooperative"]
    with pytest.raises(ValidationError) as error:
        report_save(actor=coop, report=report, values=full_values(revenue__total="250000"))
    assert list(error.value.message_dict) == ["revenue__total"]
    assert "150%" in error.value.message_dict["revenue__total"][0]
    assert ReportValue.objects.filter(report=report).count() == 0
    # Confirmed, it is kept and marked.
    report_save(actor=coop, report=report, values=full_values(revenue__total="250000"), confirmed={"revenue"})
    value = ReportValue.objects.get(report=report, indicator=indicators["revenue"], breakdown="total")
    assert (value.value, value.jump_confirmed) == (Decimal("250000"), True)


def test_the_form_shows_errors_on_the_fields_and_the_confirmation_box(world, login, indicators):
    make_report(world.coop_in, period=Q1_2025.previous(), status=S.APPROVED, values={"revenue": 100000})
    report = make_report(world.coop_in)
    client = login(world.users["cooperative"])
    response = client.post(
        reverse("reports:edit", args=[report.pk]),
        {**full_values(revenue__total="250000"), "action": "submit"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_confirm__revenue"' in html and 'id="report-form"' in html
    report.refresh_from_db()
    assert report.status == S.DRAFT
    response = client.post(
        reverse("reports:edit", args=[report.pk]),
        {**full_values(revenue__total="250000"), "confirm__revenue": "on", "action": "submit"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == S.SUBMITTED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("proof.pdf", b"MZ\x90\x00 not a pdf", "Send a PDF, PNG, JPEG, XLSX or DOCX file."),
        ("proof.exe", PDF_BYTES, "Send a PDF, PNG, JPEG, XLSX or DOCX file."),
        ("empty.pdf", b"", "This file is empty."),
    ],
)
def test_evidence_is_checked_by_content(name, content, message, world, indicators):
    report = make_report(world.coop_in)
    with pytest.raises(ValidationError) as error:
        evidence_add(
            actor=world.users["cooperative"], report=report, upload=SimpleUploadedFile(name, content)
        )
    assert error.value.message_dict == {"file": [message]}
    assert Evidence.objects.count() == 0


def test_evidence_size_limit(world, indicators, settings):
    settings.ODCO_EVIDENCE_MAX_BYTES = 100
    report = make_report(world.coop_in)
    with pytest.raises(ValidationError) as error:
        evidence_add(
            actor=world.users["cooperative"], report=report, upload=SimpleUploadedFile("a.pdf", PDF_BYTES * 5)
        )
    assert list(error.value.message_dict) == ["file"]
    assert Evidence.objects.count() == 0


def test_evidence_is_served_with_its_checked_type(world, login, indicators):
    report = make_report(world.coop_in)
    evidence = evidence_add(
        actor=world.users["cooperative"], report=report, upload=SimpleUploadedFile("facture.pdf", PDF_BYTES)
    )
    response = login(world.users["delegation"]).get(reverse("reports:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_save_and_submit_of_an_incomplete_report_writes_nothing(world, login, indicators):
    report = make_report(world.coop_in)
    client = login(world.users["cooperative"])
    response = client.post(
        reverse("reports:edit", args=[report.pk]), {"revenue__total": "5", "action": "submit"}
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Adhérents" in errors and "Chiffre d'affaires" not in errors  # the missing indicators are named
    report.refresh_from_db()
    assert (report.status, ReportValue.objects.filter(report=report).count()) == (S.DRAFT, 0)
    response = client.post(
        reverse("reports:edit", args=[report.pk]), {"revenue__total": "5", "action": "save"}
    )
    assert response.status_code == 302
    assert ReportValue.objects.get(report=report).value == Decimal("5")
