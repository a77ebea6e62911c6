"""Modules, sessions, their workflow, enrolment and the phase's closure."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.models import Member
from odco.audit.services import audit_record
from odco.regions.models import Region
from prizes.models import Candidacy
from prizes.services import phase_assert_schedulable

from ..conf import min_attendance_percent
from ..models import Enrolment, PhaseTraining, TrainingModule, TrainingSession
from ..permissions import (
    can_close_phase_training,
    can_manage_modules,
    can_plan_sessions,
    can_transition_session,
)
from ..workflow import COVERING_STATES, ENROLLING_STATES, transition_named
from .errors import TrainingRefused, require

# Candidacies whose participants are trained in the phase.
ACCOMPANIED_STATES = (
    Candidacy.Status.ACCOMPANIED,
    Candidacy.Status.FINALIST,
    Candidacy.Status.LAUREATE,
)
MODULE_FIELDS = (
    "code",
    "topic",
    "title_fr",
    "title_ar",
    "objectives",
    "duration_hours",
    "materials",
    "is_active",
)


@transaction.atomic
def module_save(*, actor, module: TrainingModule | None = None, **fields) -> TrainingModule:
    """Create a catalogue module, or update one."""
    require(can_manage_modules(actor))
    unknown = set(fields) - set(MODULE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown module fields: {sorted(unknown)}")
    created = module is None
    module = module or TrainingModule()
    for name, value in fields.items():
        setattr(module, name, value)
    module.full_clean()
    module.save()
    audit_record(
        actor=actor, action="training_module.create" if created else "training_module.update", obj=module
    )
    return module


def phase_training(phase) -> PhaseTraining:
    """The phase's training settings, created with the default attendance rule on first use."""
    plan, _created = PhaseTraining.objects.get_or_create(
        phase=phase, defaults={"min_attendance_percent": min_attendance_percent()}
    )
    return plan


def _assert_phase_open(phase) -> None:
    plan = PhaseTraining.objects.filter(phase_id=phase.pk).first()
    if plan is not None and plan.is_closed:
        raise ValidationError(_("This phase's training is closed: no session can be scheduled or changed."))


def _check_dates(phase, starts_at: datetime, ends_at: datetime) -> None:
    if starts_at and timezone.localdate(starts_at) < phase.starts_on:
        raise ValidationError({"starts_at": _("The session must take place during the phase.")})
    if ends_at and timezone.localdate(ends_at) > phase.ends_on:
        raise ValidationError({"ends_at": _("The session must take place during the phase.")})


@transaction.atomic
def session_schedule(
    *,
    actor,
    phase,
    region: Region,
    modules: list[TrainingModule],
    starts_at: datetime,
    ends_at: datetime,
    venue: str = "",
    online_url: str = "",
    trainers=(),
    capacity: int = 30,
    hours: Decimal | None = None,
) -> TrainingSession:
    """Plan a session of a phase in a region. Refused until ODCO validates the concept note."""
    require(can_plan_sessions(actor))
    phase_assert_schedulable(phase)
    _assert_phase_open(phase)
    if not modules:
        raise ValidationError({"modules": _("Choose at least one module.")})
    _check_dates(phase, starts_at, ends_at)
    if hours is None:
        hours = sum((m.duration_hours for m in modules), Decimal("0"))
    session = TrainingSession(
        phase=phase,
        region=region,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=(venue or "").strip(),
        online_url=(online_url or "").strip(),
        capacity=capacity,
        hours=hours,
    )
    session.full_clean()
    session.save()
    session.modules.set(modules)
    session.trainers.set(trainers)
    phase_training(phase)
    audit_record(
        actor=actor,
        action="training_session.schedule",
        obj=session,
        to_state=session.status,
        changes={"region": region.code, "modules": [m.code for m in modules]},
    )
    return session


