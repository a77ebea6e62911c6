"""Demo data for coaching: coaches, assignments, sessions, actions and pitch simulations.

Runs after the prizes seeder (order 45). The featured cooperative's laureate candidacy gets
its whole coaching story with a rising pitch score; every accompanied (or finalist) candidacy of this
seed's cooperatives in the current editions gets a coach (picked by the suggestion ranking), sessions
with actions, and several simulations. Idempotent per seed: a candidacy that already has an
assignment is left alone.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from odco.accounts.services import RoleSpec
from odco.regions.models import Region
from odco.roles import Role
from odco.seed import demo_email, ensure_user
from odco.seeding import SeedContext
from prizes.models import Candidacy, Edition

from .models import Action, Assignment, CoachProfile
from .permissions import COACHABLE_STATES
from .scoring import rubric_ensure, simulation_record
from .services import AgreedAction, action_mark_done, assignment_create, session_log
from .suggestions import suggest_coaches

# Past editions' sizes make programme scale large: coach at most this many per current edition.
MAX_COACHED = {"demo": 1000, "programme": 80, "national": 80}

COACHES = [
    # local part, names, specialties, regions, languages, capacity
    (
        "coach",
        ("Hajar", "Tazi"),
        ["ess", "presentation", "communication"],
        ["09", "06", "07"],
        ["fr", "ar", "zgh"],
        10,
    ),
    ("coach.finance", ("Mehdi", "Benjelloun"), ["finance", "ess"], ["01", "02", "04"], ["fr", "ar"], 8),
    ("coach.marketing", ("Siham", "Ouazzani"), ["marketing", "digital"], ["06", "07", "08"], ["fr", "ar"], 8),
    ("coach.quality", ("Rachid", "Amellal"), ["quality", "ess"], ["03", "05", "09"], ["ar", "zgh"], 8),
    (
        "coach.pitch",
        ("Imane", "Kettani"),
        ["presentation", "communication"],
        ["01", "04", "06"],
        ["fr", "ar"],
        8,
    ),
    (
        "coach.south",
        ("Brahim", "Ait Lahcen"),
        ["ess", "finance", "quality"],
        ["10", "11", "12"],
        ["ar", "zgh"],
        8,
    ),
    (
        "coach.digital",
        ("Nora", "El Fassi"),
        ["digital", "marketing", "presentation"],
        ["02", "03", "08"],
        ["fr"],
        6,
    ),
]
TOPICS = [
    "Modèle économique et prix de revient",
    "Structure du pitch: problème, solution, impact",
    "Plan de financement et besoins en fonds de roulement",
    "Marketing digital et vente en ligne",
    "Préparation des questions du jury",
]
ACTIONS = [
    ("Calculer le prix de revient de chaque produit", "cooperative"),
    ("Envoyer le modèle de plan de financement", "coach"),
    ("Préparer trois chiffres clés pour le pitch", "cooperative"),
    ("Ouvrir une page de vente en ligne", "cooperative"),
    ("Relire le pitch écrit", "coach"),
]
FEEDBACK = [
    "Le problème est clair, la solution manque de chiffres. Travailler le modèle économique.",
    "Progrès net sur la structure; le plan de financement reste à consolider.",
    "Pitch convaincant et dans le temps; préciser l'impact sur les adhérentes.",
    "Prêt pour le jury: chiffres maîtrisés, réponses courtes et sûres.",
]


def _coaches(ctx: SeedContext) -> list[CoachProfile]:
    regions = {r.code: r for r in Region.objects.all()}
    profiles = []
    for local, names, specialties, codes, languages, capacity in COACHES:
        user = ensure_user(ctx, local=local, role=Role.COACH, spec=RoleSpec(role=Role.COACH), names=names)
        profile, created = CoachProfile.objects.get_or_create(
            user=user,
            defaults={
                "specialties": specialties,
                "languages": languages,
                "capacity": capacity,
                "availability_note": "Lundi au jeudi",
            },
        )
        if created:
            profile.regions.set([regions[c] for c in codes if c in regions])
        profiles.append(profile)
    return profiles


def _points(phase, level: int, rng: random.Random) -> dict[int, Decimal]:
    """Scores around `level` (0–10) per criterion, a little uneven like a real jury sheet."""
    rubric = rubric_ensure(phase)
    return {
        c.pk: Decimal(min(rubric.scale, max(0, level + rng.choice((-1, 0, 0, 1)))))
        for c in rubric.criteria.all()
    }


def _coach_story(
    assignment, *, today: date, rng: random.Random, levels, sessions: int, upcoming: bool, offset=None
):
    """Sessions with actions, then simulations at rising levels, all within the window and the past.

    `offset` picks which actions are agreed (by default from the assignment, for variety); the
    last session's action always stays open.
    """
    offset = assignment.pk if offset is None else offset
    starts_on, ends_on = assignment.window
    last_day = min(today, ends_on)
    coach = assignment.coach.user
    span = max((last_day - starts_on).days, 1)
    for i in range(sessions):
        held_on = starts_on + timedelta(days=min(span, 2 + i * max(span // max(sessions, 1), 1)))
        title, owner = ACTIONS[(i + offset) % len(ACTIONS)]
        session = session_log(
            actor=coach,
            assignment=assignment,
            held_on=min(held_on, last_day),
            duration_minutes=rng.choice((45, 60, 90, 120)),
            mode=rng.choice(("in_person", "phone", "video")),
            topics=TOPICS[(i + assignment.pk) % len(TOPICS)],
            notes="Notes de travail du coach (confidentielles).",
            actions=[AgreedAction(title, owner, min(held_on, last_day) + timedelta(days=7))],
        )
        if i < sessions - 1 and rng.random() < 0.7:
            action_mark_done(actor=coach, action=session.actions.get())
    if upcoming and today + timedelta(days=3) <= ends_on:
        session_log(
            actor=coach,
            assignment=assignment,
            held_on=today + timedelta(days=3),
            duration_minutes=60,
            mode="video",
            topics="Répétition générale du pitch",
        )
    phase = assignment.candidacy.edition.phase
    for i, level in enumerate(levels):
        held_on = starts_on + timedelta(days=min(span, 3 + i * max(span // max(len(levels), 1), 1)))
        if held_on > last_day:
            break
        simulation_record(
            actor=coach,
            assignment=assignment,
            held_on=held_on,
            points=_points(phase, level, rng),
            feedback=FEEDBACK[min(i, len(FEEDBACK) - 1)],
            recording_url=f"https://videos.demo.odco.ma/pitch/{assignment.candidacy_id}-{i + 1}"
            if i % 2
            else "",
        )


def _featured_story(ctx, coach: CoachProfile, coordinator, today, rng) -> None:
    featured = ctx.shared.get("featured_cooperative")
    if featured is None:
        return
    candidacy = (
        Candidacy.objects.filter(cooperative=featured, edition__phase__isnull=False)
        .select_related("edition__phase")
        .order_by("-edition__year")
        .first()
    )
    if candidacy is None or candidacy.coach_assignments.exists():
        return
    # The coaching happened while the candidacy was accompanied; it is a laureate now, so the
    # history is written directly (assignment_create only takes candidacies still coached).
    assignment = Assignment.objects.create(candidacy=candidacy, coach=coach, assigned_by=coordinator)
    # The last session's action (left open) is the cooperative's own, whatever the primary keys.
    own = next(k for k, (_title, owner) in enumerate(ACTIONS) if owner == "cooperative")
    _coach_story(
        assignment, today=today, rng=rng, levels=[4, 5, 7, 8], sessions=5, upcoming=False, offset=own - 4
    )
    # The cooperative marks one of its actions done itself, from /me/.
    member = get_user_model().objects.filter(email=demo_email(ctx, Role.COOPERATIVE)).first()
    open_action = Action.objects.filter(
        candidacy=candidacy, done_at__isnull=True, owner="cooperative"
    ).first()
    if member is not None and open_action is not None:
        action_mark_done(actor=member, action=open_action)


@transaction.atomic
def seed_coaching(ctx: SeedContext) -> None:
    rng = random.Random(ctx.seed * 104729)
    today = date.today()
    coaches = _coaches(ctx)
    User = get_user_model()
    coordinator = User.objects.get(email=demo_email(ctx, Role.COORDINATOR))
    _featured_story(ctx, coaches[0], coordinator, today, rng)

    prefix = ctx.tag("DEMO").upper()
    needs_cycle = [["ess", "presentation"], ["finance", "ess"], ["marketing", "digital"], ["quality"]]
    for edition in Edition.objects.filter(stage=Edition.Stage.ACCOMPANIMENT, phase__isnull=False):
        candidacies = list(
            Candidacy.objects.filter(
                edition=edition,
                status__in=COACHABLE_STATES,
                cooperative__registration_number__startswith=f"{prefix}-",
                coach_assignments__isnull=True,
            )
            .select_related("edition__phase", "region")
            .order_by("pk")[: MAX_COACHED.get(ctx.scale, 80)]
        )
        for i, candidacy in enumerate(candidacies):
            ranked = suggest_coaches(candidacy=candidacy, needs=needs_cycle[i % len(needs_cycle)])
            assignment = assignment_create(actor=coordinator, candidacy=candidacy, coach=ranked[0].coach)
            start = rng.randint(2, 4)
            _coach_story(
                assignment,
                today=today,
                rng=rng,
                levels=[start, start + rng.randint(1, 2), start + rng.randint(2, 4)],
                sessions=rng.randint(2, 3),
                upcoming=i % 2 == 0,
            )
    ctx.log(f"coaching: {CoachProfile.objects.count()} coaches, {Assignment.objects.count()} assignments")
