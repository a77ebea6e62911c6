"""Turning values typed by people into canonical ones (phones, dates, regions, sectors).

Used by the forms, the importer and the admin's import resource, so that every way into
the registry accepts the same spellings. The functions raise `ValueError` on bad input;
callers turn it into a message naming the field (and row).
"""

import re
from datetime import date, datetime

import phonenumbers

from odco.i18n import fold as _reference_fold

# --- folding -------------------------------------------------------------------------------
_NOT_ALNUM = re.compile(r"[\W_]")


_folded_words: dict[str, str] = {}


def fold(value) -> str:
    """`odco.i18n.fold`, word by word with a cache: the same result (fold works character by
    character and drops whitespace), several times faster on the importer's 65,000 rows of
    names that share most of their words ("Coopérative", "تعاونية"). Tests compare the two."""
    parts = []
    for word in str(value or "").split():
        if word.isascii():
            parts.append(word.lower() if word.isalnum() else _NOT_ALNUM.sub("", word.lower()))
            continue
        folded = _folded_words.get(word)
        if folded is None:
            folded = _reference_fold(word)
            if len(_folded_words) < 100_000:
                _folded_words[word] = folded
        parts.append(folded)
    return "".join(parts)


# --- phones --------------------------------------------------------------------------------
_MA = phonenumbers.PhoneMetadata.metadata_for_region("MA")
# A number is valid when its national significant number matches one of the region's number
# types: the same test phonenumbers.is_valid_number() makes, compiled once for the fast path.
_MA_VALID = re.compile(
    "|".join(
        f"(?:{desc.national_number_pattern})"
        for desc in (_MA.fixed_line, _MA.mobile, _MA.toll_free, _MA.premium_rate, _MA.voip)
        if desc is not None and desc.national_number_pattern
    )
)
_SEPARATORS = re.compile(r"[\s\-./()\u00a0]")
# 0661234567, 661234567, 212661234567, +212661234567, 00212661234567, +212 (0)661234567
_MA_FORMS = re.compile(r"^(?:(?:\+|00)?212(?:0)?|0)?(\d{9})$")


def phone_to_e164(value) -> str:
    """'06 61 23 45 67', '+212 661-234567', '0522…' → '+212661234567'; '' stays ''."""
    raw = str(value or "").strip()
    if not raw:
        return ""
    if isinstance(value, float) and value.is_integer():  # a number cell in a spreadsheet
        raw = str(int(value))
    compact = _SEPARATORS.sub("", raw)
    match = _MA_FORMS.match(compact)
    if match and _MA_VALID.fullmatch(match.group(1)):
        return "+212" + match.group(1)
    try:
        number = phonenumbers.parse(raw, "MA")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(raw) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- dates ---------------------------------------------------------------------------------
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(value) -> date:
    """dd/mm/yyyy, yyyy-mm-dd or a spreadsheet date cell → date. ValueError otherwise."""
    if value.__class__ is str and len(value) == 10:
        # the two forms of almost every file, without a regular expression
        if (
            value[2] == "/"
            and value[5] == "/"
            and value[:2].isdigit()
            and value[3:5].isdigit()
            and value[6:].isdigit()
        ):
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
        if (
            value[4] == "-"
            and value[7] == "-"
            and value[:4].isdigit()
            and value[5:7].isdigit()
            and value[8:].isdigit()
        ):
            return date(int(value[:4]), int(value[5:7]), int(value[8:]))
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)  # ValueError for 31/02
    match = _YMD.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    raise ValueError(text)


# --- numbers and text ----------------------------------------------------------------------
_INT = re.compile(r"^\d+(?:[.,]0+)?$")


