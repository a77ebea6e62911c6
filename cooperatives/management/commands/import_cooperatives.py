from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cooperatives.import_writing import ImportRefused
from cooperatives.importing import import_apply, import_validate, rejected_rows_csv


class Command(BaseCommand):
    help = (
        "Import cooperatives from PATH (CSV or XLSX). Without --partial a file with any error writes "
        "nothing. Exit status 0 on success, 1 on rejected input."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report; write nothing.")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Write the valid rows; the rejected ones go to PATH.rejected.csv with their errors.",
        )

    def handle(self, path, dry_run=False, partial=False, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        report = import_validate(source.read_bytes(), source.name)
        for issue in report.errors:
            self.stderr.write(f"error: {issue}")
        for issue in report.warnings:
            self.stderr.write(f"warning: {issue}")
        counts = report.counts
        summary = (
            f"{counts['total']} rows: {counts['create']} to create, {counts['update']} to update, "
            f"{counts['unchanged']} unchanged, {counts['rejected']} rejected; "
            f"{len(report.errors)} errors, {len(report.warnings)} warnings"
        )
        if dry_run:
            self.stdout.write(f"dry run: {summary}")
            if report.has_errors:
                raise CommandError("the file has errors", returncode=1)
            return
        try:
            outcome = import_apply(report, user=None, partial=partial)
        except ImportRefused:
            self.stdout.write(summary)
            raise CommandError("nothing written: fix the errors or use --partial", returncode=1) from None
        self.stdout.write(
            f"{summary}\nwritten: {outcome.created} created, {outcome.updated} updated, "
            f"{outcome.unchanged} unchanged, {outcome.rejected} rejected"
        )
        if outcome.rejected:
            rejected = source.with_name(source.name + ".rejected.csv")
            rejected.write_bytes(rejected_rows_csv(report))
            raise CommandError(
                f"{outcome.rejected} rows rejected, with their errors in {rejected}", returncode=1
            )
