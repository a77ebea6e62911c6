"""The cooperative proposes changes to its registry data; the delegation validates them.

    (new) ── delegation asks a correction ──▶ requested ── cooperative answers ──▶ proposed
    (new) ── cooperative proposes ─────────────────────────────────────────────────▶ proposed
    proposed ── delegation or staff ──▶ approved (values written, audited) | rejected

Every step is one transaction with an audit entry; the other side is notified after commit
(in each recipient's language).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from odco.accounts.models import User
from odco.audit.services import audit_record
from odco.notifications.services import notify
from odco.roles import Role

from .models import Cooperative, ProfileChange
from .permissions import can_edit_cooperative
from .services import audit_value, cooperative_update

S = ProfileChange.Status
# What a cooperative may propose to change: its contacts, its members, its products.
PROFILE_FIELDS = (
    "president",
    "phone",
    "email",
    "address",
    "commune",
    "members_total",
    "members_women",
    "members_young",
    "products",
    "certifications",
)
FIELD_LABELS = {name: Cooperative._meta.get_field(name).verbose_name for name in PROFILE_FIELDS}
TRANSITIONS = {
    # (from, to): roles
    (None, S.REQUESTED): (Role.STAFF, Role.DELEGATION),
    (None, S.PROPOSED): (Role.COOPERATIVE,),
    (S.REQUESTED, S.PROPOSED): (Role.COOPERATIVE,),
    (S.PROPOSED, S.APPROVED): (Role.STAFF, Role.DELEGATION),
    (S.PROPOSED, S.REJECTED): (Role.STAFF, Role.DELEGATION),
}
NOT_ALLOWED = gettext_lazy("This change is not possible in its current state.")


def _check(source, target) -> None:
    if (source, target) not in TRANSITIONS:
        raise ValidationError(str(NOT_ALLOWED))


def cooperative_accounts(cooperative_id: int):
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.COOPERATIVE,
        role_assignments__cooperative_id=cooperative_id,
    ).distinct()


def delegation_accounts(region_id: int):
    return User.objects.filter(
        is_active=True, role_assignments__role=Role.DELEGATION, role_assignments__region_id=region_id
    ).distinct()


def proposed_changes(cooperative: Cooperative, values: dict) -> dict[str, list]:
    """{field: [current, proposed]} for the fields whose proposed value differs; validated
    as the registry would validate them (a ValidationError names the field)."""
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    changes = {}
    trial = Cooperative.objects.get(pk=cooperative.pk)
    for name, value in values.items():
        if getattr(trial, name) != value:
            changes[name] = [audit_value(getattr(trial, name)), audit_value(value)]
            setattr(trial, name, value)
    if not changes:
        raise ValidationError(_("Change at least one value before sending the proposal."))
    trial.full_clean(exclude=[f.name for f in Cooperative._meta.fields if f.name not in PROFILE_FIELDS])
    trial.validate_constraints()
    return changes


@transaction.atomic
def profile_correction_request(*, actor, cooperative: Cooperative, note: str) -> ProfileChange:
    """The delegation (or staff) asks the cooperative to correct its registry data."""
    allowed, reason = can_edit_cooperative(actor, cooperative)
    if not allowed:
        raise ValidationError(reason)
    _check(None, S.REQUESTED)
    change = ProfileChange(
        cooperative=cooperative,
        status=S.REQUESTED,
        request_note=(note or "").strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    if not change.request_note:
        raise ValidationError({"note": _("Say what the cooperative should correct.")})
    change.full_clean()
    change.save()
    audit_record(actor=actor, action="profile_change.request", obj=cooperative, to_state=S.REQUESTED)
    url = reverse("cooperatives:profile_propose", args=[cooperative.pk]) + f"?answer={change.pk}"
    for user in cooperative_accounts(cooperative.pk):
        notify(
            user=user,
            kind="profile.correction_requested",
            url=url,
            message=lambda: (
                _("Your delegation asks you to correct your cooperative's data"),
                _(
                    "Hello,\n\nThe regional delegation asks %(cooperative)s to correct its data:\n"
                    "%(note)s\n\nODCO"
                )
                % {"cooperative": cooperative.name, "note": change.request_note},
            ),
        )
    return change


@transaction.atomic
def profile_change_propose(
    *,
    actor,
    cooperative: Cooperative,
    values: dict,
    comment: str = "",
    answering: ProfileChange | None = None,
) -> ProfileChange:
    """The cooperative proposes new values (optionally answering a correction request)."""
    if cooperative.pk not in actor.cooperative_ids:
        raise ValidationError(_("Only the cooperative's own accounts may propose changes to it."))
    if answering is not None:
        answering = ProfileChange.objects.select_for_update().get(pk=answering.pk)
        if answering.cooperative_id != cooperative.pk:
            raise ValidationError(str(NOT_ALLOWED))
        _check(answering.status, S.PROPOSED)
        change = answering
    else:
        _check(None, S.PROPOSED)
        change = ProfileChange(cooperative=cooperative)
    source = change.status or None
    change.changes = proposed_changes(cooperative, values)
    change.status = S.PROPOSED
    change.comment = (comment or "").strip()
    change.proposed_by = actor
    change.proposed_at = timezone.now()
    change.full_clean()
    change.save()
    audit_record(
        actor=actor,
        action="profile_change.propose",
        obj=cooperative,
        from_state=source or "",
        to_state=S.PROPOSED,
        changes=change.changes,
    )
    url = reverse("cooperatives:profile_change", args=[change.pk])
    for user in delegation_accounts(cooperative.region_id):
        notify(
            user=user,
            kind="profile.proposed",
            url=url,
            message=lambda: (
                _("%(cooperative)s proposes changes to its data") % {"cooperative": cooperative.name},
                _(
                    "Hello,\n\n%(cooperative)s proposes changes to its registry data. "
                    "Review them on the platform.\n\nODCO"
                )
                % {"cooperative": cooperative.name},
            ),
        )
    return change


@transaction.atomic
def profile_change_decide(*, actor, change: ProfileChange, approve: bool, note: str = "") -> ProfileChange:
    """Approve (write the proposed values to the registry) or reject a proposal."""
    change = ProfileChange.objects.select_for_update().select_related("cooperative").get(pk=change.pk)
    target = S.APPROVED if approve else S.REJECTED
    _check(change.status, target)
    cooperative = change.cooperative
    allowed, reason = can_edit_cooperative(actor, cooperative)
    if not allowed:
        raise ValidationError(reason)
    if approve:
        fields = {name: pair[1] for name, pair in change.changes.items()}
        cooperative_update(user=actor, cooperative=cooperative, **_typed(fields))
    source = change.status
    change.status = target
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = (note or "").strip()
    change.full_clean()
    change.save()
    audit_record(
        actor=actor, action="profile_change.decide", obj=cooperative, from_state=source, to_state=target
    )
    for user in cooperative_accounts(cooperative.pk):
        notify(
            user=user,
            kind=f"profile.{target}",
            url=reverse("me"),
            message=lambda: (
                (
                    _("Your data changes were approved")
                    if approve
                    else _("Your data changes were not accepted")
                ),
                _(
                    "Hello,\n\nThe regional delegation reviewed the changes proposed by %(cooperative)s: "
                    "%(status)s.\n%(note)s\n\nODCO"
                )
                % {"cooperative": cooperative.name, "status": S(target).label, "note": change.decision_note},
            ),
        )
    return change


def _typed(fields: dict) -> dict:
    """Proposed values as the model's fields expect them (numbers were stored as JSON)."""
    typed = {}
    for name, value in fields.items():
        field = Cooperative._meta.get_field(name)
        typed[name] = field.to_python(value) if value is not None else ("" if not field.null else None)
    return typed
