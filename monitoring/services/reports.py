"""Periodic reports: opening, filling, the one workflow service, follow-ups and targets."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from odco.audit.services import audit_record

from ..checks import check_values, missing_indicators
from ..models import Breakdown, FollowUp, Indicator, IndicatorTarget, PeriodicReport, ReportValue
from ..periods import Period
from ..permissions import can_edit_report, can_transition_report
from ..workflow import transition_named
from .errors import ReportRefused
from .rollups import rollup_refresh_report, rollup_set_target

S = PeriodicReport.Status


def indicators_for(frequency: str) -> list[Indicator]:
    return list(Indicator.objects.filter(active=True, frequency=frequency).order_by("order", "code"))


def previous_totals(report: PeriodicReport) -> dict[int, Decimal]:
    """Totals of the cooperative's latest earlier report that has values, by indicator id."""
    earlier = (
        PeriodicReport.objects.filter(
            cooperative_id=report.cooperative_id,
            frequency=report.frequency,
            period_start__lt=report.period_start,
            values__isnull=False,
        )
        .order_by("-period_start")
        .values_list("pk", flat=True)
        .first()
    )
    if earlier is None:
        return {}
    return dict(
        ReportValue.objects.filter(report_id=earlier, breakdown=Breakdown.TOTAL).values_list(
            "indicator_id", "value"
        )
    )


@transaction.atomic
def follow_up_start(
    *, actor, cooperative, starts_on: date, edition=None, frequency: str = "quarterly"
) -> FollowUp:
    """Put a cooperative in follow-up (idempotent: an existing follow-up is kept)."""
    follow_up, created = FollowUp.objects.get_or_create(
        cooperative=cooperative, defaults={"starts_on": starts_on, "edition": edition, "frequency": frequency}
    )
    if created:
        follow_up.full_clean()
        audit_record(actor=actor, action="follow_up.start", obj=follow_up)
    return follow_up


@transaction.atomic
def report_open(*, actor, cooperative, period: Period) -> PeriodicReport:
    """The cooperative's report for `period`, created as a draft if it does not exist yet."""
    if not FollowUp.objects.filter(cooperative=cooperative).exists():
        raise ValidationError({"cooperative": _("This cooperative is not in follow-up.")})
    report, created = PeriodicReport.objects.get_or_create(
        cooperative=cooperative,
        frequency=period.frequency,
        period_start=period.start,
        defaults={"due_on": period.due_on},
    )
    if created:
        audit_record(actor=actor, action="report.open", obj=report, to_state=report.status)
    return report


def reports_open_for_period(*, period: Period) -> int:
    """Draft reports for every cooperative in follow-up during `period` (safe to run twice)."""
    follow_ups = FollowUp.objects.filter(frequency=period.frequency, starts_on__lte=period.end).exclude(
        ends_on__lt=period.start
    )
    existing = PeriodicReport.objects.filter(frequency=period.frequency, period_start=period.start)
    new = [
        PeriodicReport(
            cooperative_id=cooperative_id,
            frequency=period.frequency,
            period_start=period.start,
            due_on=period.due_on,
        )
        for cooperative_id in follow_ups.exclude(
            cooperative_id__in=existing.values("cooperative_id")
        ).values_list("cooperative_id", flat=True)
    ]
    PeriodicReport.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    return len(new)


def _lock(report: PeriodicReport) -> PeriodicReport:
    return (
        PeriodicReport.objects.select_for_update(of=("self",)).select_related("cooperative").get(pk=report.pk)
    )