@transaction.atomic
def session_update(
    *, actor, session: TrainingSession, modules=None, trainers=None, **fields
) -> TrainingSession:
    """Change a planned or open session's dates, place, capacity, modules or trainers."""
    require(can_plan_sessions(actor))
    session = TrainingSession.objects.select_for_update().select_related("phase").get(pk=session.pk)
    if session.status not in ENROLLING_STATES:
        raise ValidationError(_("Only a planned or open session can be changed."))
    _assert_phase_open(session.phase)
    allowed = {"starts_at", "ends_at", "venue", "online_url", "capacity", "hours"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown session fields: {sorted(unknown)}")
    before = {name: str(getattr(session, name)) for name in fields}
    modules_before = _module_ids(session)
    for name, value in fields.items():
        setattr(session, name, value)
    _check_dates(session.phase, session.starts_at, session.ends_at)
    if modules is not None and not modules:
        raise ValidationError({"modules": _("Choose at least one module.")})
    session.full_clean()
    session.save()
    if modules is not None:
        session.modules.set(modules)
    if trainers is not None:
        session.trainers.set(trainers)
    changes = {
        name: [before[name], str(getattr(session, name))]
        for name in fields
        if before[name] != str(getattr(session, name))
    }
    if set(changes) & CALENDAR_FIELDS or (modules is not None and modules_before != _module_ids(session)):
        session_calendar_revise(session=session)
    audit_record(actor=actor, action="training_session.update", obj=session, changes=changes)
    return session


# Changes that invited calendars must follow (modules too: they make the event's title).
CALENDAR_FIELDS = {"starts_at", "ends_at", "venue", "online_url"}


def _module_ids(session) -> list[int]:
    return sorted(session.modules.values_list("pk", flat=True))


def session_calendar_revise(*, session: TrainingSession) -> None:
    """Raise the session's calendar revision (SEQUENCE) and, after commit, send the new
    revision to the cooperatives already invited (an update, or the cancellation)."""
    TrainingSession.objects.filter(pk=session.pk).update(calendar_sequence=F("calendar_sequence") + 1)
    session.refresh_from_db(fields=["calendar_sequence"])
    from ..tasks import session_send_invitations

    session_id = session.pk
    transaction.on_commit(lambda: session_send_invitations.delay(session_id))


@transaction.atomic
def session_transition(
    *, actor, session: TrainingSession, name: str, comment: str = "", notify: bool = True
) -> TrainingSession:
    """Apply one step of the session workflow (see `training.workflow`). Opening a session
    e-mails the invitations after commit (`notify=False` for demo data)."""
    session = TrainingSession.objects.select_for_update().select_related("phase").get(pk=session.pk)
    transition = transition_named(name)
    require(can_transition_session(actor, session, transition))
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise ValidationError({"comment": _("Give the reason.")})
    source = session.status
    session.status = transition.target
    fields = ["status"]
    if transition.target == TrainingSession.Status.CANCELLED:
        session.cancel_reason = comment
        fields.append("cancel_reason")
    session.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"training_session.{transition.name}",
        obj=session,
        from_state=source,
        to_state=session.status,
        message=comment,
    )
    if transition.target == TrainingSession.Status.CANCELLED:
        session_calendar_revise(session=session)  # invited calendars receive the cancellation
    elif notify and transition.target == TrainingSession.Status.OPEN:
        from ..tasks import session_send_invitations

        session_id = session.pk
        transaction.on_commit(lambda: session_send_invitations.delay(session_id))
    return session


def _participants_for(session: TrainingSession):
    """Participants of accompanied candidacies of the session's edition, in its region."""
    candidacies = Candidacy.objects.filter(
        edition_id=session.phase.edition_id,
        region_id=session.region_id,
        status__in=ACCOMPANIED_STATES,
        cooperative__isnull=False,
    )
    by_cooperative = dict(candidacies.values_list("cooperative_id", "pk"))
    people = Member.objects.filter(
        cooperative_id__in=list(by_cooperative), kind=Member.Kind.PARTICIPANT
    ).order_by("cooperative_id", "last_name", "first_name", "pk")
    return people, by_cooperative


