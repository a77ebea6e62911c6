"""The attendance rule, batch issuing (idempotent), the bilingual PDF and revocation."""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from pypdf import PdfReader

from odco.audit.models import AuditEntry
from odco.roles import Role
from tests.factories import make_user
from training.eligibility import is_eligible, phase_standings
from training.models import Certificate, KitDelivery, KitItem, PhaseTraining
from training.services import certificate_batch_issue, certificate_revoke, phase_training

from .factories import accompanied, coordinator, make_session, mark, staff, validated_phase

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("attended", "enrolled", "minimum", "expected"),
    [
        (3, 4, 75, True),  # exactly at the rule
        (2, 4, 75, False),  # just under
        (4, 4, 100, True),
        (3, 4, 100, False),
        (1, 3, 34, False),  # 33.3 % < 34 %: no rounding up at the boundary
        (1, 3, 33, True),
        (0, 0, 1, False),  # never enrolled in a held session
        (0, 2, 1, False),
    ],
)
def test_attendance_rule_at_the_boundaries(attended, enrolled, minimum, expected):
    assert is_eligible(attended=attended, enrolled=enrolled, min_percent=minimum) is expected


def _phase_with_four_sessions():
    """Four held sessions in 09 with three participants: 4/4, 3/4 (one late), 2/4 attended."""
    phase = validated_phase()
    accompanied(phase, participants=3)
    sessions = [make_session(phase, day=day, status="open", enrol=True) for day in (5, 6, 7, 8)]
    people = sorted(sessions[0].enrolments.values_list("participant_id", flat=True))
    full, three, two = people
    plan = [
        {full: "present", three: "present", two: "present"},
        {full: "present", three: "late", two: "present"},
        {full: "present", three: "present", two: "absent"},
        {full: "present", three: "absent", two: "absent"},
    ]
    for session, marks in zip(sessions, plan, strict=True):
        mark(session, marks)
    from training.services import session_transition

    for session in sessions:
        session_transition(actor=coordinator(), session=session, name="hold")
    return phase, full, three, two


def test_standings_count_late_as_attended_and_follow_the_phase_rule():
    phase, full, three, two = _phase_with_four_sessions()
    standings = {s.participant_id: s for s in phase_standings(phase)}
    assert (standings[full].attended, standings[full].enrolled, standings[full].eligible) == (4, 4, True)
    assert (standings[three].attended, standings[three].eligible) == (3, True)  # 75 % with the default rule
    assert (standings[two].attended, standings[two].eligible) == (2, False)
    assert standings[three].hours == Decimal("36")  # 3 sessions × 12 h
    PhaseTraining.objects.filter(phase=phase).update(min_attendance_percent=100)
    standings = {s.participant_id: s for s in phase_standings(phase)}
    assert [standings[p].eligible for p in (full, three, two)] == [True, False, False]


@override_settings(TRAINING_CERTIFICATE_MIN_ATTENDANCE_PERCENT=50)
def test_the_default_rule_is_a_setting():
    phase = validated_phase()
    assert phase_training(phase).min_attendance_percent == 50


def test_sessions_not_held_do_not_count():
    phase = validated_phase()
    accompanied(phase, participants=1)
    held = make_session(phase, day=5, status="open", enrol=True)
    make_session(phase, day=6, status="open", enrol=True)  # still open: not counted
    mark(held, dict.fromkeys(held.enrolments.values_list("participant_id", flat=True), "present"))
    from training.services import session_transition

    session_transition(actor=coordinator(), session=held, name="hold")
    (standing,) = phase_standings(phase)
    assert (standing.attended, standing.enrolled, standing.eligible) == (1, 1, True)


