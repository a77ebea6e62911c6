"""Who may do what with the steering committee.

The committee role reads everything of the committee; ODCO staff manage meetings and
partners; the chair (the active member flagged as chair) also edits meetings and alone
validates the minutes; a delegation writes only its own region's monthly note.
"""

from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, requires_roles
from odco.roles import Role

can_view_committee = requires_roles(Role.COMMITTEE)
can_manage_committee = requires_roles()  # ODCO staff only
can_view_regional_notes = requires_roles(Role.COMMITTEE, Role.DELEGATION)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _is_staff(user) -> bool:
    return user.is_superuser or user.has_role(Role.STAFF)


def chaired_committee_ids(user) -> frozenset[int]:
    """The committees `user` chairs (one query, cached on the user object)."""
    if not _active(user) or not user.pk:
        return frozenset()
    cached = user.__dict__.get("_chaired_committee_ids")
    if cached is None:
        from .models import CommitteeMember

        cached = frozenset(
            CommitteeMember.objects.filter(user=user, is_chair=True, active=True).values_list(
                "committee_id", flat=True
            )
        )
        user.__dict__["_chaired_committee_ids"] = cached
    return cached


def meeting_roles(user, meeting) -> frozenset[str]:
    """The workflow roles through which `user` acts on `meeting` (staff, chair)."""
    from .committee_workflow import CHAIR

    if not _active(user):
        return frozenset()
    roles = set()
    if _is_staff(user):
        roles.add(Role.STAFF)
    if user.has_role(Role.COMMITTEE) and meeting.committee_id in chaired_committee_ids(user):
        roles.add(CHAIR)
    return frozenset(roles)


def can_edit_meeting(user, meeting) -> Verdict:
    from .committee_workflow import EDITABLE_STATES

    if meeting.status not in EDITABLE_STATES:
        if meeting.status == meeting.Status.VALIDATED:
            return deny(_("The minutes are validated and locked."))
        return deny(_("This meeting is cancelled."))
    if not meeting_roles(user, meeting):
        return deny(_("Only ODCO staff and the committee's chair may change a meeting."))
    return allow()


def can_transition_meeting(user, meeting, transition) -> Verdict:
    from .committee_workflow import CHAIR

    if transition is None or transition.source != meeting.status:
        return deny(_("This step is not possible from the meeting's current status."))
    if not meeting_roles(user, meeting) & transition.roles:
        if transition.roles == {CHAIR}:
            return deny(_("Only the committee's chair may validate the minutes."))
        return deny(_("Your role does not allow this step on this meeting."))
    if transition.name == "validate" and not meeting.minutes.strip():
        return deny(_("Write the minutes before validating them."))
    return allow()


def can_update_action(user, action) -> Verdict:
    if not _active(user):
        return deny(_("You must log in."))
    if meeting_roles(user, action.meeting) or action.owner_id == user.pk:
        return allow()
    return deny(_("Only ODCO staff, the chair or the action's owner may update it."))


def can_generate_monthly_report(user, obj=None) -> Verdict:
    if not _active(user):
        return deny(_("You must log in."))
    if _is_staff(user) or (user.has_role(Role.COMMITTEE) and chaired_committee_ids(user)):
        return allow()
    return deny(_("Only ODCO staff and the committee's chair may generate the monthly report."))


def can_write_regional_note(user, region) -> Verdict:
    if not _active(user):
        return deny(_("You must log in."))
    if _is_staff(user):
        return allow()
    if user.has_role(Role.DELEGATION) and region.pk in user.delegation_region_ids:
        return allow()
    return deny(_("Only the region's delegation may write its note."))
