"""The simple financial plan's arithmetic: pure functions on Decimal, no database.

Three years. Per year:
- revenue = Σ products (price × volume), each line rounded to the centime (half up, as on an invoice);
- variable costs = Σ products (unit cost × volume), rounded the same way;
- fixed costs = Σ cost lines of that year;
- margin = revenue − variable costs − fixed costs (the operating result);
- cash flow = margin − investments of the year + funding received that year;
- cash position at the end of the year = previous position (the opening cash for year 1) + cash flow;
- break-even revenue = fixed costs ÷ contribution rate, where the contribution rate is
  (revenue − variable costs) ÷ revenue; rounded UP to the whole dirham (the least revenue that
  covers the costs). None when nothing is sold or each sale loses money.
The plan breaks even in the first year whose margin is zero or more.

Inputs are validated by `validate()`: no negative price, cost, volume or amount, years 1 to 3,
and the funding sources must add up to the investments (the financing plan balances).
"""

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

YEARS = 3
CENTIME = Decimal("0.01")
ZERO = Decimal("0")


class FundingKind:
    PRIZE = "prize"
    OWN = "own"
    GRANT = "grant"
    LOAN = "loan"
    OTHER = "other"
    CHOICES = (
        (PRIZE, gettext_lazy("prize award")),
        (OWN, gettext_lazy("members' own contribution")),
        (GRANT, gettext_lazy("grant")),
        (LOAN, gettext_lazy("loan")),
        (OTHER, gettext_lazy("other")),
    )


def mad(value) -> Decimal:
    """An amount in dirhams, rounded to the centime, half up."""
    return Decimal(value).quantize(CENTIME, rounding=ROUND_HALF_UP)


def to_decimal(value) -> Decimal:
    if value is None or value == "":
        return ZERO
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise ValueError(value) from error


@dataclass(frozen=True)
class ProductLine:
    name: str
    price: Decimal
    volumes: tuple[Decimal, Decimal, Decimal]
    unit_cost: Decimal = ZERO
    unit: str = ""
    assumption: str = ""


@dataclass(frozen=True)
class CostLine:
    label: str
    amounts: tuple[Decimal, Decimal, Decimal]
    assumption: str = ""


@dataclass(frozen=True)
class InvestmentLine:
    label: str
    amount: Decimal
    year: int = 1
    assumption: str = ""


@dataclass(frozen=True)
class FundingLine:
    label: str
    amount: Decimal
    kind: str = FundingKind.OTHER
    year: int = 1
    assumption: str = ""


@dataclass(frozen=True)
class PlanInputs:
    start_year: int
    opening_cash: Decimal = ZERO
    products: tuple[ProductLine, ...] = ()
    costs: tuple[CostLine, ...] = ()
    investments: tuple[InvestmentLine, ...] = ()
    funding: tuple[FundingLine, ...] = ()


@dataclass(frozen=True)
class YearFigures:
    index: int  # 1..3
    year: int
    revenue: Decimal
    variable_costs: Decimal
    fixed_costs: Decimal
    margin: Decimal
    margin_rate: Decimal | None  # percent, one decimal
    investment: Decimal
    funding: Decimal
    cash_flow: Decimal
    cash_end: Decimal
    break_even_revenue: Decimal | None


@dataclass(frozen=True)
class PlanResult:
    years: list[YearFigures] = field(default_factory=list)
    total_investment: Decimal = ZERO
    total_funding: Decimal = ZERO
    prize_funding: Decimal = ZERO
    break_even_year: int | None = None  # calendar year, None if not within three years

    @property
    def total_revenue(self) -> Decimal:
        return sum((y.revenue for y in self.years), ZERO)


def _years(values) -> tuple[Decimal, Decimal, Decimal]:
    values = list(values or [])[:YEARS]
    values += [ZERO] * (YEARS - len(values))
    return tuple(to_decimal(v) for v in values)


def inputs_from_json(*, start_year, opening_cash, products, costs, investments, funding) -> PlanInputs:
    """Build the inputs from the plan's stored JSON lists (amounts as strings)."""
    return PlanInputs(
        start_year=int(start_year),
        opening_cash=to_decimal(opening_cash),
        products=tuple(
            ProductLine(
                name=p.get("name", ""),
                unit=p.get("unit", ""),
                price=to_decimal(p.get("price")),
                unit_cost=to_decimal(p.get("unit_cost")),
                volumes=_years(p.get("volumes")),
                assumption=p.get("assumption", ""),
            )
            for p in products or []
        ),
        costs=tuple(
            CostLine(
                label=c.get("label", ""), amounts=_years(c.get("amounts")), assumption=c.get("assumption", "")
            )
            for c in costs or []
        ),
        investments=tuple(
            InvestmentLine(
                label=i.get("label", ""),
                amount=to_decimal(i.get("amount")),
                year=int(i.get("year") or 1),
                assumption=i.get("assumption", ""),
            )
            for i in investments or []
        ),
        funding=tuple(
            FundingLine(
                label=f.get("label", ""),
                kind=f.get("kind") or FundingKind.OTHER,
                amount=to_decimal(f.get("amount")),
                year=int(f.get("year") or 1),
                assumption=f.get("assumption", ""),
            )
            for f in funding or []
        ),
    )