@transaction.atomic
def enrolment_enrol_region(*, actor, session: TrainingSession, notify: bool = True) -> tuple[int, int]:
    """Enrol the participants of the region's accompanied candidacies, up to the capacity.

    Safe to run twice: participants already enrolled are skipped. Returns (enrolled now,
    left out for lack of seats).
    """
    require(can_plan_sessions(actor))
    session = TrainingSession.objects.select_for_update().select_related("phase").get(pk=session.pk)
    if session.status not in ENROLLING_STATES:
        raise ValidationError(_("Participants are enrolled while the session is planned or open."))
    people, by_cooperative = _participants_for(session)
    already = set(session.enrolments.values_list("participant_id", flat=True))
    seats = session.capacity - len(already)
    candidates = [p for p in people if p.pk not in already]
    chosen, left_out = candidates[: max(seats, 0)], candidates[max(seats, 0) :]
    created = Enrolment.objects.bulk_create(
        [
            Enrolment(
                session=session,
                participant=person,
                cooperative_id=person.cooperative_id,
                candidacy_id=by_cooperative.get(person.cooperative_id),
            )
            for person in chosen
        ]
    )
    if created:
        audit_record(
            actor=actor,
            action="training_session.enrol",
            obj=session,
            changes={"enrolled": len(created), "left_out": len(left_out)},
        )
        if notify and session.status == TrainingSession.Status.OPEN:
            from ..tasks import session_send_invitations

            session_id = session.pk
            transaction.on_commit(lambda: session_send_invitations.delay(session_id))
    return len(created), len(left_out)


@transaction.atomic
def enrolment_remove(*, actor, enrolment: Enrolment) -> None:
    require(can_plan_sessions(actor))
    session = TrainingSession.objects.select_for_update().get(pk=enrolment.session_id)
    if session.status not in ENROLLING_STATES:
        raise ValidationError(_("Participants are enrolled while the session is planned or open."))
    audit_record(
        actor=actor,
        action="training_session.unenrol",
        obj=session,
        changes={"participant": str(enrolment.participant)},
    )
    enrolment.delete()


def regions_without_session(phase) -> list[Region]:
    covered = TrainingSession.objects.filter(phase_id=phase.pk, status__in=COVERING_STATES).values(
        "region_id"
    )
    return list(Region.objects.exclude(pk__in=covered).order_by("code"))


@transaction.atomic
def phase_training_close(*, actor, phase, reason: str = "") -> PhaseTraining:
    """Close a phase's training. While a region has no session, only ODCO staff may close it,
    and only by recording why."""
    plan = phase_training(phase)
    plan = PhaseTraining.objects.select_for_update().get(pk=plan.pk)
    missing = regions_without_session(phase)
    require(can_close_phase_training(actor, plan, missing_regions=len(missing)))
    reason = (reason or "").strip()
    if missing and not reason:
        raise ValidationError(
            {"reason": _("Some regions have no session: record why before closing the phase.")}
        )
    open_sessions = TrainingSession.objects.filter(phase_id=phase.pk).filter(
        Q(status=TrainingSession.Status.PLANNED) | Q(status=TrainingSession.Status.OPEN)
    )
    if open_sessions.exists():
        raise ValidationError(_("Hold or cancel every planned and open session before closing the phase."))
    plan.closed_at = timezone.now()
    plan.closed_by = actor
    plan.missing_regions_reason = reason if missing else ""
    plan.save(update_fields=["closed_at", "closed_by", "missing_regions_reason"])
    audit_record(
        actor=actor,
        action="phase_training.close",
        obj=plan,
        from_state="open",
        to_state="closed",
        message=reason,
        changes={"missing_regions": [r.code for r in missing]},
    )
    return plan


@transaction.atomic
def phase_training_set_rule(*, actor, phase, min_attendance_percent: int) -> PhaseTraining:
    """Change the phase's attendance rule (before its certificates are issued)."""
    require(can_plan_sessions(actor))
    plan = PhaseTraining.objects.select_for_update().get(pk=phase_training(phase).pk)
    if plan.is_closed:
        raise TrainingRefused(_("This phase's training is already closed."))
    before = plan.min_attendance_percent
    plan.min_attendance_percent = min_attendance_percent
    plan.full_clean()
    plan.save(update_fields=["min_attendance_percent"])
    audit_record(
        actor=actor,
        action="phase_training.rule",
        obj=plan,
        changes={"min_attendance_percent": [before, min_attendance_percent]},
    )
    return plan
