from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from prizes.importing import ImportRefused, import_candidacies, validate
from prizes.models import Edition


class Command(BaseCommand):
    help = (
        "Import candidacies to the edition EDITION_PK from a list of expressions of interest (CSV or "
        "XLSX). Without --partial a file with any error writes nothing. Exit status 0 on success, 1 on "
        "rejected input."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition_pk", type=int)
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report; write nothing.")
        parser.add_argument("--partial", action="store_true", help="Write the valid rows, report the others.")

    def handle(self, edition_pk, path, dry_run=False, partial=False, **options):
        edition = Edition.objects.filter(pk=edition_pk).first()
        if edition is None:
            raise CommandError(_("No edition has the number %(pk)s.") % {"pk": edition_pk})
        source = Path(path)
        if not source.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": source})
        data = source.read_bytes()
        if dry_run:
            report = validate(data, source.name, edition=edition)
            self._report(report)
            self.stdout.write(_("dry run: %(summary)s") % {"summary": self._summary(report)})
            if report.has_errors:
                raise CommandError(_("The file has errors."), returncode=1)
            return
        try:
            report, created = import_candidacies(
                data, source.name, edition=edition, user=None, partial=partial
            )
        except ImportRefused as refused:
            self._report(refused.report)
            self.stdout.write(self._summary(refused.report))
            raise CommandError(_("Nothing written: fix the errors or use --partial."), returncode=1) from None
        self._report(report)
        self.stdout.write(self._summary(report))
        self.stdout.write(_("written: %(created)s candidacies created") % {"created": created})
        if report.has_errors:
            raise CommandError(
                _("%(count)s rows rejected.") % {"count": report.counts["rejected"]}, returncode=1
            )

    def _report(self, report) -> None:
        for issue in report.errors:
            self.stderr.write(_("error: %(issue)s") % {"issue": issue})
        for issue in report.warnings:
            self.stderr.write(_("warning: %(issue)s") % {"issue": issue})

    def _summary(self, report) -> str:
        return _(
            "%(total)s rows: %(create)s to create, %(unchanged)s unchanged, %(rejected)s rejected; "
            "%(errors)s errors, %(warnings)s warnings"
        ) % {**report.counts, "errors": len(report.errors), "warnings": len(report.warnings)}
