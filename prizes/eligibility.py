"""The eligibility engine: an edition's rules (data) applied to a candidacy and the registry.

Pure functions, no writes: `evaluate(candidacy, rules)` returns one result per rule with a
reason the candidate and staff can read. Ages and years of existence are whole years at the
call's closing date, so a check gives the same answer whenever it runs.
"""

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Candidacy, EligibilityRule

K = EligibilityRule.Kind


@dataclass(frozen=True)
class RuleResult:
    kind: str
    passed: bool
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def full_years(born: date, on: date) -> int:
    """Completed years between `born` and `on` (a birthday on `on` counts)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _percent(value) -> str:
    return f"{(Decimal(str(value)) * 100).quantize(Decimal('0.1')).normalize():f} %"


def rules_for(candidacy: Candidacy, rules) -> list[EligibilityRule]:
    """The edition's rules that apply to the candidacy's category (or to every category)."""
    return [r for r in rules if r.category_id in (None, candidacy.category_id)]


def _check_cooperative(rule: EligibilityRule, coop, on: date) -> RuleResult:
    value = rule.value
    if rule.kind == K.REGISTRY_ACTIVE:
        ok = coop.status == "active"
        return RuleResult(
            rule.kind,
            ok,
            _("The cooperative is active in the registry.")
            if ok
            else _("The cooperative is not active in the registry."),
        )
    if rule.kind in (K.MIN_WOMEN_SHARE, K.MIN_YOUNG_SHARE):
        part = coop.members_women if rule.kind == K.MIN_WOMEN_SHARE else coop.members_young
        share = Decimal(part) / Decimal(coop.members_total) if coop.members_total else Decimal(0)
        ok = coop.members_total > 0 and share >= value
        template = (
            _("Women are %(share)s of the members (at least %(min)s required).")
            if rule.kind == K.MIN_WOMEN_SHARE
            else _("Young members are %(share)s of the members (at least %(min)s required).")
        )
        return RuleResult(rule.kind, ok, template % {"share": _percent(share), "min": _percent(value)})
    if rule.kind == K.MIN_MEMBERS:
        ok = coop.members_total >= value
        return RuleResult(
            rule.kind,
            ok,
            _("%(count)s members (at least %(min)s required).")
            % {"count": coop.members_total, "min": f"{value.normalize():f}"},
        )
    years = full_years(coop.founded_on, on)
    if rule.kind == K.MIN_YEARS:
        ok = years >= value
        template = _("Founded %(years)s years before the call closed (at least %(bound)s required).")
    else:
        ok = years <= value
        template = _("Founded %(years)s years before the call closed (at most %(bound)s allowed).")
    return RuleResult(rule.kind, ok, template % {"years": years, "bound": f"{value.normalize():f}"})


def _check_applicant(rule: EligibilityRule, candidacy: Candidacy, on: date) -> RuleResult:
    born = candidacy.applicant_birth_date
    if born is None:
        return RuleResult(rule.kind, False, _("The applicant's birth date is missing."))
    age = full_years(born, on)
    bound = f"{rule.value.normalize():f}"
    if rule.kind == K.APPLICANT_MIN_AGE:
        ok = age >= rule.value
        reason = _("The applicant is %(age)s when the call closes (at least %(bound)s required).")
    else:
        ok = age <= rule.value
        reason = _("The applicant is %(age)s when the call closes (at most %(bound)s allowed).")
    return RuleResult(rule.kind, ok, reason % {"age": age, "bound": bound})


def check_rule(rule: EligibilityRule, candidacy: Candidacy, on: date) -> RuleResult:
    if rule.kind in (K.APPLICANT_MIN_AGE, K.APPLICANT_MAX_AGE):
        return _check_applicant(rule, candidacy, on)
    if candidacy.cooperative_id is None:
        return RuleResult(
            rule.kind, False, _("No cooperative from the registry is linked to this candidacy.")
        )
    return _check_cooperative(rule, candidacy.cooperative, on)


def evaluate(candidacy: Candidacy, rules) -> list[RuleResult]:
    """One result per applicable rule, in the edition's order. An edition without rules admits all."""
    on = candidacy.edition.call_closes_on
    return [check_rule(rule, candidacy, on) for rule in rules_for(candidacy, rules)]


def passed(results: list[RuleResult]) -> bool:
    return all(r.passed for r in results)
