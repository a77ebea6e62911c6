"""A laureate's needs, guessed from its coaching: open actions and weak pitch criteria.

The guess only prefills the needs form; the coordinator or the delegation decides.
- Coaching actions still open, and the topics of the sessions they came from, are read for
  keywords of each expertise area; an action past its due date makes the need high priority,
  an open one medium.
- The latest pitch simulation's criteria: under half of the scale is a high-priority need,
  under the rubric's "ready" threshold a medium one, in the area the criterion stands for.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from coaching.models import Action, PitchSimulation
from odco.i18n import fold

from .models import Need

P = Need.Priority

# Words (French, Arabic, English), folded, that point to an expertise area.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "finance": ("financ", "prixderevient", "budget", "comptab", "tresorer", "credit", "تمويل", "ميزانية"),
    "marketing": ("marketing", "vente", "commerc", "marche", "client", "salon", "تسويق", "بيع"),
    "digital": ("digital", "numerique", "enligne", "siteweb", "reseauxsociaux", "ecommerce", "رقمي"),
    "quality": ("qualite", "certif", "label", "hygiene", "onssa", "bio", "جودة", "شهادة"),
    "presentation": ("pitch", "present", "jury", "عرض"),
    "communication": ("communic", "image", "logo", "presse", "تواصل"),
    "ess": ("gouvernance", "adherent", "assemblee", "solidaire", "cooperati", "تعاون"),
}
# Default pitch criteria (coaching.models.DEFAULT_CRITERIA) -> the area that strengthens them.
CRITERION_AREAS = {
    "clarity": "communication",
    "business_model": "marketing",
    "impact": "ess",
    "financials": "finance",
    "delivery": "presentation",
}


@dataclass(frozen=True)
class SuggestedNeed:
    area: str
    priority: int
    source: str


def areas_in(text: str) -> list[str]:
    folded = fold(text)
    return [area for area, words in KEYWORDS.items() if any(fold(w) in folded for w in words)]


def _merge(found: dict[str, SuggestedNeed], need: SuggestedNeed) -> None:
    current = found.get(need.area)
    if current is None or need.priority < current.priority:
        found[need.area] = need


def suggest_needs(candidacy, *, today: date | None = None) -> list[SuggestedNeed]:
    """Needs read from the candidacy's coaching, highest priority first (three queries)."""
    today = today or timezone.localdate()
    found: dict[str, SuggestedNeed] = {}
    actions = Action.objects.filter(candidacy=candidacy, done_at__isnull=True).select_related("session")
    for action in actions:
        priority = P.HIGH if action.due_on < today else P.MEDIUM
        for area in areas_in(f"{action.title} {action.session.topics}"):
            _merge(found, SuggestedNeed(area, priority, Need.Source.COACHING))
    latest = (
        PitchSimulation.objects.filter(candidacy=candidacy)
        .select_related("candidacy__edition__phase__pitch_rubric")
        .order_by("-held_on", "-pk")
        .first()
    )
    if latest is not None:
        phase = getattr(latest.candidacy.edition, "phase", None)
        rubric = getattr(phase, "pitch_rubric", None) if phase is not None else None
        scale = rubric.scale if rubric else 10
        ready = (rubric.ready_at if rubric else 70) / 100
        for score in latest.scores.select_related("criterion"):
            area = CRITERION_AREAS.get(score.criterion.code)
            share = float(score.points) / scale
            if area is None or share >= ready:
                continue
            _merge(found, SuggestedNeed(area, P.HIGH if share < 0.5 else P.MEDIUM, Need.Source.PITCH))
    return sorted(found.values(), key=lambda n: (n.priority, n.area))
