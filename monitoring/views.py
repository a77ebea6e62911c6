from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from coaching.journey import pitch_scores
from coaching.selectors import cooperative_space_coaching
from mentoring.selectors import cooperative_space_mentoring
from odco.calendar_files import Reply
from odco.permissions import permission_required
from prizes.journey import journey_candidacies
from training.selectors import cooperative_invitations, kit_for_cooperative

from .dashboard import exports, panels
from .dashboard.filters import MAP_MEASURES, load_choices, parse_filters
from .permissions import (
    can_use_cooperative_space,
    can_view_national_dashboard,
    can_view_regional_dashboards,
    can_view_validation_queue,
)
from .selectors import (
    cooperative_for_space,
    regions_with_counts,
    visible_region,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dashboard(request, *, region=None) -> dict:
    """Filters, choices and panels of a dashboard (the national one when `region` is None)."""
    today = timezone.localdate()
    choices = load_choices(user=request.user, today=today)
    filters = parse_filters(request.GET, choices, region=region)
    context = panels.build(
        user=request.user, filters=filters, choices=choices, today=today, regional=region is not None
    )
    context.update(
        {
            "filters": filters,
            "choices": choices,
            "query": urlencode(filters.query()),
            "map_measures": MAP_MEASURES,
            "may_validate": can_view_validation_queue(request.user)[0],
        }
    )
    return context


@permission_required(can_view_national_dashboard)
def national_dashboard(request):
    regions = list(regions_with_counts(user=request.user))
    context = _dashboard(request)
    context.update({"regions": regions, "cooperative_total": sum(r.cooperative_count for r in regions)})
    return render(request, "monitoring/national_dashboard.html", context)


@permission_required(can_view_regional_dashboards)
def regional_dashboard(request, code):
    region = visible_region(user=request.user, code=code)
    if region is None:
        raise Http404
    context = _dashboard(request, region=region)
    context.update({"region": region, "cooperative_count": region.cooperatives.count()})
    return render(request, "monitoring/regional_dashboard.html", context)


def _export(request, *, region=None, name: str):
    context = _dashboard(request, region=region)
    key = request.GET.get("figure", "")
    if key:
        figure = context["figures"].get(key)
        if figure is None:
            raise Http404
        content, filename = exports.figure_xlsx(figure), f"{name}-{key}.xlsx"
    else:
        filters = exports.filter_rows(context["filters"], context["choices"], region=region)
        content, filename = exports.figures_xlsx(context["figure_list"], filters=filters), f"{name}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required(can_view_national_dashboard)
def national_dashboard_export(request):
    """The national dashboard's figures as Excel (`?figure=<key>` for one, else all)."""
    return _export(request, name="dashboard")


@permission_required(can_view_regional_dashboards)
def regional_dashboard_export(request, code):
    region = visible_region(user=request.user, code=code)
    if region is None:
        raise Http404
    return _export(request, region=region, name=f"dashboard-{region.code}")


@permission_required(can_use_cooperative_space)
def cooperative_space(request):
    """The cooperative's own space: what comes next, tasks, journey, kit, notifications."""
    from cooperatives.selectors_profile import cooperative_profile_changes
    from odco.notifications.selectors import notification_list

    from .journey import journey, kit_entries
    from .models import PeriodicReport
    from .workflow import PENDING_STATES

    cooperative = cooperative_for_space(user=request.user)
    if cooperative is None:
        raise Http404
    today = timezone.localdate()
    kit = kit_for_cooperative(cooperative_id=cooperative.pk, viewer=request.user)
    notifications = notification_list(user=request.user, limit=5)
    profile_changes = cooperative_profile_changes(cooperative_id=cooperative.pk)
    reports = list(PeriodicReport.objects.filter(cooperative_id=cooperative.pk).order_by("period_start"))
    simulations = pitch_scores(cooperative_id=cooperative.pk)
    candidacies = journey_candidacies(cooperative_id=cooperative.pk)
    coaching = cooperative_space_coaching(user=request.user, cooperative_id=cooperative.pk)
    mentoring = cooperative_space_mentoring(user=request.user, cooperative_id=cooperative.pk)
    return render(
        request,
        "monitoring/me.html",
        {
            "cooperative": cooperative,
            "today": today,
            "candidacies": candidacies,
            "training_invitations": cooperative_invitations(cooperative_id=cooperative.pk),
            "training_replies": Reply.choices[1:],
            **coaching,
            **mentoring,
            **kit,
            **journey(
                cooperative_id=cooperative.pk,
                today=today,
                reports=reports,
                simulations=simulations,
                certificates=kit["certificates"],
                candidacies=candidacies,
                actions=coaching["coaching_actions"],
                mentorships=mentoring["mentoring_mentorships"],
            ),
            "pitch_scores": simulations,
            "kit_entries": kit_entries(kit=kit),
            "reports_to_submit": [r for r in reports if r.status in PENDING_STATES],
            # the "My reports" card: the latest eight, as `monitoring.selectors.cooperative_reports`
            "recent_reports": sorted(reports, key=lambda r: r.period_start, reverse=True)[:8],
            "corrections": [c for c in profile_changes if c.status == c.Status.REQUESTED],
            "profile_changes": profile_changes,
            "notifications": notifications,
            "unread_count": notifications[0].unread_total if notifications else 0,
        },
    )


@permission_required(can_use_cooperative_space)
def cooperative_kit_download(request, kind, pk):
    """A kit item or certificate of the user's cooperative: remember it was opened (no longer
    new), then hand over to the training app's download, which checks access again."""
    from odco.notifications.services import seen_record

    cooperative = cooperative_for_space(user=request.user)
    if cooperative is None:
        raise Http404
    kit = kit_for_cooperative(cooperative_id=cooperative.pk)
    if kind == "item" and any(item.pk == pk for item in kit["kit_items"]):
        target = reverse("training:kit_item_download", args=[pk])
        key = f"kititem:{pk}"
    elif kind == "certificate" and any(c.pk == pk and c.is_valid and c.pdf for c in kit["certificates"]):
        target = reverse("training:certificate_pdf", args=[pk])
        key = f"certificate:{pk}"
    else:
        raise Http404
    seen_record(user=request.user, key=key)
    return redirect(target)
