"""Writes on users and their roles.

Roles are granted, never grabbed: every change of a role assignment goes through
`role_grant`, `role_update` or `role_revoke` (the pages, the admin, the commands and the
seed alike), which audit it and tell the account's owner what changed and by whom.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from odco.audit.services import audit_record
from odco.notifications.services import notify as notification_send
from odco.roles import COOPERATIVE_BOUND_ROLES, REGION_BOUND_ROLES, Role

from .models import RoleAssignment


@dataclass(frozen=True)
class RoleSpec:
    role: str
    region_id: int | None = None
    cooperative_id: int | None = None


def _validate_specs(specs: list[RoleSpec]) -> None:
    for spec in specs:
        if spec.role not in Role.values:
            raise ValidationError({"role": _("Unknown role “%(role)s”.") % {"role": spec.role}})
        if spec.role in REGION_BOUND_ROLES and not spec.region_id:
            raise ValidationError({"region": _("The delegation role needs a region.")})
        if spec.role in COOPERATIVE_BOUND_ROLES and not spec.cooperative_id:
            raise ValidationError({"cooperative": _("The cooperative role needs a cooperative.")})


def _normalized(spec: RoleSpec) -> RoleSpec:
    """Only the bound role keeps its region or cooperative (the check constraints' rule)."""
    return RoleSpec(
        role=spec.role,
        region_id=spec.region_id if spec.role in REGION_BOUND_ROLES else None,
        cooperative_id=spec.cooperative_id if spec.role in COOPERATIVE_BOUND_ROLES else None,
    )


def _audit_changes(assignment: RoleAssignment) -> dict:
    return {
        "role": assignment.role,
        "region": assignment.region_id,
        "cooperative": assignment.cooperative_id,
    }


def _actor_name(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return actor.get_full_name() or actor.email
    return _("ODCO")


def _role_change_notify(*, user, actor, kind: str, text) -> None:
    """Tell the account's owner, in their language, what changed and by whom (page + e-mail)."""

    def message():
        subject = _("Your roles on the ODCO platform changed")
        body = _("Hello,\n\n%(change)s\n\nODCO") % {"change": text()}
        return subject, body

    notification_send(user=user, kind=kind, message=message, url=reverse("home"))


def _staff_flag_sync(user) -> None:
    """`is_staff` (the admin's door) follows the `staff` role."""
    is_staff = RoleAssignment.objects.filter(user=user, role=Role.STAFF).exists() or user.is_superuser
    if user.is_staff != is_staff:
        type(user).objects.filter(pk=user.pk).update(is_staff=is_staff)
        user.is_staff = is_staff


def _caller_user_refresh(assignment: RoleAssignment) -> None:
    """The caller's copy of the user (e.g. the admin's form) forgets the roles it loaded."""
    if RoleAssignment.user.is_cached(assignment):
        assignment.user.refresh_roles()


@transaction.atomic
def role_grant(
    *,
    user,
    role: str,
    region_id: int | None = None,
    cooperative_id: int | None = None,
    actor=None,
    notify: bool = True,
) -> tuple[RoleAssignment, bool]:
    """Give `user` the role (bound to its region or cooperative). Returns (assignment, added);
    a role already held changes nothing and is neither audited nor notified again."""
    spec = _normalized(RoleSpec(role=role, region_id=region_id, cooperative_id=cooperative_id))
    _validate_specs([spec])
    assignment = RoleAssignment.objects.filter(
        user=user, role=spec.role, region_id=spec.region_id, cooperative_id=spec.cooperative_id
    ).first()
    if assignment is not None:
        return assignment, False
    assignment = RoleAssignment(
        user=user, role=spec.role, region_id=spec.region_id, cooperative_id=spec.cooperative_id
    )
    assignment.full_clean()
    assignment.save()
    if spec.role == Role.STAFF:
        _staff_flag_sync(user)
    user.refresh_roles()
    audit_record(
        actor=actor,
        action="user.role_grant",
        obj=user,
        changes=_audit_changes(assignment),
        message=str(assignment),
    )
    if notify:
        _role_change_notify(
            user=user,
            actor=actor,
            kind="account.role_granted",
            text=lambda: (
                _("%(actor)s gave you the role “%(role)s”.")
                % {"actor": _actor_name(actor), "role": str(assignment)}
            ),
        )
    return assignment, True


@transaction.atomic
def role_update(
    *, assignment: RoleAssignment, role: str, region_id=None, cooperative_id=None, actor=None, notify=True
) -> RoleAssignment:
    """Change an assignment (the admin's edit): the stored one is read again, so the audit
    entry and the owner's message say what it was and what it is now."""
    before = RoleAssignment.objects.select_for_update(of=("self",)).select_related(
        "region", "cooperative", "user"
    )
    before = before.get(pk=assignment.pk)
    spec = _normalized(RoleSpec(role=role, region_id=region_id, cooperative_id=cooperative_id))
    _validate_specs([spec])
    if (before.role, before.region_id, before.cooperative_id) == (
        spec.role,
        spec.region_id,
        spec.cooperative_id,
    ):
        return before
    after = RoleAssignment(
        pk=before.pk,
        user=before.user,
        role=spec.role,
        region_id=spec.region_id,
        cooperative_id=spec.cooperative_id,
        created_at=before.created_at,
    )
    after._state.adding = False  # the same row, changed
    after.full_clean()
    after.save(update_fields=["role", "region", "cooperative"])
    user = before.user
    if Role.STAFF in (before.role, after.role):
        _staff_flag_sync(user)
    user.refresh_roles()
    _caller_user_refresh(assignment)
    audit_record(
        actor=actor,
        action="user.role_update",
        obj=user,
        from_state=str(before),
        to_state=str(after),
        changes={key: [value, _audit_changes(after)[key]] for key, value in _audit_changes(before).items()},
    )
    if notify:
        _role_change_notify(
            user=user,
            actor=actor,
            kind="account.role_changed",
            text=lambda: (
                _("%(actor)s changed your role “%(old)s” to “%(new)s”.")
                % {"actor": _actor_name(actor), "old": str(before), "new": str(after)}
            ),
        )
    return after


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor=None, notify: bool = True) -> bool:
    """Take the role away. Returns False if it was already gone."""
    held = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("region", "cooperative", "user")
        .filter(pk=assignment.pk)
        .first()
    )
    if held is None:
        return False
    user = held.user
    changes = _audit_changes(held)
    label = str(held)
    held.delete()
    if changes["role"] == Role.STAFF:
        _staff_flag_sync(user)
    user.refresh_roles()
    _caller_user_refresh(assignment)
    audit_record(actor=actor, action="user.role_revoke", obj=user, changes=changes, message=label)
    if notify:
        _role_change_notify(
            user=user,
            actor=actor,
            kind="account.role_revoked",
            text=lambda: (
                _("%(actor)s took away your role “%(role)s”.")
                % {"actor": _actor_name(actor), "role": str(held)}
            ),
        )
    return True


