"""One row of an import file: the columns (DESIGN.md §5), what a row becomes, its errors
and warnings, and the check of a row against the in-memory maps (see `importing`)."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .import_changes import hold_back
from .models import Cooperative
from .normalize import cell_text, parse_count, parse_date, phone_to_e164
from .tabular import strip_neutraliser


@dataclass(frozen=True)
class Column:
    name: str  # the header in files (DESIGN.md §5)
    field: str  # the Cooperative field it fills
    required: bool = False
    max_length: int = 0


COLUMNS = (
    Column("numero_immatriculation", "registration_number", True, 40),
    Column("nom", "name_fr", True, 255),
    Column("nom_ar", "name_ar", False, 255),
    Column("region", "region_id", True),
    Column("province", "province_id"),
    Column("commune", "commune", False, 120),
    Column("secteur", "sector_id", True),
    Column("date_creation", "founded_on", True),
    Column("adherents", "members_total"),
    Column("adherents_femmes", "members_women"),
    Column("adherents_jeunes", "members_young"),
    Column("president", "president", False, 150),
    Column("telephone", "phone", False, 20),
    Column("email", "email", False, 254),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
COUNT_FIELDS = ("members_total", "members_women", "members_young")
# Values of a new cooperative when its optional cell is empty or not imported.
EMPTY = {
    "name_ar": "",
    "province_id": None,
    "commune": "",
    "members_total": 0,
    "members_women": 0,
    "members_young": 0,
    "president": "",
    "phone": "",
    "email": "",
}

CREATE, UPDATE, UNCHANGED, REJECTED = "create", "update", "unchanged", "rejected"

MESSAGES = {
    "missing_column": gettext_lazy("The required column is missing."),
    "required": gettext_lazy("A value is required."),
    "too_long": gettext_lazy("The value is longer than %(max)s characters."),
    "duplicate": gettext_lazy("This registration number also appears on rows %(rows)s."),
    "unknown_region": gettext_lazy("Unknown region “%(value)s”: give its code (09, MA-09) or its name."),
    "region_out_of_scope": gettext_lazy("This region is outside the regions you may import."),
    "cooperative_out_of_scope": gettext_lazy("This cooperative belongs to a region outside your scope."),
    "unknown_sector": gettext_lazy("Unknown sector “%(value)s”."),
    "bad_date": gettext_lazy("“%(value)s” is not a date: write dd/mm/yyyy or yyyy-mm-dd."),
    "future_date": gettext_lazy("The date %(value)s is in the future."),
    "unknown_province": gettext_lazy("Unknown province “%(value)s” in this region: left empty."),
    "bad_count": gettext_lazy("“%(value)s” is not a whole number: left empty."),
    "more_than_members": gettext_lazy(
        "%(value)s is more than the number of members (%(total)s): left empty."
    ),
    "bad_phone": gettext_lazy("“%(value)s” is not a Moroccan phone number: left empty."),
    "bad_email": gettext_lazy("“%(value)s” is not an e-mail address: left empty."),
    "too_long_optional": gettext_lazy("The value is longer than %(max)s characters: left empty."),
    "province_other_region": gettext_lazy(
        "“%(value)s” is a province of the region %(region)s, not of this row's region: left empty."
    ),
    "commune_other_region": gettext_lazy(
        "“%(value)s” is a commune of the region %(region)s, not of this row's region: left empty."
    ),
    "arabic_kept": gettext_lazy(
        "“%(old)s” would be replaced by “%(new)s”, which has no Arabic letter: the value in the "
        "registry is kept."
    ),
    "garbled": gettext_lazy(
        "“%(value)s” looks like text saved with the wrong character set: nothing was imported. "
        "Save the file again as “CSV UTF-8” (or as an XLSX or ODS workbook) and import that file."
    ),
    "unreadable": gettext_lazy("The file cannot be read as CSV, XLSX or ODS: %(value)s"),
    "empty_file": gettext_lazy("The file has no header row."),
}


@dataclass(slots=True)
class Issue:
    row: int  # the line in the file (the header is line 1); 0 for the whole file
    column: str  # an import column name, "" for the whole file
    code: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % dict(self.params) if self.params else str(MESSAGES[self.code])

    def __str__(self) -> str:
        if not self.row:
            return f"{self.column}: {self.message}" if self.column else self.message
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(slots=True)
class RowResult:
    row: int
    number: str
    action: str = CREATE
    values: dict = field(default_factory=dict)  # field -> canonical value (only what is imported)
    changes: dict = field(default_factory=dict)  # field -> [old, new] for updates
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    raw: list | None = None  # the cells as read, kept for rejected rows only
    pk: int | None = None
    search_key: str = ""


_TYPED = {"date_creation", "adherents", "adherents_femmes", "adherents_jeunes", "telephone"}
_TYPED_AT = frozenset(i for i, c in enumerate(COLUMNS) if c.name in _TYPED)


def prepare_cells(cells: list, positions: list) -> list:
    """The row's cells in `COLUMNS` order: None for a column the file lacks, stripped text
    (neutraliser removed) for the others; date, count and phone cells keep their spreadsheet
    type (a date cell, a number)."""
    out = []
    for i, at in enumerate(positions):
        if at is None:
            out.append(None)
            continue
        value = cells[at]
        if value.__class__ is str:
            value = value.strip()
            if value[:1] == "'":
                value = strip_neutraliser(value)
        elif value is None:
            value = ""
        elif i not in _TYPED_AT:
            value = cell_text(value)
        out.append(value)
    return out


_SIMPLE_EMAIL = re.compile(
    r"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def _valid_email(text: str) -> bool:
    """Django's validate_email, with a fast path for the plain addresses it accepts."""
    if len(text) <= 254 and _SIMPLE_EMAIL.match(text):
        return True
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _count(raw):
    if raw.__class__ is str and raw.isdigit():
        return int(raw)
    return parse_count(raw)


