"""The default set of follow-up indicators (issue 8). Reloadable: `load(apps, None)`."""

from decimal import Decimal

from django.db import migrations

# code, French, Arabic, unit fr, unit ar, kind, by_gender, by_youth, decimals, jump share
DEFAULTS = [
    ("revenue", "Chiffre d'affaires", "رقم المعاملات", "MAD", "درهم", "money", False, False, True, "0.60"),
    ("members", "Adhérents", "المنخرطون", "personnes", "أشخاص", "number", True, True, False, "0.30"),
    (
        "permanent_jobs",
        "Emplois permanents",
        "مناصب الشغل القارة",
        "emplois",
        "مناصب",
        "number",
        True,
        False,
        False,
        "0.50",
    ),
    (
        "seasonal_jobs",
        "Emplois saisonniers",
        "مناصب الشغل الموسمية",
        "emplois",
        "مناصب",
        "number",
        True,
        False,
        False,
        "1.00",
    ),
    (
        "funding_public",
        "Financements obtenus : programmes publics",
        "التمويلات المحصل عليها: البرامج العمومية",
        "MAD",
        "درهم",
        "money",
        False,
        False,
        True,
        "2.00",
    ),
    (
        "funding_credit",
        "Financements obtenus : banques et microcrédit",
        "التمويلات المحصل عليها: الأبناك والقروض الصغرى",
        "MAD",
        "درهم",
        "money",
        False,
        False,
        True,
        "2.00",
    ),
    (
        "funding_other",
        "Financements obtenus : autres sources",
        "التمويلات المحصل عليها: مصادر أخرى",
        "MAD",
        "درهم",
        "money",
        False,
        False,
        True,
        "2.00",
    ),
    (
        "new_markets",
        "Nouveaux marchés",
        "أسواق جديدة",
        "marchés",
        "أسواق",
        "number",
        False,
        False,
        False,
        "2.00",
    ),
    (
        "new_clients",
        "Nouveaux clients",
        "زبناء جدد",
        "clients",
        "زبناء",
        "number",
        False,
        False,
        False,
        "1.00",
    ),
    (
        "online_sales",
        "Ventes en ligne",
        "المبيعات عبر الإنترنت",
        "MAD",
        "درهم",
        "money",
        False,
        False,
        True,
        "1.00",
    ),
    (
        "online_sales_share",
        "Part des ventes en ligne",
        "حصة المبيعات عبر الإنترنت",
        "%",
        "%",
        "percentage",
        False,
        False,
        True,
        "1.00",
    ),
    (
        "certifications",
        "Certifications et labels obtenus",
        "الشهادات والعلامات المحصل عليها",
        "",
        "",
        "number",
        False,
        False,
        False,
        "2.00",
    ),
    (
        "products_launched",
        "Produits lancés",
        "المنتجات الجديدة",
        "produits",
        "منتجات",
        "number",
        False,
        False,
        False,
        "2.00",
    ),
    (
        "training_hours",
        "Heures de formation",
        "ساعات التكوين",
        "heures",
        "ساعات",
        "number",
        True,
        True,
        True,
        "1.00",
    ),
    (
        "online_shop",
        "Boutique en ligne active",
        "متجر إلكتروني نشط",
        "",
        "",
        "yes_no",
        False,
        False,
        False,
        "9.99",
    ),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for order, row in enumerate(DEFAULTS, start=1):
        code, name_fr, name_ar, unit_fr, unit_ar, kind, by_gender, by_youth, decimals, jump = row
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name_fr": name_fr,
                "name_ar": name_ar,
                "unit_fr": unit_fr,
                "unit_ar": unit_ar,
                "kind": kind,
                "by_gender": by_gender,
                "by_youth": by_youth,
                "decimals": decimals,
                "jump_share": Decimal(jump),
                "min_value": Decimal("0"),
                "max_value": Decimal("100")
                if kind == "percentage"
                else Decimal("1")
                if kind == "yes_no"
                else None,
                "order": order * 10,
                "direction": "higher",
                "frequency": "quarterly",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
