"""Baselines and targets of one cooperative for one period, set together from the targets page.

Every value is checked with the same rules as reported values (type, range, decimals); one bad
value refuses the whole page with an error on its field, and nothing is written."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ..checks import parse_value
from ..models import Indicator, IndicatorTarget
from ..periods import Period
from ..permissions import can_set_targets
from .reports import target_set


def target_field(kind: str, code: str) -> str:
    """The form field of an indicator's baseline or target (`revenue__baseline`)."""
    return f"{code}__{kind}"


@transaction.atomic
def targets_save(*, actor, cooperative, period: Period, indicators: list[Indicator], raw: dict) -> int:
    """Set the baseline and target of each indicator for `period` from `raw` (field → text).

    Returns how many indicators changed; unchanged ones are left alone (no audit entry).
    """
    allowed, reason = can_set_targets(actor, cooperative)
    if not allowed:
        raise PermissionDenied(reason)
    parsed: dict[int, tuple[Decimal | None, Decimal | None]] = {}
    errors: dict[str, list[str]] = {}
    for indicator in indicators:
        pair = []
        for kind in ("baseline", "target"):
            name = target_field(kind, indicator.code)
            try:
                pair.append(parse_value(indicator, raw.get(name)))
            except ValueError as problem:
                errors.setdefault(name, []).append(str(problem))
        if len(pair) == 2:
            parsed[indicator.pk] = (pair[0], pair[1])
    if errors:
        raise ValidationError(errors)
    existing = {
        t.indicator_id: (t.baseline, t.target)
        for t in IndicatorTarget.objects.filter(cooperative=cooperative, period_start=period.start)
    }
    changed = 0
    for indicator in indicators:
        baseline, target = parsed[indicator.pk]
        if existing.get(indicator.pk, (None, None)) == (baseline, target):
            continue
        target_set(
            actor=actor,
            cooperative=cooperative,
            indicator=indicator,
            period=period,
            baseline=baseline,
            target=target,
        )
        changed += 1
    return changed
