"""Demo data for the prizes (filled in below)."""

from odco.seeding import SeedContext


def seed_prizes(ctx: SeedContext) -> None:
    return None
