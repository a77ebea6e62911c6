"""Demo data for projects that convince (after coaching's seeder, order 46).

The featured laureate (the `cooperative` login) gets a canvas in two versions with its coach's
comments, a financial plan, a generated pitch deck and an approved public page; a few other
laureates of this seed get approved public pages so that `/laureats/` is not empty.
Idempotent per seed: what exists is left alone.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from odco.roles import Role
from odco.seed import demo_email
from odco.seeding import SeedContext
from prizes.models import Candidacy, PublicProfile
from prizes.services.showcase import _snapshot, _unique_slug, showcase_changed

from . import finance
from .models_projects import CanvasVersion, FinancialPlan, PitchDeck, ProjectComment
from .services_projects import _as_json, deck_render

OTHER_LAUREATES = 8

CANVAS_V1 = {
    "customer_segments": "Touristes à Agadir et Taroudant; épiceries fines de Casablanca.",
    "value_propositions": "Huile d'argan pressée à froid, traçable jusqu'à l'arbre.",
    "channels": "Boutique de la coopérative, salons, vente en ligne.",
}
CANVAS_V2 = {
    **CANVAS_V1,
    "customer_segments": "Touristes à Agadir et Taroudant; épiceries fines de Casablanca; "
    "deux importateurs en France.",
    "customer_relationships": "Visites de l'atelier, fiches produits en français et en arabe.",
    "revenue_streams": "Ventes d'huile (70 %), savons et cosmétiques (30 %).",
    "key_resources": "Presse à froid, 40 adhérentes formées, label IGP.",
    "key_activities": "Concassage, pressage, conditionnement, contrôle qualité.",
    "key_partners": "ANDZOA, Office national de sécurité sanitaire, coopératives voisines.",
    "cost_structure": "Noix d'argan, salaires, emballages, énergie.",
}
COMMENTS = [
    ("canvas", "customer_segments", "Précisez le volume attendu des importateurs : c'est la clé du plan."),
    ("canvas", "value_propositions", "Mettez la traçabilité en avant dès la première diapositive."),
    ("plan", "products", "Le prix du savon est prudent ; gardez-le ainsi pour le jury."),
]


def _plan_inputs(year: int) -> finance.PlanInputs:
    return finance.PlanInputs(
        start_year=year,
        opening_cash=Decimal("10000"),
        products=(
            finance.ProductLine(
                "Huile d'argan (1 l)",
                Decimal("150"),
                (Decimal(1000), Decimal(1500), Decimal(2000)),
                unit_cost=Decimal("60"),
                unit="litre",
                assumption="Prix constaté à Agadir en 2025.",
            ),
            finance.ProductLine(
                "Savon à l'argan",
                Decimal("12.50"),
                (Decimal(2000), Decimal(3000), Decimal(4000)),
                unit_cost=Decimal("4.25"),
                unit="pièce",
                assumption="Commandes des épiceries fines.",
            ),
        ),
        costs=(
            finance.CostLine("Loyer de l'atelier", (Decimal(24000),) * 3),
            finance.CostLine(
                "Salaires", (Decimal(90000), Decimal(100000), Decimal(110000)), "Une embauche par an."
            ),
        ),
        investments=(finance.InvestmentLine("Presse à froid", Decimal(80000), 1, "Devis du fournisseur."),),
        funding=(
            finance.FundingLine("Prix Lalla Al Moutaaouina", Decimal(50000), finance.FundingKind.PRIZE, 1),
            finance.FundingLine("Apport des adhérentes", Decimal(30000), finance.FundingKind.OWN, 1),
        ),
    )


def _featured(ctx: SeedContext, cooperative) -> None:
    User = get_user_model()
    member = User.objects.filter(email=demo_email(ctx, Role.COOPERATIVE)).first()
    coach = User.objects.filter(email=demo_email(ctx, "coach")).first()
    if not CanvasVersion.objects.filter(cooperative=cooperative).exists():
        CanvasVersion.objects.create(
            cooperative=cooperative, number=1, language="fr", blocks=CANVAS_V1, created_by=member
        )
        CanvasVersion.objects.create(
            cooperative=cooperative, number=2, language="fr", blocks=CANVAS_V2, created_by=member
        )
    latest = CanvasVersion.objects.filter(cooperative=cooperative).order_by("-number").first()
    if not ProjectComment.objects.filter(cooperative=cooperative).exists():
        for subject, block, body in COMMENTS:
            ProjectComment.objects.create(
                cooperative=cooperative,
                subject=subject,
                block=block,
                body=body,
                author=coach,
                canvas_version=latest if subject == "canvas" else None,
            )
    if not FinancialPlan.objects.filter(cooperative=cooperative).exists():
        inputs = _plan_inputs(timezone.localdate().year)
        FinancialPlan.objects.create(
            cooperative=cooperative,
            start_year=inputs.start_year,
            opening_cash=inputs.opening_cash,
            assumptions="Prix de 2025, volumes prudents, une embauche par an.",
            updated_by=member,
            **_as_json(inputs),
        )
    if not PitchDeck.objects.filter(cooperative=cooperative).exists():
        deck = PitchDeck.objects.create(
            cooperative=cooperative, number=1, canvas_version=latest, created_by=member
        )
        deck_render(deck_id=deck.pk)
    _publish(
        cooperative,
        summary_fr="Quarante femmes du Souss pressent une huile d'argan traçable, "
        "vendue au Maroc et en France.",
        summary_ar="أربعون امرأة من سوس ينتجن زيت أركان قابلا للتتبع، يباع في المغرب وفرنسا.",
        products_fr="Huile d'argan alimentaire et cosmétique, savons.",
        products_ar="زيت أركان غذائي وتجميلي، صابون.",
    )


def _publish(cooperative, **texts) -> None:
    if PublicProfile.objects.filter(cooperative=cooperative).exists():
        return
    profile = PublicProfile.objects.create(
        cooperative=cooperative,
        slug=_unique_slug(cooperative),
        status=PublicProfile.Status.APPROVED,
        submitted_at=timezone.now(),
        reviewed_at=timezone.now(),
        **texts,
    )
    profile.published = _snapshot(profile)
    profile.published_at = timezone.now()
    profile.save(update_fields=["published", "published_at"])


@transaction.atomic
def seed_projects(ctx: SeedContext) -> None:
    featured = ctx.shared.get("featured_cooperative")
    if featured is not None:
        _featured(ctx, featured)
    prefix = ctx.tag("DEMO").upper()
    others = (
        Candidacy.objects.filter(
            status=Candidacy.Status.LAUREATE,
            cooperative__isnull=False,
            cooperative__registration_number__startswith=f"{prefix}-",
        )
        .exclude(cooperative=featured)
        .select_related("cooperative__sector", "edition__prize")
        .order_by("edition__year", "pk")
    )
    seen = set()
    for candidacy in others:
        cooperative = candidacy.cooperative
        if cooperative.pk in seen:
            continue
        seen.add(cooperative.pk)
        sector = cooperative.sector
        _publish(
            cooperative,
            summary_fr=f"{cooperative.name_fr} : lauréate du {candidacy.edition.prize.name_fr} "
            f"{candidacy.edition.year}, "
            f"active dans le secteur {sector.name_fr.lower()}.",
            summary_ar=f"{cooperative.name_ar or cooperative.name_fr}: {candidacy.edition.prize.name_ar} "
            f"{candidacy.edition.year}، قطاع {sector.name_ar}.",
            products_fr=(cooperative.products or "")[:300],
        )
        if len(seen) >= OTHER_LAUREATES:
            break
    transaction.on_commit(showcase_changed)
    ctx.log(f"projects: {PublicProfile.objects.filter(published__isnull=False).count()} public pages")
