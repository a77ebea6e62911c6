"""Which of Morocco's 12 regions share a land border.

Source: the map of the twelve regions set by décret n° 2-15-40 of 20 February 2015 (the
regional division in force since 2015), read border by border; only land borders between
regions count (a shared coastline or a border with Algeria or Mauritania does not).
Codes are the regions' two-digit codes (`odco.regions.models.Region.code`).
"""

BORDERS: tuple[tuple[str, str], ...] = (
    ("01", "02"),  # Tanger-Tétouan-Al Hoceïma – L'Oriental
    ("01", "03"),  # Tanger-Tétouan-Al Hoceïma – Fès-Meknès
    ("01", "04"),  # Tanger-Tétouan-Al Hoceïma – Rabat-Salé-Kénitra
    ("02", "03"),  # L'Oriental – Fès-Meknès
    ("02", "08"),  # L'Oriental – Drâa-Tafilalet
    ("03", "04"),  # Fès-Meknès – Rabat-Salé-Kénitra
    ("03", "05"),  # Fès-Meknès – Béni Mellal-Khénifra
    ("03", "08"),  # Fès-Meknès – Drâa-Tafilalet
    ("04", "05"),  # Rabat-Salé-Kénitra – Béni Mellal-Khénifra
    ("04", "06"),  # Rabat-Salé-Kénitra – Casablanca-Settat
    ("05", "06"),  # Béni Mellal-Khénifra – Casablanca-Settat
    ("05", "07"),  # Béni Mellal-Khénifra – Marrakech-Safi
    ("05", "08"),  # Béni Mellal-Khénifra – Drâa-Tafilalet
    ("06", "07"),  # Casablanca-Settat – Marrakech-Safi
    ("07", "08"),  # Marrakech-Safi – Drâa-Tafilalet
    ("07", "09"),  # Marrakech-Safi – Souss-Massa
    ("08", "09"),  # Drâa-Tafilalet – Souss-Massa
    ("09", "10"),  # Souss-Massa – Guelmim-Oued Noun
    ("10", "11"),  # Guelmim-Oued Noun – Laâyoune-Sakia El Hamra
    ("11", "12"),  # Laâyoune-Sakia El Hamra – Dakhla-Oued Ed-Dahab
)


def _build() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {f"{n:02d}": set() for n in range(1, 13)}
    for a, b in BORDERS:
        table[a].add(b)
        table[b].add(a)
    return {code: frozenset(others) for code, others in table.items()}


# region code -> codes of the regions it borders (symmetric by construction).
NEIGHBOURS: dict[str, frozenset[str]] = _build()
