"""The participant kit, its deliveries, certificates of participation and calendar feeds."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# No 0/O or 1/I: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_certificate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def kit_upload_to(item: "KitItem", filename: str) -> str:
    # Private storage: files are served only through permission-checked views.
    return f"private/training/kit/{item.phase_id}/{secrets.token_hex(8)}-{filename}"


def certificate_upload_to(certificate: "Certificate", filename: str) -> str:
    return f"private/training/certificates/{certificate.phase_id}/{filename}"


class KitItem(models.Model):
    """One element of a phase's participant kit, as defined by its validated concept note."""

    class Kind(models.TextChoices):
        FILE = "file", _("teaching material (file)")
        LINK = "link", _("digital resource (link)")
        CERTIFICATE = "certificate", _("certificate of participation")

    phase = models.ForeignKey(
        "prizes.Phase", on_delete=models.CASCADE, related_name="kit_items", verbose_name=_("phase")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=kit_upload_to, blank=True, max_length=300)
    url = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("kit item")
        verbose_name_plural = _("kit items")
        ordering = ["phase_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase"],
                condition=Q(kind="certificate"),
                name="kit_item_one_certificate_per_phase",
                violation_error_message=_("The kit already lists the certificate of participation."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind == self.Kind.FILE and not self.file:
            raise ValidationError({"file": _("Attach the file.")})
        if self.kind == self.Kind.LINK and not self.url:
            raise ValidationError({"url": _("Give the link to the resource.")})


class KitDelivery(models.Model):
    """What a participant received, and when."""

    item = models.ForeignKey(
        KitItem, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("item")
    )
    participant = models.ForeignKey(
        "cooperatives.Member",
        on_delete=models.CASCADE,
        related_name="kit_deliveries",
        verbose_name=_("participant"),
    )
    delivered_at = models.DateTimeField(_("delivered at"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivered by"),
    )

    class Meta:
        verbose_name = _("kit delivery")
        verbose_name_plural = _("kit deliveries")
        ordering = ["item_id", "participant_id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "participant"], name="kit_delivery_unique_participant")
        ]

    def __str__(self):
        return f"{self.item} → {self.participant}"


class Certificate(models.Model):
    """A certificate of participation. Its facts are frozen at issue time; only its status
    changes afterwards (revocation, audited). One per participant and phase."""

    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        REVOKED = "revoked", _("revoked")

    phase = models.ForeignKey(
        "prizes.Phase", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("phase")
    )
    participant = models.ForeignKey(
        "cooperatives.Member",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("participant"),
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        related_name="training_certificates",
        verbose_name=_("cooperative"),
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=new_certificate_code)
    holder_name = models.CharField(_("holder"), max_length=201)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    hours = models.DecimalField(_("training hours"), max_digits=6, decimal_places=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=certificate_upload_to, blank=True, max_length=300)

    class Meta:
        verbose_name = _("certificate of participation")
        verbose_name_plural = _("certificates of participation")
        ordering = ["phase_id", "holder_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "participant"],
                name="certificate_one_per_participant_and_phase",
                violation_error_message=_("This participant already has a certificate for this phase."),
            ),
            models.CheckConstraint(
                condition=Q(status="valid") | Q(revoked_at__isnull=False),
                name="certificate_revoked_has_date",
            ),
        ]
        indexes = [models.Index(fields=["phase", "region"], name="certificate_phase_region_idx")]

    def __str__(self):
        return f"{self.holder_name} · {self.code}"

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def file_name(self) -> str:
        return f"certificate-{self.code}.pdf"


class CalendarFeed(models.Model):
    """A user's personal iCalendar feed: its secret token is the only credential of the feed URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
