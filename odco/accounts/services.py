"""Writes on users and their roles."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from odco.audit.services import audit_record
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


@transaction.atomic
def user_create_or_update(
    *,
    email: str,
    roles: list[RoleSpec],
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    actor=None,
) -> tuple[object, bool]:
    """Create the user (or find it by e-mail) and add the given roles.

    The e-mail is marked verified: accounts made by ODCO need no confirmation step.
    Returns (user, created). Existing roles are kept; a password replaces the old one.
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
    if any(spec.role == Role.STAFF for spec in roles):
        user.is_staff = True
    user.full_clean(exclude=["password"])
    user.save()

    added = []
    for spec in roles:
        _assignment, was_added = RoleAssignment.objects.get_or_create(
            user=user, role=spec.role, region_id=spec.region_id, cooperative_id=spec.cooperative_id
        )
        if was_added:
            added.append(spec.role)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.refresh_roles()
    if created or added:
        audit_record(
            actor=actor,
            action="user.create" if created else "user.roles_add",
            obj=user,
            changes={"roles_added": added},
        )
    return user, created


@transaction.atomic
def user_remove_role(*, user, role: str, actor=None) -> int:
    deleted, _details = RoleAssignment.objects.filter(user=user, role=role).delete()
    if role == Role.STAFF and deleted:
        type(user).objects.filter(pk=user.pk).update(is_staff=False)
    if deleted:
        audit_record(actor=actor, action="user.roles_remove", obj=user, changes={"roles_removed": [role]})
    user.refresh_roles()
    return deleted