class RowChecker:
    """Checks one prepared row against the in-memory maps; returns its `RowResult`."""

    def __init__(self, *, maps, today, seen, existing, allowed):
        self.maps, self.today, self.seen, self.existing, self.allowed = maps, today, seen, existing, allowed
        self._communes: dict = {}  # (region id, text) → what `ReferenceMaps.commune` says

    def _commune(self, line, text, region_id, old, values, warnings) -> None:
        """The commune's French name from the reference when it is one (an update keeps the
        registry's spelling of the same name); left empty when it is in another region."""
        found = self._communes.get((region_id, text))
        if found is None:
            found = self._communes[(region_id, text)] = self.maps.commune(text, region_id)
        name, in_region, elsewhere = found
        if not in_region:
            warnings.append(
                Issue(
                    line,
                    "commune",
                    "commune_other_region",
                    {"value": text, "region": self.maps.region(elsewhere).name},
                )
            )
            del values["commune"]
        elif name and name != text:
            from .places import place_key

            same = old is not None and place_key(old["commune"]) == place_key(name)
            values["commune"] = old["commune"] if same else name

    def __call__(self, line: int, cells: list) -> RowResult:  # noqa: C901 - one straight pass per column
        (
            number,
            name,
            name_ar,
            region_text,
            province_text,
            commune,
            sector_text,
            founded_raw,
            total_raw,
            women_raw,
            young_raw,
            president,
            phone_raw,
            email,
        ) = cells
        result = RowResult(row=line, number=number)
        errors, warnings, values = result.errors, result.warnings, result.values
        maps, allowed = self.maps, self.allowed

        # required columns: a problem rejects the row
        if not number:
            errors.append(Issue(line, "numero_immatriculation", "required"))
        elif len(number) > 40:
            errors.append(Issue(line, "numero_immatriculation", "too_long", {"max": 40}))
        elif len(self.seen[number]) > 1:
            others = ", ".join(str(r) for r in self.seen[number] if r != line)
            errors.append(Issue(line, "numero_immatriculation", "duplicate", {"rows": others}))
        values["registration_number"] = number
        if not name:
            errors.append(Issue(line, "nom", "required"))
        elif len(name) > 255:
            errors.append(Issue(line, "nom", "too_long", {"max": 255}))
        values["name_fr"] = name
        region_id = None
        if not region_text:
            errors.append(Issue(line, "region", "required"))
        else:
            try:
                region_id = maps.region_id(region_text)
            except ValueError:
                errors.append(Issue(line, "region", "unknown_region", {"value": region_text}))
            else:
                values["region_id"] = region_id
                if allowed is not None and region_id not in allowed:
                    errors.append(Issue(line, "region", "region_out_of_scope"))
        if not sector_text:
            errors.append(Issue(line, "secteur", "required"))
        else:
            try:
                values["sector_id"] = maps.sector_id(sector_text)
            except ValueError:
                errors.append(Issue(line, "secteur", "unknown_sector", {"value": sector_text}))
        if founded_raw == "":
            errors.append(Issue(line, "date_creation", "required"))
        else:
            try:
                founded = parse_date(founded_raw)
            except ValueError:
                errors.append(Issue(line, "date_creation", "bad_date", {"value": cell_text(founded_raw)}))
            else:
                if founded > self.today:
                    errors.append(Issue(line, "date_creation", "future_date", {"value": founded.isoformat()}))
                else:
                    values["founded_on"] = founded
        old = self.existing.get(number)
        if old is not None and allowed is not None and old["region_id"] not in allowed:
            errors.append(Issue(line, "numero_immatriculation", "cooperative_out_of_scope"))

        # optional columns: a problem leaves the value out and keeps the row
        for column_name, field_name, text, limit in (
            ("nom_ar", "name_ar", name_ar, 255),
            ("commune", "commune", commune, 120),
            ("president", "president", president, 150),
        ):
            if text is not None:
                if len(text) > limit:
                    warnings.append(Issue(line, column_name, "too_long_optional", {"max": limit}))
                else:
                    values[field_name] = text
        if commune and "commune" in values and region_id is not None:
            self._commune(line, commune, region_id, old, values, warnings)
        if province_text is not None:
            if not province_text:
                values["province_id"] = None
            elif region_id is not None:
                try:
                    values["province_id"] = maps.province_id(province_text, region_id)
                except ValueError:
                    elsewhere = maps.province_elsewhere(province_text)
                    if elsewhere is not None and elsewhere.pk != region_id:
                        warnings.append(
                            Issue(
                                line,
                                "province",
                                "province_other_region",
                                {"value": province_text, "region": elsewhere.name},
                            )
                        )
                    else:
                        warnings.append(Issue(line, "province", "unknown_province", {"value": province_text}))
        for column_name, field_name, raw in (
            ("adherents", "members_total", total_raw),
            ("adherents_femmes", "members_women", women_raw),
            ("adherents_jeunes", "members_young", young_raw),
        ):
            if raw is None:
                continue
            if raw == "":
                values[field_name] = 0
                continue
            try:
                values[field_name] = _count(raw)
            except ValueError:
                warnings.append(Issue(line, column_name, "bad_count", {"value": cell_text(raw)}))
        if phone_raw is not None:
            try:
                values["phone"] = phone_to_e164(phone_raw)
            except ValueError:
                warnings.append(Issue(line, "telephone", "bad_phone", {"value": cell_text(phone_raw)}))
        if email is not None:
            if not email or _valid_email(email):
                values["email"] = email
            else:
                warnings.append(Issue(line, "email", "bad_email", {"value": email}))

        # member counts, merged with the cooperative already in the registry
        total = values.get("members_total", old["members_total"] if old else 0)
        for column_name, field_name in (
            ("adherents_femmes", "members_women"),
            ("adherents_jeunes", "members_young"),
        ):
            count = values.get(field_name, old[field_name] if old else 0)
            if count > total:
                warnings.append(
                    Issue(line, column_name, "more_than_members", {"value": count, "total": total})
                )
                values[field_name] = 0

        if errors:
            result.action = REJECTED
            result.values = {}
            return result
        if old is None:
            result.action = CREATE
            for key, empty in EMPTY.items():
                if key not in values:
                    values[key] = empty
            result.search_key = Cooperative.compute_search_key(number, name, values["name_ar"])
            return result
        result.pk = old["pk"]
        hold_back(line, old, values, warnings, Issue)
        changes = {k: [old[k], v] for k, v in values.items() if old[k] != v}
        result.changes = changes
        result.action = UPDATE if changes else UNCHANGED
        if changes:
            # the full row as it will be written: what the file does not set stays as it is
            result.values = {k: v for k, v in old.items() if k != "pk"} | values
            result.search_key = Cooperative.compute_search_key(
                number, result.values["name_fr"], result.values["name_ar"]
            )
        return result
