"""Demo data for the prizes: past editions of both prizes at realistic sizes, one current
edition of each in accompaniment with a validated concept note, a jury, and the featured
cooperative's whole journey to laureate. Idempotent per seed; another seed adds its own
candidacies to the same editions (editions are national, one per prize and year).
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cooperatives.models import Cooperative
from odco.roles import Role
from odco.seed import demo_email
from odco.seeding import SeedContext

from . import eligibility
from .models import Candidacy, ConceptNote, Edition, Prize
from .services import (
    candidacy_check_eligibility,
    candidacy_create,
    candidacy_transition,
    concept_note_request_changes,
    concept_note_save,
    concept_note_submit,
    concept_note_validate,
    deliberation_confirm,
    edition_create,
    phase_set,
    scores_record,
)

S = Candidacy.Status
LAM, GS = Prize.LALLA_AL_MOUTAAOUINA, Prize.GENERATION_SOLIDAIRE
# (prize, year): (candidates, laureates), from the published figures (reference/prizes.md).
PAST = {
    (LAM, 2020): (300, 24),
    (LAM, 2021): (458, 24),
    (LAM, 2022): (350, 28),
    (LAM, 2023): (431, 31),
    (LAM, 2024): (329, 29),
    (LAM, 2025): (388, 31),
    (GS, 2021): (436, 28),
    (GS, 2022): (260, 28),
    (GS, 2023): (324, 31),
    (GS, 2024): (217, 27),
    (GS, 2025): (240, 28),
}
CURRENT = {LAM: (350, 30), GS: (250, 28)}
# Demo scale keeps one candidacy in ten (the demo registry has 120 cooperatives).
DIVISOR = {"demo": 10, "programme": 1, "national": 1}
PROJECTS = [
    "Valorisation de l'huile d'argan",
    "Couscous artisanal et produits du terroir",
    "Tissage de tapis et e-commerce",
    "Plantes aromatiques et médicinales biologiques",
    "Miel de montagne et apiculture durable",
    "Écotourisme et gîte rural",
    "Transformation des dattes",
    "Poterie et céramique contemporaine",
]
NOTE = {
    "priority_axes": "Financement et accès au marché; e-marketing; qualité et certification; pitch.",
    "training_modules": "1. Financement\n2. Accès au marché\n3. E-marketing\n4. Qualité\n5. Certification\n"
    "6. Prospection de partenaires et pitch",
    "teaching_tools": "Études de cas, jeux de rôle, simulations de pitch, fiches pratiques.",
    "calendar": "Semaine 1: lancement; semaines 2 à 5: sessions régionales (12 régions); "
    "semaines 3 à 6: coaching individuel; semaine 6: journée de pitch.",
    "kit_contents": "Guide du participant, ressources numériques, certificat de participation.",
}


def _user(ctx: SeedContext, role: str):
    return get_user_model().objects.get(email=demo_email(ctx, role))


def _edition(ctx, staff, prize: Prize, year: int, *, planned: int, stage: str) -> Edition:
    edition = Edition.objects.filter(prize=prize, year=year).first()
    if edition is None:
        edition = edition_create(
            actor=staff,
            prize=prize,
            year=year,
            call_opens_on=date(year, 2, 1),
            call_closes_on=date(year, 3, 31),
            laureates_planned=planned,
            stage=stage,
        )
    return edition


def _phase(staff, edition: Edition, starts_on: date):
    if not hasattr(edition, "phase"):
        phase_set(actor=staff, edition=edition, starts_on=starts_on)
        edition.refresh_from_db()
    return edition.phase


def _validated_note(coordinator, staff, phase, *, with_changes: bool) -> None:
    if ConceptNote.objects.filter(phase=phase).exists():
        return
    concept_note_save(actor=coordinator, phase=phase, **NOTE)
    concept_note_submit(actor=coordinator, phase=phase)
    if with_changes:
        concept_note_request_changes(
            actor=staff, phase=phase, comment="Préciser le calendrier des sessions dans les 12 régions."
        )
        concept_note_save(
            actor=coordinator, phase=phase, calendar=NOTE["calendar"] + " Une session par région."
        )
        concept_note_submit(actor=coordinator, phase=phase)
    concept_note_validate(actor=staff, phase=phase, comment="Note validée par l'ODCO.")


def _bulk_candidacies(ctx, rng, edition: Edition, pool: list[Cooperative], count: int, statuses) -> None:
    """`count` candidacies of this seed's cooperatives, statuses drawn from `statuses()`."""
    taken = set(
        Candidacy.objects.filter(edition=edition, cooperative__in=pool).values_list(
            "cooperative_id", flat=True
        )
    )
    free = [c for c in pool if c.pk not in taken]
    rng.shuffle(free)
    wanted = max(count - len(taken), 0)
    categories = list(edition.categories.all())
    rows = []
    for coop, status in zip(free[:wanted], statuses(wanted), strict=False):
        category = categories[0] if len(categories) == 1 or coop.young_share >= 0.5 else categories[-1]
        if not category.requires_cooperative:
            category = categories[0]
        rows.append(
            Candidacy(
                edition=edition,
                category=category,
                cooperative=coop,
                region_id=coop.region_id,
                project_title=rng.choice(PROJECTS),
                status=status,
                applicant_name=coop.president,
            )
        )
    Candidacy.objects.bulk_create(rows, batch_size=2000)


