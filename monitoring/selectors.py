from django.db.models import Count, F, QuerySet

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


# -- periodic reports ---------------------------------------------------------------------------


def report_queryset(*, user):
    """The reports `user` may see, with what every list shows."""
    from .models import PeriodicReport

    return scope(user, PeriodicReport.objects.all()).select_related("cooperative__region")


def report_list(*, user, filters: dict | None = None):
    """Reports in scope, filtered by status, region (code), period (label) and cooperative."""
    from .periods import Period

    filters = filters or {}
    qs = report_queryset(user=user)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("region"):
        qs = qs.filter(cooperative__region__code=Region.normalize_code(filters["region"]) or "--")
    period = Period.parse(filters.get("period", ""))
    if period:
        qs = qs.filter(period_start=period.start, frequency=period.frequency)
    if filters.get("cooperative"):
        qs = qs.filter(cooperative_id=filters["cooperative"])
    return qs.order_by("-period_start", "cooperative__name_fr", "pk")


def report_get(*, user, pk: int):
    """One report in scope (None otherwise: the view answers 404)."""
    return report_queryset(user=user).select_related("updated_by").filter(pk=pk).first()


def report_values(*, report) -> dict[tuple[int, str], object]:
    return {(v.indicator_id, v.breakdown): v for v in report.values.all()}


def validation_queue(*, user):
    """Submitted reports of the delegation's region(s) (every region for staff), oldest first."""
    from .models import PeriodicReport

    return (
        report_queryset(user=user)
        .filter(status=PeriodicReport.Status.SUBMITTED)
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
    )


def approval_queue(*, user):
    from .models import PeriodicReport

    return (
        report_queryset(user=user)
        .filter(status=PeriodicReport.Status.VALIDATED)
        .order_by(F("validated_at").asc(nulls_last=True), "pk")
    )


def missing_reports(*, user, today, region_code: str = ""):
    """Reports past their due date and not submitted (draft or returned), by region."""
    from .workflow import PENDING_STATES

    qs = report_queryset(user=user).filter(status__in=PENDING_STATES, due_on__lt=today)
    if region_code:
        qs = qs.filter(cooperative__region__code=Region.normalize_code(region_code) or "--")
    return qs.order_by("cooperative__region__code", "due_on", "cooperative__name_fr", "pk")


def missing_reports_by_region(*, user, today):
    """Each region in scope with its number of missing reports (one query)."""
    from django.db.models import Q

    from .workflow import PENDING_STATES

    return (
        scope(user, Region.objects.all())
        .annotate(
            missing=Count(
                "cooperatives__periodic_reports",
                filter=Q(
                    cooperatives__periodic_reports__status__in=PENDING_STATES,
                    cooperatives__periodic_reports__due_on__lt=today,
                ),
            )
        )
        .order_by("code")
    )


def evidence_get(*, user, pk: int):
    from .models import Evidence

    return (
        Evidence.objects.filter(pk=pk, report__in=report_queryset(user=user))
        .select_related("report__cooperative")
        .first()
    )


def cooperative_reports(*, cooperative_id: int, limit: int = 8):
    """The cooperative's latest reports, for its own space."""
    from .models import PeriodicReport

    return list(
        PeriodicReport.objects.filter(cooperative_id=cooperative_id).order_by("-period_start")[:limit]
    )


def follow_up_get(*, user, cooperative_id: int):
    """A follow-up in scope (committee members read only: they get None)."""
    from odco.roles import Role

    from .models import FollowUp

    if not (user.has_role(Role.STAFF, Role.DELEGATION, Role.COOPERATIVE) or user.is_superuser):
        return None
    return (
        scope(user, FollowUp.objects.all())
        .select_related("cooperative")
        .filter(cooperative_id=cooperative_id)
        .first()
    )


def follow_ups_of(*, cooperative_ids):
    from .models import FollowUp

    return list(FollowUp.objects.filter(cooperative_id__in=cooperative_ids).select_related("cooperative"))
