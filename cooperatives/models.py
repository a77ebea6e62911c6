"""The national registry of cooperatives and their people."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from odco.i18n import localized

from .normalize import fold


class Sector(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_ar)


class Cooperative(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        DISSOLVED = "dissolved", _("dissolved")

    # Unique through Meta.constraints: the same guarantee without the extra LIKE index that
    # unique=True adds on PostgreSQL (one index fewer per row of a national import).
    registration_number = models.CharField(_("registration number"), max_length=40)
    name_fr = models.CharField(_("name (French)"), max_length=255)
    name_ar = models.CharField(_("name (Arabic)"), max_length=255, blank=True)
    # The FK indexes of sector and region are the explicit indexes in Meta (one index fewer to
    # maintain per row written: the 65,000-row import budget).
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="cooperatives",
        verbose_name=_("sector"),
        db_index=False,
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="cooperatives",
        verbose_name=_("region"),
        db_index=False,
    )
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperatives",
        verbose_name=_("prefecture or province"),
    )
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    founded_on = models.DateField(_("founding date"))
    members_total = models.PositiveIntegerField(_("members"), default=0)
    members_women = models.PositiveIntegerField(_("women members"), default=0)
    members_young = models.PositiveIntegerField(_("young members"), default=0)
    president = models.CharField(_("president"), max_length=150, blank=True)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, help_text=_("Stored as E.164, e.g. +212661234567")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    products = models.TextField(_("products"), blank=True)
    certifications = models.TextField(_("certifications and labels"), blank=True)
    annual_revenue = models.DecimalField(
        _("annual revenue (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # fold() of the French and Arabic names and of the registration number, joined by "|":
    # accent- and case-insensitive search with a plain LIKE on SQLite and PostgreSQL alike.
    # Kept up to date by the services and the importer (see `Cooperative.compute_search_key`).
    search_key = models.TextField(_("search key"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["name_fr"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                name="coop_unique_registration_number",
                violation_error_code="unique",  # reported on the field in forms
                violation_error_message=_("A cooperative with this registration number already exists."),
            ),
            models.CheckConstraint(
                condition=Q(members_women__lte=F("members_total")),
                name="coop_women_lte_total",
                violation_error_message=_("Women members cannot exceed the total number of members."),
            ),
            models.CheckConstraint(
                condition=Q(members_young__lte=F("members_total")),
                name="coop_young_lte_total",
                violation_error_message=_("Young members cannot exceed the total number of members."),
            ),
        ]
        indexes = [
            models.Index(fields=["region", "name_fr"], name="coop_region_name_idx"),
            models.Index(fields=["sector"], name="coop_sector_idx"),
            # The registry list's default order (name, then pk): a page of the national list
            # reads 25 index entries instead of sorting 65,000 rows (125 ms → 1 ms).
            models.Index(fields=["name_fr", "id"], name="coop_name_pk_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.registration_number})"

    def save(self, *args, **kwargs):
        # A derived column of this row only; bulk writers (importer, seed) call refresh_search_key().
        self.refresh_search_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"registration_number", "name_fr", "name_ar"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_ar)

    @staticmethod
    def compute_search_key(registration_number: str, name_fr: str, name_ar: str) -> str:
        return "|".join((fold(registration_number), fold(name_fr), fold(name_ar)))

    def refresh_search_key(self) -> None:
        self.search_key = self.compute_search_key(self.registration_number, self.name_fr, self.name_ar)

    def clean(self):
        from django.core.exceptions import ValidationError

        self.registration_number = (self.registration_number or "").strip()
        errors = {}
        if self.founded_on and self.founded_on > date.today():
            errors["founded_on"] = _("The founding date cannot be in the future.")
        if self.province_id and self.region_id and self.province.region_id != self.region_id:
            errors["province"] = _("This province is not in the chosen region.")
        if errors:
            raise ValidationError(errors)

    @property
    def age_years(self) -> int:
        today = date.today()
        founded = self.founded_on
        return today.year - founded.year - ((today.month, today.day) < (founded.month, founded.day))

    @property
    def women_share(self) -> float:
        return self.members_women / self.members_total if self.members_total else 0.0

    @property
    def young_share(self) -> float:
        return self.members_young / self.members_total if self.members_total else 0.0

    @property
    def is_womens_cooperative(self) -> bool:
        return self.members_total > 0 and self.women_share >= settings.ODCO_WOMEN_COOPERATIVE_SHARE

    @property
    def is_youth_cooperative(self) -> bool:
        return self.members_total > 0 and self.young_share >= settings.ODCO_YOUTH_COOPERATIVE_SHARE


class Member(models.Model):
    """A person of a cooperative: a member (adhérent) or a participant in the programme.

    The national ID number is personal data (law 09-08): only ODCO staff and the
    cooperative's own delegation see it (`permissions.can_view_personal_data`).
    """

    class Kind(models.TextChoices):
        MEMBER = "member", _("member")
        PARTICIPANT = "participant", _("participant")

    class Gender(models.TextChoices):
        FEMALE = "f", _("woman")
        MALE = "m", _("man")

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="people", verbose_name=_("cooperative")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MEMBER)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    role = models.CharField(_("role in the cooperative"), max_length=100, blank=True)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, help_text=_("Stored as E.164, e.g. +212661234567")
    )
    national_id = models.CharField(_("national ID number (CIN)"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["cooperative_id", "kind", "last_name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="member_birth_year_range",
                violation_error_message=_("The birth year is not plausible."),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def age(self) -> int | None:
        return date.today().year - self.birth_year if self.birth_year else None

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.birth_year and not 1900 <= self.birth_year <= date.today().year:
            raise ValidationError({"birth_year": _("The birth year is not plausible.")})


class ProfileChange(models.Model):
    """A change of the cooperative's registry data proposed by the cooperative itself, possibly
    answering a correction the delegation asked for. The delegation validates it; approved
    values are written through `cooperative_update` (audited). Rows are kept as the history."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("correction requested")
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="profile_changes", verbose_name=_("cooperative")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    request_note = models.TextField(_("correction requested"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    # {field: [value in the registry when proposed, proposed value]}
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    comment = models.TextField(_("comment of the cooperative"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("delegation's note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["cooperative", "status"], name="coop_profile_change_status")]

    def __str__(self):
        return f"{self.cooperative} · {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.PROPOSED)
