"""Writes on the registry. Every write is one transaction with an audit entry."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from odco.audit.services import audit_record

from .models import Cooperative, Member
from .permissions import writable_region_ids

# Fields a person may set through the forms and the importer (search_key is derived).
COOPERATIVE_FIELDS = (
    "registration_number",
    "name_fr",
    "name_ar",
    "sector",
    "region",
    "province",
    "commune",
    "address",
    "founded_on",
    "members_total",
    "members_women",
    "members_young",
    "president",
    "phone",
    "email",
    "status",
    "products",
    "certifications",
    "annual_revenue",
)
MEMBER_FIELDS = ("kind", "first_name", "last_name", "gender", "birth_year", "role", "phone", "national_id")


def audit_value(value: Any) -> Any:
    """A JSON-friendly form of a field value for the audit log."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "pk"):
        return getattr(value, "code", None) or value.pk
    return str(value)


def _check_region(*, user, region) -> None:
    allowed = writable_region_ids(user) if user is not None else None
    if allowed is not None and (region is None or region.pk not in allowed):
        raise ValidationError({"region": _("You may only create or edit cooperatives of your own region.")})


@transaction.atomic
def cooperative_create(*, user, **fields) -> Cooperative:
    """Create a cooperative (validated, audited). `user` None means the system."""
    unknown = set(fields) - set(COOPERATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown cooperative fields: {sorted(unknown)}")
    cooperative = Cooperative(**fields)
    cooperative.registration_number = (cooperative.registration_number or "").strip()
    _check_region(user=user, region=cooperative.region if cooperative.region_id else None)
    cooperative.full_clean()
    cooperative.save()
    audit_record(
        actor=user,
        action="cooperative.create",
        obj=cooperative,
        changes={name: [None, audit_value(getattr(cooperative, name))] for name in COOPERATIVE_FIELDS},
    )
    return cooperative


@transaction.atomic
def cooperative_update(*, user, cooperative: Cooperative, **fields) -> dict[str, list]:
    """Update `cooperative` with `fields`; returns {field: [old, new]} of what changed.

    Nothing is written (and nothing audited) when no value changes.
    """
    unknown = set(fields) - set(COOPERATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown cooperative fields: {sorted(unknown)}")
    locked = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    _check_region(user=user, region=locked.region)
    if "registration_number" in fields:
        fields["registration_number"] = (fields["registration_number"] or "").strip()
    changes = {}
    for name, value in fields.items():
        old = getattr(locked, name)
        if old != value:
            changes[name] = [audit_value(old), audit_value(value)]
            setattr(locked, name, value)
    if not changes:
        return {}
    _check_region(user=user, region=locked.region)
    locked.full_clean()
    locked.save()
    audit_record(actor=user, action="cooperative.update", obj=locked, changes=changes)
    for name in fields:
        setattr(cooperative, name, getattr(locked, name))
    cooperative.search_key = locked.search_key
    return changes


@transaction.atomic
def member_create(*, user, cooperative: Cooperative, **fields) -> Member:
    """Add a member or participant to `cooperative`."""
    _check_region(user=user, region=cooperative.region)
    member = Member(cooperative=cooperative, **fields)
    member.full_clean()
    member.save()
    audit_record(
        actor=user,
        action="member.create",
        obj=cooperative,
        message=f"{member.get_kind_display()}: {member}",
    )
    return member
