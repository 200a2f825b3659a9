"""Hypothesis properties: what the law guarantees, checked on generated households."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, note
from hypothesis import strategies as st

import bvv
from bvv.engine import income_a_to_i
from bvv.money import CONTEXT, round_cents
from bvv.norms import norms_for

D = Decimal
money = st.decimals(min_value=0, max_value=6000, places=2, allow_nan=False, allow_infinity=False)
annual = st.decimals(min_value=0, max_value=150000, places=2, allow_nan=False, allow_infinity=False)
dates = st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def incomes(draw: Any, prefix: str, min_size: int, garnish: bool) -> list[dict[str, str | bool]]:
    n = draw(st.integers(min_value=min_size, max_value=3))
    out: list[dict[str, str | bool]] = []
    for k in range(n):
        out.append(
            {
                "id": f"{prefix}{k}",
                "category": draw(st.sampled_from("abcdefghij")),
                "net_monthly": str(draw(money)),
                "garnished": draw(st.booleans()) if garnish else False,
            }
        )
    if garnish and out and not any(i["garnished"] for i in out):
        out[0]["garnished"] = True
    return out


@st.composite
def cases(draw: Any, *, increases: bool = False) -> dict[str, Any]:
    partner = draw(st.booleans())
    data: dict[str, Any] = {
        "format": "bvv-case/1",
        "determination_date": draw(dates).isoformat(),
        "debtor": {"residence": draw(st.sampled_from(["nl", "nl", "nl", "no_residential_address"]))},
        "household": {"partner": partner, "dependent_children": draw(st.integers(0, 3))},
        "taxable_income_annual": {
            "debtor": str(draw(annual)),
            "partner": str(draw(annual)) if partner else "0.00",
        },
        "incomes": draw(incomes("i", 1, True)),
        "partner_incomes": draw(incomes("p", 0, False)) if partner else [],
        "housing": {"kind": "rent", "costs_monthly": str(draw(money))},
        "company_car_wage_tax_monthly": str(draw(st.sampled_from([D("0.00"), D("85.00")]))),
    }
    if increases and draw(st.booleans()):
        data["housing"]["high_costs_increase"] = {
            "requested_on": data["determination_date"],
            "extended": False,
        }
    return data


def _income_ai(result: bvv.Result) -> Decimal:
    return income_a_to_i(bvv.parse_case(result.case).incomes)


@given(cases(increases=True))
def test_bvv_is_at_most_95_percent_of_income_a_to_i(data: dict[str, Any]) -> None:
    result = bvv.calculate(data)
    note(str([(s.id, s.amount) for s in result.steps]))
    assert D(0) <= result.beslagvrije_voet <= round_cents(D("0.95") * _income_ai(result))


@given(cases())
def test_bvv_without_increases_is_at_most_the_maximum(data: dict[str, Any]) -> None:
    result = bvv.calculate(data)
    assert result.beslagvrije_voet <= result.maximum


def _formula_at_c_and_c_plus(data: dict[str, Any], extra: Decimal) -> tuple[Decimal, Decimal]:
    """The lid-2 formula capped by lid 1 (step ``475da-1-maximum``) at C and at C + extra."""
    data["debtor"]["residence"] = "nl"
    amounts = []
    for c in (D(data["taxable_income_annual"]["debtor"]), D(data["taxable_income_annual"]["debtor"]) + extra):
        data["taxable_income_annual"]["debtor"] = str(c)
        result = bvv.calculate(data)
        amounts.append(D(next(s.exact for s in result.steps if s.id == "475da-1-maximum") or "0"))
    return amounts[0], amounts[1]


@given(cases(), st.decimals(min_value=D("0.01"), max_value=20000, places=2))
def test_lid2_formula_is_non_decreasing_in_c(data: dict[str, Any], extra: Decimal) -> None:
    low, high = _formula_at_c_and_c_plus(data, extra)
    assert low <= high


@given(cases(), st.sampled_from([D("0.01"), D("1.00")]))
def test_lid2_formula_is_continuous_in_c(data: dict[str, Any], delta: Decimal) -> None:
    """Up to the maximum, more income a year moves the monthly bvv by at most a tenth of it.

    (The steepest terms at the lid-8 income: housing 2·F·C + G ≈ 0.04, zorg E/12 ≈ 0.011,
    kgb K/12 ≈ 0.006 per euro of annual income.)"""
    low, high = _formula_at_c_and_c_plus(data, delta)
    assert D(0) <= high - low <= delta / 10


@given(cases(increases=True))
def test_partner_deduction_is_at_most_half(data: dict[str, Any]) -> None:
    result = bvv.calculate(data)
    for step in result.steps:
        if step.id == "475db-1-a-partner":
            before = D(step.inputs["voor_aftrek"])
            half = CONTEXT.divide(before, 2)  # the engine's precision
            assert D(step.inputs["aftrek"]) <= half
            assert D(step.exact or "0") >= half


@given(cases(increases=True))
def test_per_income_parts_add_up_and_afdracht_is_payment_minus_part(data: dict[str, Any]) -> None:
    result = bvv.calculate(data)
    garnished = [i for i in data["incomes"] if i["garnished"]]
    assert len(result.per_income) == len(garnished)
    assert sum((p.bvv for p in result.per_income), D(0)) == result.beslagvrije_voet
    for p in result.per_income:
        assert p.afdracht == max(D(0), p.payment - p.bvv)


@given(cases(increases=True), st.randoms(use_true_random=False))
def test_order_of_the_income_list_is_irrelevant(data: dict[str, Any], rnd: Any) -> None:
    first = bvv.calculate(data)
    shuffled = dict(data, incomes=rnd.sample(data["incomes"], len(data["incomes"])))
    second = bvv.calculate(shuffled)
    assert second.beslagvrije_voet == first.beslagvrije_voet
    assert sorted(second.per_income, key=lambda p: p.id) == sorted(first.per_income, key=lambda p: p.id)


@given(cases(increases=True))
def test_same_input_gives_the_same_receipt(data: dict[str, Any]) -> None:
    assert bvv.calculate(data).receipt == bvv.calculate(data).receipt


@given(dates)
def test_every_date_of_the_regime_has_norms(on: date) -> None:
    table, latest = norms_for(on)
    assert table.period.start <= on <= table.period.end and not latest
    assert table.period.start.month in (1, 7) and table.period.start.day == 1
