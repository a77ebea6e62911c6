from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEntry:
    """Record one audit entry. Call it inside the service's transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_repr=(user.email if user else str(actor or "system"))[:255],
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        changes=changes or {},
        message=message,
    )


def audit_record_many(*, actor, action: str, objects, changes_by_pk: dict | None = None) -> int:
    """Record one entry per object in one bulk insert (used by imports and batches)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    entries = []
    content_types: dict[type, ContentType] = {}
    for obj in objects:
        ct = content_types.setdefault(type(obj), ContentType.objects.get_for_model(obj))
        entries.append(
            AuditEntry(
                actor=user,
                actor_repr=(user.email if user else str(actor or "system"))[:255],
                action=action,
                content_type=ct,
                object_id=str(obj.pk),
                object_repr=str(obj)[:255],
                changes=(changes_by_pk or {}).get(obj.pk, {}),
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


REDACTED = "[erased]"


def audit_redact(*, objects: list[models.Model], texts: list[str], fields: tuple[str, ...] = ()) -> int:
    """Take personal data out of the audit entries of `objects` (an erasure request): every
    occurrence of `texts` in their object names and comments, and the values of `fields` in
    their recorded changes. The entries themselves (who did what, when) stay. Returns how
    many entries changed."""
    texts = [t for t in texts if t and t.strip()]
    changed = 0
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj)
        entries = AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk))
        for entry in entries:
            before = (entry.object_repr, entry.message, entry.changes)
            for text in texts:
                entry.object_repr = entry.object_repr.replace(text, REDACTED)
                entry.message = entry.message.replace(text, REDACTED)
            if isinstance(entry.changes, dict):
                entry.changes = {
                    key: ([REDACTED, REDACTED] if key in fields else value)
                    for key, value in entry.changes.items()
                }
            if (entry.object_repr, entry.message, entry.changes) != before:
                entry.save(update_fields=["object_repr", "message", "changes"])
                changed += 1
    return changed
