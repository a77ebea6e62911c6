import secrets

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from odco.accounts.services import RoleSpec, user_create_or_update
from odco.regions.selectors import region_by_code
from odco.roles import COOPERATIVE_BOUND_ROLES, REGION_BOUND_ROLES, Role


class Command(BaseCommand):
    help = "Create a user (or add roles to an existing one). Roles: " + ", ".join(Role.values)

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--role", action="append", required=True, dest="roles", help="repeat for several roles"
        )
        parser.add_argument("--region", help="region code (09 or MA-09), required for delegation")
        parser.add_argument("--cooperative", help="registration number, required for the cooperative role")
        parser.add_argument("--password", help="password (a random one is generated and printed if absent)")

    def handle(self, *args, email, roles, region, cooperative, password, **options):
        unknown = [r for r in roles if r not in Role.values]
        if unknown:
            raise CommandError(f"Unknown role: {', '.join(unknown)}. Roles: {', '.join(Role.values)}")
        region_obj = coop_obj = None
        if REGION_BOUND_ROLES.intersection(roles) and not region:
            raise CommandError("--region is required for the delegation role")
        if region:
            region_obj = region_by_code(region)
            if region_obj is None:
                raise CommandError(f"Unknown region: {region!r} (use 01 to 12 or MA-01 to MA-12)")
        if COOPERATIVE_BOUND_ROLES.intersection(roles) and not cooperative:
            raise CommandError("--cooperative is required for the cooperative role")
        if cooperative:
            Cooperative = apps.get_model("cooperatives", "Cooperative")
            coop_obj = Cooperative.objects.filter(registration_number=cooperative.strip()).first()
            if coop_obj is None:
                raise CommandError(f"Unknown cooperative registration number: {cooperative!r}")

        specs = [
            RoleSpec(
                role=role,
                region_id=region_obj.pk if role in REGION_BOUND_ROLES else None,
                cooperative_id=coop_obj.pk if role in COOPERATIVE_BOUND_ROLES else None,
            )
            for role in dict.fromkeys(roles)
        ]
        generated = None
        try:
            user, created = user_create_or_update(email=email, roles=specs, password=password)
            if created and not password:
                generated = secrets.token_urlsafe(12)
                user.set_password(generated)
                user.save(update_fields=["password"])
        except ValidationError as exc:
            messages = exc.message_dict if hasattr(exc, "error_dict") else {"password": exc.messages}
            detail = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in messages.items())
            raise CommandError(detail) from exc
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {user.email} with roles: {', '.join(sorted(user.roles))}")
        if generated:
            self.stdout.write(f"password: {generated}")
