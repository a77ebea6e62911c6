from django.db.models import QuerySet

from .models import Region


def region_by_code(code: str, *, queryset: QuerySet | None = None) -> Region | None:
    """The region for '09' or 'MA-09' in `queryset` (all regions by default), or None."""
    normalized = Region.normalize_code(code)
    if normalized is None:
        return None
    return (queryset if queryset is not None else Region.objects.all()).filter(code=normalized).first()
