from .models import Notification


def notification_list(*, user, limit: int | None = None) -> list[Notification]:
    """The user's own notifications, newest first (never anybody else's); each carries
    `unread_total`, the user's number of unread notifications (same query)."""
    from django.db.models import Count, Q, Window

    qs = (
        Notification.objects.filter(user=user)
        .annotate(unread_total=Window(Count("pk", filter=Q(read_at__isnull=True))))
        .order_by("-created_at", "-pk")
    )
    return list(qs[:limit] if limit else qs)


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def seen_by(user, prefix: str):
    """An annotation for a queryset: whether `user` opened the row (a `Seen` key
    `<prefix><pk>`, e.g. "kititem:12"); what was never opened is shown as new."""
    from django.db.models import CharField, Exists, OuterRef, Value
    from django.db.models.functions import Cast, Concat

    from .models import Seen

    key = Concat(Value(prefix), Cast(OuterRef("pk"), CharField()))
    return Exists(Seen.objects.filter(user=user, key=key))
