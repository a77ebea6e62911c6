"""Reads of the public showcase. Public reads take only published snapshots of laureates."""

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from cooperatives.models import Sector
from odco.regions.models import Region
from odco.scoping import scope

from .models import Candidacy, CooperativePhoto, Prize, PublicProfile

SHOWCASE_FILTERS = ("region", "sector", "prize")


def _laureate_candidacies():
    return (
        Candidacy.objects.filter(status=Candidacy.Status.LAUREATE)
        .select_related("edition__prize")
        .order_by("-edition__year", "edition__prize__since_year")
    )


def showcase_queryset() -> QuerySet[PublicProfile]:
    """Online pages of cooperatives that are laureates of at least one edition."""
    laureate = Candidacy.objects.filter(
        cooperative_id=OuterRef("cooperative_id"), status=Candidacy.Status.LAUREATE
    )
    return (
        PublicProfile.objects.filter(published__isnull=False)
        .filter(Exists(laureate))
        .select_related("cooperative__region", "cooperative__sector")
        .prefetch_related(
            Prefetch(
                "cooperative__candidacies", queryset=_laureate_candidacies(), to_attr="laureate_candidacies"
            )
        )
        .only(
            "pk",
            "slug",
            "published",
            "published_at",
            "cooperative__id",
            "cooperative__name_fr",
            "cooperative__name_ar",
            "cooperative__region__id",
            "cooperative__region__code",
            "cooperative__region__name_fr",
            "cooperative__region__name_ar",
            "cooperative__sector__id",
            "cooperative__sector__code",
            "cooperative__sector__name_fr",
            "cooperative__sector__name_ar",
        )
    )


def clean_filters(params) -> dict:
    return {key: (params.get(key) or "").strip()[:40] for key in SHOWCASE_FILTERS}


def showcase_list(*, filters: dict) -> QuerySet[PublicProfile]:
    qs = showcase_queryset()
    if filters.get("region"):
        code = filters["region"].upper().removeprefix("MA-")
        qs = qs.filter(cooperative__region__code=code)
    if filters.get("sector"):
        qs = qs.filter(cooperative__sector__code=filters["sector"])
    if filters.get("prize"):
        qs = qs.filter(
            Exists(
                Candidacy.objects.filter(
                    cooperative_id=OuterRef("cooperative_id"),
                    status=Candidacy.Status.LAUREATE,
                    edition__prize__code=filters["prize"],
                )
            )
        )
    return qs.order_by(F("published_at").desc(nulls_first=True), "pk")


def showcase_get(*, slug: str) -> PublicProfile | None:
    return showcase_queryset().filter(slug=slug).first()


def showcase_filter_choices() -> dict:
    return {
        "regions": list(Region.objects.order_by("code")),
        "sectors": list(Sector.objects.order_by("name_fr")),
        "prizes": list(Prize.objects.order_by("since_year", "code")),
    }


def public_photo(*, pk: int) -> CooperativePhoto | None:
    """A photo the public may see: chosen on an online page (approved snapshot) of a laureate."""
    photo = CooperativePhoto.objects.filter(pk=pk).only("pk", "image", "cooperative_id").first()
    if photo is None:
        return None
    profile = showcase_queryset().filter(cooperative_id=photo.cooperative_id).first()
    if profile is None or photo.pk not in profile.public_photo_ids:
        return None
    return photo


def photo_get(*, user, pk: int) -> CooperativePhoto | None:
    return scope(user, CooperativePhoto.objects.all()).filter(pk=pk).first()


def cooperative_photos(*, cooperative_id: int) -> list[CooperativePhoto]:
    return list(CooperativePhoto.objects.filter(cooperative_id=cooperative_id).order_by("created_at", "pk"))


def public_profile_of(*, cooperative_id: int) -> PublicProfile | None:
    return (
        PublicProfile.objects.filter(cooperative_id=cooperative_id)
        .select_related("cooperative")
        .prefetch_related("photos")
        .first()
    )


def review_queue(*, user) -> QuerySet[PublicProfile]:
    """Pages waiting for approval, then the other pages (for the reviewers' list)."""
    return (
        scope(user, PublicProfile.objects.all())
        .select_related("cooperative__region", "reviewed_by")
        .order_by("status", F("submitted_at").desc(nulls_first=True), "pk")
    )


def review_get(*, user, pk: int) -> PublicProfile | None:
    return (
        scope(user, PublicProfile.objects.filter(pk=pk))
        .select_related("cooperative__region", "cooperative__sector")
        .prefetch_related("photos")
        .first()
    )
