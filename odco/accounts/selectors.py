"""Reads on accounts and invitations."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import QuerySet

from odco.roles import Role

from .models import Invitation, User


def cooperative_account_list(*, cooperative) -> QuerySet:
    """Members with a login: holders of the cooperative's role, except accounts still waiting
    to choose their password (they are listed as pending invitations, like an existing
    account that has not answered yet, so the page never tells the two apart)."""
    waiting = Invitation.objects.filter(
        cooperative=cooperative, accepted_at__isnull=True, declined_at__isnull=True
    ).values("user_id")
    return (
        User.objects.filter(
            role_assignments__role=Role.COOPERATIVE, role_assignments__cooperative=cooperative
        )
        .exclude(pk__in=waiting, password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .order_by("email")
        .distinct()
    )


def cooperative_invitation_list(*, cooperative, limit: int = 50) -> list[Invitation]:
    return list(
        Invitation.objects.filter(cooperative=cooperative).select_related("user", "invited_by")[:limit]
    )


def invitation_for_owner(*, user, pk: int) -> Invitation | None:
    """The invitation waiting for `user`'s answer (anyone else's: None, hence 404)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Invitation.objects.select_related("cooperative__region", "invited_by")
        .filter(pk=pk, user=user, needs_confirmation=True)
        .first()
    )
