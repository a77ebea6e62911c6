"""Evidence files of a report: checked by their bytes (not their name), size-limited, audited."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from odco.audit.services import audit_record

from ..models import Evidence, PeriodicReport
from ..permissions import can_edit_report
from .errors import ReportRefused

# content type -> (accepted extensions, check of the first bytes)
ACCEPTED = {
    "application/pdf": ((".pdf",), lambda head: head.startswith(b"%PDF-")),
    "image/png": ((".png",), lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "image/jpeg": ((".jpg", ".jpeg"), lambda head: head.startswith(b"\xff\xd8\xff")),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        (".xlsx",),
        lambda head: head.startswith(b"PK\x03\x04"),
    ),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        (".docx",),
        lambda head: head.startswith(b"PK\x03\x04"),
    ),
}


def max_evidence_size() -> int:
    return getattr(settings, "ODCO_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)


def sniff_content_type(name: str, head: bytes) -> str | None:
    """The content type of a file whose extension and first bytes agree, else None."""
    suffix = Path(name or "").suffix.lower()
    for content_type, (suffixes, matches) in ACCEPTED.items():
        if suffix in suffixes and matches(head):
            return content_type
    return None


@transaction.atomic
def evidence_add(*, actor, report: PeriodicReport, upload, description: str = "") -> Evidence:
    """Attach an uploaded file (PDF, PNG, JPEG, XLSX or DOCX, at most 5 MB) to a report."""
    locked = (
        PeriodicReport.objects.select_for_update(of=("self",)).select_related("cooperative").get(pk=report.pk)
    )
    allowed, reason = can_edit_report(actor, locked)
    if not allowed:
        raise ReportRefused(reason)
    limit = max_evidence_size()
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("This file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("This file is empty.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(upload.name, head)
    if content_type is None:
        raise ValidationError({"file": _("Send a PDF, PNG, JPEG, XLSX or DOCX file.")})
    evidence = Evidence(
        report=locked,
        original_name=Path(upload.name).name[:200],
        content_type=content_type,
        size=upload.size,
        description=(description or "").strip()[:200],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    evidence.file.save(upload.name, upload, save=False)
    name = evidence.file.name
    try:
        evidence.save()
    except Exception:
        evidence.file.storage.delete(name)
        raise
    audit_record(
        actor=actor,
        action="report.evidence_add",
        obj=locked,
        changes={"evidence": [None, evidence.original_name]},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> None:
    """Remove an evidence file from a report that may still change (the file goes after commit)."""
    locked = (
        PeriodicReport.objects.select_for_update(of=("self",))
        .select_related("cooperative")
        .get(pk=evidence.report_id)
    )
    allowed, reason = can_edit_report(actor, locked)
    if not allowed:
        raise ReportRefused(reason)
    storage, name, original = evidence.file.storage, evidence.file.name, evidence.original_name
    evidence.delete()
    audit_record(
        actor=actor, action="report.evidence_remove", obj=locked, changes={"evidence": [original, None]}
    )
    transaction.on_commit(lambda: storage.delete(name))
