"""The registry importer (DESIGN.md §5): read a file, validate it in bulk, then write it.

`import_validate()` reads and checks every row against in-memory maps of regions, sectors,
provinces and the existing cooperatives of the file (a few queries whatever the size) and
returns an `ImportReport`: what each row would do (create, update, unchanged) and its errors
and warnings by row and column. Nothing is written. `import_apply()` then writes the report
in one transaction with bulk operations (see `import_writing`). A problem in a required
column is an error (the row is rejected); in an optional column a warning (the value is not
imported, the row is kept). Without `partial`, a report with any error writes nothing.
"""

import gc
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Cooperative
from .normalize import ReferenceMaps, cell_text, fold, parse_count, parse_date, phone_to_e164
from .tabular import Table, UnreadableFile, read_table, strip_neutraliser


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
BY_FIELD = {c.field: c for c in COLUMNS}
BY_NAME = {c.name: c for c in COLUMNS}
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
    "unreadable": gettext_lazy("The file cannot be read as CSV or XLSX: %(value)s"),
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


@dataclass
class ImportReport:
    header: list[str]
    rows: list[RowResult]
    file_errors: list[Issue] = field(default_factory=list)
    present: frozenset[str] = frozenset()  # fields whose column is in the file

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(r.action for r in self.rows)
        return {a: counter.get(a, 0) for a in (CREATE, UPDATE, UNCHANGED, REJECTED)} | {
            "total": len(self.rows)
        }

    @property
    def errors(self) -> list[Issue]:
        return self.file_errors + [i for r in self.rows for i in r.errors]

    @property
    def warnings(self) -> list[Issue]:
        return [i for r in self.rows for i in r.warnings]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.errors for r in self.rows)

    @property
    def can_write_all(self) -> bool:
        return not self.has_errors

    def rejected_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == REJECTED]


def match_header(header: list[str]) -> dict[str, int]:
    """Import column name → index in `header`, matching ignoring case, accents, spaces,
    hyphens and underscores. The first of two cells with the same name wins."""
    wanted = {fold(c.name): c.name for c in COLUMNS}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = wanted.get(fold(strip_neutraliser(cell or "")))
        if name and name not in found:
            found[name] = index
    return found


def _existing_by_number(numbers: list[str]) -> dict[str, dict]:
    fields = ["pk", *(c.field for c in COLUMNS)]
    found: dict[str, dict] = {}
    for start in range(0, len(numbers), 2000):
        chunk = numbers[start : start + 2000]
        for values in Cooperative.objects.filter(registration_number__in=chunk).values(*fields):
            found[values["registration_number"]] = values
    return found


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector: building 65,000 small rows would otherwise start
    it hundreds of times over an ever larger heap (it made validation three times slower).
    Nothing here makes reference cycles; it runs as soon as the block ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_validate(
    table_or_bytes, filename: str = "", *, allowed_region_ids=None, today=None, progress=None
) -> ImportReport:
    """Validate a file (bytes and its name, or a `Table`). Writes nothing.

    `allowed_region_ids` (None: every region) limits which regions the rows may create or
    touch: a delegation's upload may only touch its own region. `progress(done, total)` is
    called every 5,000 rows.
    """
    with gc_paused():
        return _validate(
            table_or_bytes, filename, allowed_region_ids=allowed_region_ids, today=today, progress=progress
        )


def _validate(table_or_bytes, filename, *, allowed_region_ids, today, progress) -> ImportReport:
    plan = plan_import(table_or_bytes, filename, allowed_region_ids=allowed_region_ids, today=today)
    if isinstance(plan, ImportReport):
        return plan
    return plan.check_all(progress=progress)


