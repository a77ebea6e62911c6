"""Every write of mentoring. Keyword-only, atomic, validated with `full_clean()`, audited;
notifications are sent after the transaction commits."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from odco.audit.services import audit_record
from prizes.models import Candidacy

from .matching import available_mentor_facts, laureate_facts, mentor_facts, mentors_with_load, rank
from .models import Evaluation, Meeting, Mentor, Mentorship, Need, NeedsProfile, Objective, ObjectiveProgress
from .permissions import (
    can_add_objective,
    can_edit_needs,
    can_evaluate,
    can_log_meeting,
    can_propose_mentorship,
    can_transition_mentorship,
    evaluation_side_of,
)
from .workflow import HOLDING_STATES, transition_named

S = Mentorship.Status


def _require(verdict) -> None:
    allowed, reason = verdict
    if not allowed:
        raise PermissionDenied(reason)


@transaction.atomic
def mentor_save(
    *, actor, mentor: Mentor | None = None, regions=(), provinces=(), sectors=(), **fields
) -> Mentor:
    """Create or update a mentor (the coordinator or ODCO staff)."""
    _require(can_propose_mentorship(actor))
    created = mentor is None or mentor.pk is None
    mentor = mentor or Mentor()
    for name, value in fields.items():
        setattr(mentor, name, value)
    mentor.expertise = sorted(set(mentor.expertise or []))
    mentor.languages = sorted(set(mentor.languages or []))
    if mentor.user_id and not mentor.user.has_role("mentor"):
        raise ValidationError({"user": _("This person does not hold the mentor role.")})
    mentor.full_clean()
    mentor.save()
    mentor.regions.set(regions)
    mentor.provinces.set(provinces)
    mentor.sectors.set(sectors)
    audit_record(
        actor=actor,
        action="mentoring.mentor_created" if created else "mentoring.mentor_updated",
        obj=mentor,
        changes={"expertise": mentor.expertise, "languages": mentor.languages, "capacity": mentor.capacity},
    )
    return mentor


@transaction.atomic
def needs_save(
    *,
    actor,
    candidacy: Candidacy,
    needs: list[tuple[str, int]],
    languages: list[str],
    notes: str = "",
    sources: dict[str, str] | None = None,
) -> NeedsProfile:
    """Replace a laureate's needs: expertise areas with a priority, and languages."""
    _require(can_edit_needs(actor, candidacy))
    areas = [area for area, _priority in needs]
    if len(set(areas)) != len(areas):
        raise ValidationError({"needs": _("Each expertise area appears once.")})
    profile = NeedsProfile.objects.select_for_update().filter(candidacy=candidacy).first()
    before = sorted((n.area, n.priority) for n in profile.needs.all()) if profile else []
    profile = profile or NeedsProfile(candidacy=candidacy)
    profile.languages = sorted(set(languages))
    profile.notes = notes.strip()
    profile.updated_by = actor
    profile.full_clean()
    profile.save()
    rows = [
        Need(
            profile=profile,
            area=area,
            priority=priority,
            source=(sources or {}).get(area, Need.Source.MANUAL),
        )
        for area, priority in needs
    ]
    for row in rows:
        row.full_clean(exclude=["profile"], validate_unique=False)
    profile.needs.all().delete()
    Need.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="mentoring.needs_saved",
        obj=profile,
        changes={"before": before, "after": sorted(needs), "languages": profile.languages},
    )
    return profile


def _running_exists(candidacy_id: int, exclude_pk: int | None = None) -> bool:
    qs = Mentorship.objects.filter(candidacy_id=candidacy_id, status__in=HOLDING_STATES)
    return qs.exclude(pk=exclude_pk).exists() if exclude_pk else qs.exists()


def _laureate(candidacy_pk: int) -> Candidacy:
    return (
        Candidacy.objects.select_related("cooperative", "region", "mentoring_needs")
        .prefetch_related("mentoring_needs__needs")
        .get(pk=candidacy_pk)
    )


