"""Permission rows for the cooperative space's pages (see tests/permission_table.py)."""

from django.urls import reverse
from django.utils import timezone

from cooperatives.models import ProfileChange
from odco.accounts.models import Invitation
from odco.roles import ALL_ROLES
from tests.permission_table import register

from .factories import kit_for

EVERY_ROLE = tuple(ALL_ROLES)
REVIEWERS = ("staff", "delegation")


def _change(w, *, out=False, status=ProfileChange.Status.PROPOSED):
    cooperative = w.coop_out if out else w.coop_in
    return ProfileChange.objects.create(
        cooperative=cooperative, status=status, changes={"president": ["A", "B"]}
    )


register("notifications", "notifications:list", lambda w: reverse("notifications:list"), ok=EVERY_ROLE)
register(
    "notifications marked read",
    "notifications:read",
    lambda w: reverse("notifications:read"),
    ok=EVERY_ROLE,
    ok_status=302,
    method="post",
    data=lambda w: {"next": "/"},
)
register(
    "invite a cooperative member, own region",
    "invitations:create",
    lambda w: reverse("invitations:create", args=[w.coop_in.pk]),
    ok=REVIEWERS,
)
register(
    "invite a cooperative member, another region",
    "invitations:create",
    lambda w: reverse("invitations:create", args=[w.coop_out.pk]),
    ok=REVIEWERS,
    overrides={"delegation": 404},
)
register(
    "invitation link that is not valid",
    "invitations:accept",
    lambda w: reverse("invitations:accept", args=["MQ", "bad-token"]),
    ok=(),
    denied=404,
    anonymous=404,
)


def _invitation(w, role, **closed):
    """An invitation to the existing account of `role`'s user, waiting for its answer."""
    return Invitation.objects.create(
        user=w.users[role],
        cooperative=w.coop_out,
        invited_by=w.users["delegation"],
        needs_confirmation=True,
        **closed,
    )


register(
    "invitation to an existing account, its owner answers (anyone else: 404)",
    "invitations:confirm",
    lambda w: reverse("invitations:confirm", args=[_invitation(w, "committee").pk]),
    ok=("committee",),
    denied=404,
)
register(
    "invitation already declined, its owner reads so",
    "invitations:confirm",
    lambda w: reverse("invitations:confirm", args=[_invitation(w, "jury", declined_at=timezone.now()).pk]),
    ok=("jury",),
    denied=404,
)
register(
    "propose profile changes, own cooperative",
    "cooperatives:profile_propose",
    lambda w: reverse("cooperatives:profile_propose", args=[w.coop_in.pk]),
    ok=("cooperative",),
)
register(
    "propose profile changes, another cooperative",
    "cooperatives:profile_propose",
    lambda w: reverse("cooperatives:profile_propose", args=[w.coop_out.pk]),
    ok=(),
    overrides={"cooperative": 404},
)
register(
    "ask a correction, own region",
    "cooperatives:profile_request",
    lambda w: reverse("cooperatives:profile_request", args=[w.coop_in.pk]),
    ok=REVIEWERS,
)
register(
    "ask a correction, another region",
    "cooperatives:profile_request",
    lambda w: reverse("cooperatives:profile_request", args=[w.coop_out.pk]),
    ok=REVIEWERS,
    overrides={"delegation": 404},
)
register(
    "profile changes to review",
    "cooperatives:profile_changes",
    lambda w: reverse("cooperatives:profile_changes"),
    ok=REVIEWERS,
)
register(
    "a proposal, own region",
    "cooperatives:profile_change",
    lambda w: reverse("cooperatives:profile_change", args=[_change(w).pk]),
    ok=REVIEWERS,
)
register(
    "a proposal, another region",
    "cooperatives:profile_change",
    lambda w: reverse("cooperatives:profile_change", args=[_change(w, out=True).pk]),
    ok=REVIEWERS,
    overrides={"delegation": 404},
)
register(
    "kit download through the space, own kit",
    "me_kit_download",
    lambda w: reverse("me_kit_download", args=["item", kit_for(w.coop_in)[0].pk]),
    ok=("cooperative",),
    ok_status=302,
)
register(
    "certificate through the space, another cooperative's",
    "me_kit_download",
    lambda w: reverse("me_kit_download", args=["certificate", kit_for(w.coop_out)[1].pk]),
    ok=(),
    overrides={"cooperative": 404},
)
