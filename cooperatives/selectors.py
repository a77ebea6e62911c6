"""Reads of the registry. Scoping by role happens here, once (`odco.scoping.scope`)."""

from django.conf import settings
from django.db.models import ExpressionWrapper, F, FloatField, Prefetch, Q, QuerySet, Value

from odco.regions.models import Province, Region
from odco.roles import Role
from odco.scoping import scope

from . import registry
from .models import Cooperative, Member, Sector
from .normalize import fold

# ?sort= value -> ordering (the primary key last, so that pages are stable)
SORTS = {
    "name": ("name_fr", "pk"),
    "-name": ("-name_fr", "-pk"),
    "number": ("registration_number",),
    "-number": ("-registration_number",),
    "founded": ("founded_on", "pk"),
    "-founded": ("-founded_on", "-pk"),
    "members": ("members_total", "pk"),
    "-members": ("-members_total", "-pk"),
    "region": ("region__code", "name_fr", "pk"),
    "-region": ("-region__code", "name_fr", "pk"),
}
DEFAULT_SORT = "name"


def _share_at_least(field: str, share: float) -> Q:
    threshold = ExpressionWrapper(F("members_total") * Value(float(share)), output_field=FloatField())
    return Q(members_total__gt=0) & Q(**{f"{field}__gte": threshold})


def womens_condition() -> Q:
    """The database form of `Cooperative.is_womens_cooperative`."""
    return _share_at_least("members_women", settings.ODCO_WOMEN_COOPERATIVE_SHARE)


def youth_condition() -> Q:
    """The database form of `Cooperative.is_youth_cooperative`."""
    return _share_at_least("members_young", settings.ODCO_YOUTH_COOPERATIVE_SHARE)


def cooperative_list(*, user, filters: dict | None = None) -> QuerySet[Cooperative]:
    """Cooperatives the user may see, filtered, searched and sorted, with relations loaded.

    `filters` keys (all optional): region (code, `MA-09` accepted), province (pk), sector
    (code), womens / youth (truthy), participation (a registered key), q (search), sort.
    """
    filters = filters or {}
    qs = scope(user, Cooperative.objects.select_related("region", "sector", "province"))
    if filters.get("region"):
        qs = qs.filter(region__code=Region.normalize_code(filters["region"]) or "--")
    if filters.get("province"):
        qs = qs.filter(province_id=filters["province"])
    if filters.get("sector"):
        qs = qs.filter(sector__code=filters["sector"])
    if filters.get("womens"):
        qs = qs.filter(womens_condition())
    if filters.get("youth"):
        qs = qs.filter(youth_condition())
    if filters.get("participation"):
        condition = registry.participation_condition(filters["participation"])
        if condition is not None:
            qs = qs.filter(condition)
    needle = fold(filters.get("q", ""))
    if needle:
        qs = qs.filter(search_key__contains=needle)
    return qs.order_by(*SORTS.get(filters.get("sort") or DEFAULT_SORT, SORTS[DEFAULT_SORT]))


def cooperative_get(*, user, pk: int) -> Cooperative | None:
    """One cooperative in the user's scope (None outside it), with its people loaded."""
    people = Prefetch("people", queryset=Member.objects.order_by("kind", "last_name", "first_name", "pk"))
    return cooperative_list(user=user).prefetch_related(people).filter(pk=pk).first()


def filter_choices(*, user) -> dict:
    """Regions, provinces and sectors offered by the list filters (a delegation: its region)."""
    region_ids = getattr(user, "delegation_region_ids", frozenset())
    region_qs = Region.objects.order_by("code")
    province_qs = Province.objects.select_related("region").order_by("region__code", "name_fr")
    if not (user.is_superuser or user.has_role(Role.STAFF, Role.COMMITTEE, Role.COORDINATOR)):
        region_qs = region_qs.filter(pk__in=region_ids)
        province_qs = province_qs.filter(region_id__in=region_ids)
    return {
        "regions": list(region_qs),
        "provinces": list(province_qs),
        "sectors": list(Sector.objects.order_by("name_fr")),
        "participation": registry.participation_filters(),
    }
