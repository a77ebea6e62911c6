"""Core demo data: one user per role (a delegation per region). Idempotent per seed."""

from django.contrib.auth import get_user_model

from odco.accounts.services import RoleSpec, user_create_or_update
from odco.regions.models import Region
from odco.roles import Role
from odco.seeding import SeedContext

DEMO_DOMAIN = "demo.odco.ma"

NAMES = {
    Role.STAFF: ("Nadia", "Bennani"),
    Role.COMMITTEE: ("Karim", "El Alaoui"),
    Role.COORDINATOR: ("Salma", "Idrissi"),
    Role.TRAINER: ("Youssef", "Amrani"),
    Role.COACH: ("Hajar", "Tazi"),
    Role.MENTOR: ("Omar", "Berrada"),
    Role.JURY: ("Latifa", "Chraibi"),
}


def demo_email(ctx: SeedContext, local: str) -> str:
    return f"{ctx.tag(local)}@{DEMO_DOMAIN}"


# Demo passwords name Moroccan rivers: memorable, and unlike the e-mail addresses.
RIVERS = {
    Role.STAFF: "Sebou",
    Role.COMMITTEE: "Bouregreg",
    Role.DELEGATION: "Massa",
    Role.COORDINATOR: "Tensift",
    Role.TRAINER: "Moulouya",
    Role.COACH: "Ziz",
    Role.MENTOR: "Draa",
    Role.JURY: "Loukkos",
    Role.COOPERATIVE: "Souss",
}


def demo_password(ctx: SeedContext, role: str) -> str:
    return f"{RIVERS[role]}-{ctx.seed}-Odco2026"


def ensure_user(ctx: SeedContext, *, local: str, role: str, spec: RoleSpec, names=("", "")) -> object:
    """The demo user, created once: a second run with the same seed changes nothing."""
    email = demo_email(ctx, local)
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None or spec.role not in user.roles:
        user, _ = user_create_or_update(
            email=email,
            roles=[spec],
            password=demo_password(ctx, role) if user is None else None,
            first_name=names[0],
            last_name=names[1],
            notify=False,
        )
    return user


def seed_core(ctx: SeedContext) -> None:
    for role, names in NAMES.items():
        ensure_user(ctx, local=role, role=role, spec=RoleSpec(role=role), names=names)
        ctx.logins[role] = (demo_email(ctx, role), demo_password(ctx, role))
    for region in Region.objects.all():
        local = f"delegation.{region.code}"
        ensure_user(
            ctx,
            local=local,
            role=Role.DELEGATION,
            spec=RoleSpec(role=Role.DELEGATION, region_id=region.pk),
            names=("Délégation", region.name_fr),
        )
    featured = ctx.shared.get("featured_region_code", "09")
    ctx.logins[Role.DELEGATION] = (
        demo_email(ctx, f"delegation.{featured}"),
        demo_password(ctx, Role.DELEGATION),
    )