@dataclass
class ImportPlan:
    """A file read and matched against the database, ready to check row by row.

    Building it does every query; `check_all` is pure Python, so that a writer may run it in
    a thread and write the first rows while the last ones are being checked."""

    report: ImportReport
    rows: list  # (line, cells as read)
    prepared: list  # (line, cells in COLUMNS order)
    check: "_RowChecker"

    def check_all(self, *, progress=None, sink=None, chunk: int = 5000) -> ImportReport:
        """Check every row into `self.report`; `sink(results)` receives them chunk by chunk."""
        report, check, total = self.report, self.check, len(self.prepared)
        batch = []
        for done, ((line, cells), (_line, raw)) in enumerate(
            zip(self.prepared, self.rows, strict=True), start=1
        ):
            result = check(line, cells)
            if result.action == REJECTED:
                result.raw = list(raw)
            report.rows.append(result)
            batch.append(result)
            if done % chunk == 0:
                if sink:
                    sink(batch)
                    batch = []
                if progress:
                    progress(done, total)
        if sink and batch:
            sink(batch)
        if progress:
            progress(total, total)
        return report


def plan_import(
    table_or_bytes, filename="", *, allowed_region_ids=None, today=None
) -> "ImportPlan | ImportReport":
    """Read the file and load what checking it needs (a few queries); an `ImportReport` with
    file errors when it cannot be checked at all."""
    if isinstance(table_or_bytes, Table):
        table = table_or_bytes
    else:
        try:
            table = read_table(table_or_bytes, filename, COLUMN_NAMES)
        except UnreadableFile as exc:
            return ImportReport(
                header=[], rows=[], file_errors=[Issue(0, "", "unreadable", {"value": str(exc)})]
            )
    if not any(h for h in table.header):
        return ImportReport(header=table.header, rows=[], file_errors=[Issue(0, "", "empty_file")])
    index = match_header(table.header)
    missing = [c.name for c in COLUMNS if c.required and c.name not in index]
    report = ImportReport(
        header=list(table.header),
        rows=[],
        file_errors=[Issue(1, name, "missing_column") for name in missing],
        present=frozenset(c.field for c in COLUMNS if c.name in index),
    )
    if missing:
        return report
    maps = ReferenceMaps()
    width = len(table.header)
    rows: list[tuple[int, list]] = []
    for offset, cells in enumerate(table.rows, start=2):
        if not any(c.strip() if c.__class__ is str else c is not None for c in cells):
            continue  # blank lines are not rows
        if len(cells) < width:
            cells = list(cells) + [""] * (width - len(cells))
        rows.append((offset, cells))
    positions = [index.get(c.name) for c in COLUMNS]
    prepared = [(line, _prepare(cells, positions)) for line, cells in rows]
    seen: dict[str, list[int]] = defaultdict(list)
    for line, cells in prepared:
        if cells[0]:
            seen[cells[0]].append(line)
    existing = _existing_by_number(list(seen))
    check = _RowChecker(
        maps=maps, today=today or date.today(), seen=seen, existing=existing, allowed=allowed_region_ids
    )
    return ImportPlan(report=report, rows=rows, prepared=prepared, check=check)


_TYPED = {"date_creation", "adherents", "adherents_femmes", "adherents_jeunes", "telephone"}
_TYPED_AT = frozenset(i for i, c in enumerate(COLUMNS) if c.name in _TYPED)


def _prepare(cells: list, positions: list) -> list:
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


class _RowChecker:
    """Checks one prepared row against the in-memory maps; returns its `RowResult`."""

    def __init__(self, *, maps, today, seen, existing, allowed):
        self.maps, self.today, self.seen, self.existing, self.allowed = maps, today, seen, existing, allowed

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
        if province_text is not None:
            if not province_text:
                values["province_id"] = None
            elif region_id is not None:
                try:
                    values["province_id"] = maps.province_id(province_text, region_id)
                except ValueError:
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


def import_apply(report: ImportReport, *, user, partial: bool = False, progress=None):
    """Write a validated report (see `import_writing.write_report`)."""
    from .import_writing import write_report

    return write_report(report, user=user, partial=partial, progress=progress)


def rejected_rows_csv(report: ImportReport) -> bytes:
    """The rejected rows as they were read, with an `erreurs` column, to fix and re-import."""
    from .tabular import write_csv

    header = [*report.header, "erreurs"]
    rows = []
    for result in report.rejected_rows():
        cells = [cell_text(c) for c in (result.raw or [])]
        cells += [""] * (len(report.header) - len(cells))
        rows.append([*cells[: len(report.header)], " | ".join(str(i) for i in result.errors)])
    return write_csv(header, rows)
