"""Demo cooperatives in every region, and the featured laureate's cooperative account."""

import random
from datetime import date

from odco.accounts.services import RoleSpec
from odco.regions.models import Region
from odco.roles import Role
from odco.seed import demo_email, demo_password, ensure_user
from odco.seeding import SeedContext, mobile_number

from .models import Cooperative, Sector

PER_REGION = {"demo": 10, "programme": 5443, "national": 5443}
PREFIXES = ["Coopérative", "Coopérative Féminine", "Coopérative des Jeunes", "Coopérative Agricole"]
WORDS = [
    "Al Amal",
    "Tifawine",
    "Nour",
    "Al Baraka",
    "Tamount",
    "Assafae",
    "Al Khir",
    "Tiwizi",
    "Azir",
    "Annajah",
]
WORDS_AR = ["الأمل", "تيفاوين", "النور", "البركة", "تامونت", "الصفاء", "الخير", "تويزي", "أزير", "النجاح"]


def seed_cooperatives(ctx: SeedContext) -> None:
    rng = random.Random(ctx.seed)
    sectors = list(Sector.objects.order_by("code"))
    regions = list(Region.objects.prefetch_related("provinces"))
    prefix = ctx.tag("DEMO").upper()
    existing = set(
        Cooperative.objects.filter(registration_number__startswith=f"{prefix}-").values_list(
            "registration_number", flat=True
        )
    )
    new = []
    for region in regions:
        provinces = list(region.provinces.all())
        for i in range(1, PER_REGION[ctx.scale] + 1):
            number = f"{prefix}-{region.code}-{i:05d}"
            word = rng.randrange(len(WORDS))
            total = rng.randint(7, 80)
            women = rng.randint(0, total)
            young = rng.randint(0, total)
            founded = date(rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28))
            sector = sectors[rng.randrange(len(sectors))]
            province = provinces[rng.randrange(len(provinces))] if provinces else None
            if number in existing:
                continue
            new.append(
                Cooperative(
                    registration_number=number,
                    name_fr=f"{PREFIXES[i % len(PREFIXES)]} {WORDS[word]} {i}",
                    name_ar=f"تعاونية {WORDS_AR[word]} {i}",
                    sector=sector,
                    region=region,
                    province=province,
                    founded_on=founded,
                    members_total=total,
                    members_women=women,
                    members_young=young,
                    president=f"{rng.choice(['Fatima', 'Aicha', 'Khadija', 'Mohamed', 'Hassan'])} "
                    f"{rng.choice(['Ait Ali', 'Ouhammou', 'Benali', 'Amzil', 'Bouzid'])}",
                    phone=mobile_number(rng),
                )
            )
    for coop in new:
        coop.refresh_search_key()
    Cooperative.objects.bulk_create(new, batch_size=5000)

    # The featured laureate: a women's argan cooperative in Souss-Massa.
    featured, _ = Cooperative.objects.get_or_create(
        registration_number=f"{prefix}-LAUREATE",
        defaults={
            "name_fr": "Coopérative Féminine Tifawine d'Argan",
            "name_ar": "التعاونية النسوية تيفاوين للأركان",
            "sector": Sector.objects.get(code="argan"),
            "region": Region.objects.get(code="09"),
            "province": Region.objects.get(code="09").provinces.order_by("name_fr").first(),
            "commune": "Aït Baha",
            "founded_on": date(2016, 3, 14),
            "members_total": 32,
            "members_women": 30,
            "members_young": 9,
            "president": "Fatima Ait Ali",
            "phone": "+212661234567",
            "email": "contact@tifawine.example",
        },
    )
    ctx.shared["featured_cooperative"] = featured
    ctx.shared["featured_region_code"] = featured.region.code
    ensure_user(
        ctx,
        local=Role.COOPERATIVE,
        role=Role.COOPERATIVE,
        spec=RoleSpec(role=Role.COOPERATIVE, cooperative_id=featured.pk),
        names=("Fatima", "Ait Ali"),
    )
    ctx.logins[Role.COOPERATIVE] = (demo_email(ctx, Role.COOPERATIVE), demo_password(ctx, Role.COOPERATIVE))
