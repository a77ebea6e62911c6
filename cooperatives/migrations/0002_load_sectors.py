"""Load the sectors of activity from the CSV file the project carries."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Sector = apps.get_model("cooperatives", "Sector")
    with open(DATA / "sectors.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Sector.objects.update_or_create(
                code=row["code"], defaults={"name_fr": row["name_fr"], "name_ar": row["name_ar"]}
            )


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
