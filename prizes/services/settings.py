"""Editing an edition's settings from the site: its fields, categories and rules, the
phase's milestones, the rubric and the jury. Each service is one transaction, validates every
row (`full_clean`) before writing, and records one audit entry.

Errors of a row are keyed `<prefix>-<index>-<field>` (the formset's field names), so a page
shows them next to the value that caused them.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from odco.audit.services import audit_record

from ..models import Category, Criterion, Edition, EligibilityRule, JuryMember, Milestone, Phase, Score
from ..permissions import is_staff
from .errors import TransitionRefused

EDITION_FIELDS = ("number", "stage", "call_opens_on", "call_closes_on", "award_amount", "laureates_planned")


def _staff_only(actor, message):
    if not is_staff(actor):
        raise TransitionRefused(message)


def _row_errors(prefix: str, index: int, error: ValidationError, errors: dict) -> None:
    for field, messages in error.message_dict.items():
        key = f"{prefix}-{index}-{field}" if field != "__all__" else f"{prefix}-{index}-__all__"
        errors.setdefault(key, []).extend(messages)


@transaction.atomic
def edition_update(*, actor, edition: Edition, **values) -> Edition:
    """Change an edition's call, award, stage and number of laureates."""
    _staff_only(actor, _("Only ODCO staff edit editions."))
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    before = {f: str(getattr(edition, f)) for f in EDITION_FIELDS}
    for name in EDITION_FIELDS:
        if name in values:
            setattr(edition, name, values[name])
    edition.full_clean()
    edition.save()
    after = {f: str(getattr(edition, f)) for f in EDITION_FIELDS}
    changed = {f: [before[f], after[f]] for f in EDITION_FIELDS if before[f] != after[f]}
    if changed:
        audit_record(actor=actor, action="edition.update", obj=edition, changes=changed)
    return edition


@transaction.atomic
def edition_rules_set(*, actor, edition: Edition, categories: list[dict], rules: list[dict]) -> None:
    """Save the edition's categories, then its eligibility rules (rows with `delete` are removed).

    Category rows: pk (None for a new one), code, name_fr, name_ar, requires_cooperative.
    Rule rows: pk, category (a Category, its code, or None for every category), kind, value.
    The rule rows are the whole set: an existing rule no row names is removed.
    """
    _staff_only(actor, _("Only ODCO staff edit editions."))
    errors: dict = {}
    kept = {c.pk: c for c in edition.categories.all()}
    saved_categories = []
    for index, row in enumerate(categories):
        category = kept.get(row.get("pk")) or Category(edition=edition)
        if row.get("delete"):
            if category.pk and category.candidacies.exists():
                errors[f"categories-{index}-code"] = [
                    _("This category has candidacies: it cannot be removed.")
                ]
            elif category.pk:
                saved_categories.append((category, True))
            continue
        for name in ("code", "name_fr", "name_ar", "requires_cooperative"):
            setattr(category, name, row.get(name, getattr(category, name)))
        try:
            category.full_clean(validate_unique=False)
        except ValidationError as error:
            _row_errors("categories", index, error, errors)
        saved_categories.append((category, False))
    codes = [c.code for c, deleted in saved_categories if not deleted]
    for index, row in enumerate(categories):
        if not row.get("delete") and codes.count(row.get("code")) > 1:
            errors.setdefault(f"categories-{index}-code", []).append(_("Two categories have this code."))
    if errors:
        raise ValidationError(errors)
    for category, deleted in saved_categories:
        if deleted:
            category.delete()
        else:
            category.save()
    by_code = {c.code: c for c in edition.categories.all()}
    existing = {r.pk: r for r in edition.eligibility_rules.all()}
    keys, to_save, to_delete = [], [], []
    for index, row in enumerate(rules):
        rule = existing.get(row.get("pk")) or EligibilityRule(edition=edition)
        if row.get("delete"):
            if rule.pk:
                to_delete.append(rule)
            continue
        category = row.get("category")
        if isinstance(category, str):
            category = by_code.get(category)
        rule.category, rule.kind, rule.value = category, row.get("kind"), row.get("value")
        try:
            rule.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            _row_errors("rules", index, error, errors)
        key = (rule.category_id, rule.kind)
        if key in keys:
            errors.setdefault(f"rules-{index}-kind", []).append(
                _("This rule is already set for this category.")
            )
        keys.append(key)
        to_save.append(rule)
    if errors:
        raise ValidationError(errors)
    named = {rule.pk for rule in to_save if rule.pk}
    to_delete += [rule for pk, rule in existing.items() if pk not in named and rule not in to_delete]
    for rule in to_delete:
        rule.delete()
    for rule in to_save:
        rule.save()
    audit_record(
        actor=actor,
        action="edition.rules_set",
        obj=edition,
        changes={
            "categories": sorted(by_code),
            "rules": [f"{r.category.code if r.category else '*'}:{r.kind}={r.value}" for r in to_save],
        },
    )


