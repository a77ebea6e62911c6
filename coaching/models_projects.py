"""Projects that convince: the business model canvas (versioned), the simple financial plan,
the coach's comments on both, and the pitch deck versions generated from them.

Imported at the bottom of `coaching/models.py`. Computations live in `coaching.finance`.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CanvasBlock(models.TextChoices):
    """The nine blocks of the business model canvas, in the order they are filled."""

    CUSTOMER_SEGMENTS = "customer_segments", _("Customer segments")
    VALUE_PROPOSITIONS = "value_propositions", _("Value propositions")
    CHANNELS = "channels", _("Channels")
    CUSTOMER_RELATIONSHIPS = "customer_relationships", _("Customer relationships")
    REVENUE_STREAMS = "revenue_streams", _("Revenue streams")
    KEY_RESOURCES = "key_resources", _("Key resources")
    KEY_ACTIVITIES = "key_activities", _("Key activities")
    KEY_PARTNERS = "key_partners", _("Key partners")
    COST_STRUCTURE = "cost_structure", _("Cost structure")


CANVAS_HELP = {
    CanvasBlock.CUSTOMER_SEGMENTS: _("Who buys or uses what you make?"),
    CanvasBlock.VALUE_PROPOSITIONS: _("What problem do you solve for them, and why you?"),
    CanvasBlock.CHANNELS: _("How do your customers find, buy and receive your products?"),
    CanvasBlock.CUSTOMER_RELATIONSHIPS: _("How do you win and keep your customers?"),
    CanvasBlock.REVENUE_STREAMS: _("What do customers pay for, how, and how much?"),
    CanvasBlock.KEY_RESOURCES: _("What do you need most: people, equipment, land, know-how?"),
    CanvasBlock.KEY_ACTIVITIES: _("What must you do well every day?"),
    CanvasBlock.KEY_PARTNERS: _("Who helps you: suppliers, associations, public bodies?"),
    CanvasBlock.COST_STRUCTURE: _("What are your main costs?"),
}


class ContentLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ARABIC = "ar", _("Arabic")


class CanvasVersion(models.Model):
    """One saved state of a cooperative's canvas. Saving never overwrites: it adds a version."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="canvas_versions",
        verbose_name=_("cooperative"),
    )
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(
        _("language"), max_length=2, choices=ContentLanguage.choices, default=ContentLanguage.FRENCH
    )
    # {block code: text}, one entry per `CanvasBlock` (empty blocks are empty strings).
    blocks = models.JSONField(_("blocks"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("canvas version")
        verbose_name_plural = _("canvas versions")
        ordering = ["cooperative_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="coaching_canvas_version_unique"),
        ]

    def __str__(self):
        return f"{self.cooperative_id} · v{self.number}"

    def block_rows(self) -> list[tuple[str, str, str]]:
        """(code, label, text) for the nine blocks, in canvas order."""
        return [(code, str(label), (self.blocks or {}).get(code, "")) for code, label in CanvasBlock.choices]

    @property
    def filled_count(self) -> int:
        return sum(1 for _code, _label, text in self.block_rows() if text.strip())


class ProjectComment(models.Model):
    """A coach's (or the coordinator's) comment on one block of the canvas or one part of the plan."""

    class Subject(models.TextChoices):
        CANVAS = "canvas", _("business model canvas")
        PLAN = "plan", _("financial plan")

    class PlanSection(models.TextChoices):
        PRODUCTS = "products", _("Products and sales")
        COSTS = "costs", _("Costs")
        INVESTMENTS = "investments", _("Investments")
        FUNDING = "funding", _("Funding")
        ASSUMPTIONS = "assumptions", _("Assumptions")

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="project_comments",
        verbose_name=_("cooperative"),
    )
    subject = models.CharField(_("about"), max_length=10, choices=Subject.choices)
    block = models.CharField(_("block"), max_length=40)
    # The canvas version the comment was written on (None for the plan).
    canvas_version = models.ForeignKey(
        CanvasVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project comment")
        verbose_name_plural = _("project comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["cooperative", "subject"], name="coaching_pcomment_coop_idx")]

    def __str__(self):
        return f"{self.subject}:{self.block}"

    @property
    def block_label(self) -> str:
        labels = dict(
            CanvasBlock.choices if self.subject == self.Subject.CANVAS else self.PlanSection.choices
        )
        return str(labels.get(self.block, self.block))


class FinancialPlan(models.Model):
    """Three years of a cooperative's numbers. Lines are JSON lists checked by `coaching.finance`."""

    cooperative = models.OneToOneField(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="financial_plan",
        verbose_name=_("cooperative"),
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    opening_cash = models.DecimalField(
        _("cash at the start (MAD)"), max_digits=14, decimal_places=2, default=0
    )
    # [{"name", "unit", "price", "unit_cost", "volumes": [y1, y2, y3], "assumption"}]
    products = models.JSONField(_("products"), default=list, blank=True)
    # [{"label", "amounts": [y1, y2, y3], "assumption"}]
    costs = models.JSONField(_("fixed costs"), default=list, blank=True)
    # [{"label", "amount", "year", "assumption"}]
    investments = models.JSONField(_("investments"), default=list, blank=True)
    # [{"label", "kind", "amount", "year", "assumption"}]
    funding = models.JSONField(_("funding sources"), default=list, blank=True)
    assumptions = models.TextField(_("general assumptions"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("financial plan")
        verbose_name_plural = _("financial plans")

    def __str__(self):
        return str(_("Financial plan of %(cooperative)s") % {"cooperative": self.cooperative_id})


def deck_path(instance: "PitchDeck", filename: str) -> str:
    # Never a guessable name: served by a permission-checked view only.
    return f"coaching/decks/{instance.cooperative_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:5]}"


class PitchDeck(models.Model):
    """One generated version of the bilingual pitch deck (PDF), kept once made."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="pitch_decks",
        verbose_name=_("cooperative"),
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # The long job that makes it (re-running the job fills the same deck, never a new one).
    job_id = models.UUIDField(_("job"), null=True, blank=True, unique=True)
    canvas_version = models.ForeignKey(
        CanvasVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decks",
        verbose_name=_("canvas version"),
    )
    file = models.FileField(_("file"), upload_to=deck_path, max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("made at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pitch deck")
        verbose_name_plural = _("pitch decks")
        ordering = ["cooperative_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="coaching_deck_version_unique"),
        ]

    def __str__(self):
        return str(_("Pitch deck v%(number)s") % {"number": self.number})
