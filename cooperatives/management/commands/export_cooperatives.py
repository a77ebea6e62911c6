from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cooperatives.exporting import export_bytes
from cooperatives.models import Cooperative


class Command(BaseCommand):
    help = "Export the registry to PATH (.csv or .xlsx) with the import columns and canonical values."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        target = Path(path)
        fmt = target.suffix.lower().lstrip(".")
        if fmt not in ("csv", "xlsx"):
            raise CommandError(_("PATH must end in .csv or .xlsx."))
        queryset = Cooperative.objects.all()
        target.write_bytes(export_bytes(queryset, fmt))
        self.stdout.write(
            _("%(count)s cooperatives exported to %(path)s") % {"count": queryset.count(), "path": target}
        )
