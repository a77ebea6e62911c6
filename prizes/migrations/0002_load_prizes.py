from django.db import migrations

PRIZES = [
    {
        "code": "lalla_al_moutaaouina",
        "name_fr": "Prix « Lalla Al Moutaâouina »",
        "name_ar": "جائزة للا المتعاونة",
        "audience": "Coopératives féminines",
        "since_year": 2020,
    },
    {
        "code": "generation_solidaire",
        "name_fr": "Prix « Génération solidaire »",
        "name_ar": "جائزة الجيل المتضامن",
        "audience": "Jeunes coopérateurs et porteurs de projet",
        "since_year": 2021,
    },
]


def load(apps, schema_editor):
    Prize = apps.get_model("prizes", "Prize")
    for data in PRIZES:
        Prize.objects.update_or_create(code=data["code"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("prizes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