@transaction.atomic
def mentorship_propose(*, actor, candidacy: Candidacy, mentor: Mentor) -> Mentorship:
    """Propose `mentor` to a laureate, with the match's score and explanation as seen now."""
    _require(can_propose_mentorship(actor, candidacy))
    if _running_exists(candidacy.pk):
        raise ValidationError({"mentor": _("This laureate already has a mentor.")})
    if Mentorship.objects.filter(candidacy=candidacy, mentor=mentor, status=S.PROPOSED).exists():
        raise ValidationError({"mentor": _("This mentor is already proposed to this laureate.")})
    loaded = mentors_with_load().filter(pk=mentor.pk).first()
    if loaded is None or not loaded.is_available:
        raise ValidationError({"mentor": _("This mentor is not available for new mentees.")})
    match = rank(laureate_facts(_laureate(candidacy.pk)), [mentor_facts(loaded)])[0]
    mentorship = Mentorship(
        mentor=mentor,
        candidacy=candidacy,
        score=match.total,
        explanation=[part.as_json() for part in match.parts],
        proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    mentorship.full_clean()
    try:
        with transaction.atomic():
            mentorship.save()
    except IntegrityError as error:
        raise ValidationError({"mentor": _("This mentor is already proposed to this laureate.")}) from error
    audit_record(
        actor=actor,
        action="mentoring.mentorship_proposed",
        obj=mentorship,
        to_state=S.PROPOSED,
        changes={"score": str(match.total)},
    )
    return mentorship


@dataclass(frozen=True)
class CohortResult:
    proposed: list[Mentorship]
    plan: object  # mentoring.cohort.CohortPlan


@transaction.atomic
def mentorship_propose_cohort(*, actor, edition, region=None, include_remote: bool = False) -> CohortResult:
    """Propose a mentor to every laureate of `edition` (of `region`) without an open mentorship.

    The plan respects every mentor's free places, less the proposals already open.
    """
    from .cohort import plan_cohort
    from .selectors import cohort_laureates

    _require(can_propose_mentorship(actor))
    candidacies = cohort_laureates(edition=edition, region=region)["pending"]
    plan = plan_cohort(
        [laureate_facts(c) for c in candidacies], available_mentor_facts(), include_remote=include_remote
    )
    by_pk = {c.pk: c for c in candidacies}
    mentors = Mentor.objects.in_bulk([match.mentor.pk for _laureate, match in plan.pairs])
    proposed = [
        mentorship_propose(actor=actor, candidacy=by_pk[laureate.pk], mentor=mentors[match.mentor.pk])
        for laureate, match in plan.pairs
    ]
    return CohortResult(proposed=proposed, plan=plan)


@transaction.atomic
def mentorship_transition(
    *, actor, mentorship: Mentorship, name: str, comment: str = "", notify: bool = True
) -> Mentorship:
    """Apply one step of the mentorship workflow (see `mentoring.workflow`).

    Locks, in this order, the laureate, the mentorship and (to confirm) the mentor: two
    confirmations at the same moment are serialised, and the second one counts the places
    the first one took. Confirming withdraws the laureate's other proposals.
    """
    ids = Mentorship.objects.filter(pk=mentorship.pk).values("candidacy_id", "mentor_id").first()
    if ids is None:
        raise ValidationError(_("This mentorship no longer exists."))
    Candidacy.objects.select_for_update().filter(pk=ids["candidacy_id"]).values_list("pk").get()
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor", "candidacy")
        .get(pk=mentorship.pk)
    )
    transition = transition_named(name)
    _require(can_transition_mentorship(actor, mentorship, transition))
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise ValidationError({"comment": _("Give the reason.")})
    today = timezone.localdate()
    fields = ["status"]
    if transition.target == S.CONFIRMED:
        mentor = Mentor.objects.select_for_update().get(pk=mentorship.mentor_id)
        taken = Mentorship.objects.filter(mentor_id=mentor.pk, status__in=HOLDING_STATES).count()
        if taken >= mentor.capacity:
            raise ValidationError(
                _("%(mentor)s has no free place left (%(taken)s of %(capacity)s).")
                % {"mentor": mentor, "taken": taken, "capacity": mentor.capacity},
                code="capacity",
            )
        if _running_exists(mentorship.candidacy_id, exclude_pk=mentorship.pk):
            raise ValidationError(_("This laureate already has a mentor."), code="running")
        mentorship.confirmed_at = timezone.now()
        fields.append("confirmed_at")
    elif transition.target == S.ACTIVE:
        mentorship.started_on = today
        fields.append("started_on")
    elif transition.target == S.CLOSED:
        mentorship.closed_on = today
        fields.append("closed_on")
    elif transition.target == S.CANCELLED:
        mentorship.cancel_reason = comment
        fields.append("cancel_reason")
    source = mentorship.status
    mentorship.status = transition.target
    mentorship.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"mentorship.{transition.name}",
        obj=mentorship,
        from_state=source,
        to_state=mentorship.status,
        message=comment,
    )
    if transition.target == S.CONFIRMED:
        _withdraw_other_proposals(actor, mentorship)
    if notify:
        from .tasks import notify_mentorship_step

        pk, step = mentorship.pk, transition.name
        transaction.on_commit(lambda: notify_mentorship_step.delay(pk, step))
    return mentorship


