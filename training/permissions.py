"""Who may do what in regional training. Scope (which rows) is decided by `odco.scoping`
(rules in `training.apps`); these functions decide the action and give a reason."""

from django.utils import timezone
from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, requires_roles
from odco.roles import Role

from .models import TrainingSession
from .workflow import ROLL_CALL_STATES, Transition

can_view_modules = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.TRAINER)
can_manage_modules = requires_roles(Role.COORDINATOR)
can_view_sessions = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.TRAINER)
can_plan_sessions = requires_roles(Role.COORDINATOR)
can_view_coverage = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION)
can_use_trainer_space = requires_roles(Role.TRAINER)
can_view_kit = requires_roles(Role.COMMITTEE, Role.COORDINATOR)
can_manage_kit = requires_roles(Role.COORDINATOR)
can_view_certificates = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION)
can_issue_certificates = requires_roles(Role.COORDINATOR)
can_revoke_certificates = requires_roles(Role.COORDINATOR)
can_download_certificate = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.COOPERATIVE)
can_download_kit_item = requires_roles(
    Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.TRAINER, Role.COOPERATIVE
)
can_use_calendar_feed = requires_roles(Role.COORDINATOR, Role.DELEGATION, Role.TRAINER, Role.COOPERATIVE)


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_staff(user) -> bool:
    return bool(_authenticated(user) and (user.is_superuser or user.has_role(Role.STAFF)))


def runs_session(user, session) -> bool:
    """The user is one of the session's trainers (uses a prefetched `trainers` when present)."""
    return _authenticated(user) and any(trainer.pk == user.pk for trainer in session.trainers.all())


def can_transition_session(user, session, transition: Transition | None = None) -> Verdict:
    """The workflow table allows the move for one of the user's roles, on this session."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if transition is None or transition.source != session.status:
        return deny(_("This step is not possible from the session's current status."))
    if is_staff(user) and Role.STAFF in transition.roles:
        return allow()
    if Role.COORDINATOR in transition.roles and user.has_role(Role.COORDINATOR):
        return allow()
    if Role.TRAINER in transition.roles and user.has_role(Role.TRAINER) and runs_session(user, session):
        return allow()
    return deny(_("Your role may not take this step on this session."))


def can_take_roll_call(user, session=None) -> Verdict:
    """The session's trainers, the coordinator and ODCO staff, while the session is open or held."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    allowed_role = is_staff(user) or user.has_role(Role.COORDINATOR)
    if session is None:
        return (
            allow()
            if allowed_role or user.has_role(Role.TRAINER)
            else deny(_("Only trainers take the roll call."))
        )
    if not (allowed_role or (user.has_role(Role.TRAINER) and runs_session(user, session))):
        return deny(_("Only the session's trainers take its roll call."))
    if session.status not in ROLL_CALL_STATES:
        return deny(_("The roll call is taken while the session is open or held."))
    return allow()


def can_close_phase_training(user, plan=None, *, missing_regions: int = 0) -> Verdict:
    if not _authenticated(user):
        return deny(_("You must log in."))
    if not (is_staff(user) or user.has_role(Role.COORDINATOR)):
        return deny(_("Only the coordinator or ODCO staff close a phase's training."))
    if plan is not None and plan.is_closed:
        return deny(_("This phase's training is already closed."))
    if missing_regions and not is_staff(user):
        return deny(_("Some regions have no session: only ODCO staff may close the phase, recording why."))
    return allow()


can_get_session_calendar = requires_roles(
    Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.TRAINER, Role.COOPERATIVE
)


can_reply_enrolments = requires_roles(Role.COOPERATIVE)

# A session still ahead whose invitation can be answered.
REPLY_STATES = frozenset({TrainingSession.Status.PLANNED, TrainingSession.Status.OPEN})


def answers_for(user, enrolment) -> Verdict:
    """The user holds the `cooperative` role bound to the enrolment's cooperative."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if not (user.has_role(Role.COOPERATIVE) and enrolment.cooperative_id in user.cooperative_ids):
        return deny(_("Only the participant's cooperative answers this invitation."))
    return allow()


def can_reply_enrolment(user, enrolment, *, now=None) -> Verdict:
    """The cooperative answers a planned or open session that has not started yet."""
    session = enrolment.session
    if session.status not in REPLY_STATES:
        return deny(_("Only a planned or open session can be answered."))
    if session.starts_at <= (now or timezone.now()):
        return deny(_("This session has already started: it can no longer be answered."))
    return answers_for(user, enrolment)
