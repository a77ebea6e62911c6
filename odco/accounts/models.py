"""Users log in with their e-mail address and hold one or more roles.

A role assignment may be bound to a region (delegation) or a cooperative (cooperative
account). What a user may see follows from these assignments (see `odco.scoping`).
"""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from odco.roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    # -- roles, loaded once per user object (one query per request) --------------------------
    @cached_property
    def _assignments(self) -> tuple["RoleAssignment", ...]:
        if not self.pk:
            return ()
        return tuple(self.role_assignments.all())

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(a.role for a in self._assignments)

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.roles.intersection(roles))

    @property
    def delegation_region_ids(self) -> frozenset[int]:
        return frozenset(a.region_id for a in self._assignments if a.role == Role.DELEGATION and a.region_id)

    @property
    def cooperative_ids(self) -> frozenset[int]:
        return frozenset(
            a.cooperative_id for a in self._assignments if a.role == Role.COOPERATIVE and a.cooperative_id
        )

    def refresh_roles(self) -> None:
        self.__dict__.pop("_assignments", None)

    # ODCO staff may use every part of the admin.
    def has_perm(self, perm, obj=None):
        if self.has_role(Role.STAFF):
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.has_role(Role.STAFF):
            return True
        return super().has_module_perms(app_label)


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, db_index=True)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("cooperative"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user_id", "role"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.DELEGATION) | Q(region__isnull=False),
                name="delegation_has_region",
                violation_error_message=_("A delegation role needs a region."),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.COOPERATIVE) | Q(cooperative__isnull=False),
                name="cooperative_role_has_cooperative",
                violation_error_message=_("A cooperative role needs a cooperative."),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(region__isnull=True, cooperative__isnull=True),
                name="unique_unbound_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="unique_region_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "cooperative"],
                condition=Q(cooperative__isnull=False),
                name="unique_cooperative_role",
            ),
        ]

    def __str__(self):
        bound = self.region or self.cooperative
        label = self.get_role_display()
        return f"{label} ({bound})" if bound else str(label)


class Invitation(models.Model):
    """Staff or a delegation invited a cooperative's contact (see `odco.accounts.invitations`).

    A new address gets an account with the role at once and a link to set a password once.
    An existing account is left as it is: the invitation waits (`needs_confirmation`) until
    its owner accepts it on `/invitations/<pk>/`, and only then is `role` granted."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("invited person")
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("cooperative"),
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("invited by")
    )
    role = models.CharField(_("role granted"), max_length=20, choices=Role.choices, default=Role.COOPERATIVE)
    needs_confirmation = models.BooleanField(
        _("needs the person's acceptance"),
        default=False,
        help_text=_("The address already had an account: the role is granted only when its owner accepts."),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(declined_at__isnull=True),
                name="invitation_accepted_or_declined",
                violation_error_message=_("An invitation is either accepted or declined."),
            ),
        ]

    def __str__(self):
        return f"{self.user.email} → {self.cooperative}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.declined_at is None

class RateLimitEntry(models.Model):
    """A login-throttle counter kept in the database while the Redis cache is down
    (odco/accounts/throttle_store.py): allauth's rate-limit keys and used TOTP codes."""

    key = models.CharField(_("key"), max_length=250, unique=True)
    value = models.JSONField(_("value"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("login throttle entry")
        verbose_name_plural = _("login throttle entries")

    def __str__(self):
        return self.key
