"""Notify a user: a row in the page's list and an e-mail, both in the user's language.

Any app may import this module (it is part of the core). Callers pass a `message` callable
returning (subject, body); it is called with the recipient's language active, so gettext
inside it translates for the recipient, not for whoever triggered the change.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from odco.links import absolute_url

from .models import Notification

Message = Callable[[], tuple[str, str]]


def user_language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


@transaction.atomic
def notify(*, user, kind: str, message: Message, url: str = "", email: bool = True) -> Notification:
    """Record a notification for `user` and, after commit, e-mail it in the user's language."""
    with translation.override(user_language(user)):
        subject, body = message()
    notification = Notification(user=user, kind=kind, subject=str(subject)[:255], body=str(body), url=url)
    notification.full_clean()
    notification.save()
    if email and user.email:
        from .tasks import notification_send_email

        transaction.on_commit(lambda: notification_send_email.delay(notification.pk))
    return notification


def notification_record(
    *, email: str, kind: str, subject: str, body: str, url: str = ""
) -> Notification | None:
    """Keep an in-page copy of a mail already sent to `email` (nothing if no active user has it).

    For senders that build their own mails (attachments, several recipients); the mail is
    marked as e-mailed so it is not sent again.
    """
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return None
    notification = Notification(
        user=user, kind=kind, subject=str(subject)[:255], body=str(body), url=url, emailed_at=timezone.now()
    )
    notification.full_clean()
    notification.save()
    return notification


def notification_email(*, notification_id: int) -> int:
    """Send one notification's e-mail once (safe to run twice). Returns mails sent."""
    from django.core.mail import send_mail

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return 0
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{absolute_url(notification.url)}"
        sent = send_mail(notification.subject, body, None, [notification.user.email])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return sent


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications (all, or those in `ids`) read. Returns how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def seen_record(*, user, key: str) -> None:
    """Remember that `user` opened `key` (the latest time is kept)."""
    from .models import Seen

    Seen.objects.update_or_create(user=user, key=key[:80], defaults={"seen_at": timezone.now()})
