"""Candidacies: creation, the one workflow service, the eligibility check and overrides."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from odco.audit.services import audit_record

from .. import eligibility
from ..models import Candidacy, Category, Edition
from ..permissions import can_check_eligibility, can_transition_candidacy
from ..workflow import Transition, transition_between, transition_named
from .errors import TransitionRefused

S = Candidacy.Status


def _notify(candidacy: Candidacy) -> None:
    from ..tasks import candidacy_notify_status

    candidacy_id, status = candidacy.pk, candidacy.status
    transaction.on_commit(lambda: candidacy_notify_status.delay(candidacy_id, status))


@transaction.atomic
def candidacy_create(
    *,
    actor,
    edition: Edition,
    category: Category,
    project_title: str,
    cooperative=None,
    region=None,
    holder_name: str = "",
    planned_cooperative_name: str = "",
    applicant_name: str = "",
    applicant_birth_date: date | None = None,
    project_summary: str = "",
) -> Candidacy:
    """A draft candidacy. A cooperative's region is its registry region."""
    candidacy = Candidacy(
        edition=edition,
        category=category,
        cooperative=cooperative,
        region=cooperative.region if cooperative is not None else region,
        holder_name=holder_name,
        planned_cooperative_name=planned_cooperative_name,
        applicant_name=applicant_name,
        applicant_birth_date=applicant_birth_date,
        project_title=project_title,
        project_summary=project_summary,
    )
    candidacy.full_clean()
    candidacy.save()
    audit_record(actor=actor, action="candidacy.create", obj=candidacy, to_state=candidacy.status)
    return candidacy


def _lock(candidacy: Candidacy) -> Candidacy:
    return (
        Candidacy.objects.select_for_update(of=("self",))
        .select_related("edition__prize", "category", "cooperative")
        .get(pk=candidacy.pk)
    )


def _apply(
    *, actor, locked: Candidacy, transition: Transition, comment: str, action: str, changes=None, notify=True
):
    """Check the table and the permission on the locked row, move it, audit, notify."""
    allowed, reason = can_transition_candidacy(actor, locked, transition)
    if not allowed:
        raise TransitionRefused(reason)
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise ValidationError({"comment": _("A written justification is required for this step.")})
    source = locked.status
    locked.status = transition.target
    fields = ["status", "updated_at"]
    if transition.target == S.SUBMITTED:
        locked.submitted_at = timezone.now()
        fields.append("submitted_at")
    locked.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=action,
        obj=locked,
        from_state=source,
        to_state=locked.status,
        changes=changes,
        message=comment,
    )
    if notify:
        _notify(locked)
    return locked


@transaction.atomic
def candidacy_transition(
    *, actor, candidacy: Candidacy, name: str, comment: str = "", notify: bool = True
) -> Candidacy:
    """Apply the workflow step `name` (see `prizes.workflow`) if the table and the user allow it.

    Raises `TransitionRefused` (a PermissionDenied) with a readable reason otherwise; nothing
    is written then. `notify=False` (demo data, imports) skips the e-mail to the cooperative.
    """
    locked = _lock(candidacy)
    transition = transition_named(name)
    if transition is None or transition.source != locked.status:
        raise TransitionRefused(_("This step is not possible from the candidacy's current status."))
    result = _apply(
        actor=actor,
        locked=locked,
        transition=transition,
        comment=comment,
        action=f"candidacy.{transition.name}",
        notify=notify,
    )
    candidacy.refresh_from_db()
    return result


@transaction.atomic
def candidacy_check_eligibility(*, actor, candidacy: Candidacy, notify: bool = True) -> Candidacy:
    """Check the edition's rules against the registry and record the reasons.

    A submitted candidacy then becomes eligible or ineligible. On a candidacy already past
    that point the reasons are refreshed, the status is left alone.
    """
    allowed, reason = can_check_eligibility(actor, candidacy)
    if not allowed:
        raise TransitionRefused(reason)
    locked = _lock(candidacy)
    results = eligibility.evaluate(locked, locked.edition.eligibility_rules.all())
    locked.eligibility_results = [r.as_dict() for r in results]
    locked.eligibility_passed = eligibility.passed(results)
    locked.eligibility_checked_at = timezone.now()
    locked.save(
        update_fields=["eligibility_results", "eligibility_passed", "eligibility_checked_at", "updated_at"]
    )
    failed = [r.reason for r in results if not r.passed]
    if locked.status == S.SUBMITTED:
        target = S.ELIGIBLE if locked.eligibility_passed else S.INELIGIBLE
        _apply(
            actor=actor,
            locked=locked,
            transition=transition_between(S.SUBMITTED, target),
            comment="\n".join(failed),
            action="candidacy.eligibility_check",
            changes={"results": locked.eligibility_results},
            notify=notify,
        )
    else:
        audit_record(
            actor=actor,
            action="candidacy.eligibility_check",
            obj=locked,
            changes={"results": locked.eligibility_results},
            message="\n".join(failed),
        )
    candidacy.refresh_from_db()
    return locked


@transaction.atomic
def candidacy_override_eligibility(
    *, actor, candidacy: Candidacy, eligible: bool, justification: str
) -> Candidacy:
    """Staff overrule the automatic verdict; the written justification is kept and audited."""
    locked = _lock(candidacy)
    name = "override_eligible" if eligible else "override_ineligible"
    transition = transition_named(name)
    if transition.source != locked.status:
        raise TransitionRefused(_("Only an eligible or ineligible candidacy can be overridden."))
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError(
            {"justification": _("A written justification is required to override eligibility.")}
        )
    locked.override_justification = justification
    locked.overridden_by = actor if getattr(actor, "is_authenticated", False) else None
    _apply(
        actor=actor,
        locked=locked,
        transition=transition,
        comment=justification,
        action=f"candidacy.{name}",
        changes={"eligibility_passed": locked.eligibility_passed},
    )
    locked.save(update_fields=["override_justification", "overridden_by"])
    candidacy.refresh_from_db()
    return locked
