"""The public showcase of laureates (`/laureats/`): a cooperative's public page and its photos.

The cooperative decides what is public (nothing personal by default: the page holds only what
it typed here, never the registry's president, phone or members). Staff approve each
publication; what the public sees is the snapshot taken at approval (`published`), so a change
after approval waits for a new approval while the approved page stays online.
Imported at the bottom of `prizes/models.py`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from odco.i18n import localized


def photo_path(instance: "CooperativePhoto", filename: str) -> str:
    # A random name, never the uploaded one; files are served by views, never by MEDIA_URL.
    return f"prizes/photos/{instance.cooperative_id}/{uuid.uuid4().hex}.jpg"


class CooperativePhoto(models.Model):
    """A photo of the cooperative, its products or its work, stored at web size (JPEG)."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("cooperative"),
    )
    image = models.FileField(_("photo"), upload_to=photo_path, max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cooperative photo")
        verbose_name_plural = _("cooperative photos")
        ordering = ["cooperative_id", "created_at", "pk"]

    def __str__(self):
        return self.caption or self.original_name


class PublicProfile(models.Model):
    """What a laureate cooperative shows on `/laureats/`, and where its approval stands."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for changes")

    cooperative = models.OneToOneField(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="public_profile",
        verbose_name=_("cooperative"),
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    summary_fr = models.TextField(_("presentation (French)"), max_length=1500, blank=True)
    summary_ar = models.TextField(_("presentation (Arabic)"), max_length=1500, blank=True)
    products_fr = models.TextField(_("products (French)"), max_length=1000, blank=True)
    products_ar = models.TextField(_("products (Arabic)"), max_length=1000, blank=True)
    # Contact the cooperative chooses to show: empty unless it types one.
    contact_email = models.EmailField(_("public e-mail"), blank=True)
    contact_phone = models.CharField(_("public phone"), max_length=30, blank=True)
    website = models.URLField(_("website or shop"), blank=True)
    photos = models.ManyToManyField(
        CooperativePhoto, blank=True, related_name="public_profiles", verbose_name=_("public photos")
    )
    # The approved content, shown to the public: {"summary_fr", …, "photo_ids": […]}.
    published = models.JSONField(_("published content"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")
        ordering = ["cooperative__name_fr", "pk"]
        indexes = [
            models.Index(fields=["status"], name="prizes_profile_status_idx"),
            models.Index(fields=["published_at"], name="prizes_profile_published_idx"),
        ]

    def __str__(self):
        return self.slug

    @property
    def is_online(self) -> bool:
        return self.published is not None

    def public(self, key: str) -> str:
        """A published text field in the active language (French as the fallback)."""
        data = self.published or {}
        return localized(data.get(f"{key}_fr", ""), data.get(f"{key}_ar", ""))

    @property
    def public_summary(self) -> str:
        return self.public("summary")

    @property
    def public_products(self) -> str:
        return self.public("products")

    @property
    def public_photo_ids(self) -> list[int]:
        return list((self.published or {}).get("photo_ids", []))
