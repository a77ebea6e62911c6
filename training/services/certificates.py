"""Certificates of participation: batch issue (idempotent), files, revocation."""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.models import Member
from odco.audit.services import audit_record, audit_record_many
from odco.jobs.models import Job
from odco.jobs.services import job_create, job_enqueue
from odco.links import absolute_url

from ..certificate_pdf import CertificateFacts, PhaseFacts, render_certificates
from ..eligibility import phase_standings
from ..models import Certificate, KitDelivery, KitItem, PhaseTraining
from ..permissions import can_issue_certificates, can_revoke_certificates
from .errors import require
from .sessions import phase_training

JOB_KIND = "training.certificates"
# Certificates per chunk: one WeasyPrint pass, one Celery task that any worker may take.
RENDER_CHUNK = 250


@dataclass(frozen=True)
class BatchOutcome:
    created: int
    existing: int
    rendered: int

    def as_dict(self) -> dict:
        return {"created": self.created, "existing": self.existing, "rendered": self.rendered}


def verify_url(code: str) -> str:
    return absolute_url("certificate_verify", code)


def phase_facts(phase) -> PhaseFacts:
    prize = phase.edition.prize
    return PhaseFacts(prize_fr=prize.name_fr, prize_ar=prize.name_ar, year=phase.edition.year)


def certificate_facts(certificate: Certificate) -> CertificateFacts:
    """What the PDF shows (the certificate's frozen facts; needs cooperative and region loaded)."""
    return CertificateFacts(
        code=certificate.code,
        holder_name=certificate.holder_name,
        cooperative_fr=certificate.cooperative.name_fr,
        cooperative_ar=certificate.cooperative.name_ar,
        region_fr=certificate.region.name_fr,
        region_ar=certificate.region.name_ar,
        first_day=certificate.first_day,
        last_day=certificate.last_day,
        hours=certificate.hours,
        issued_on=timezone.localdate(certificate.issued_at),
        verify_url=verify_url(certificate.code),
    )


