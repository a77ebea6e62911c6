from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from odco.permissions import permission_required
from odco.regions.models import Region

from .permissions import can_view_cooperative, can_view_cooperative_list
from .selectors import cooperative_get, cooperative_list


@permission_required(can_view_cooperative_list)
def cooperative_list_view(request):
    region = Region.normalize_code(request.GET.get("region", "")) or ""
    page = Paginator(cooperative_list(user=request.user, filters={"region": region}), settings.ODCO_PAGE_SIZE)
    return render(
        request,
        "cooperatives/cooperative_list.html",
        {"page": page.get_page(request.GET.get("page")), "region": region},
    )


@permission_required(can_view_cooperative)
def cooperative_detail_view(request, pk):
    cooperative = cooperative_get(user=request.user, pk=pk)
    if cooperative is None:
        raise Http404
    return render(request, "cooperatives/cooperative_detail.html", {"cooperative": cooperative})