# Statuses reached only by eligible candidacies (through the check or an override).
PAST_ELIGIBILITY = frozenset({S.ELIGIBLE, S.ACCOMPANIED, S.FINALIST, S.LAUREATE, S.NOT_SELECTED})
DEMO_OVERRIDE = "Décision du comité de présélection (données de démonstration)."


def _record_eligibility(staff, edition: Edition, pool: list[Cooperative]) -> None:
    """Give the seed's bulk candidacies the reasons an eligibility check records.

    Their statuses were drawn, not checked: where the rules disagree with the status, the
    difference is recorded as a staff override with its justification, as on the site.
    Only candidacies never checked are touched, so seeding again changes nothing.
    """
    rules = list(edition.eligibility_rules.all())
    pending = list(
        Candidacy.objects.filter(edition=edition, cooperative__in=pool, eligibility_checked_at__isnull=True)
        .exclude(status=S.DRAFT)
        .select_related("cooperative")
    )
    now = timezone.now()
    for candidacy in pending:
        candidacy.edition = edition
        results = eligibility.evaluate(candidacy, rules)
        candidacy.eligibility_results = [r.as_dict() for r in results]
        candidacy.eligibility_passed = eligibility.passed(results)
        candidacy.eligibility_checked_at = now
        should_pass = candidacy.status in PAST_ELIGIBILITY
        if (
            candidacy.status != S.WITHDRAWN
            and candidacy.status != S.SUBMITTED
            and (candidacy.eligibility_passed != should_pass)
        ):
            candidacy.override_justification = DEMO_OVERRIDE
            candidacy.overridden_by = staff
    Candidacy.objects.bulk_update(
        pending,
        [
            "eligibility_results",
            "eligibility_passed",
            "eligibility_checked_at",
            "override_justification",
            "overridden_by",
        ],
        batch_size=1000,
    )


def _finalists_for_the_jury(staff, edition: Edition, pool: list[Cooperative], count: int = 2) -> None:
    """Shortlist a few accompanied candidacies so the demo juror has finalists to score."""
    if Candidacy.objects.filter(edition=edition, cooperative__in=pool, status=S.FINALIST).exists():
        return
    accompanied = Candidacy.objects.filter(
        edition=edition, cooperative__in=pool, status=S.ACCOMPANIED
    ).order_by("pk")[:count]
    for candidacy in accompanied:
        candidacy_transition(actor=staff, candidacy=candidacy, name="shortlist", notify=False)


def _closed_statuses(laureates: int):
    def draw(n):
        result = []
        for i in range(n):
            if i < laureates:
                result.append(S.LAUREATE)
            elif i % 7 == 0:
                result.append(S.INELIGIBLE)
            elif i % 19 == 0:
                result.append(S.WITHDRAWN)
            else:
                result.append(S.NOT_SELECTED)
        return result

    return draw


def _current_statuses(n):
    cycle = [S.ACCOMPANIED] * 6 + [S.INELIGIBLE, S.ELIGIBLE, S.SUBMITTED, S.WITHDRAWN]
    return [cycle[i % len(cycle)] for i in range(n)]