def test_batch_issues_eligible_participants_only_and_is_idempotent():
    # given three participants of whom two meet the rule
    phase, full, three, two = _phase_with_four_sessions()
    # when the batch runs twice
    first = certificate_batch_issue(actor=coordinator(), phase=phase)
    codes = dict(Certificate.objects.values_list("participant_id", "code"))
    files = dict(Certificate.objects.values_list("participant_id", "pdf"))
    second = certificate_batch_issue(actor=coordinator(), phase=phase)
    # then two certificates exist, with the same codes and files
    assert first.as_dict() == {"created": 2, "existing": 0, "rendered": 2}
    assert second.as_dict() == {"created": 0, "existing": 2, "rendered": 0}
    assert set(codes) == {full, three}
    assert dict(Certificate.objects.values_list("participant_id", "code")) == codes
    assert dict(Certificate.objects.values_list("participant_id", "pdf")) == files
    assert AuditEntry.objects.filter(action="certificate.issue").count() == 2
    # and the certificate is in each holder's kit
    item = KitItem.objects.get(phase=phase, kind="certificate")
    assert set(KitDelivery.objects.filter(item=item).values_list("participant_id", flat=True)) == {
        full,
        three,
    }


def test_a_revoked_certificate_is_not_issued_again():
    phase, full, three, _two = _phase_with_four_sessions()
    certificate_batch_issue(actor=coordinator(), phase=phase)
    revoked = Certificate.objects.get(participant_id=full)
    certificate_revoke(actor=coordinator(), certificate=revoked, reason="Identité erronée")
    outcome = certificate_batch_issue(actor=coordinator(), phase=phase)
    assert outcome.created == 0
    assert Certificate.objects.filter(participant_id=full).get().status == "revoked"


def test_the_pdf_is_bilingual_with_the_holder_and_the_verification_address():
    phase, full, *_ = _phase_with_four_sessions()
    certificate_batch_issue(actor=coordinator(), phase=phase)
    certificate = Certificate.objects.select_related("cooperative", "region").get(participant_id=full)
    with certificate.pdf.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert certificate.holder_name in text
    assert f"{settings.ODCO_SITE_URL}/verify/{certificate.code}/" in text
    # French and Arabic: the prize, the region and the cooperative in both languages
    prize = phase.edition.prize
    for value in (prize.name_fr, prize.name_ar, "Souss-Massa", "سوس ماسة", certificate.cooperative.name_fr):
        assert value in text
    # (extraction gives Arabic in visual order: the number of "تعاونية اختبار 4" comes first)
    assert "تعاونية اختبار" in text
    assert "05/05/2025 – 08/05/2025" in text
    assert "48 h" in text


def test_revoking_needs_a_reason_and_the_coordinator_or_staff():
    phase, full, *_ = _phase_with_four_sessions()
    certificate_batch_issue(actor=coordinator(), phase=phase)
    certificate = Certificate.objects.get(participant_id=full)
    with pytest.raises(PermissionDenied):
        certificate_revoke(
            actor=make_user(Role.DELEGATION, region_code="09"), certificate=certificate, reason="x"
        )
    with pytest.raises(ValidationError) as error:
        certificate_revoke(actor=staff(), certificate=certificate, reason=" ")
    assert error.value.message_dict == {"reason": ["Give the reason for revoking this certificate."]}
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    assert not AuditEntry.objects.filter(action="certificate.revoke").exists()
    certificate_revoke(actor=staff(), certificate=certificate, reason="Doublon")
    entry = AuditEntry.objects.get(action="certificate.revoke")
    assert (entry.from_state, entry.to_state, entry.message) == ("valid", "revoked", "Doublon")


def test_a_trainer_cannot_issue_certificates():
    phase, *_ = _phase_with_four_sessions()
    with pytest.raises(PermissionDenied):
        certificate_batch_issue(actor=make_user(Role.TRAINER), phase=phase)
    assert Certificate.objects.count() == 0


def test_the_batch_runs_as_a_job_with_progress_and_a_zip_of_the_files(
    client, django_capture_on_commit_callbacks
):
    import zipfile

    from django.urls import reverse

    from odco.jobs.models import Job

    phase, full, three, _two = _phase_with_four_sessions()
    client.force_login(coordinator())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training:certificates_batch", args=[phase.pk]))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.done, job.total) == ("succeeded", 2, 2)
    assert job.result == {"created": 2, "existing": 0, "rendered": 2}
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("training:certificates_zip", args=[phase.pk])).content)
    )
    codes = Certificate.objects.values_list("code", flat=True)
    assert sorted(archive.namelist()) == sorted(f"certificate-{code}.pdf" for code in codes)
