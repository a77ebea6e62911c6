"""Demo data for coaching (filled in below)."""

from odco.seeding import SeedContext


def seed_coaching(ctx: SeedContext) -> None:
    return None