def validate(inputs: PlanInputs) -> None:
    """Raise a ValidationError naming each wrong line (keys: products, costs, investments, funding)."""
    errors: dict[str, list[str]] = {}

    def add(key, message):
        errors.setdefault(key, []).append(message)

    if not inputs.products:
        add("products", _("Add at least one product with its price and volumes."))
    for n, product in enumerate(inputs.products, start=1):
        if not product.name.strip():
            add("products", _("Line %(n)s: name the product.") % {"n": n})
        if product.price < 0:
            add("products", _("Line %(n)s: a price cannot be negative.") % {"n": n})
        if product.unit_cost < 0:
            add("products", _("Line %(n)s: a unit cost cannot be negative.") % {"n": n})
        if any(v < 0 for v in product.volumes):
            add("products", _("Line %(n)s: a volume cannot be negative.") % {"n": n})
    for n, cost in enumerate(inputs.costs, start=1):
        if not cost.label.strip():
            add("costs", _("Line %(n)s: name the cost.") % {"n": n})
        if any(a < 0 for a in cost.amounts):
            add("costs", _("Line %(n)s: a cost cannot be negative.") % {"n": n})
    for key, lines in (("investments", inputs.investments), ("funding", inputs.funding)):
        for n, line in enumerate(lines, start=1):
            if not line.label.strip():
                add(key, _("Line %(n)s: give a label.") % {"n": n})
            if line.amount < 0:
                add(key, _("Line %(n)s: an amount cannot be negative.") % {"n": n})
            if not 1 <= line.year <= YEARS:
                add(key, _("Line %(n)s: choose year 1, 2 or 3.") % {"n": n})
    if inputs.opening_cash < 0:
        add("opening_cash", _("The cash at the start cannot be negative."))
    invested = sum((mad(i.amount) for i in inputs.investments), ZERO)
    funded = sum((mad(f.amount) for f in inputs.funding), ZERO)
    if "investments" not in errors and "funding" not in errors and invested != funded:
        add(
            "funding",
            _(
                "The funding sources (%(funded)s MAD) must add up to the investments (%(invested)s MAD): "
                "the difference is %(difference)s MAD."
            )
            % {
                "funded": number_format(funded, 2, force_grouping=True),
                "invested": number_format(invested, 2, force_grouping=True),
                "difference": number_format(invested - funded, 2, force_grouping=True),
            },
        )
    if errors:
        raise ValidationError(errors)


def compute(inputs: PlanInputs) -> PlanResult:
    """The plan's figures for its three years (inputs assumed valid)."""
    years = []
    cash = mad(inputs.opening_cash)
    break_even_year = None
    for i in range(YEARS):
        revenue = sum((mad(p.price * p.volumes[i]) for p in inputs.products), ZERO)
        variable = sum((mad(p.unit_cost * p.volumes[i]) for p in inputs.products), ZERO)
        fixed = sum((mad(c.amounts[i]) for c in inputs.costs), ZERO)
        margin = revenue - variable - fixed
        invested = sum((mad(x.amount) for x in inputs.investments if x.year == i + 1), ZERO)
        funded = sum((mad(f.amount) for f in inputs.funding if f.year == i + 1), ZERO)
        flow = margin - invested + funded
        cash += flow
        contribution = revenue - variable
        if revenue > 0 and contribution > 0:
            threshold = (fixed * revenue / contribution).quantize(Decimal("1"), rounding=ROUND_CEILING)
        else:
            threshold = None
        rate = (margin * 100 / revenue).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if revenue else None
        if break_even_year is None and margin >= 0 and revenue > 0:
            break_even_year = inputs.start_year + i
        years.append(
            YearFigures(
                index=i + 1,
                year=inputs.start_year + i,
                revenue=revenue,
                variable_costs=variable,
                fixed_costs=fixed,
                margin=margin,
                margin_rate=rate,
                investment=invested,
                funding=funded,
                cash_flow=flow,
                cash_end=cash,
                break_even_revenue=threshold,
            )
        )
    return PlanResult(
        years=years,
        total_investment=sum((mad(x.amount) for x in inputs.investments), ZERO),
        total_funding=sum((mad(f.amount) for f in inputs.funding), ZERO),
        prize_funding=sum((mad(f.amount) for f in inputs.funding if f.kind == FundingKind.PRIZE), ZERO),
        break_even_year=break_even_year,
    )


def plan_result(plan) -> PlanResult | None:
    """The figures of a stored `FinancialPlan`, or None when it has no valid inputs."""
    if plan is None:
        return None
    inputs = plan_inputs(plan)
    try:
        validate(inputs)
    except ValidationError:
        return None
    return compute(inputs)


def plan_inputs(plan) -> PlanInputs:
    return inputs_from_json(
        start_year=plan.start_year,
        opening_cash=plan.opening_cash,
        products=plan.products,
        costs=plan.costs,
        investments=plan.investments,
        funding=plan.funding,
    )
