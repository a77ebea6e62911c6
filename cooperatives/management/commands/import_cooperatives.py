from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cooperatives.import_changes import change_rows
from cooperatives.import_writing import ImportRefused, import_file
from cooperatives.importing import import_validate, rejected_rows_csv


class Command(BaseCommand):
    help = (
        "Import cooperatives from PATH (CSV, XLSX or ODS). Without --partial a file with any error writes "
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
            raise CommandError(_("No such file: %(path)s") % {"path": source})
        data = source.read_bytes()
        if dry_run:
            report = import_validate(data, source.name)
            self._report(report)
            self._changes(report)
            self.stdout.write(_("dry run: %(summary)s") % {"summary": self._summary(report)})
            if report.has_errors:
                raise CommandError(_("The file has errors."), returncode=1)
            return
        try:
            report, outcome = import_file(data, source.name, user=None, partial=partial)
        except ImportRefused as refused:
            self._report(refused.report)
            self.stdout.write(self._summary(refused.report))
            raise CommandError(_("Nothing written: fix the errors or use --partial."), returncode=1) from None
        self._report(report)
        self.stdout.write(self._summary(report))
        self.stdout.write(
            _(
                "written: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged, %(rejected)s rejected"
            )
            % outcome.as_dict()
        )
        if outcome.rejected:
            rejected = source.with_name(source.name + ".rejected.csv")
            rejected.write_bytes(rejected_rows_csv(report))
            raise CommandError(
                _("%(count)s rows rejected, with their errors in %(path)s")
                % {"count": outcome.rejected, "path": rejected},
                returncode=1,
            )

    def _report(self, report) -> None:
        for issue in report.errors:
            self.stderr.write(_("error: %(issue)s") % {"issue": issue})
        for issue in report.warnings:
            self.stderr.write(_("warning: %(issue)s") % {"issue": issue})

    def _changes(self, report) -> None:
        """What each row to update changes, old → new (the preview's table)."""
        for line, number, pairs in change_rows(report, limit=len(report.rows)):
            for column, old, new in pairs:
                self.stdout.write(
                    _("row %(row)s (%(number)s), column %(column)s: %(old)s → %(new)s")
                    % {"row": line, "number": number, "column": column, "old": old or "—", "new": new or "—"}
                )

    def _summary(self, report) -> str:
        return _(
            "%(total)s rows: %(create)s to create, %(update)s to update, %(unchanged)s unchanged, "
            "%(rejected)s rejected; %(errors)s errors, %(warnings)s warnings"
        ) % {**report.counts, "errors": len(report.errors), "warnings": len(report.warnings)}
