"""Reads of profile changes, scoped (a delegation sees its region, a cooperative itself)."""

from django.db.models import F

from odco.scoping import scope

from .models import ProfileChange


def profile_change_queryset(*, user):
    return scope(user, ProfileChange.objects.all()).select_related(
        "cooperative__region", "requested_by", "proposed_by", "decided_by"
    )


def profile_change_list(*, user, status: str = ""):
    qs = profile_change_queryset(user=user)
    if status in ProfileChange.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def profile_change_get(*, user, pk: int) -> ProfileChange | None:
    return profile_change_queryset(user=user).filter(pk=pk).first()


def cooperative_profile_changes(*, cooperative_id: int) -> list[ProfileChange]:
    """A cooperative's requests and proposals, newest first (for its own space)."""
    return list(ProfileChange.objects.filter(cooperative_id=cooperative_id).order_by("-created_at", "-pk"))


def open_corrections(*, cooperative_id: int) -> list[ProfileChange]:
    """Corrections the delegation asked for and the cooperative has not answered yet."""
    return list(
        ProfileChange.objects.filter(
            cooperative_id=cooperative_id, status=ProfileChange.Status.REQUESTED
        ).order_by(F("requested_at").asc(nulls_last=True), "pk")
    )
