"""Every write of coaching except pitch scoring (see `coaching.scoring`).

Services are keyword-only, atomic, validate with `full_clean()`, and record an audit entry.
Anything that schedules coaching in a phase calls `prizes.services.phase_assert_schedulable`.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from odco.audit.services import audit_record, audit_record_many
from prizes.services import phase_assert_schedulable

from .models import Action, Assignment, CoachingSession, CoachProfile
from .permissions import (
    can_assign_coach,
    can_edit_coach_profile,
    can_end_assignment,
    can_log_session,
    can_mark_action_done,
)


def _require(verdict) -> None:
    allowed, reason = verdict
    if not allowed:
        raise PermissionDenied(reason)


def _phase_of(candidacy):
    phase = getattr(candidacy.edition, "phase", None)
    if phase is None:
        raise ValidationError(_("This candidacy's edition has no accompaniment phase yet."), code="no_phase")
    return phase


def assert_in_window(assignment: Assignment, day: date, field: str = "held_on") -> None:
    """Coaching happens within the phase's dates (the coaching window)."""
    starts_on, ends_on = assignment.window
    if not starts_on <= day <= ends_on:
        raise ValidationError(
            {
                field: _("Choose a date within the coaching window, %(start)s to %(end)s.")
                % {"start": starts_on.strftime("%d/%m/%Y"), "end": ends_on.strftime("%d/%m/%Y")}
            },
            code="outside_window",
        )


@transaction.atomic
def coach_profile_save(
    *,
    actor,
    user,
    specialties: list[str],
    languages: list[str],
    regions,
    capacity: int,
    is_available: bool,
    availability_note: str = "",
    bio: str = "",
) -> CoachProfile:
    """Create or update the coach profile of `user` (who must hold the coach role)."""
    profile = CoachProfile.objects.filter(user=user).first()
    _require(can_edit_coach_profile(actor, profile))
    if not user.has_role("coach"):
        raise ValidationError({"user": _("This person does not hold the coach role.")})
    created = profile is None
    profile = profile or CoachProfile(user=user)
    profile.specialties = sorted(set(specialties))
    profile.languages = sorted(set(languages))
    profile.capacity = capacity
    profile.is_available = is_available
    profile.availability_note = availability_note
    profile.bio = bio
    profile.full_clean()
    profile.save()
    profile.regions.set(regions)
    audit_record(
        actor=actor,
        action="coaching.coach_profile_created" if created else "coaching.coach_profile_updated",
        obj=profile,
        changes={"specialties": profile.specialties, "languages": profile.languages, "capacity": capacity},
    )
    return profile


@transaction.atomic
def assignment_create(*, actor, candidacy, coach: CoachProfile) -> Assignment:
    """Assign `coach` to an accompanied candidacy; its phase must be schedulable."""
    _require(can_assign_coach(actor, candidacy))
    phase_assert_schedulable(_phase_of(candidacy))
    if not coach.is_available:
        raise ValidationError({"coach": _("This coach is not available for new assignments.")})
    existing = Assignment.objects.select_for_update().filter(candidacy=candidacy, coach=coach).first()
    if existing is not None and existing.is_active:
        raise ValidationError({"coach": _("This coach is already assigned to this candidacy.")})
    if existing is not None:
        # A coach who left comes back: the same assignment (and its history) resumes.
        existing.is_active, existing.ended_at, existing.assigned_by = True, None, actor
        existing.save(update_fields=["is_active", "ended_at", "assigned_by"])
        assignment = existing
    else:
        assignment = Assignment(candidacy=candidacy, coach=coach, assigned_by=actor)
        assignment.full_clean()
        assignment.save()
    audit_record(actor=actor, action="coaching.coach_assigned", obj=assignment, to_state="active")
    return assignment


@transaction.atomic
def assignment_end(*, actor, assignment: Assignment) -> Assignment:
    assignment = Assignment.objects.select_for_update().select_related("coach").get(pk=assignment.pk)
    _require(can_end_assignment(actor, assignment))
    assignment.is_active = False
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["is_active", "ended_at"])
    audit_record(
        actor=actor, action="coaching.assignment_ended", obj=assignment, from_state="active", to_state="ended"
    )
    return assignment


@dataclass(frozen=True)
class AgreedAction:
    title: str
    owner: str
    due_on: date


@transaction.atomic
def session_log(
    *,
    actor,
    assignment: Assignment,
    held_on: date,
    duration_minutes: int,
    mode: str,
    topics: str,
    notes: str = "",
    actions: list[AgreedAction] | tuple = (),
) -> CoachingSession:
    """Record a coaching session (past, or planned within the window) and the actions agreed."""
    _require(can_log_session(actor, assignment))
    phase_assert_schedulable(_phase_of(assignment.candidacy))
    assert_in_window(assignment, held_on)
    session = CoachingSession(
        assignment=assignment,
        held_on=held_on,
        duration_minutes=duration_minutes,
        mode=mode,
        topics=topics.strip(),
        notes=notes.strip(),
        created_by=actor,
    )
    session.full_clean()
    session.save()
    errors = {}
    created = []
    for index, agreed in enumerate(actions):
        if agreed.due_on < held_on:
            errors[f"action_{index}_due_on"] = _("An action cannot be due before the session.")
            continue
        action = Action(
            session=session,
            candidacy_id=assignment.candidacy_id,
            title=agreed.title.strip(),
            owner=agreed.owner,
            due_on=agreed.due_on,
        )
        action.full_clean(exclude=["session", "candidacy"])
        created.append(action)
    if errors:
        raise ValidationError(errors)
    Action.objects.bulk_create(created)
    audit_record(
        actor=actor,
        action="coaching.session_logged",
        obj=session,
        changes={"held_on": held_on.isoformat(), "minutes": duration_minutes, "actions": len(created)},
    )
    return session


@transaction.atomic
def action_mark_done(*, actor, action: Action) -> Action:
    """Mark an agreed action done (the cooperative, its coach or the coordinator)."""
    action = Action.objects.select_for_update().select_related("candidacy").get(pk=action.pk)
    _require(can_mark_action_done(actor, action))
    action.done_at = timezone.now()
    action.done_by = actor
    action.save(update_fields=["done_at", "done_by"])
    audit_record(actor=actor, action="coaching.action_done", obj=action, from_state="open", to_state="done")
    return action


@transaction.atomic
def actions_flag_overdue(*, today: date | None = None) -> list[int]:
    """Flag open actions past their due date (once each); returns the ids newly flagged.

    Safe to run twice: an action already flagged is left alone.
    """
    today = today or timezone.localdate()
    overdue = list(
        Action.objects.select_for_update()
        .filter(done_at__isnull=True, due_on__lt=today, overdue_flagged_on__isnull=True)
        .order_by("pk")
    )
    if not overdue:
        return []
    ids = [a.pk for a in overdue]
    Action.objects.filter(pk__in=ids).update(overdue_flagged_on=today)
    audit_record_many(actor=None, action="coaching.action_overdue", objects=overdue)
    from .tasks import notify_overdue_actions

    transaction.on_commit(lambda: notify_overdue_actions.delay(ids))
    return ids
