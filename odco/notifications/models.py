"""A message to one user, kept in the page's notification list and e-mailed in the user's
language. Subject and body are stored as written, in the recipient's language."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Seen(models.Model):
    """When a user last saw or downloaded something (`key`, e.g. "kititem:12"): what was
    never opened is marked new."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("what"), max_length=80)
    seen_at = models.DateTimeField(_("seen at"))

    class Meta:
        verbose_name = _("seen item")
        verbose_name_plural = _("seen items")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notifications_seen_once")]

    def __str__(self):
        return f"{self.user_id} · {self.key}"
