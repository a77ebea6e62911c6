"""Import of candidacies from a list of expressions of interest (CSV, XLSX or ODS).

The registry import's rules (DESIGN.md §5) and readers (`cooperatives.tabular`: UTF-8,
UTF-16 as Excel's "Unicode text", Windows code pages; XLSX and ODS through python-calamine),
dates (`parse_date`: a time part dropped, Excel day numbers) and region spellings
(`ReferenceMaps`): headers match ignoring case, accents, spaces, hyphens and underscores;
CSV encodings and delimiters are detected; a file whose text was decoded with the wrong
character set is refused (`cooperatives.import_changes.garbled_cells`), since the import
would store it as the candidates' names and projects; a problem in a required
column is an error naming the row and column, in an optional column a warning (the value is
left empty, the row kept). Without `partial`, a file with any error writes nothing. A
cooperative already candidate to the edition (or a project holder already listed with the
same project) is left unchanged, so importing the same file again changes nothing.

Columns: `numero_immatriculation` (a cooperative of the registry) or `porteur` with `region`
(a project holder); `categorie`* (code or name), `projet`*, `resume`, `cooperative_prevue`,
`candidat`, `date_naissance`. Rows are written through `candidacy_create` (audited).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.import_changes import garbled_cells
from cooperatives.models import Cooperative
from cooperatives.normalize import ReferenceMaps, cell_text, fold, parse_date
from cooperatives.tabular import UnreadableFile, read_table, strip_neutraliser

from .models import Candidacy, Edition

COLUMNS = (
    "numero_immatriculation",
    "categorie",
    "projet",
    "resume",
    "porteur",
    "cooperative_prevue",
    "region",
    "candidat",
    "date_naissance",
)
REQUIRED = ("categorie", "projet")
TEXT_COLUMNS = ("projet", "resume", "porteur", "cooperative_prevue", "candidat")
CREATE, UNCHANGED, REJECTED = "create", "unchanged", "rejected"

MESSAGES = {
    "missing_column": gettext_lazy("The required column is missing."),
    "required": gettext_lazy("A value is required."),
    "too_long": gettext_lazy("The value is longer than %(max)s characters."),
    "unknown_category": gettext_lazy("Unknown category “%(value)s” in this edition."),
    "unknown_cooperative": gettext_lazy("No cooperative of the registry has the number “%(value)s”."),
    "needs_cooperative": gettext_lazy("This category requires the registration number of a cooperative."),
    "needs_holder": gettext_lazy("Give a registration number, or the project holder and the region."),
    "unknown_region": gettext_lazy("Unknown region “%(value)s”: give its code (09, MA-09) or its name."),
    "out_of_scope": gettext_lazy("This region is outside the regions you may import."),
    "duplicate": gettext_lazy("This candidate also appears on rows %(rows)s."),
    "bad_date": gettext_lazy("“%(value)s” is not a date: left empty."),
    "invalid": "%(value)s",  # a service message, already translated
    "garbled": gettext_lazy(
        "“%(value)s” looks like text saved with the wrong character set: nothing was imported. "
        "Save the file again as “CSV UTF-8” (or as an XLSX or ODS workbook) and import that file."
    ),
    "unreadable": gettext_lazy("The file cannot be read as CSV, XLSX or ODS: %(value)s"),
    "empty_file": gettext_lazy("The file has no header row."),
}
MAX_LENGTHS = {"projet": 255, "porteur": 200, "cooperative_prevue": 255, "candidat": 200}


@dataclass
class Issue:
    row: int
    column: str
    code: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])

    def __str__(self) -> str:
        if not self.row:
            return f"{self.column}: {self.message}" if self.column else self.message
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Row:
    row: int
    action: str = CREATE
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    key: tuple = ()


@dataclass
class CandidacyImportReport:
    rows: list[Row]
    file_errors: list[Issue] = field(default_factory=list)

    @property
    def counts(self) -> dict:
        counts = {a: sum(1 for r in self.rows if r.action == a) for a in (CREATE, UNCHANGED, REJECTED)}
        return counts | {"total": len(self.rows)}

    @property
    def errors(self) -> list[Issue]:
        return self.file_errors + [i for r in self.rows for i in r.errors]

    @property
    def warnings(self) -> list[Issue]:
        return [i for r in self.rows for i in r.warnings]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)


class ImportRefused(Exception):
    def __init__(self, report: CandidacyImportReport):
        super().__init__("refused")
        self.report = report


def match_header(header: list) -> dict[str, int]:
    wanted = {fold(name): name for name in COLUMNS}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = wanted.get(fold(strip_neutraliser(cell or "")))
        if name and name not in found:
            found[name] = index
    return found


def _categories(edition: Edition) -> dict:
    found = {}
    for category in edition.categories.all():
        for spelling in (category.code, category.name_fr, category.name_ar):
            found[fold(spelling)] = category
    return found


def validate(
    data: bytes, filename: str, *, edition: Edition, allowed_region_ids=None, progress=None, every: int = 500
) -> CandidacyImportReport:
    """Check every row of the file against the edition and the registry; write nothing.

    `allowed_region_ids` (None: every region) limits the regions rows may be in;
    `progress(done, total)` is called every `every` rows.
    """
    try:
        table = read_table(data, filename, COLUMNS)
    except UnreadableFile as exc:
        return CandidacyImportReport([], [Issue(0, "", "unreadable", {"value": str(exc)})])
    if not table.header:
        return CandidacyImportReport([], [Issue(0, "", "empty_file")])
    index = match_header(table.header)
    missing = [Issue(0, name, "missing_column") for name in REQUIRED if name not in index]
    if missing:
        return CandidacyImportReport([], missing)
    cells = [
        (line, {name: strip_neutraliser(raw[at]) if at < len(raw) else None for name, at in index.items()})
        for line, raw in enumerate(table.rows, start=2)
        if any(cell_text(c) for c in raw)
    ]
    texts = [name for name in TEXT_COLUMNS if name in index]
    garbled = garbled_cells(
        ((line, [c[name] for name in texts]) for line, c in cells),
        {name: at for at, name in enumerate(texts)},
        arabic_column=None,
    )
    if garbled:
        return CandidacyImportReport(
            [], [Issue(line, name, "garbled", {"value": v}) for line, name, v in garbled]
        )
    maps = ReferenceMaps()
    categories = _categories(edition)
    numbers = {cell_text(c.get("numero_immatriculation")) for _line, c in cells} - {""}
    cooperatives = {
        c.registration_number: c
        for c in Cooperative.objects.filter(registration_number__in=numbers).select_related("region")
    }
    existing_coops = set(
        Candidacy.objects.filter(edition=edition, cooperative__isnull=False).values_list(
            "cooperative__registration_number", flat=True
        )
    )
    existing_holders = {
        (fold(h), fold(p))
        for h, p in Candidacy.objects.filter(edition=edition, cooperative__isnull=True).values_list(
            "holder_name", "project_title"
        )
    }
    rows, seen = [], {}
    for done, (line, c) in enumerate(cells, start=1):
        rows.append(
            _check_row(
                line, c, maps, categories, cooperatives, existing_coops, existing_holders, allowed_region_ids
            )
        )
        if rows[-1].key:
            seen.setdefault(rows[-1].key, []).append(line)
        if progress and (done % every == 0 or done == len(cells)):
            progress(done, len(cells))
    for row in rows:
        others = [n for n in seen.get(row.key, []) if n != row.row] if row.key else []
        if others:
            column = "numero_immatriculation" if row.key[0] == "coop" else "porteur"
            row.errors.append(Issue(row.row, column, "duplicate", {"rows": ", ".join(map(str, others))}))
        if row.errors:
            row.action = REJECTED
    return CandidacyImportReport(rows)


def _check_row(line, c, maps, categories, cooperatives, existing_coops, existing_holders, allowed):  # noqa: C901
    row = Row(line)
    text = {name: cell_text(c.get(name)) for name in COLUMNS}
    for name in REQUIRED:
        if not text[name]:
            row.errors.append(Issue(line, name, "required"))
    for name, limit in MAX_LENGTHS.items():
        if len(text[name]) > limit:
            issue = Issue(line, name, "too_long", {"max": limit})
            if name in REQUIRED:
                row.errors.append(issue)
            else:
                row.warnings.append(issue)
                text[name] = ""
    category = categories.get(fold(text["categorie"])) if text["categorie"] else None
    if text["categorie"] and category is None:
        row.errors.append(Issue(line, "categorie", "unknown_category", {"value": text["categorie"]}))
    values = {
        "category": category,
        "project_title": text["projet"],
        "project_summary": text["resume"],
        "applicant_name": text["candidat"],
        "holder_name": "",
        "planned_cooperative_name": text["cooperative_prevue"],
        "cooperative": None,
        "region": None,
        "applicant_birth_date": None,
    }
    if text["date_naissance"]:
        try:
            values["applicant_birth_date"] = parse_date(c.get("date_naissance"))
        except ValueError:
            row.warnings.append(Issue(line, "date_naissance", "bad_date", {"value": text["date_naissance"]}))
    number = text["numero_immatriculation"]
    if number:
        cooperative = cooperatives.get(number)
        if cooperative is None:
            row.errors.append(Issue(line, "numero_immatriculation", "unknown_cooperative", {"value": number}))
        else:
            values["cooperative"], values["region"] = cooperative, cooperative.region
            row.key = ("coop", number)
            if number in existing_coops:
                row.action = UNCHANGED
    elif category is not None and category.requires_cooperative:
        row.errors.append(Issue(line, "numero_immatriculation", "needs_cooperative"))
    elif not text["porteur"] or not text["region"]:
        row.errors.append(Issue(line, "porteur" if not text["porteur"] else "region", "needs_holder"))
    else:
        try:
            values["region"] = maps.region(text["region"])
        except ValueError:
            row.errors.append(Issue(line, "region", "unknown_region", {"value": text["region"]}))
        values["holder_name"] = text["porteur"]
        row.key = ("holder", fold(text["porteur"]), fold(text["projet"]))
        if (fold(text["porteur"]), fold(text["projet"])) in existing_holders:
            row.action = UNCHANGED
    region = values["region"]
    if allowed is not None and region is not None and region.pk not in allowed:
        column = "numero_immatriculation" if number else "region"
        row.errors.append(Issue(line, column, "out_of_scope"))
    row.values = values
    return row


@transaction.atomic
def import_candidacies(
    data: bytes,
    filename: str,
    *,
    edition: Edition,
    user,
    partial: bool = False,
    allowed_region_ids=None,
    progress=None,
) -> tuple[CandidacyImportReport, int]:
    """Validate, then write the new rows through `candidacy_create` in one transaction.

    Without `partial`, any error raises `ImportRefused` and nothing is written. Returns the
    report and the number of candidacies created.
    """
    from .services import candidacy_create

    report = validate(data, filename, edition=edition, allowed_region_ids=allowed_region_ids)
    if report.file_errors or (report.has_errors and not partial):
        raise ImportRefused(report)
    to_create = [r for r in report.rows if r.action == CREATE]
    created = 0
    for done, row in enumerate(to_create, start=1):
        try:
            with transaction.atomic():
                candidacy_create(actor=user, edition=edition, **row.values)
        except ValidationError as error:
            for name, messages in getattr(error, "message_dict", {"": error.messages}).items():
                for message in messages:
                    row.errors.append(Issue(row.row, name, "invalid", {"value": message}))
            row.action = REJECTED
            continue
        created += 1
        if progress and (done % 50 == 0 or done == len(to_create)):
            progress(done, len(to_create))
    if report.has_errors and not partial:
        raise ImportRefused(report)  # leaving the atomic block by an exception rolls back every row
    return report, created


def rejected_rows_text(report: CandidacyImportReport) -> str:
    return "\n".join(str(issue) for issue in report.errors)