def _withdraw_other_proposals(actor, mentorship: Mentorship) -> None:
    others = list(
        Mentorship.objects.select_for_update()
        .filter(candidacy_id=mentorship.candidacy_id, status=S.PROPOSED)
        .exclude(pk=mentorship.pk)
    )
    reason = _("Another mentor was confirmed.")
    for other in others:
        other.status, other.cancel_reason = S.CANCELLED, reason
        other.save(update_fields=["status", "cancel_reason"])
        audit_record(
            actor=actor,
            action="mentorship.cancel_proposed",
            obj=other,
            from_state=S.PROPOSED,
            to_state=S.CANCELLED,
            message=reason,
        )


@transaction.atomic
def objective_add(*, actor, mentorship: Mentorship, title: str, target_date: date) -> Objective:
    mentorship = Mentorship.objects.select_related("mentor", "candidacy").get(pk=mentorship.pk)
    _require(can_add_objective(actor, mentorship))
    objective = Objective(mentorship=mentorship, title=title.strip(), target_date=target_date)
    objective.full_clean()
    objective.save()
    audit_record(
        actor=actor,
        action="mentoring.objective_added",
        obj=objective,
        changes={"target_date": target_date.isoformat()},
    )
    return objective


@transaction.atomic
def meeting_log(
    *,
    actor,
    mentorship: Mentorship,
    held_on: date,
    mode: str,
    topics: str,
    notes: str = "",
    progress: dict[int, int] | None = None,
) -> Meeting:
    """The mentor records a meeting held, and the progress made on each objective (percent)."""
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor", "candidacy")
        .get(pk=mentorship.pk)
    )
    _require(can_log_meeting(actor, mentorship))
    errors = {}
    if held_on > timezone.localdate():
        errors["held_on"] = _("A meeting is logged once it has taken place.")
    elif mentorship.started_on and held_on < mentorship.started_on:
        errors["held_on"] = _("The mentorship started on %(date)s.") % {
            "date": mentorship.started_on.strftime("%d/%m/%Y")
        }
    objectives = {o.pk: o for o in mentorship.objectives.all()}
    progress = {int(k): v for k, v in (progress or {}).items() if v is not None}
    for pk, value in progress.items():
        if pk not in objectives:
            errors["progress"] = _("Report progress on this mentorship's objectives only.")
        elif not 0 <= value <= 100:
            errors[f"objective_{pk}"] = _("Give a progress between 0 and 100 %.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        mentorship=mentorship,
        held_on=held_on,
        mode=mode,
        topics=topics.strip(),
        notes=notes.strip(),
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    ObjectiveProgress.objects.bulk_create(
        ObjectiveProgress(meeting=meeting, objective_id=pk, progress=value) for pk, value in progress.items()
    )
    for pk, value in progress.items():
        objectives[pk].progress = value
    Objective.objects.bulk_update([objectives[pk] for pk in progress], ["progress"])
    audit_record(
        actor=actor,
        action="mentoring.meeting_logged",
        obj=meeting,
        changes={"held_on": held_on.isoformat(), "progress": {str(k): v for k, v in progress.items()}},
    )
    return meeting


@transaction.atomic
def evaluation_submit(*, actor, mentorship: Mentorship, rating: int, comment: str) -> Evaluation:
    """The closing evaluation of one side: the mentor, or the laureate's account."""
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor", "candidacy")
        .get(pk=mentorship.pk)
    )
    done = set(mentorship.evaluations.values_list("side", flat=True))
    _require(can_evaluate(actor, mentorship, done_sides=done))
    evaluation = Evaluation(
        mentorship=mentorship,
        side=evaluation_side_of(actor, mentorship),
        rating=rating,
        comment=comment.strip(),
        submitted_by=actor,
    )
    evaluation.full_clean()
    evaluation.save()
    audit_record(
        actor=actor,
        action="mentoring.evaluation_submitted",
        obj=evaluation,
        changes={"side": evaluation.side, "rating": rating},
    )
    return evaluation
