"""The financial plan's arithmetic against hand-worked examples."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coaching import finance

from .factories import D, worked_example


def test_worked_example_year_by_year():
    # Year 1: revenue 150×1000 + 12.50×2000 = 175,000; variable 60×1000 + 4.25×2000 = 68,500;
    # fixed 24,000 + 90,000 = 114,000; margin −7,500; cash 10,000 − 7,500 − 80,000 + 80,000 = 2,500.
    # Year 2: 262,500 − 102,750 − 124,000 = 35,750; cash 38,250. Year 3: 350,000 − 137,000 − 134,000
    # = 79,000; cash 117,250.
    result = finance.compute(worked_example())
    assert [y.revenue for y in result.years] == [D("175000.00"), D("262500.00"), D("350000.00")]
    assert [y.variable_costs for y in result.years] == [D("68500.00"), D("102750.00"), D("137000.00")]
    assert [y.fixed_costs for y in result.years] == [D("114000.00"), D("124000.00"), D("134000.00")]
    assert [y.margin for y in result.years] == [D("-7500.00"), D("35750.00"), D("79000.00")]
    assert [y.cash_flow for y in result.years] == [D("-7500.00"), D("35750.00"), D("79000.00")]
    assert [y.cash_end for y in result.years] == [D("2500.00"), D("38250.00"), D("117250.00")]
    assert [y.year for y in result.years] == [2026, 2027, 2028]
    assert result.total_investment == D("80000.00")
    assert result.total_funding == D("80000.00")
    assert result.prize_funding == D("50000.00")


def test_break_even_revenue_is_rounded_up_to_the_dirham():
    # Year 1: contribution 175,000 − 68,500 = 106,500; break-even = 114,000 × 175,000 / 106,500
    # = 187,323.94… → 187,324 MAD (rounded up: the least revenue that covers the costs).
    result = finance.compute(worked_example())
    assert result.years[0].break_even_revenue == D("187324")
    # Year 2: 124,000 × 262,500 / 159,750 = 203,755.86… → 203,756.
    assert result.years[1].break_even_revenue == D("203756")
    assert result.break_even_year == 2027
    assert result.years[0].margin_rate == D("-4.3")  # −7,500 / 175,000 = −4.29 %


def test_no_break_even_when_every_year_loses_money():
    inputs = finance.PlanInputs(
        start_year=2026,
        products=(finance.ProductLine("Miel", D("100"), (D(10), D(10), D(10)), unit_cost=D("120")),),
        costs=(finance.CostLine("Loyer", (D(1000),) * 3),),
    )
    result = finance.compute(inputs)
    assert result.break_even_year is None
    assert [y.break_even_revenue for y in result.years] == [None, None, None]
    assert result.years[0].margin == D("-1200.00")


def test_each_line_rounds_half_up_to_the_centime():
    # 12.25 × 10.5 = 128.625 → 128.63 (half up; banker's rounding would give 128.62);
    # 0.335 × 3 = 1.005 → 1.01.
    inputs = finance.PlanInputs(
        start_year=2026,
        products=(
            finance.ProductLine("Safran", D("12.25"), (D("10.5"), D(0), D(0))),
            finance.ProductLine("Sachet", D("0.335"), (D(3), D(0), D(0))),
        ),
    )
    result = finance.compute(inputs)
    assert result.years[0].revenue == D("129.64")
    assert finance.mad(D("2.675")) == D("2.68")
    assert finance.mad(D("-2.675")) == D("-2.68")


def test_validation_refuses_negative_prices_costs_and_volumes():
    inputs = finance.PlanInputs(
        start_year=2026,
        products=(finance.ProductLine("Huile", D("-1"), (D(1), D(-2), D(0)), unit_cost=D("-3")),),
        costs=(finance.CostLine("Loyer", (D(-5), D(0), D(0))),),
    )
    with pytest.raises(ValidationError) as caught:
        finance.validate(inputs)
    errors = caught.value.message_dict
    assert errors["products"] == [
        "Line 1: a price cannot be negative.",
        "Line 1: a unit cost cannot be negative.",
        "Line 1: a volume cannot be negative.",
    ]
    assert errors["costs"] == ["Line 1: a cost cannot be negative."]


def test_validation_requires_funding_to_add_up_to_investments():
    inputs = worked_example()
    short = finance.PlanInputs(**{**inputs.__dict__, "funding": inputs.funding[:1]})
    with pytest.raises(ValidationError) as caught:
        finance.validate(short)
    assert caught.value.message_dict == {
        "funding": [
            "The funding sources (50,000.00 MAD) must add up to the investments (80,000.00 MAD): "
            "the difference is 30,000.00 MAD."
        ]
    }
    finance.validate(inputs)  # the balanced plan passes


def test_validation_needs_a_product_and_years_one_to_three():
    inputs = finance.PlanInputs(
        start_year=2026,
        investments=(finance.InvestmentLine("Presse", D(10), 4),),
        funding=(finance.FundingLine("Prix", D(10), "prize", 4),),
    )
    with pytest.raises(ValidationError) as caught:
        finance.validate(inputs)
    errors = caught.value.message_dict
    assert errors["products"] == ["Add at least one product with its price and volumes."]
    assert errors["investments"] == ["Line 1: choose year 1, 2 or 3."]
    assert errors["funding"] == ["Line 1: choose year 1, 2 or 3."]


def test_json_round_trip_keeps_the_figures():
    from coaching.services_projects import _as_json

    inputs = worked_example()
    stored = _as_json(inputs)
    back = finance.inputs_from_json(start_year=2026, opening_cash="10000", **stored)
    assert finance.compute(back) == finance.compute(inputs)
    assert stored["products"][1]["price"] == "12.50"
    assert stored["funding"][0] == {
        "label": "Prix",
        "kind": "prize",
        "amount": "50000.00",
        "year": 1,
        "assumption": "",
    }
    assert Decimal(stored["products"][0]["volumes"][2]) == 2000
