from django.core.management.base import BaseCommand
from django.db import transaction

from odco import seeding
from odco.roles import Role

SCALES = ("demo", "programme", "national")


class Command(BaseCommand):
    help = (
        "Load demo data across the 12 regions and print one login per role as "
        "'role: email / password'. The same seed twice changes nothing; another seed adds a batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="demo")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        ctx = seeding.SeedContext(scale=scale, seed=seed, stdout=self.stderr)
        for _order, name, seeder in seeding.seeders():
            with transaction.atomic():
                seeder(ctx)
            ctx.log(f"seeded {name}")
        for role in Role.values:
            if role in ctx.logins:
                email, password = ctx.logins[role]
                self.stdout.write(f"{role}: {email} / {password}")
