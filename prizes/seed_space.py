"""Demo data for the cooperative space (`/me/`): the featured laureate's pending profile
proposal and notifications, and a second cooperative account at the start of its journey
(a submitted candidacy, a correction asked by its delegation). Runs after every other seeder;
idempotent per seed. The second account's login is in the README (not printed: the printed
logins are a contract, one per role)."""

from django.db import transaction

from cooperatives.models import Cooperative, ProfileChange
from cooperatives.profile_changes import profile_change_propose, profile_correction_request
from odco.accounts.models import Invitation, User
from odco.accounts.services import RoleSpec
from odco.notifications.models import Notification
from odco.notifications.services import notify
from odco.roles import Role
from odco.seed import demo_email, ensure_user
from odco.seeding import SeedContext

SECOND = "cooperative.start"


def _second_cooperative(ctx: SeedContext, featured) -> Cooperative | None:
    """A women's cooperative of the featured region that has just applied to the latest
    edition of the women's prize (its candidacy found eligible, nothing more yet)."""
    from datetime import date

    from cooperatives.services import cooperative_create

    from . import services
    from .models import Edition

    number = f"{ctx.tag('DEMO').upper()}-START"
    existing = Cooperative.objects.filter(registration_number=number).first()
    if existing is not None:
        return existing
    edition = Edition.objects.filter(prize__code="lalla_al_moutaaouina").order_by("-year").first()
    category = edition.categories.order_by("pk").first() if edition else None
    staff = User.objects.filter(email=demo_email(ctx, Role.STAFF)).first()
    if category is None or staff is None:
        return None
    cooperative = cooperative_create(
        user=None,
        registration_number=number,
        name_fr="Coopérative Tamount des plantes aromatiques",
        name_ar="تعاونية تامونت للنباتات العطرية",
        sector=featured.sector,
        region=featured.region,
        province=featured.province,
        commune="Tafraout",
        founded_on=date(2021, 9, 1),
        members_total=14,
        members_women=12,
        members_young=6,
        president="Khadija Ouhmad",
    )
    candidacy = services.candidacy_create(
        actor=staff,
        edition=edition,
        category=category,
        cooperative=cooperative,
        project_title="Valorisation des plantes aromatiques",
    )
    services.candidacy_transition(actor=staff, candidacy=candidacy, name="submit", notify=False)
    services.candidacy_check_eligibility(actor=staff, candidacy=candidacy, notify=False)
    return cooperative


def _welcome(user, *, kind: str, message) -> None:
    if not Notification.objects.filter(user=user, kind=kind).exists():
        notify(user=user, kind=kind, message=message, url="/me/", email=False)


@transaction.atomic
def seed_cooperative_space(ctx: SeedContext) -> None:
    from django.utils.translation import gettext as _

    featured = ctx.shared.get("featured_cooperative")
    if featured is None:
        return
    featured_user = User.objects.filter(email=demo_email(ctx, Role.COOPERATIVE)).first()
    delegation = User.objects.filter(email=demo_email(ctx, f"delegation.{featured.region.code}")).first()
    if featured_user is None or delegation is None:
        return

    if not ProfileChange.objects.filter(cooperative=featured).exists():
        profile_change_propose(
            actor=featured_user,
            cooperative=featured,
            values={"members_total": featured.members_total + 3, "members_women": featured.members_women + 3},
            comment="Trois nouvelles adhérentes en 2026.",
        )
    _welcome(
        featured_user,
        kind="demo.kit",
        message=lambda: (
            _("Your participant kit is ready"),
            _("Hello,\n\nThe teaching materials and your certificates are in your space.\n\nODCO"),
        ),
    )

    second = _second_cooperative(ctx, featured)
    if second is None:
        return
    user = ensure_user(
        ctx,
        local=SECOND,
        role=Role.COOPERATIVE,
        spec=RoleSpec(role=Role.COOPERATIVE, cooperative_id=second.pk),
        names=("Khadija", "Ouhmad"),
    )
    Invitation.objects.get_or_create(user=user, cooperative=second, defaults={"invited_by": delegation})
    region_delegation = (
        User.objects.filter(email=demo_email(ctx, f"delegation.{second.region.code}")).first() or delegation
    )
    if not ProfileChange.objects.filter(cooperative=second).exists():
        profile_correction_request(
            actor=region_delegation,
            cooperative=second,
            note="Merci de compléter le téléphone et les produits de la coopérative.",
        )
    ctx.log(f"cooperative space: second cooperative account {user.email} ({second.name_fr})")