@transaction.atomic
def user_create_or_update(
    *,
    email: str,
    roles: list[RoleSpec],
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    actor=None,
    notify: bool = True,
) -> tuple[object, bool]:
    """Create the user (or find it by e-mail) and grant the given roles (`role_grant`).

    The e-mail is marked verified: accounts made by ODCO need no confirmation step.
    Returns (user, created). Existing roles are kept; a password replaces the old one.
    Not for invitations: an existing account is only given a role it accepted
    (`odco.accounts.invitations`).
    """
    User = get_user_model()
    email = User.objects.normalize_email(email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from exc
    _validate_specs(roles)

    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if created:
        audit_record(actor=actor, action="user.create", obj=user)

    for spec in roles:
        role_grant(
            user=user,
            role=spec.role,
            region_id=spec.region_id,
            cooperative_id=spec.cooperative_id,
            actor=actor,
            notify=notify,
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.refresh_roles()
    return user, created


@transaction.atomic
def user_remove_role(*, user, role: str, actor=None, notify: bool = True) -> int:
    """Take every assignment of `role` away from `user` (`role_revoke` each). Returns how many."""
    removed = 0
    for assignment in list(RoleAssignment.objects.filter(user=user, role=role)):
        removed += role_revoke(assignment=assignment, actor=actor, notify=notify)
    user.refresh_roles()
    return removed


@transaction.atomic
def user_delete(*, user, actor=None) -> None:
    """Delete an account (the admin's delete): each role it held is audited as revoked first."""
    for assignment in list(RoleAssignment.objects.filter(user=user)):
        role_revoke(assignment=assignment, actor=actor, notify=False)
    audit_record(actor=actor, action="user.delete", obj=user, message=user.email)
    user.delete()


ACCESS_FLAGS = ("is_active", "is_staff", "is_superuser")


@transaction.atomic
def user_access_record(*, user, before: dict, actor=None, notify: bool = True) -> dict:
    """After the admin saved a user: audit and tell its owner which access flags changed
    (`before`: the flags as they were). Returns {flag: [old, new]} (empty: nothing changed)."""
    changes = {
        flag: [before[flag], getattr(user, flag)]
        for flag in ACCESS_FLAGS
        if before.get(flag) != getattr(user, flag)
    }
    if not changes:
        return changes
    audit_record(actor=actor, action="user.access_update", obj=user, changes=changes)
    if notify and user.is_active:
        labels = {
            "is_active": _("active account"),
            "is_staff": _("access to the administration"),
            "is_superuser": _("every permission (superuser)"),
        }
        _role_change_notify(
            user=user,
            actor=actor,
            kind="account.access_changed",
            text=lambda: (
                _("%(actor)s changed your access: %(changes)s.")
                % {
                    "actor": _actor_name(actor),
                    "changes": ", ".join(
                        f"{labels[flag]} {_('yes') if new else _('no')}"
                        for flag, (_old, new) in changes.items()
                    ),
                }
            ),
        )
    return changes
