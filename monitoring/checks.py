"""Checks of reported values: type, range, parts adding up, and large changes.

`check_values` parses what a form posted (strings) into Decimals and returns field-level
errors keyed by the form field name (`<indicator code>__<breakdown>`). A change from the
previous period larger than the indicator's `jump_share` is not an error but needs the
reporter's confirmation (`confirmed` holds the codes confirmed).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import Breakdown, Indicator

B = Breakdown
YES = {"1", "yes", "oui", "true", "on", "نعم"}
NO = {"0", "no", "non", "false", "off", "لا"}


def plain(value: Decimal) -> str:
    """100.00 → '100', 2.50 → '2,5' (in French): no trailing zeros."""
    value = value.quantize(Decimal("1")) if value == value.to_integral_value() else value.normalize()
    return number_format(value, force_grouping=True)


def input_text(value: Decimal) -> str:
    """What a form field shows for a stored value: 100.00 → '100', 2.50 → '2.5' (the field
    reads both separators back)."""
    value = value.normalize() if value != value.to_integral_value() else value.quantize(Decimal("1"))
    return f"{value:f}"


def field_name(code: str, breakdown: str) -> str:
    return f"{code}__{breakdown}"


@dataclass
class CheckResult:
    # (indicator id, breakdown) -> value, totals included
    values: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    # indicator code -> (previous total, new total): large changes awaiting confirmation
    jumps: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def parse_value(indicator: Indicator, raw) -> Decimal | None:
    """The value typed for `indicator`, or None when empty. Raises ValueError with a message."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raw = "1" if raw else "0"
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if text == "":
        return None
    if indicator.kind == Indicator.Kind.YES_NO:
        lowered = text.lower()
        if lowered in YES:
            return Decimal("1")
        if lowered in NO:
            return Decimal("0")
        raise ValueError(_("Answer yes or no."))
    text = text.rstrip("%").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Enter a number.")) from None
    if not value.is_finite():
        raise ValueError(_("Enter a number."))
    if not indicator.decimals and value != value.to_integral_value():
        raise ValueError(_("Enter a whole number."))
    if value.as_tuple().exponent < -2:
        raise ValueError(_("Use at most two decimals."))
    if value < indicator.min_value:
        raise ValueError(_("The value cannot be below %(min)s.") % {"min": plain(indicator.min_value)})
    if indicator.max_value is not None and value > indicator.max_value:
        raise ValueError(_("The value cannot exceed %(max)s.") % {"max": plain(indicator.max_value)})
    if value.adjusted() >= 15:
        raise ValueError(_("This value is too large."))
    return value


def check_values(
    *,
    indicators: Iterable[Indicator],
    raw: Mapping[str, object],
    previous: Mapping[int, Decimal] | None = None,
    confirmed: Iterable[str] = (),
) -> CheckResult:
    """Parse and check the posted values of `indicators` (see the module docstring)."""
    result = CheckResult()
    previous = previous or {}
    confirmed = set(confirmed)
    for indicator in indicators:
        parts: dict[str, Decimal | None] = {}
        for breakdown in indicator.entered_breakdowns:
            name = field_name(indicator.code, breakdown)
            try:
                parts[breakdown] = parse_value(indicator, raw.get(name))
            except ValueError as error:
                result.add_error(name, str(error))
                parts[breakdown] = None
        if any(name.startswith(f"{indicator.code}__") for name in result.errors):
            continue
        total = _total(indicator, parts, result)
        if total is None:
            continue
        for breakdown, value in parts.items():
            if value is not None and breakdown != B.TOTAL:
                result.values[(indicator.pk, breakdown)] = value
        result.values[(indicator.pk, B.TOTAL)] = total
        before = previous.get(indicator.pk)
        if (
            indicator.kind != Indicator.Kind.YES_NO
            and before is not None
            and before > 0
            and abs(total - before) / before > indicator.jump_share
            and indicator.code not in confirmed
        ):
            result.jumps[indicator.code] = (before, total)
            result.add_error(
                field_name(indicator.code, indicator.entered_breakdowns[0]),
                _(
                    "This is a change of %(change)s%% from the previous period (%(before)s → %(after)s). "
                    "Check it, then tick the confirmation box to keep it."
                )
                % {
                    "change": number_format((total - before) * 100 / before, 0, force_grouping=True),
                    "before": plain(before),
                    "after": plain(total),
                },
            )
    return result


def _total(indicator: Indicator, parts: dict[str, Decimal | None], result: CheckResult) -> Decimal | None:
    """The indicator's total from its parts; None when nothing was entered or parts disagree."""
    if not indicator.breakdowns:
        return parts.get(B.TOTAL)
    sums = []
    for first, second in ((B.WOMEN, B.MEN), (B.YOUNG, B.NOT_YOUNG)):
        if first not in parts:
            continue
        a, b = parts[first], parts[second]
        if a is None and b is None:
            continue
        if a is None or b is None:
            missing = first if a is None else second
            result.add_error(
                field_name(indicator.code, missing),
                _("Enter this part too: the parts add up to the total."),
            )
            return None
        sums.append(a + b)
    if not sums:
        return None
    if len(sums) == 2 and sums[0] != sums[1]:
        result.add_error(
            field_name(indicator.code, B.YOUNG),
            _("Young and not young must add up to the same total as women and men (%(total)s).")
            % {"total": plain(sums[0])},
        )
        return None
    return sums[0]


def missing_indicators(indicators: Iterable[Indicator], values: Mapping[tuple[int, str], Decimal]) -> list:
    """The indicators without a total in `values` (a report is submitted complete)."""
    return [i for i in indicators if (i.pk, B.TOTAL) not in values]
