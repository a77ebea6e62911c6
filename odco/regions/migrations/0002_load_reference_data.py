"""Load the 12 regions and 75 prefectures and provinces from the CSV files the project carries."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Province = apps.get_model("regions", "Province")
    with open(DATA / "regions.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Region.objects.update_or_create(
                code=row["code"],
                defaults={"name_fr": row["name_fr"], "name_ar": row["name_ar"], "chef_lieu": row["chef_lieu"]},
            )
    regions = {r.code: r for r in Region.objects.all()}
    with open(DATA / "provinces.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Province.objects.update_or_create(
                region=regions[row["region_code"]],
                name_fr=row["name_fr"],
                defaults={"kind": row["kind"], "name_ar": row.get("name_ar", "")},
            )


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
