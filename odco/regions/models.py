"""Morocco's 12 regions and 75 prefectures and provinces (reference data, loaded by migration)."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from odco.i18n import localized

_CODE_RE = re.compile(r"^(?:MA-?)?0?(\d{1,2})$", re.IGNORECASE)


class Region(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("Two digits, e.g. 09"))
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    chef_lieu = models.CharField(_("capital"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_ar)

    @property
    def iso_code(self) -> str:
        return f"MA-{self.code}"

    @staticmethod
    def normalize_code(value: str) -> str | None:
        """'9', '09', 'MA-09' and 'ma09' all give '09'; anything else gives None."""
        match = _CODE_RE.match(str(value or "").strip())
        if not match:
            return None
        number = int(match.group(1))
        return f"{number:02d}" if 1 <= number <= 12 else None


class Province(models.Model):
    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("prefecture")
        PROVINCE = "province", _("province")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("region")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("prefecture or province")
        verbose_name_plural = _("prefectures and provinces")
        ordering = ["region__code", "name_fr"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name_fr"], name="unique_province_per_region")
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_ar)
