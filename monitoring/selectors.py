from django.db.models import Count, QuerySet

from odco.regions.models import Region
from odco.regions.selectors import region_by_code
from odco.scoping import scope


def regions_with_counts(*, user) -> QuerySet[Region]:
    """The regions the user may see, each with its number of cooperatives (one query)."""
    return (
        scope(user, Region.objects.all()).annotate(cooperative_count=Count("cooperatives")).order_by("code")
    )


def visible_region(*, user, code: str) -> Region | None:
    return region_by_code(code, queryset=scope(user, Region.objects.all()))


def cooperative_for_space(*, user, cooperative_id: int | None = None):
    from cooperatives.selectors import cooperative_list

    qs = cooperative_list(user=user).filter(pk__in=user.cooperative_ids)
    if cooperative_id:
        qs = qs.filter(pk=cooperative_id)
    return qs.first()


def candidacies_for_space(*, cooperative_id: int):
    """The cooperative's candidacies to the prizes, for its own space."""
    from prizes.selectors import cooperative_candidacies

    return cooperative_candidacies(cooperative_id=cooperative_id)
