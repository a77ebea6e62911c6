"""The jury: seats, conflicts of interest, scores, ranking with ties, deliberation."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from odco.audit.services import audit_record
from odco.roles import Role

from ..models import Candidacy, ConflictOfInterest, Criterion, Deliberation, Edition, JuryMember, Score
from ..permissions import can_confirm_deliberation, can_score_candidacy, is_staff
from ..workflow import transition_named
from .candidacies import _apply
from .errors import TransitionRefused

S = Candidacy.Status
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@transaction.atomic
def jury_member_add(*, actor, edition: Edition, user, is_president: bool = False) -> JuryMember:
    if not is_staff(actor):
        raise TransitionRefused(_("Only ODCO staff compose the jury."))
    if not user.has_role(Role.JURY):
        raise ValidationError({"user": _("This person does not hold the jury role.")})
    seat, created = JuryMember.objects.get_or_create(
        edition=edition, user=user, defaults={"is_president": is_president}
    )
    if created:
        audit_record(actor=actor, action="jury.add_member", obj=edition, changes={"user": user.email})
    return seat


@transaction.atomic
def conflict_declare(*, actor, candidacy: Candidacy, reason: str) -> ConflictOfInterest:
    """A juror declares a conflict of interest; from then on they cannot score the candidacy.

    Scores the juror may already have given to it are removed (and the removal audited).
    """
    if not JuryMember.objects.filter(edition_id=candidacy.edition_id, user=actor).exists():
        raise TransitionRefused(_("You are not on this edition's jury."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Describe the conflict of interest.")})
    conflict, created = ConflictOfInterest.objects.get_or_create(
        juror=actor, candidacy=candidacy, defaults={"reason": reason}
    )
    if created:
        removed, _details = Score.objects.filter(juror=actor, candidacy=candidacy).delete()
        audit_record(
            actor=actor,
            action="jury.conflict_declare",
            obj=candidacy,
            message=reason,
            changes={"scores_removed": removed},
        )
    return conflict


@transaction.atomic
def scores_record(
    *, actor, candidacy: Candidacy, points: dict[int, Decimal], comments: dict[int, str] | None = None
):
    """Record (or replace) a juror's scores on a candidacy: {criterion id: points}.

    Every criterion of the rubric must be scored, within 0..max points; errors name the criterion.
    """
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    allowed, reason = can_score_candidacy(actor, candidacy)
    if not allowed:
        raise TransitionRefused(reason)
    comments = comments or {}
    criteria = list(Criterion.objects.filter(edition_id=candidacy.edition_id))
    errors = {}
    for criterion in criteria:
        value = points.get(criterion.pk)
        key = f"criterion-{criterion.pk}"
        if value is None or value == "":
            errors[key] = _("Give a score for this criterion.")
            continue
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            errors[key] = _("Enter a number.")
            continue
        if not value.is_finite() or value < 0 or value > criterion.max_points:
            errors[key] = _("Enter a score between 0 and %(max)s.") % {"max": criterion.max_points}
        points[criterion.pk] = value
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion in criteria:
        score, _created = Score.objects.update_or_create(
            juror=actor,
            candidacy=candidacy,
            criterion=criterion,
            defaults={"points": points[criterion.pk], "comment": (comments.get(criterion.pk) or "").strip()},
        )
        saved.append(score)
    audit_record(
        actor=actor,
        action="jury.score",
        obj=candidacy,
        changes={c.code: str(points[c.pk]) for c in criteria},
    )
    return saved


@dataclass
class RankedCandidacy:
    candidacy: Candidacy
    total: Decimal
    jurors: int
    by_criterion: dict = field(default_factory=dict)
    rank: int = 0
    tied: bool = False


def ranking_for_edition(edition: Edition) -> list[RankedCandidacy]:
    """Finalists (and decided candidacies with scores), best first, ties sharing a rank.

    Total (0–100) = Σ weight × (mean points ÷ max points) ÷ Σ weight × 100, the mean taken
    over the jurors who scored the criterion. Equal totals (to the hundredth) share a rank:
    1, 2, 2, 4.
    """
    criteria = list(Criterion.objects.filter(edition=edition))
    weight_sum = sum((c.weight for c in criteria), Decimal(0)) or Decimal(1)
    rows = (
        Score.objects.filter(candidacy__edition=edition)
        .values("candidacy_id", "criterion_id")
        .annotate(mean=Avg("points"), jurors=Count("juror_id", distinct=True))
    )
    means: dict[int, dict[int, Decimal]] = {}
    jurors: dict[int, int] = {}
    for row in rows:
        means.setdefault(row["candidacy_id"], {})[row["criterion_id"]] = Decimal(str(row["mean"]))
        jurors[row["candidacy_id"]] = max(jurors.get(row["candidacy_id"], 0), row["jurors"])
    candidacies = Candidacy.objects.filter(
        edition=edition, status__in=[S.FINALIST, S.LAUREATE, S.NOT_SELECTED]
    ).select_related("cooperative", "region", "category")
    ranked = []
    for candidacy in candidacies:
        if candidacy.status != S.FINALIST and candidacy.pk not in means:
            continue
        mine = means.get(candidacy.pk, {})
        total = (
            sum((c.weight * mine.get(c.pk, Decimal(0)) / c.max_points for c in criteria), Decimal(0))
            / weight_sum
            * HUNDRED
        )
        ranked.append(
            RankedCandidacy(
                candidacy,
                total.quantize(CENT, rounding=ROUND_HALF_UP),
                jurors.get(candidacy.pk, 0),
                {c.pk: mine.get(c.pk) for c in criteria},
            )
        )
    ranked.sort(key=lambda r: (-r.total, r.candidacy.pk))
    for index, entry in enumerate(ranked):
        previous = ranked[index - 1] if index else None
        entry.rank = previous.rank if previous and previous.total == entry.total else index + 1
        if previous and previous.total == entry.total:
            entry.tied = previous.tied = True
    return ranked


@transaction.atomic
def deliberation_confirm(
    *, actor, edition: Edition, laureate_ids: list[int], minutes: str, notify: bool = True
) -> Deliberation:
    """Staff confirm the laureates among the finalists: the chosen become laureates, the other
    finalists are not selected. Each move is audited and notified; the ranking is kept."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    allowed, reason = can_confirm_deliberation(actor, edition)
    if not allowed:
        raise TransitionRefused(reason)
    minutes = (minutes or "").strip()
    errors = {}
    if not minutes:
        errors["minutes"] = _("Record the minutes of the deliberation.")
    finalists = {
        c.pk: c for c in Candidacy.objects.select_for_update().filter(edition=edition, status=S.FINALIST)
    }
    chosen = set(laureate_ids)
    if not chosen:
        errors["laureates"] = _("Choose at least one laureate.")
    elif chosen - set(finalists):
        errors["laureates"] = _("Laureates are chosen among this edition's finalists.")
    elif len(chosen) > edition.laureates_planned:
        errors["laureates"] = ngettext(
            "This edition has %(count)s laureate at most.",
            "This edition has %(count)s laureates at most.",
            edition.laureates_planned,
        ) % {"count": edition.laureates_planned}
    if errors:
        raise ValidationError(errors)
    snapshot = [
        {"candidacy": r.candidacy.pk, "rank": r.rank, "total": str(r.total), "tied": r.tied}
        for r in ranking_for_edition(edition)
    ]
    for pk, candidacy in sorted(finalists.items()):
        name = "award" if pk in chosen else "decline"
        _apply(
            actor=actor,
            locked=candidacy,
            transition=transition_named(name),
            comment="",
            action=f"candidacy.{name}",
            notify=notify,
        )
    deliberation = Deliberation.objects.create(
        edition=edition, minutes=minutes, confirmed_by=actor, ranking=snapshot
    )
    source = edition.stage
    edition.stage = Edition.Stage.CLOSED
    edition.save(update_fields=["stage"])
    audit_record(
        actor=actor,
        action="edition.deliberation_confirm",
        obj=edition,
        from_state=source,
        to_state=edition.stage,
        message=minutes,
        changes={"laureates": sorted(chosen)},
    )
    return deliberation
