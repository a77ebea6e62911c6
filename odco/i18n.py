"""Small helpers for bilingual (French / Arabic) data."""

import unicodedata

from django.utils.translation import get_language


def is_arabic() -> bool:
    return (get_language() or "fr").startswith("ar")


def localized(fr: str, ar: str) -> str:
    """The Arabic value when the active language is Arabic and one exists, else the French."""
    return ar if ar and is_arabic() else fr


def fold(value: str) -> str:
    """Lower-case, accent-free, without spaces, hyphens, apostrophes or underscores.

    Used to match names typed by people ("Fès-Meknès", "fes meknes", "FES_MEKNES").
    Arabic letters are kept; tatweel and diacritics (harakat) are dropped.
    """
    decomposed = unicodedata.normalize("NFKD", str(value or "")).replace("\u0640", "")
    kept = [c for c in decomposed if not unicodedata.combining(c)]
    return "".join(c for c in "".join(kept).casefold() if c.isalnum())
