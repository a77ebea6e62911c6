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


def seen_keys(*, user, prefixes: tuple[str, ...]) -> set[str]:
    """The keys starting with one of `prefixes` that `user` has opened (one query)."""
    from django.db.models import Q

    from .models import Seen

    condition = Q()
    for prefix in prefixes:
        condition |= Q(key__startswith=prefix)
    return set(Seen.objects.filter(condition, user=user).values_list("key", flat=True))
