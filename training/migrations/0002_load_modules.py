"""The catalogue's mandated modules: the six topics of the terms of reference, and pitching."""

from decimal import Decimal

from django.db import migrations

MODULES = [
    ("financing", "financing", "Financement et gestion financière", "التمويل والتدبير المالي",
     "Connaître les sources de financement (banques, microcrédit, programmes publics) et préparer un plan de financement.", "6"),
    ("market-access", "market_access", "Accès au marché", "الولوج إلى السوق",
     "Identifier ses clients et ses canaux de vente, fixer ses prix, négocier avec les distributeurs.", "6"),
    ("e-marketing", "e_marketing", "E-marketing et vente en ligne", "التسويق الإلكتروني والبيع عبر الإنترنت",
     "Présenter ses produits sur les réseaux sociaux et les places de marché, photographier, répondre aux clients.", "6"),
    ("quality", "quality", "Qualité et hygiène", "الجودة والنظافة",
     "Mettre en place les bonnes pratiques d'hygiène et de qualité, la traçabilité et l'autorisation sanitaire (ONSSA).", "4"),
    ("certification", "certification", "Certification et labels", "الإشهاد والعلامات",
     "Connaître les signes distinctifs d'origine et de qualité (IGP, AOP, label agricole, bio) et les étapes de certification.", "4"),
    ("partner-prospecting", "partner_prospecting", "Prospection de partenaires", "البحث عن الشركاء",
     "Cartographier les partenaires possibles, préparer un dossier de partenariat, conduire un rendez-vous.", "4"),
    ("pitching", "pitching", "Pitch et présentation du projet", "العرض التقديمي للمشروع",
     "Présenter son projet en trois minutes devant un jury : message, supports, questions-réponses.", "4"),
]


def load(apps, schema_editor):
    TrainingModule = apps.get_model("training", "TrainingModule")
    for position, (code, topic, title_fr, title_ar, objectives, hours) in enumerate(MODULES, start=1):
        TrainingModule.objects.update_or_create(
            code=code,
            defaults={
                "topic": topic,
                "title_fr": title_fr,
                "title_ar": title_ar,
                "objectives": objectives,
                "duration_hours": Decimal(hours),
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
