"""Creating editions with their categories, rules, rubric and phase."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from odco.audit.services import audit_record

from ..models import DEFAULT_AWARD, Category, Criterion, Edition, EligibilityRule, Milestone, Phase, Prize

K = EligibilityRule.Kind

# Starting points copied into a prize's first edition; afterwards each edition copies the
# previous one. The engine reads only the edition's rows, never these values.
DEFAULT_CATEGORIES = {
    Prize.LALLA_AL_MOUTAAOUINA: [
        ("womens_cooperative", "Coopératives féminines", "التعاونيات النسائية", True)
    ],
    Prize.GENERATION_SOLIDAIRE: [
        ("youth_cooperative", "Coopératives de jeunes", "تعاونيات الشباب", True),
        ("project_holder", "Porteurs de projet", "حاملو المشاريع", False),
    ],
}
DEFAULT_RULES = {
    Prize.LALLA_AL_MOUTAAOUINA: [
        (None, K.REGISTRY_ACTIVE, None),
        (None, K.MIN_WOMEN_SHARE, Decimal("0.5")),
        (None, K.MIN_YEARS, Decimal("1")),
    ],
    Prize.GENERATION_SOLIDAIRE: [
        ("youth_cooperative", K.REGISTRY_ACTIVE, None),
        ("youth_cooperative", K.MIN_YOUNG_SHARE, Decimal("0.5")),
        ("youth_cooperative", K.MAX_YEARS, Decimal("5")),
        (None, K.APPLICANT_MIN_AGE, Decimal("18")),
        (None, K.APPLICANT_MAX_AGE, Decimal("35")),
    ],
}
DEFAULT_CRITERIA = [
    ("innovation", "Innovation", "الابتكار", Decimal("2")),
    ("sustainability", "Durabilité", "الاستدامة", Decimal("1.5")),
    ("social_impact", "Impact social", "الأثر الاجتماعي", Decimal("1.5")),
    ("environmental_impact", "Impact environnemental", "الأثر البيئي", Decimal("1")),
    ("economic_impact", "Impact économique", "الأثر الاقتصادي", Decimal("1")),
    ("viability", "Viabilité économique", "الجدوى الاقتصادية", Decimal("1.5")),
    ("pitch", "Qualité du pitch", "جودة العرض", Decimal("1")),
]
# Milestones as (kind, start offset from the phase start in days, length in days or None).
DEFAULT_MILESTONES = [
    (Milestone.Kind.CONCEPT_NOTE, -14, 10),
    (Milestone.Kind.REGIONAL_SESSIONS, 3, 25),
    (Milestone.Kind.COACHING, 14, 25),
    (Milestone.Kind.PITCH_DAY, 40, None),
    (Milestone.Kind.JURY, 43, None),
    (Milestone.Kind.CEREMONY, 60, None),
]


def _copy_from_previous(edition: Edition, previous: Edition) -> None:
    categories = {}
    for cat in previous.categories.all():
        categories[cat.pk] = Category.objects.create(
            edition=edition,
            code=cat.code,
            name_fr=cat.name_fr,
            name_ar=cat.name_ar,
            requires_cooperative=cat.requires_cooperative,
        )
    for rule in previous.eligibility_rules.all():
        EligibilityRule.objects.create(
            edition=edition, category=categories.get(rule.category_id), kind=rule.kind, value=rule.value
        )
    for c in previous.criteria.all():
        Criterion.objects.create(
            edition=edition,
            code=c.code,
            name_fr=c.name_fr,
            name_ar=c.name_ar,
            weight=c.weight,
            max_points=c.max_points,
            position=c.position,
        )


def _create_defaults(edition: Edition) -> None:
    categories = {
        code: Category.objects.create(
            edition=edition, code=code, name_fr=fr, name_ar=ar, requires_cooperative=needs_coop
        )
        for code, fr, ar, needs_coop in DEFAULT_CATEGORIES.get(edition.prize.code, [])
    }
    for category_code, kind, value in DEFAULT_RULES.get(edition.prize.code, []):
        rule = EligibilityRule(
            edition=edition, category=categories.get(category_code), kind=kind, value=value
        )
        rule.full_clean()
        rule.save()
    for position, (code, fr, ar, weight) in enumerate(DEFAULT_CRITERIA):
        Criterion.objects.create(
            edition=edition, code=code, name_fr=fr, name_ar=ar, weight=weight, position=position
        )


@transaction.atomic
def edition_create(
    *,
    actor,
    prize: Prize,
    year: int,
    call_opens_on: date,
    call_closes_on: date,
    number: int | None = None,
    award_amount: Decimal = DEFAULT_AWARD,
    laureates_planned: int = 30,
    stage: str = Edition.Stage.PREPARATION,
) -> Edition:
    """A new edition, its categories, rules and rubric copied from the prize's previous
    edition (or the starting points above for a prize's first edition)."""
    previous = Edition.objects.filter(prize=prize, year__lt=year).order_by("-year").first()
    edition = Edition(
        prize=prize,
        year=year,
        number=number or (year - prize.since_year + 1),
        call_opens_on=call_opens_on,
        call_closes_on=call_closes_on,
        award_amount=award_amount,
        laureates_planned=laureates_planned,
        stage=stage,
    )
    edition.full_clean()
    edition.save()
    if previous is not None:
        _copy_from_previous(edition, previous)
    else:
        _create_defaults(edition)
    audit_record(actor=actor, action="edition.create", obj=edition, to_state=edition.stage)
    return edition


@transaction.atomic
def phase_set(
    *,
    actor,
    edition: Edition,
    starts_on: date,
    ends_on: date | None = None,
    scheduling: str = Phase.Scheduling.PARALLEL,
    follows: Phase | None = None,
    with_milestones: bool = True,
) -> Phase:
    """Create or reschedule the edition's phase (45 days by default) and its milestones."""
    phase = Phase.objects.select_for_update().filter(edition=edition).first() or Phase(edition=edition)
    before = {"starts_on": str(phase.starts_on or ""), "ends_on": str(phase.ends_on or "")}
    phase.starts_on = starts_on
    phase.ends_on = ends_on or Phase.default_end(starts_on)
    phase.scheduling = scheduling
    phase.follows = follows if scheduling == Phase.Scheduling.AFTER else None
    phase.full_clean(exclude=["edition"])
    phase.save()
    if with_milestones:
        for kind, offset, length in DEFAULT_MILESTONES:
            start = starts_on + timedelta(days=offset)
            Milestone.objects.update_or_create(
                phase=phase,
                kind=kind,
                defaults={"starts_on": start, "ends_on": start + timedelta(days=length) if length else None},
            )
    audit_record(
        actor=actor,
        action="phase.schedule",
        obj=phase,
        changes={
            "before": before,
            "after": {"starts_on": str(phase.starts_on), "ends_on": str(phase.ends_on)},
        },
    )
    return phase