def parse_count(value) -> int:
    """A non-negative whole number; '12', ' 12 ', 12.0 and '12,0' (text in spreadsheets) give 12."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(value)
        return value
    if isinstance(value, float):
        if value < 0 or not value.is_integer():
            raise ValueError(value)
        return int(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not _INT.match(text):
        raise ValueError(text)
    return int(re.split(r"[.,]", text)[0])


def cell_text(value) -> str:
    """A cell as trimmed text: None → '', 12345.0 (a number cell) → '12345'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- reference data ------------------------------------------------------------------------
_REGION_PREFIXES = ("جهة", "region", "regionde", "regiondu", "regiondela", "regiond")


class ReferenceMaps:
    """Regions, provinces and sectors by every accepted spelling, loaded in three queries."""

    def __init__(self):
        from odco.regions.models import Province, Region

        from .models import Sector

        self._memo: dict = {}  # the few distinct spellings of a file, resolved once
        self._ids: dict = {}
        self.regions: dict[str, object] = {}
        self.regions_by_id: dict[int, object] = {}
        for region in Region.objects.all():
            self.regions_by_id[region.pk] = region
            for spelling in (region.code, region.iso_code, region.name_fr, region.name_ar):
                self.regions[fold(spelling)] = region
            for name in (region.name_fr, region.name_ar):
                folded = fold(name)
                for prefix in _REGION_PREFIXES:
                    if folded.startswith(prefix) and len(folded) > len(prefix) + 2:
                        self.regions.setdefault(folded[len(prefix) :], region)
        self.sectors: dict[str, object] = {}
        self.sectors_by_id: dict[int, object] = {}
        for sector in Sector.objects.all():
            self.sectors_by_id[sector.pk] = sector
            for spelling in (sector.code, sector.name_fr, sector.name_ar):
                self.sectors[fold(spelling)] = sector
        self.provinces: dict[tuple[int, str], object] = {}
        self.provinces_by_id: dict[int, object] = {}
        for province in Province.objects.all():
            self.provinces_by_id[province.pk] = province
            for spelling in (province.name_fr, province.name_ar):
                if spelling:
                    self.provinces[(province.region_id, fold(spelling))] = province

    def region(self, value):
        """The region for '09', '9', 'MA-09', 'Souss-Massa', 'souss massa', 'جهة سوس ماسة'."""
        text = cell_text(value)
        try:
            found = self._memo[("region", text)]
        except KeyError:
            found = self._memo[("region", text)] = self._region(text)
        if found is None:
            raise ValueError(text)
        return found

    def _region(self, text):
        from odco.regions.models import Region

        code = Region.normalize_code(text)
        folded = fold(code if code else text)
        found = self.regions.get(folded)
        if found is None:
            for prefix in _REGION_PREFIXES:
                if folded.startswith(prefix):
                    found = self.regions.get(folded[len(prefix) :])
                    if found is not None:
                        break
        return found

    # Ids by the text of a cell, memoised: a national file uses a few dozen distinct spellings.
    def region_id(self, text: str) -> int:
        try:
            return self._ids[("r", text)]
        except KeyError:
            found = self._ids[("r", text)] = self.region(text).pk  # ValueError is not memoised
            return found

    def sector_id(self, text: str) -> int:
        try:
            return self._ids[("s", text)]
        except KeyError:
            found = self._ids[("s", text)] = self.sector(text).pk
            return found

    def province_id(self, text: str, region_id: int) -> int:
        try:
            return self._ids[(region_id, text)]
        except KeyError:
            found = self._ids[(region_id, text)] = self.province(text, self.regions_by_id[region_id]).pk
            return found

    def sector(self, value):
        text = cell_text(value)
        try:
            found = self._memo[("sector", text)]
        except KeyError:
            found = self._memo[("sector", text)] = self.sectors.get(fold(text))
        if found is None:
            raise ValueError(value)
        return found

    def province(self, value, region):
        text = cell_text(value)
        try:
            found = self._memo[(region.pk, text)]
        except KeyError:
            found = self._memo[(region.pk, text)] = self.provinces.get((region.pk, fold(text)))
        if found is None:
            raise ValueError(value)
        return found
