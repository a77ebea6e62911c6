from django.db.models import QuerySet

from odco.scoping import scope

from .models import Cooperative


def cooperative_list(*, user, filters: dict | None = None) -> QuerySet[Cooperative]:
    """Cooperatives the user may see, with region and sector loaded."""
    filters = filters or {}
    qs = scope(user, Cooperative.objects.select_related("region", "sector", "province"))
    if filters.get("region"):
        qs = qs.filter(region__code=filters["region"])
    return qs.order_by("name_fr", "pk")


def cooperative_get(*, user, pk: int) -> Cooperative | None:
    return cooperative_list(user=user).filter(pk=pk).first()
