"""Writes on a cooperative's project: canvas versions, the financial plan, coaches' comments,
and pitch deck versions (made by a long job). Keyword-only, atomic, validated, audited."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.models import Cooperative
from odco.audit.services import audit_record
from odco.jobs.models import Job
from odco.jobs.services import job_create, job_enqueue

from . import finance
from .models_projects import (
    CanvasBlock,
    CanvasVersion,
    ContentLanguage,
    FinancialPlan,
    PitchDeck,
    ProjectComment,
)
from .permissions_projects import can_comment_project, can_edit_project, can_request_deck

BLOCK_MAX_CHARS = 1500
DECK_JOB_KIND = "coaching.pitch_deck"


def _require(verdict) -> None:
    allowed, reason = verdict
    if not allowed:
        raise PermissionDenied(reason)


def _lock(cooperative) -> Cooperative:
    # Serialises version numbering per cooperative.
    return Cooperative.objects.select_for_update().get(pk=cooperative.pk)


@transaction.atomic
def canvas_save(*, actor, cooperative, language: str, blocks: dict[str, str]) -> CanvasVersion:
    """Save the canvas as a new version (the previous ones stay in the history).

    Saving exactly what the current version holds adds nothing and returns the current version.
    """
    _require(can_edit_project(actor, cooperative))
    errors = {}
    if language not in ContentLanguage.values:
        errors["language"] = _("Choose French or Arabic.")
    unknown = set(blocks) - set(CanvasBlock.values)
    if unknown:
        raise ValidationError(_("Unknown canvas blocks: %(blocks)s") % {"blocks": ", ".join(sorted(unknown))})
    cleaned = {code: (blocks.get(code) or "").strip() for code in CanvasBlock.values}
    for code, text in cleaned.items():
        if len(text) > BLOCK_MAX_CHARS:
            errors[code] = _("At most %(max)s characters.") % {"max": BLOCK_MAX_CHARS}
    if not any(cleaned.values()):
        errors["__all__"] = _("Fill in at least one block of the canvas.")
    if errors:
        raise ValidationError(errors)
    _lock(cooperative)
    current = CanvasVersion.objects.filter(cooperative=cooperative).order_by("-number").first()
    if current is not None and current.language == language and current.blocks == cleaned:
        return current
    version = CanvasVersion(
        cooperative=cooperative,
        number=(current.number + 1) if current else 1,
        language=language,
        blocks=cleaned,
        created_by=actor,
    )
    version.full_clean()
    version.save()
    changed = [c for c in CanvasBlock.values if (current.blocks if current else {}).get(c, "") != cleaned[c]]
    audit_record(
        actor=actor,
        action="coaching.canvas_saved",
        obj=version,
        changes={"version": version.number, "blocks": changed},
    )
    return version


@transaction.atomic
def comment_add(*, actor, cooperative, subject: str, block: str, body: str) -> ProjectComment:
    """A coach's (or the coordinator's) comment on one canvas block or one part of the plan."""
    _require(can_comment_project(actor, cooperative))
    body = (body or "").strip()
    valid = (
        CanvasBlock.values if subject == ProjectComment.Subject.CANVAS else ProjectComment.PlanSection.values
    )
    errors = {}
    if subject not in ProjectComment.Subject.values or block not in valid:
        errors["block"] = _("Choose a block of the canvas or a part of the plan.")
    if not body:
        errors["body"] = _("Write your comment.")
    if errors:
        raise ValidationError(errors)
    version = None
    if subject == ProjectComment.Subject.CANVAS:
        version = CanvasVersion.objects.filter(cooperative=cooperative).order_by("-number").first()
        if version is None:
            raise ValidationError({"block": _("The cooperative has not written its canvas yet.")})
    comment = ProjectComment(
        cooperative=cooperative, subject=subject, block=block, canvas_version=version, body=body, author=actor
    )
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action="coaching.project_comment", obj=comment, changes={"block": block})
    return comment


def _as_json(inputs: finance.PlanInputs) -> dict:
    money = lambda v: str(finance.mad(v))  # noqa: E731
    number = lambda v: format(Decimal(v).normalize(), "f")  # noqa: E731
    return {
        "products": [
            {
                "name": p.name.strip(),
                "unit": p.unit.strip(),
                "price": money(p.price),
                "unit_cost": money(p.unit_cost),
                "volumes": [number(v) for v in p.volumes],
                "assumption": p.assumption.strip(),
            }
            for p in inputs.products
        ],
        "costs": [
            {
                "label": c.label.strip(),
                "amounts": [money(a) for a in c.amounts],
                "assumption": c.assumption.strip(),
            }
            for c in inputs.costs
        ],
        "investments": [
            {
                "label": i.label.strip(),
                "amount": money(i.amount),
                "year": i.year,
                "assumption": i.assumption.strip(),
            }
            for i in inputs.investments
        ],
        "funding": [
            {
                "label": f.label.strip(),
                "kind": f.kind,
                "amount": money(f.amount),
                "year": f.year,
                "assumption": f.assumption.strip(),
            }
            for f in inputs.funding
        ],
    }


@transaction.atomic
def plan_save(*, actor, cooperative, inputs: finance.PlanInputs, assumptions: str = "") -> FinancialPlan:
    """Save the financial plan after checking it (no negative figures, funding = investments)."""
    _require(can_edit_project(actor, cooperative))
    if any(f.kind not in dict(finance.FundingKind.CHOICES) for f in inputs.funding):
        raise ValidationError({"funding": _("Choose the kind of each funding source.")})
    finance.validate(inputs)
    plan = FinancialPlan.objects.select_for_update().filter(cooperative=cooperative).first()
    created = plan is None
    plan = plan or FinancialPlan(cooperative=cooperative)
    plan.start_year = inputs.start_year
    plan.opening_cash = finance.mad(inputs.opening_cash)
    for key, value in _as_json(inputs).items():
        setattr(plan, key, value)
    plan.assumptions = (assumptions or "").strip()
    plan.updated_by = actor
    plan.full_clean()
    plan.save()
    result = finance.compute(inputs)
    audit_record(
        actor=actor,
        action="coaching.plan_created" if created else "coaching.plan_saved",
        obj=plan,
        changes={
            "revenue": [str(y.revenue) for y in result.years],
            "cash_end": [str(y.cash_end) for y in result.years],
        },
    )
    return plan


@transaction.atomic
def deck_request(*, actor, cooperative) -> Job:
    """Queue a new version of the pitch deck; the job page follows its making."""
    _require(can_request_deck(actor, cooperative))
    if not CanvasVersion.objects.filter(cooperative=cooperative).exists():
        raise ValidationError(_("Write the business model canvas first: the deck is built from it."))
    _lock(cooperative)
    number = (PitchDeck.objects.filter(cooperative=cooperative).aggregate(n=Max("number"))["n"] or 0) + 1
    job = job_create(
        kind=DECK_JOB_KIND,
        user=actor,
        label=_("Pitch deck v%(number)s · %(cooperative)s")
        % {"number": number, "cooperative": cooperative.name},
        total=1,
        params={"cooperative_id": cooperative.pk},
    )
    deck = PitchDeck.objects.create(
        cooperative=cooperative,
        number=number,
        job_id=job.pk,
        canvas_version=CanvasVersion.objects.filter(cooperative=cooperative).order_by("-number").first(),
        created_by=actor,
    )
    audit_record(actor=actor, action="coaching.deck_requested", obj=deck, to_state=deck.status)
    from .tasks import pitch_deck_task

    job_enqueue(job=job, task=pitch_deck_task)
    return job


@transaction.atomic
def deck_render(*, deck_id: int) -> PitchDeck:
    """Make the deck's PDF (both languages) and store it. Safe to run twice: a ready deck is kept."""
    from .deck import deck_pdf

    deck = PitchDeck.objects.select_for_update().select_related("cooperative").get(pk=deck_id)
    if deck.status == PitchDeck.Status.READY:
        return deck
    content = deck_pdf(deck)
    deck.file.save(f"deck-v{deck.number}.pdf", ContentFile(content), save=False)
    deck.size = len(content)
    deck.status = PitchDeck.Status.READY
    deck.finished_at = timezone.now()
    deck.save()
    audit_record(
        actor=deck.created_by, action="coaching.deck_made", obj=deck, from_state="pending", to_state="ready"
    )
    return deck


def deck_fail(*, deck_id: int) -> None:
    PitchDeck.objects.filter(pk=deck_id, status=PitchDeck.Status.PENDING).update(
        status=PitchDeck.Status.FAILED
    )
