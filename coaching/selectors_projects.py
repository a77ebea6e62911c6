"""Reads of a cooperative's project (canvas, plan, comments, decks), scoped once."""

from dataclasses import dataclass, field

from cooperatives.models import Cooperative
from odco.scoping import scope

from .finance import PlanResult, plan_result
from .models_projects import CanvasBlock, CanvasVersion, FinancialPlan, PitchDeck, ProjectComment


def project_cooperative(*, user, pk: int) -> Cooperative | None:
    """A cooperative whose project the user may open (coach: assigned ones; delegation: its region)."""
    return scope(user, Cooperative.objects.filter(pk=pk)).select_related("region", "sector").first()


def own_cooperative(*, user) -> Cooperative | None:
    """The cooperative of a cooperative account (its own project space)."""
    if not user.cooperative_ids:
        return None
    return (
        scope(user, Cooperative.objects.filter(pk__in=user.cooperative_ids))
        .select_related("region", "sector")
        .order_by("pk")
        .first()
    )


def current_canvas(*, cooperative_id: int) -> CanvasVersion | None:
    return (
        CanvasVersion.objects.filter(cooperative_id=cooperative_id)
        .select_related("created_by")
        .order_by("-number")
        .first()
    )


def canvas_versions(*, cooperative_id: int) -> list[CanvasVersion]:
    return list(
        CanvasVersion.objects.filter(cooperative_id=cooperative_id)
        .select_related("created_by")
        .order_by("-number")
    )


def comments_by_block(*, cooperative_id: int, subject: str) -> dict[str, list[ProjectComment]]:
    grouped: dict[str, list[ProjectComment]] = {}
    for comment in (
        ProjectComment.objects.filter(cooperative_id=cooperative_id, subject=subject)
        .select_related("author", "canvas_version")
        .order_by("created_at", "pk")
    ):
        grouped.setdefault(comment.block, []).append(comment)
    return grouped


def plan_of(*, cooperative_id: int) -> FinancialPlan | None:
    return FinancialPlan.objects.filter(cooperative_id=cooperative_id).first()


def decks_of(*, cooperative_id: int) -> list[PitchDeck]:
    return list(
        PitchDeck.objects.filter(cooperative_id=cooperative_id)
        .select_related("created_by", "canvas_version")
        .order_by("-number")
    )


def deck_get(*, user, pk: int) -> PitchDeck | None:
    deck = PitchDeck.objects.filter(pk=pk, status=PitchDeck.Status.READY).first()
    if deck is None or project_cooperative(user=user, pk=deck.cooperative_id) is None:
        return None
    return deck


@dataclass
class CanvasRow:
    code: str
    label: str
    text: str
    comments: list = field(default_factory=list)


@dataclass
class Project:
    cooperative: Cooperative
    canvas: CanvasVersion | None
    canvas_rows: list[CanvasRow]
    plan: FinancialPlan | None
    figures: PlanResult | None
    plan_comments: dict
    decks: list[PitchDeck]


def canvas_rows(canvas: CanvasVersion | None, comments: dict) -> list[CanvasRow]:
    texts = (canvas.blocks if canvas else {}) or {}
    return [
        CanvasRow(code=code, label=str(label), text=texts.get(code, ""), comments=comments.get(code, []))
        for code, label in CanvasBlock.choices
    ]


def project_for(*, cooperative: Cooperative) -> Project:
    """Everything of a cooperative's project for its pages: a constant number of queries."""
    canvas = current_canvas(cooperative_id=cooperative.pk)
    plan = plan_of(cooperative_id=cooperative.pk)
    return Project(
        cooperative=cooperative,
        canvas=canvas,
        canvas_rows=canvas_rows(canvas, comments_by_block(cooperative_id=cooperative.pk, subject="canvas")),
        plan=plan,
        figures=plan_result(plan),
        plan_comments=comments_by_block(cooperative_id=cooperative.pk, subject="plan"),
        decks=decks_of(cooperative_id=cooperative.pk),
    )


def cooperative_space_project(*, cooperative_id: int) -> dict:
    """Context for `coaching/_me_project.html` in the cooperative's own space (`/me/`)."""
    from prizes.models import PublicProfile

    canvas = (
        CanvasVersion.objects.filter(cooperative_id=cooperative_id)
        .only("number", "blocks")
        .order_by("-number")
    )
    return {
        "project_canvas": canvas.first(),
        "project_has_plan": FinancialPlan.objects.filter(cooperative_id=cooperative_id).exists(),
        "project_deck": PitchDeck.objects.filter(cooperative_id=cooperative_id, status=PitchDeck.Status.READY)
        .order_by("-number")
        .first(),
        "project_public": PublicProfile.objects.filter(cooperative_id=cooperative_id)
        .only("status", "published")
        .first(),
    }


def jury_canvas_panel(*, user, candidacy) -> dict | None:
    """The jury panel's context: the candidate cooperative's current canvas (None: nothing to show)."""
    if not candidacy.cooperative_id:
        return None
    canvas = current_canvas(cooperative_id=candidacy.cooperative_id)
    if canvas is None:
        return None
    return {"canvas": canvas, "rows": canvas_rows(canvas, {})}