@transaction.atomic
def report_save(
    *,
    actor,
    report: PeriodicReport,
    values: Mapping[str, object],
    comments: str | None = None,
    confirmed: Iterable[str] = (),
) -> PeriodicReport:
    """Check and store the report's values (and comments). Values left empty are removed.

    Raises ReportRefused when the report may not change, ValidationError with field-level
    messages when a value is wrong or a large change is not confirmed. Nothing is written then.
    """
    locked = _lock(report)
    allowed, reason = can_edit_report(actor, locked)
    if not allowed:
        raise ReportRefused(reason)
    indicators = indicators_for(locked.frequency)
    result = check_values(
        indicators=indicators, raw=values, previous=previous_totals(locked), confirmed=confirmed
    )
    if result.errors:
        raise ValidationError(result.errors)
    codes = {i.pk: i.code for i in indicators}
    confirmed = set(confirmed)
    before = {
        (v.indicator_id, v.breakdown): v
        for v in ReportValue.objects.filter(report=locked, indicator_id__in=codes)
    }
    changes: dict[str, list] = {}
    to_create, to_update = [], []
    for key, value in result.values.items():
        current = before.pop(key, None)
        jump_confirmed = key[1] == Breakdown.TOTAL and codes[key[0]] in confirmed
        if current is None:
            to_create.append(
                ReportValue(
                    report=locked,
                    indicator_id=key[0],
                    breakdown=key[1],
                    value=value,
                    jump_confirmed=jump_confirmed,
                )
            )
            changes[f"{codes[key[0]]}__{key[1]}"] = [None, str(value)]
        elif current.value != value or (jump_confirmed and not current.jump_confirmed):
            changes[f"{codes[key[0]]}__{key[1]}"] = [str(current.value), str(value)]
            current.value, current.jump_confirmed = value, current.jump_confirmed or jump_confirmed
            to_update.append(current)
    for key, stale in before.items():
        changes[f"{codes[key[0]]}__{key[1]}"] = [str(stale.value), None]
    ReportValue.objects.filter(pk__in=[v.pk for v in before.values()]).delete()
    ReportValue.objects.bulk_create(to_create)
    ReportValue.objects.bulk_update(to_update, ["value", "jump_confirmed"])
    fields = ["updated_by", "updated_at"]
    if comments is not None and comments.strip() != locked.comments:
        changes["comments"] = [locked.comments, comments.strip()]
        locked.comments = comments.strip()
        fields.append("comments")
    if changes:
        locked.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=fields)
        audit_record(actor=actor, action="report.save", obj=locked, changes=changes)
    return locked


def _notify(report: PeriodicReport) -> None:
    from ..tasks import report_notify_status

    report_id, status = report.pk, report.status
    transaction.on_commit(lambda: report_notify_status.delay(report_id, status))


@transaction.atomic
def report_transition(*, actor, report: PeriodicReport, name: str, comment: str = "") -> PeriodicReport:
    """Apply the workflow step `name` (see `monitoring.workflow`): lock, check, move, audit.

    Submitting needs every indicator filled in; returning needs a comment; approving locks
    the report and refreshes its roll-ups.
    """
    locked = _lock(report)
    transition = transition_named(name)
    allowed, reason = can_transition_report(actor, locked, transition)
    if not allowed:
        raise ReportRefused(reason)
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise ValidationError(
            {"comment": _("Say what must be corrected: a comment is required to return a report.")}
        )
    if transition.target == S.SUBMITTED:
        indicators = indicators_for(locked.frequency)
        values = {(i, b): v for i, b, v in locked.values.values_list("indicator_id", "breakdown", "value")}
        missing = missing_indicators(indicators, values)
        if missing:
            raise ValidationError(
                {
                    "values": _("Fill in every indicator before submitting. Missing: %(names)s.")
                    % {"names": ", ".join(str(i.name) for i in missing)}
                }
            )
    source = locked.status
    now = timezone.now()
    locked.status = transition.target
    fields = ["status", "updated_at", "updated_by"]
    stamp = {S.SUBMITTED: "submitted_at", S.VALIDATED: "validated_at", S.APPROVED: "approved_at"}.get(
        transition.target
    )
    if stamp:
        setattr(locked, stamp, now)
        fields.append(stamp)
    if transition.target == S.RETURNED:
        locked.review_comment = comment
        fields.append("review_comment")
    locked.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"report.{transition.name}",
        obj=locked,
        from_state=source,
        to_state=locked.status,
        message=comment,
    )
    if locked.status == S.APPROVED:
        rollup_refresh_report(report=locked)
    _notify(locked)
    return locked


@transaction.atomic
def target_set(
    *,
    actor,
    cooperative,
    indicator: Indicator,
    period: Period,
    baseline: Decimal | None,
    target: Decimal | None,
) -> IndicatorTarget:
    """Set a cooperative's baseline and target for one indicator and period (audited)."""
    row = IndicatorTarget.objects.filter(
        cooperative=cooperative, indicator=indicator, period_start=period.start
    ).first() or IndicatorTarget(cooperative=cooperative, indicator=indicator, period_start=period.start)
    old = [
        str(row.baseline) if row.baseline is not None else None,
        str(row.target) if row.target is not None else None,
    ]
    row.frequency, row.baseline, row.target = period.frequency, baseline, target
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="indicator_target.set",
        obj=row,
        changes={
            "baseline": [old[0], str(baseline) if baseline is not None else None],
            "target": [old[1], str(target) if target is not None else None],
        },
    )
    rollup_set_target(target=row)
    return row