def _featured_journey(
    ctx, staff, coordinator, juror, edition: Edition, featured: Cooperative, others
) -> None:
    """The featured cooperative applies, is checked, accompanied, shortlisted, scored and awarded."""
    if Candidacy.objects.filter(edition=edition, cooperative=featured).exists():
        return
    coop_user = _user(ctx, Role.COOPERATIVE)
    candidacy = candidacy_create(
        actor=coop_user,
        edition=edition,
        category=edition.categories.first(),
        cooperative=featured,
        applicant_name=featured.president,
        project_title="Huile d'argan cosmétique certifiée biologique",
        project_summary="Certification biologique, nouvelle gamme cosmétique et vente en ligne.",
    )
    candidacy_transition(actor=coop_user, candidacy=candidacy, name="submit", notify=False)
    candidacy_check_eligibility(actor=staff, candidacy=candidacy, notify=False)
    candidacy_transition(actor=coordinator, candidacy=candidacy, name="admit", notify=False)
    candidacy_transition(actor=staff, candidacy=candidacy, name="shortlist", notify=False)
    finalists = [candidacy, *others]
    criteria = list(edition.criteria.all())
    for rank, finalist in enumerate(finalists):
        points = {c.pk: max(10 - rank - (c.position % 2), 3) for c in criteria}
        scores_record(
            actor=juror, candidacy=finalist, points=points, comments={criteria[0].pk: "Projet solide."}
        )
    if hasattr(edition, "deliberation"):
        candidacy_transition(actor=staff, candidacy=candidacy, name="award", notify=False)
    else:
        deliberation_confirm(
            actor=staff,
            edition=edition,
            laureate_ids=[f.pk for f in finalists[:2]],
            minutes="Le jury s'est réuni et a classé les finalistes; l'ODCO confirme les lauréates.",
            notify=False,
        )


@transaction.atomic
def seed_prizes(ctx: SeedContext) -> None:
    rng = random.Random(ctx.seed * 7919)
    staff, coordinator, juror = (_user(ctx, r) for r in (Role.STAFF, Role.COORDINATOR, Role.JURY))
    prizes = {p.code: p for p in Prize.objects.all()}
    featured = ctx.shared.get("featured_cooperative")
    prefix = ctx.tag("DEMO").upper()
    pool = list(
        Cooperative.objects.filter(registration_number__startswith=f"{prefix}-")
        .exclude(pk=getattr(featured, "pk", None))
        .order_by("pk")
    )
    womens = [c for c in pool if c.women_share >= 0.5]
    youth = [c for c in pool if c.young_share >= 0.5] or pool
    divisor = DIVISOR.get(ctx.scale, 10)
    today = date.today()

    past = {key: value for key, value in PAST.items() if key[1] < today.year}
    for (code, year), (candidates, laureates) in sorted(past.items(), key=lambda item: item[0][1]):
        stage = Edition.Stage.CLOSED
        edition = _edition(ctx, staff, prizes[code], year, planned=laureates, stage=stage)
        phase = _phase(staff, edition, date(year, 5, 2) if code == LAM else date(year, 9, 1))
        _validated_note(coordinator, staff, phase, with_changes=False)
        source = womens if code == LAM else youth
        quota = max(laureates // divisor, 3)
        if (code, year) == (LAM, max(y for c, y in past if c == LAM)) and featured is not None:
            # Four finalists beside the featured cooperative, scored by the demo juror.
            _bulk_candidacies(
                ctx, rng, edition, source, max(candidates // divisor, 12), _closed_statuses(quota - 2)
            )
            finalists = list(
                Candidacy.objects.filter(edition=edition, cooperative__in=source, status=S.NOT_SELECTED)
            )
            others = finalists[:4]
            Candidacy.objects.filter(pk__in=[c.pk for c in others]).update(status=S.FINALIST)
            edition.jury_members.get_or_create(user=juror, defaults={"is_president": True})
            for other in others:
                other.refresh_from_db()
            _featured_journey(ctx, staff, coordinator, juror, edition, featured, others)
        else:
            _bulk_candidacies(
                ctx, rng, edition, source, max(candidates // divisor, 8), _closed_statuses(quota)
            )
        _record_eligibility(staff, edition, source)

    # The current editions: both phases in accompaniment, side by side on the timeline.
    for code, offset in ((LAM, 20), (GS, 12)):
        candidates, laureates = CURRENT[code]
        year = today.year
        edition = _edition(
            ctx, staff, prizes[code], year, planned=laureates, stage=Edition.Stage.ACCOMPANIMENT
        )
        phase = _phase(staff, edition, today - timedelta(days=offset))
        _validated_note(coordinator, staff, phase, with_changes=True)
        edition.jury_members.get_or_create(user=juror)
        source = womens if code == LAM else youth
        _bulk_candidacies(ctx, rng, edition, source, max(candidates // divisor, 10), _current_statuses)
        _record_eligibility(staff, edition, source)
        _finalists_for_the_jury(staff, edition, source)
    ctx.log(f"prizes: {Edition.objects.count()} editions, {Candidacy.objects.count()} candidacies")
