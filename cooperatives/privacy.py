"""Personal data of cooperative members (Morocco's law 09-08): masking, the data-access export
of a cooperative (who and why recorded) and the erasure of a person on request.

Erasure overwrites the identifying fields (names, phone, national ID, role) in place and takes
them out of the audit log; the person's row stays with its kind, gender and birth year, so
counts by gender and age (women's and youth shares) stay right.
"""

import json
import logging

from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from odco.audit.models import AuditEntry
from odco.audit.services import audit_record, audit_redact

from .models import Cooperative, Member, ProfileChange
from .permissions import can_view_personal_data

security_log = logging.getLogger("odco.security")

IDENTIFYING_FIELDS = ("first_name", "last_name", "phone", "national_id", "role")
MIN_REASON = 10
ERASED = "[erased]"


def mask(value: str, *, keep: int = 2) -> str:
    """`••••••67`: the last `keep` characters of a phone or ID number, the rest hidden."""
    value = value or ""
    if not value:
        return ""
    shown = value[-keep:] if len(value) > keep + 2 else ""
    return "•" * (len(value) - len(shown)) + shown


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {
                "reason": _("Say why the personal data is needed (at least %(count)s characters).")
                % {"count": MIN_REASON}
            }
        )
    return reason


def _require(verdict) -> None:
    allowed, reason = verdict
    if not allowed:
        raise PermissionDenied(reason)


@transaction.atomic
def cooperative_data_export(*, actor, cooperative: Cooperative, reason: str) -> bytes:
    """Everything the platform holds on a cooperative and its members, as JSON (a data-access
    request). Refused without the right to see personal data or without a reason; recorded in
    the audit log and the security log with who and why."""
    _require(can_view_personal_data(actor, cooperative))
    reason = _reason(reason)
    members = Member.objects.filter(cooperative=cooperative).order_by("pk")
    changes = ProfileChange.objects.filter(cooperative=cooperative).order_by("pk")
    history = AuditEntry.objects.filter(
        content_type__app_label="cooperatives", object_id=str(cooperative.pk)
    ).order_by("created_at", "pk")
    payload = {
        "exported_at": timezone.now().isoformat(),
        "exported_by": actor.email,
        "reason": reason,
        "cooperative": json.loads(serializers.serialize("json", [cooperative]))[0],
        "members": json.loads(serializers.serialize("json", members)),
        "profile_changes": json.loads(serializers.serialize("json", changes)),
        "history": [
            {"when": e.created_at.isoformat(), "who": e.actor_repr, "action": e.action, "comment": e.message}
            for e in history
        ],
    }
    audit_record(
        actor=actor,
        action="personal_data.export",
        obj=cooperative,
        changes={"members": len(payload["members"])},
        message=reason,
    )
    security_log.info(
        "personal data export: user=%s cooperative=%s members=%s",
        actor.pk,
        cooperative.pk,
        len(payload["members"]),
    )
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str).encode()


@transaction.atomic
def member_erase(*, actor, member: Member, reason: str) -> Member:
    """Erase a person's identifying data on request; the row stays for the statistics."""
    member = Member.objects.select_for_update().select_related("cooperative").get(pk=member.pk)
    _require(can_view_personal_data(actor, member.cooperative))
    reason = _reason(reason)
    texts = [str(member), member.phone, member.national_id, member.first_name, member.last_name]
    texts = sorted({t for t in texts if len(t or "") >= 3}, key=len, reverse=True)
    member.first_name = ERASED  # stored data, not a message: the same in every language
    member.last_name = f"#{member.pk}"
    member.phone = ""
    member.national_id = ""
    member.role = ""
    member.full_clean()
    member.save(update_fields=list(IDENTIFYING_FIELDS))
    audit_redact(objects=[member], texts=texts, fields=IDENTIFYING_FIELDS)
    audit_redact(objects=[member.cooperative], texts=texts)  # e.g. "member: Aicha Ouali"
    audit_record(actor=actor, action="member.erase", obj=member.cooperative, message=reason)
    security_log.info("personal data erased: user=%s member=%s", actor.pk, member.pk)
    return member
