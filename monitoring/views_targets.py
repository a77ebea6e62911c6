"""Baselines and targets of a followed cooperative, one period at a time (staff, delegation)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.models import Cooperative
from odco.permissions import check, permission_required, requires_roles
from odco.roles import Role
from odco.scoping import scope

from .checks import input_text
from .models import FollowUp, IndicatorTarget
from .periods import Period
from .permissions import can_set_targets
from .services import indicators_for
from .services.targets import target_field, targets_save

can_open_targets = requires_roles(Role.DELEGATION)


@permission_required(can_open_targets)
def targets(request, cooperative_pk):
    cooperative = (
        scope(request.user, Cooperative.objects.select_related("region")).filter(pk=cooperative_pk).first()
    )
    follow_up = FollowUp.objects.filter(cooperative_id=cooperative_pk).first() if cooperative else None
    if follow_up is None:
        raise Http404
    check(request.user, can_set_targets, cooperative)
    period = Period.parse(request.GET.get("period", ""))
    if period is None or period.frequency != follow_up.frequency:
        period = Period.containing(timezone.localdate(), follow_up.frequency)
    indicators = indicators_for(follow_up.frequency)
    errors, raw = {}, {}
    if request.method == "POST":
        raw = {key: value for key, value in request.POST.items() if "__" in key}
        try:
            changed = targets_save(
                actor=request.user, cooperative=cooperative, period=period, indicators=indicators, raw=raw
            )
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("Targets saved: %(count)s indicators changed.") % {"count": changed})
            return redirect(f"{request.path}?period={period.label}")
    else:
        saved = {
            t.indicator_id: t
            for t in IndicatorTarget.objects.filter(cooperative=cooperative, period_start=period.start)
        }
        for indicator in indicators:
            row = saved.get(indicator.pk)
            for kind in ("baseline", "target"):
                value = getattr(row, kind) if row else None
                raw[target_field(kind, indicator.code)] = "" if value is None else input_text(value)
    rows = [
        {
            "indicator": indicator,
            "fields": [
                {
                    "kind": kind,
                    "name": target_field(kind, indicator.code),
                    "value": raw.get(target_field(kind, indicator.code), ""),
                    "errors": errors.get(target_field(kind, indicator.code), []),
                }
                for kind in ("baseline", "target")
            ],
        }
        for indicator in indicators
    ]
    return render(
        request,
        "monitoring/targets_form.html",
        {
            "cooperative": cooperative,
            "period": period,
            "previous": period.previous(),
            "next": period.next(),
            "rows": rows,
            "has_errors": bool(errors),
        },
        status=400 if errors else 200,
    )