@transaction.atomic
def _create_missing(*, actor, phase) -> tuple[list[Certificate], int]:
    """Certificates for every eligible participant who has none yet. Existing ones (valid or
    revoked) are kept as they are, with their codes."""
    PhaseTraining.objects.select_for_update().filter(
        pk=phase_training(phase).pk
    ).first()  # one batch at a time
    standings = [s for s in phase_standings(phase) if s.eligible]
    existing = set(Certificate.objects.filter(phase=phase).values_list("participant_id", flat=True))
    wanted = [s for s in standings if s.participant_id not in existing]
    people = Member.objects.select_related("cooperative").in_bulk([s.participant_id for s in wanted])
    now = timezone.now()
    certificates = [
        Certificate(
            phase=phase,
            participant_id=s.participant_id,
            cooperative_id=people[s.participant_id].cooperative_id,
            region_id=people[s.participant_id].cooperative.region_id,
            holder_name=f"{people[s.participant_id].first_name} {people[s.participant_id].last_name}".strip(),
            first_day=s.first_day,
            last_day=s.last_day,
            hours=s.hours,
            issued_at=now,
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for s in wanted
    ]
    created = Certificate.objects.bulk_create(certificates, batch_size=1000)
    if created:
        if not created[0].pk:  # backends that do not return ids from bulk inserts
            created = list(
                Certificate.objects.filter(
                    phase=phase, participant_id__in=[c.participant_id for c in created]
                )
            )
        audit_record_many(actor=actor, action="certificate.issue", objects=created)
        item, _created = KitItem.objects.get_or_create(
            phase=phase,
            kind=KitItem.Kind.CERTIFICATE,
            defaults={"title": _("Certificate of participation"), "position": 999},
        )
        KitDelivery.objects.bulk_create(
            [KitDelivery(item=item, participant_id=c.participant_id, delivered_at=now) for c in created],
            ignore_conflicts=True,
        )
    return created, len(existing)


def certificate_batch_prepare(*, actor, phase) -> tuple[int, int, list[list[int]]]:
    """Issue the missing certificates (one transaction) and split those without a file into
    chunks of RENDER_CHUNK ids, for `certificate_chunk_render` (one Celery task each).
    Returns (created, already existing, chunks)."""
    require(can_issue_certificates(actor))
    created, existing = _create_missing(actor=actor, phase=phase)
    pending = list(
        Certificate.objects.filter(phase=phase, pdf="").order_by("pk").values_list("pk", flat=True)
    )
    chunks = [pending[start : start + RENDER_CHUNK] for start in range(0, len(pending), RENDER_CHUNK)]
    return len(created), existing, chunks


def certificate_chunk_render(*, phase, certificate_ids, progress=None) -> int:
    """Render the PDFs of the certificates among `certificate_ids` that still have none, in
    one WeasyPrint pass; returns how many were rendered.

    Idempotent: a certificate with a file is skipped, so running a chunk again renders
    nothing. Rows being rendered by another worker (a redelivered chunk) are skipped too
    (row locks, SKIP LOCKED), so two workers never write the same certificate's file.
    """
    with transaction.atomic():
        chunk = list(
            Certificate.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(phase=phase, pk__in=certificate_ids, pdf="")
            .select_related("cooperative", "region")
            .order_by("pk")
        )
        if not chunk:
            return 0
        files = render_certificates(
            phase_facts(phase), [certificate_facts(c) for c in chunk], progress=progress
        )
        for certificate, content in zip(chunk, files, strict=True):
            _store_pdf(certificate, content)
        Certificate.objects.bulk_update(chunk, ["pdf"])
    return len(chunk)


def certificate_batch_issue(*, actor, phase, progress=None) -> BatchOutcome:
    """Issue the phase's certificates and render the missing PDFs, chunk after chunk in this
    process (the Celery task spreads the same chunks over the workers instead).

    Safe to run twice: a participant never gets a second certificate, codes never change,
    and only certificates without a file are rendered (a file is replaced, never added).
    """
    created, existing, chunks = certificate_batch_prepare(actor=actor, phase=phase)
    total = sum(len(ids) for ids in chunks)
    rendered = 0
    for ids in chunks:

        def chunk_progress(done, _of, _start=rendered):
            if progress:
                progress(_start + done, total)

        rendered += certificate_chunk_render(phase=phase, certificate_ids=ids, progress=chunk_progress)
    if progress:
        progress(total, total)
    return BatchOutcome(created=created, existing=existing, rendered=rendered)


def _store_pdf(certificate: Certificate, content: bytes) -> None:
    field = certificate.pdf
    name = field.field.generate_filename(certificate, certificate.file_name)
    if field.storage.exists(name):
        field.storage.delete(name)  # replaced, never duplicated
    certificate.pdf.name = field.storage.save(name, ContentFile(content))


@transaction.atomic
def certificate_batch_start(*, actor, phase) -> Job:
    """Queue the phase's certificate batch; the job page shows its progress."""
    require(can_issue_certificates(actor))
    from ..tasks import certificate_batch_task

    job = job_create(
        kind=JOB_KIND,
        user=actor,
        label=_("Certificates of participation · %(edition)s") % {"edition": phase.edition},
        params={"phase_id": phase.pk},
    )
    audit_record(
        actor=actor, action="certificate.batch", obj=phase_training(phase), changes={"job": str(job.pk)}
    )
    job_enqueue(job=job, task=certificate_batch_task)
    return job


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate: the public page then says it is revoked. Audited."""
    require(can_revoke_certificates(actor))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking this certificate.")})
    if certificate.status == Certificate.Status.REVOKED:
        raise ValidationError(_("This certificate is already revoked."))
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoke_reason"])
    audit_record(
        actor=actor,
        action="certificate.revoke",
        obj=certificate,
        from_state=Certificate.Status.VALID,
        to_state=Certificate.Status.REVOKED,
        message=reason,
    )
    return certificate


def certificates_zip(certificates) -> bytes:
    """The PDFs of `certificates` in one ZIP (stored files; none is rendered again)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            if certificate.pdf:
                with certificate.pdf.open("rb") as stored:
                    archive.writestr(certificate.file_name, stored.read())
    return buffer.getvalue()