@transaction.atomic
def milestones_set(*, actor, phase: Phase, milestones: list[dict]) -> None:
    """Set the phase's milestones: rows of kind, starts_on, ends_on (None: a single day), delete."""
    from ..permissions import can_plan_phase

    allowed, reason = can_plan_phase(actor, phase)
    if not allowed:
        raise TransitionRefused(reason)
    errors: dict = {}
    existing = {m.kind: m for m in phase.milestones.all()}
    seen, to_save, to_delete = set(), [], []
    for index, row in enumerate(milestones):
        kind = row.get("kind")
        milestone = existing.get(kind) or Milestone(phase=phase, kind=kind)
        if row.get("delete"):
            if milestone.pk:
                to_delete.append(milestone)
            continue
        if kind in seen:
            errors[f"milestones-{index}-kind"] = [_("This milestone appears twice.")]
        seen.add(kind)
        milestone.starts_on, milestone.ends_on = row.get("starts_on"), row.get("ends_on")
        try:
            milestone.full_clean(validate_unique=False)
        except ValidationError as error:
            _row_errors("milestones", index, error, errors)
        if milestone.starts_on and milestone.ends_on and milestone.ends_on < milestone.starts_on:
            errors.setdefault(f"milestones-{index}-ends_on", []).append(
                _("A milestone cannot end before it starts.")
            )
        to_save.append(milestone)
    if errors:
        raise ValidationError(errors)
    for milestone in to_delete:
        milestone.delete()
    for milestone in to_save:
        milestone.save()
    audit_record(
        actor=actor,
        action="phase.milestones_set",
        obj=phase,
        changes={m.kind: [str(m.starts_on), str(m.ends_on or "")] for m in to_save},
    )


@transaction.atomic
def rubric_set(*, actor, edition: Edition, criteria: list[dict]) -> None:
    """Set the scoring rubric (code, name_fr, name_ar, weight, max_points, position, delete).

    Refused once a juror has scored: the ranking would change under the jury's feet.
    """
    _staff_only(actor, _("Only ODCO staff set the rubric."))
    if Score.objects.filter(candidacy__edition=edition).exists():
        raise ValidationError(_("Jurors have started scoring: the rubric can no longer change."))
    errors: dict = {}
    existing = {c.pk: c for c in edition.criteria.all()}
    to_save, to_delete, codes = [], [], []
    for index, row in enumerate(criteria):
        criterion = existing.get(row.get("pk")) or Criterion(edition=edition)
        if row.get("delete"):
            if criterion.pk:
                to_delete.append(criterion)
            continue
        for name in ("code", "name_fr", "name_ar", "weight", "max_points", "position"):
            setattr(criterion, name, row.get(name))
        try:
            criterion.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            _row_errors("criteria", index, error, errors)
        if criterion.code in codes:
            errors.setdefault(f"criteria-{index}-code", []).append(_("Two criteria have this code."))
        codes.append(criterion.code)
        to_save.append(criterion)
    if not to_save:
        errors["__all__"] = [_("The rubric needs at least one criterion.")]
    if errors:
        raise ValidationError(errors)
    for criterion in to_delete:
        criterion.delete()
    for criterion in to_save:
        criterion.save()
    audit_record(
        actor=actor,
        action="edition.rubric_set",
        obj=edition,
        changes={c.code: [str(c.weight), c.max_points] for c in to_save},
    )


@transaction.atomic
def jury_member_remove(*, actor, seat: JuryMember) -> None:
    """Remove a juror from an edition's jury, unless they have already scored in it."""
    _staff_only(actor, _("Only ODCO staff compose the jury."))
    if Score.objects.filter(juror_id=seat.user_id, candidacy__edition_id=seat.edition_id).exists():
        raise ValidationError({"user": _("This juror has already scored: they stay on the jury.")})
    audit_record(
        actor=actor, action="jury.remove_member", obj=seat.edition, changes={"user": seat.user.email}
    )
    seat.delete()
