from django.urls import reverse
from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, requires_roles
from odco.roles import Role

can_view_national_dashboard = requires_roles(Role.COMMITTEE)
can_view_regional_dashboards = requires_roles(Role.COMMITTEE, Role.DELEGATION)
# Reports: the committee reads, the delegation validates, the cooperative fills its own.
can_view_reports = requires_roles(Role.COMMITTEE, Role.DELEGATION, Role.COOPERATIVE)
can_view_validation_queue = requires_roles(Role.DELEGATION)
can_view_approval_queue = requires_roles()  # ODCO staff only
can_view_missing_reports = requires_roles(Role.COMMITTEE, Role.DELEGATION)


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


def acting_roles(user, report) -> frozenset[str]:
    """The roles through which `user` may act on `report` (its scope, not its state)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser or user.has_role(Role.STAFF):
        return frozenset({Role.STAFF})
    roles = set()
    if user.has_role(Role.DELEGATION) and report.cooperative.region_id in user.delegation_region_ids:
        roles.add(Role.DELEGATION)
    if user.has_role(Role.COOPERATIVE) and report.cooperative_id in user.cooperative_ids:
        roles.add(Role.COOPERATIVE)
    return frozenset(roles)


def can_edit_report(user, report) -> Verdict:
    from .workflow import EDITABLE_STATES, FILLERS

    if report.status not in EDITABLE_STATES:
        if report.status == report.Status.APPROVED:
            return deny(_("This report is approved and locked."))
        return deny(_("This report is under review and cannot be changed."))
    if not acting_roles(user, report) & set(FILLERS):
        return deny(_("Only the cooperative, its delegation or ODCO staff may fill this report."))
    return allow()


def can_transition_report(user, report, transition) -> Verdict:
    if transition is None or transition.source != report.status:
        return deny(_("This step is not possible from the report's current status."))
    if not acting_roles(user, report) & transition.roles:
        return deny(_("Your role does not allow this step on this report."))
    return allow()


def can_set_targets(user, cooperative=None) -> Verdict:
    """ODCO staff, or the delegation of the cooperative's region, set baselines and targets."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return deny(_("You must log in."))
    if user.is_superuser or user.has_role(Role.STAFF):
        return allow()
    if user.has_role(Role.DELEGATION) and (
        cooperative is None or cooperative.region_id in user.delegation_region_ids
    ):
        return allow()
    return deny(_("Only ODCO staff or the cooperative's delegation set its targets."))


def can_download_evidence(user, evidence) -> Verdict:
    if not acting_roles(user, evidence.report) and not user.has_role(Role.COMMITTEE):
        return deny(_("Your role does not give access to this file."))
    return allow()
