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
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from .import_changes import TEXT_FIELDS, garbled_cells
from .import_rows import (  # noqa: F401 - the importer's public names live here too
    COLUMN_NAMES,
    COLUMNS,
    CREATE,
    EMPTY,
    MESSAGES,
    REJECTED,
    UNCHANGED,
    UPDATE,
    Column,
    Issue,
    RowChecker,
    RowResult,
    prepare_cells,
)
from .models import Cooperative
from .normalize import ReferenceMaps, cell_text, fold
from .tabular import Table, UnreadableFile, read_table, strip_neutraliser

_TEXT_COLUMNS = frozenset(TEXT_FIELDS.values())


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
    table_or_bytes,
    filename: str = "",
    *,
    allowed_region_ids=None,
    today=None,
    progress=None,
    every: int = 5000,
) -> ImportReport:
    """Validate a file (bytes and its name, or a `Table`). Writes nothing.

    `allowed_region_ids` (None: every region) limits which regions the rows may create or
    touch: a delegation's upload may only touch its own region. `progress(done, total)` is
    called every `every` rows.
    """
    with gc_paused():
        plan = plan_import(table_or_bytes, filename, allowed_region_ids=allowed_region_ids, today=today)
        if isinstance(plan, ImportReport):
            return plan
        return plan.check_all(progress=progress, chunk=every)


@dataclass
class ImportPlan:
    """A file read and matched against the database, ready to check row by row.

    Building it does every query; `check_all` is pure Python, so that a writer may run it in
    a thread and write the first rows while the last ones are being checked."""

    report: ImportReport
    rows: list  # (line, cells as read)
    prepared: list  # (line, cells in COLUMNS order)
    check: "RowChecker"

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
    prepared = [(line, prepare_cells(cells, positions)) for line, cells in rows]
    garbled = garbled_cells(prepared, {n: at for at, n in enumerate(COLUMN_NAMES) if n in _TEXT_COLUMNS})
    if garbled:
        report.file_errors = [
            Issue(line, column, "garbled", {"value": value}) for line, column, value in garbled
        ]
        return report
    seen: dict[str, list[int]] = defaultdict(list)
    for line, cells in prepared:
        if cells[0]:
            seen[cells[0]].append(line)
    existing = _existing_by_number(list(seen))
    check = RowChecker(
        maps=maps, today=today or date.today(), seen=seen, existing=existing, allowed=allowed_region_ids
    )
    return ImportPlan(report=report, rows=rows, prepared=prepared, check=check)


def import_apply(report: ImportReport, *, user, partial: bool = False, progress=None):
    """Write a validated report (see `import_writing.write_report`)."""
    from .import_writing import write_report

    return write_report(report, user=user, partial=partial, progress=progress)


def rejected_rows_csv(report: ImportReport) -> bytes:
    """The rejected rows as they were read, with an `erreurs` column, to fix and re-import."""
    from odco.tabular import write_csv

    header = [*report.header, "erreurs"]
    rows = []
    for result in report.rejected_rows():
        cells = [cell_text(c) for c in (result.raw or [])]
        cells += [""] * (len(report.header) - len(cells))
        rows.append([*cells[: len(report.header)], " | ".join(str(i) for i in result.errors)])
    return write_csv(header, rows)
