"""The month calendar of sessions by region (the list view is `sessions.session_list`)."""

from django.shortcuts import render

from odco.params import id_param
from odco.permissions import permission_required
from odco.regions.models import Region

from .. import selectors
from ..calendar import month_bounds, month_grid, parse_month
from ..models import TrainingSession
from ..permissions import can_view_sessions


@permission_required(can_view_sessions)
def session_month(request):
    month = parse_month(request.GET.get("month"))
    filters = {key: request.GET.get(key, "") for key in ("phase", "region", "status")}
    phase = id_param(filters["phase"])
    filters["phase"] = str(phase) if phase else ""
    start, end = month_bounds(month)
    sessions = list(selectors.sessions_between(user=request.user, start=start, end=end, filters=filters))
    regions = Region.objects.order_by("code")
    if filters["region"]:
        regions = regions.filter(code=Region.normalize_code(filters["region"]) or "--")
    grid = month_grid(month, list(regions), sessions)
    return render(
        request,
        "training/session_month.html",
        {
            "grid": grid,
            "filters": filters,
            "phases": list(selectors.phase_list(user=request.user)),
            "all_regions": Region.objects.order_by("code"),
            "statuses": TrainingSession.Status.choices,
        },
    )
