from django.urls import reverse
from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, requires_roles
from odco.roles import Role

can_view_national_dashboard = requires_roles(Role.COMMITTEE)
can_view_regional_dashboards = requires_roles(Role.COMMITTEE, Role.DELEGATION)


def can_use_cooperative_space(user, obj=None) -> Verdict:
    if not user.is_authenticated:
        return deny(_("You must log in."))
    if not user.cooperative_ids:
        return deny(_("This space belongs to cooperative accounts."))
    return allow()


def own_regional_dashboard_url(user) -> str | None:
    from odco.regions.models import Region

    region_ids = sorted(user.delegation_region_ids)
    if not region_ids:
        return None
    code = Region.objects.filter(pk=region_ids[0]).values_list("code", flat=True).first()
    return reverse("regional_dashboard", args=[code]) if code else None
