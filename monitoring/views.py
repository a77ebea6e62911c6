from django.http import Http404
from django.shortcuts import render

from odco.permissions import permission_required

from .permissions import can_use_cooperative_space, can_view_national_dashboard, can_view_regional_dashboards
from .selectors import candidacies_for_space, cooperative_for_space, regions_with_counts, visible_region


@permission_required(can_view_national_dashboard)
def national_dashboard(request):
    regions = list(regions_with_counts(user=request.user))
    return render(
        request,
        "monitoring/national_dashboard.html",
        {"regions": regions, "cooperative_total": sum(r.cooperative_count for r in regions)},
    )


@permission_required(can_view_regional_dashboards)
def regional_dashboard(request, code):
    region = visible_region(user=request.user, code=code)
    if region is None:
        raise Http404
    cooperative_count = region.cooperatives.count()
    return render(
        request,
        "monitoring/regional_dashboard.html",
        {"region": region, "cooperative_count": cooperative_count},
    )


@permission_required(can_use_cooperative_space)
def cooperative_space(request):
    cooperative = cooperative_for_space(user=request.user)
    if cooperative is None:
        raise Http404
    return render(
        request,
        "monitoring/me.html",
        {"cooperative": cooperative, "candidacies": candidacies_for_space(cooperative_id=cooperative.pk)},
    )
