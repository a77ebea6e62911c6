"""Who may do what with a job (verdicts `(allowed, reason)`, see odco/permissions.py).

Following a job is scoped by `selectors.job_list` (someone else's job answers 404)."""

from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny
from odco.roles import Role

from .states import JobState


def can_rerun_job(user, job) -> Verdict:
    """An interrupted job (its worker is gone) may be run again by its owner or ODCO staff."""
    if not getattr(user, "is_authenticated", False):
        return deny(_("You must log in."))
    if job.state != JobState.INTERRUPTED:
        return deny(_("Only an interrupted job can be run again."))
    if not job.task_name:
        return deny(_("This job cannot be run again."))
    if not (user.is_superuser or user.has_role(Role.STAFF) or job.created_by_id == user.pk):
        return deny(_("Only the person who started this job, or ODCO staff, can run it again."))
    return allow()
