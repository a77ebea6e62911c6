"""Demo data for mentoring: mentors in every region, laureates' needs, mentorships with
objectives and meetings; the featured cooperative is mentored by the demo mentor.

Runs after coaching (order 60). Idempotent per seed: mentors are found by name, and a
laureate that already has a mentorship is left alone. Another seed adds its own mentors and
mentors its own laureates.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from cooperatives.models import Sector
from odco.accounts.services import RoleSpec
from odco.regions.models import Region
from odco.roles import Role
from odco.seed import demo_email, ensure_user
from odco.seeding import SeedContext
from prizes.models import Candidacy

from .models import Mentor, Mentorship
from .needs import suggest_needs
from .selectors import matching_for
from .services import (
    meeting_log,
    mentor_save,
    mentorship_propose,
    mentorship_transition,
    needs_save,
    objective_add,
)

# Laureates mentored per seed, at most (programme scale has six years of laureates).
MAX_MENTORED = {"demo": 60, "programme": 120, "national": 120}

MENTORS = [
    # name, kind, regions, sectors, expertise, languages, capacity, contact
    (
        "Réseau des femmes coopératrices du Souss",
        "organisation",
        ["09", "10"],
        ["argan", "pam"],
        ["ess", "quality", "marketing"],
        ["ar", "zgh", "fr"],
        5,
        "Fatima Ait Brahim",
    ),
    (
        "Incubateur ESS Tanger",
        "organisation",
        ["01"],
        [],
        ["finance", "digital", "presentation"],
        ["fr", "ar"],
        4,
        "Youssef Khattabi",
    ),
    (
        "Maison de l'économie solidaire de l'Oriental",
        "organisation",
        ["02"],
        ["agriculture", "artisanat"],
        ["ess", "finance"],
        ["ar", "fr"],
        4,
        "Samira Bouchikhi",
    ),
    (
        "Union des coopératives de Fès-Meknès",
        "organisation",
        ["03"],
        ["alimentaire", "agriculture"],
        ["quality", "marketing"],
        ["ar", "fr"],
        4,
        "Hicham Lahlou",
    ),
    (
        "Salma Benkirane",
        "person",
        ["04"],
        [],
        ["communication", "presentation", "digital"],
        ["fr", "ar"],
        3,
        "Salma Benkirane",
    ),
    (
        "Coopérative pilote de l'Atlas",
        "organisation",
        ["05"],
        ["artisanat", "tourisme"],
        ["ess", "marketing"],
        ["ar", "zgh"],
        3,
        "Mohamed Ouhadi",
    ),
    (
        "Club des entrepreneurs solidaires de Casablanca",
        "organisation",
        ["06"],
        [],
        ["finance", "marketing", "digital"],
        ["fr", "ar"],
        5,
        "Nabil Tazi",
    ),
    (
        "Fondation Marrakech Terroirs",
        "organisation",
        ["07"],
        ["alimentaire", "pam", "argan"],
        ["quality", "marketing", "communication"],
        ["ar", "fr"],
        4,
        "Leila Mansouri",
    ),
    (
        "Aziz Oulad Ali",
        "person",
        ["08"],
        ["agriculture"],
        ["ess", "finance"],
        ["ar", "zgh"],
        3,
        "Aziz Oulad Ali",
    ),
    (
        "Pôle ESS de Guelmim",
        "organisation",
        ["10"],
        [],
        ["ess", "presentation"],
        ["ar", "fr"],
        3,
        "Khadija Lbaz",
    ),
    (
        "Réseau coopératif du Sahara",
        "organisation",
        ["11", "12"],
        ["peche", "artisanat"],
        ["ess", "quality", "finance"],
        ["ar", "fr"],
        4,
        "Mbarek Ould Sidi",
    ),
    (
        "Dakhla Initiatives",
        "organisation",
        ["12"],
        ["peche", "tourisme"],
        ["marketing", "digital"],
        ["ar", "fr"],
        3,
        "Mariem Ahl Cheikh",
    ),
]
DESCRIPTION = "Structure inspirante de l'économie sociale et solidaire (données de démonstration)."
OBJECTIVES = [
    "Obtenir une certification qualité",
    "Ouvrir un nouveau canal de vente",
    "Établir le plan de financement de l'année",
    "Former deux adhérentes à la vente en ligne",
]
TOPICS = [
    "Diagnostic et priorités",
    "Prix de revient et marges",
    "Canaux de vente et clients professionnels",
    "Dossier de certification",
    "Bilan d'étape",
]


def _mentors(ctx: SeedContext) -> list[Mentor]:
    regions = {r.code: r for r in Region.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    User = get_user_model()
    staff = User.objects.get(email=demo_email(ctx, Role.STAFF))
    result = []
    for index, (name, kind, codes, sector_codes, expertise, languages, capacity, contact) in enumerate(
        MENTORS
    ):
        name = name if ctx.seed == 1 else f"{name} ({ctx.seed})"
        mentor = Mentor.objects.filter(name=name).first()
        if mentor is None:
            # The first structure is the demo mentor's; every mentor logs meetings from an account.
            account = ensure_user(
                ctx,
                local="mentor" if index == 0 else f"mentor.{index + 1}",
                role=Role.MENTOR,
                spec=RoleSpec(role=Role.MENTOR),
                names=tuple(contact.split(" ", 1)),
            )
            mentor = mentor_save(
                actor=staff,
                kind=kind,
                name=name,
                description=DESCRIPTION,
                user=account,
                expertise=expertise,
                languages=languages,
                capacity=capacity,
                availability_note="Un rendez-vous par mois, en présentiel ou par téléphone",
                contact_name=contact,
                contact_email=f"mentor{index + 1}.{ctx.tag('contact')}@demo.odco.ma",
                contact_phone=f"+2126610000{index:02d}",
                regions=[regions[c] for c in codes],
                sectors=[sectors[c] for c in sector_codes if c in sectors],
            )
        result.append(mentor)
    return result


def _story(mentorship: Mentorship, *, actor, today: date, rng: random.Random, meetings: int) -> None:
    """Confirmed, started some weeks ago, with objectives and meetings logged by the mentor."""
    mentorship_transition(actor=actor, mentorship=mentorship, name="confirm", notify=False)
    mentor_user = mentorship.mentor.user
    mentorship_transition(actor=actor, mentorship=mentorship, name="start", notify=False)
    started = today - timedelta(days=15 * meetings + 10)
    Mentorship.objects.filter(pk=mentorship.pk).update(started_on=started)
    mentorship.refresh_from_db()
    objectives = [
        objective_add(
            actor=actor,
            mentorship=mentorship,
            title=OBJECTIVES[(mentorship.pk + i) % len(OBJECTIVES)],
            target_date=today + timedelta(days=60 + 30 * i),
        )
        for i in range(2)
    ]
    for i in range(meetings):
        meeting_log(
            actor=mentor_user,
            mentorship=mentorship,
            held_on=started + timedelta(days=5 + 15 * i),
            mode=rng.choice(("in_person", "phone", "video")),
            topics=TOPICS[i % len(TOPICS)],
            notes="Échange franc; la présidente suit les actions convenues.",
            progress={o.pk: min(100, 20 * (i + 1) + 10 * n) for n, o in enumerate(objectives)},
        )


@transaction.atomic
def seed_mentoring(ctx: SeedContext) -> None:
    rng = random.Random(ctx.seed * 15485863)
    today = date.today()
    User = get_user_model()
    coordinator = User.objects.get(email=demo_email(ctx, Role.COORDINATOR))
    mentors = _mentors(ctx)
    prefix = ctx.tag("DEMO").upper()
    featured = ctx.shared.get("featured_cooperative")
    laureates = list(
        Candidacy.objects.filter(status=Candidacy.Status.LAUREATE, mentorships__isnull=True)
        .filter(cooperative__registration_number__startswith=f"{prefix}-")
        .select_related("cooperative", "region")
        .order_by("-edition__year", "pk")[: MAX_MENTORED.get(ctx.scale, 60)]
    )
    laureates.sort(key=lambda c: (featured is None or c.cooperative_id != featured.pk, -c.edition.year, c.pk))
    for candidacy in laureates:
        suggested = suggest_needs(candidacy)
        needs = [(n.area, n.priority) for n in suggested] or [("marketing", 1), ("finance", 2)]
        needs_save(
            actor=coordinator,
            candidacy=candidacy,
            needs=needs,
            languages=["ar", "fr"] if candidacy.pk % 3 else ["ar", "zgh"],
            sources={n.area: n.source for n in suggested},
        )
        fresh = (
            Candidacy.objects.select_related("cooperative", "region", "mentoring_needs")
            .prefetch_related("mentoring_needs__needs")
            .get(pk=candidacy.pk)
        )
        if featured is not None and candidacy.cooperative_id == featured.pk:
            chosen = mentors[0]  # the demo mentor's structure, in Souss-Massa
        else:
            ranking = [(m, mentor) for m, mentor in matching_for(candidacy=fresh) if not m.is_full]
            if not ranking or ranking[0][0].territory == "remote":
                continue  # left for the coordinator's cohort page, with its reason
            chosen = ranking[0][1]
        proposal = mentorship_propose(actor=coordinator, candidacy=candidacy, mentor=chosen)
        if rng.random() < 0.2 and candidacy.cooperative_id != getattr(featured, "pk", None):
            continue  # a few proposals wait for the coordinator's confirmation
        _story(proposal, actor=coordinator, today=today, rng=rng, meetings=rng.randint(2, 4))
    ctx.log(f"mentoring: {Mentor.objects.count()} mentors, {Mentorship.objects.count()} mentorships")
