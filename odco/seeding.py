"""Demo data: each app registers a seeder in its AppConfig.ready(); `seed_demo` runs them
in layer order. A seeder must be idempotent for a given seed (get_or_create on natural
keys) so that running `seed_demo` twice with the same seed changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class SeedContext:
    scale: str
    seed: int
    stdout: object = None
    # Seeders share what they created (e.g. the laureate cooperative) through this dict.
    shared: dict = field(default_factory=dict)
    # role -> (email, password), printed at the end
    logins: dict = field(default_factory=dict)

    def tag(self, base: str) -> str:
        """A name unique to this seed: 'x' for seed 1, 'x-s7' for seed 7."""
        return base if self.seed == 1 else f"{base}-s{self.seed}"

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


_seeders: list[tuple[int, str, Callable[[SeedContext], None]]] = []


def register(order: int, name: str, func: Callable[[SeedContext], None]) -> None:
    if any(existing == name for _, existing, _ in _seeders):
        return
    _seeders.append((order, name, func))
    _seeders.sort(key=lambda s: s[0])


def seeders() -> list[tuple[int, str, Callable[[SeedContext], None]]]:
    return list(_seeders)


# Moroccan mobile numbers (+212 6XX XXX XXX) whose first two digits after the 6 are assigned;
# 683, 685 and 686 are not, and the importer would refuse them (phonenumbers' metadata).
_UNASSIGNED_MOBILE_PREFIXES = {83, 85, 86}


def mobile_number(rng) -> str:
    """A valid Moroccan mobile number in E.164, from one draw of `rng` (so a seed's other
    values stay the same): an unassigned prefix moves to an assigned one (683 → 663)."""
    digits = rng.randint(10_000_000, 99_999_999)
    if digits // 1_000_000 in _UNASSIGNED_MOBILE_PREFIXES:
        digits -= 20_000_000
    return f"+2126{digits}"
