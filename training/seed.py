"""Demo data for regional training (filled in below)."""

from odco.seeding import SeedContext


def seed_training(ctx: SeedContext) -> None:
    return None
