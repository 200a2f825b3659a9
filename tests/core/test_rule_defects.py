"""Issue 8: the rule defects around the formula, each with the reproducer from the issue or a
boundary test (decisions 1, 6, 11, 16, 17, 18, 20 of the specification)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import bvv
from bvv.citations import rv_version_in_force
from bvv.engine.division import order_diagnostics
from bvv.engine.trace import Trace
from bvv.errors import CaseInvalid, CaseNotCovered
from bvv.model import Income
from bvv.norms import norms_for
from bvv.rules.rv_475da import married_housing_increase
from tests.core.helpers import case, income, step_ids

D = Decimal


def _ids(result: bvv.Result) -> list[str]:
    return [a.id for a in result.assumptions]


def _housing(costs: str, requested_on: str, extended: bool = False) -> dict[str, Any]:
    return {
        "kind": "rent",
        "costs_monthly": costs,
        "high_costs_increase": {"requested_on": requested_on, "extended": extended},
    }


# ------------------------------------------------------------------ 1. lid 5, last sentence
def test_married_housing_increase_counts_partner_income_once() -> None:
    """Issue 8 reproducer 1 (decision 11): was 1679.61."""
    data = case(
        "2024-03-15",
        c="40000.00",
        c_partner="30000.00",
        partner=True,
        incomes=[income("werk", "e", "3000.00")],
        partner_incomes=[income("partner", "e", "1400.00", garnished=False)],
        housing=_housing("1500.00", "2024-02-01"),
    )
    result = bvv.calculate(data)
    assert result.beslagvrije_voet == D("1763.86")
    assert "housing-increase-married-reduced" in _ids(result)


@pytest.mark.parametrize(
    "b,x,p,expected",
    [
        ("2000", "160", "0", "160"),  # no partner income: the whole excess
        ("2000", "160", "1080", "160"),  # P = (B + X)/2: 475db a takes all of P
        ("2000", "160", "1100", "120"),  # B + 2X - 2P
        ("2000", "160", "1160", "0"),  # B + 2X - 2P = 0
        ("2000", "160", "5000", "0"),  # never below zero
    ],
)
def test_married_housing_increase_closed_form(b: str, x: str, p: str, expected: str) -> None:
    got = married_housing_increase(D(x), bvv_before=D(b), partner_income=D(p), max_fraction=D("0.5"))
    assert got == D(expected)
    # what 475db a leaves over of P after deducting from B + I pays the excess first
    left = max(D(0), D(p) - min(D(p), (D(b) + got) / 2))
    assert got == max(D(0), D(x) - left)


# ------------------------------------------------------------------ 2. 475dc lid 2 (decision 18)
def test_designated_benefit_only_when_the_95pct_limit_lowered_the_bvv() -> None:
    db = {"applicable_norm_monthly": "1401.50", "other_income_monthly": "0.00"}
    capped = bvv.calculate(
        case("2024-03-15", c="13000.00", incomes=[income("pw", "a", "1000.00")], designated_benefit=db)
    )
    assert capped.designated_benefit is not None
    not_capped = bvv.calculate(
        case("2024-03-15", incomes=[income("pw", "a", "3000.00")], designated_benefit=db)
    )
    assert not_capped.designated_benefit is None
    assert "475dc-2-aangewezen-uitkering" not in step_ids(not_capped)
    assert "designated-benefit-not-applied" in [d.code for d in not_capped.diagnostics]
    assert "designated-benefit-only-when-capped" in _ids(not_capped)


def test_no_designated_benefit_for_an_institution_in_2022() -> None:
    data = case(
        "2022-07-27",
        incomes=[income("uwv", "b", "400.00")],
        debtor={"institution_care_price_monthly": "326.65"},
        designated_benefit={"applicable_norm_monthly": "1401.50"},
    )
    result = bvv.calculate(data)
    assert result.designated_benefit is None
    assert "475dc-1-95procent" not in step_ids(result)


# ------------------------------------------------------------------ 3. lid 5-6 across 2023 (decision 16)
def test_a_2022_request_keeps_the_six_month_term_in_2023() -> None:
    """Issue 8 reproducer 3: was 2383.94 (the 18-month term)."""
    data = case(
        "2023-05-15",
        c="60000.00",
        incomes=[income("werk", "e", "4000.00")],
        housing=_housing("1400.00", "2022-10-01"),
    )
    result = bvv.calculate(data)
    assert result.beslagvrije_voet == D("1872.81")
    assert "housing-increase-term-at-request" in _ids(result)
    assert "housing-increase-ended" in [d.code for d in result.diagnostics]


@pytest.mark.parametrize("on,applied", [("2023-03-31", True), ("2023-04-01", False)])
def test_the_six_month_term_of_a_2022_request_ends_on_its_last_day(on: str, applied: bool) -> None:
    data = case(
        on, c="60000.00", incomes=[income("werk", "e", "4000.00")], housing=_housing("1400.00", "2022-10-01")
    )
    assert ("475da-5-woonkosten" in step_ids(bvv.calculate(data))) is applied


def test_a_request_before_2021_is_outside_coverage() -> None:
    data = case(
        "2021-03-01",
        c="60000.00",
        incomes=[income("werk", "e", "4000.00")],
        housing=_housing("1400.00", "2020-12-01"),
    )
    with pytest.raises(CaseNotCovered) as err:
        bvv.calculate(data)
    assert err.value.path == "housing.high_costs_increase.requested_on"


# ------------------------------------------------------------------ 4. request after the date (decision 17)
def test_a_request_after_the_determination_date_is_refused() -> None:
    data = case("2024-03-15", housing=_housing("1500.00", "2024-03-16"))
    with pytest.raises(CaseInvalid) as err:
        bvv.calculate(data)
    assert err.value.path == "housing.high_costs_increase.requested_on"
    assert err.value.exit_code == 3
    assert bvv.calculate(case("2024-03-15", housing=_housing("1500.00", "2024-03-15")))  # same day is fine


# ------------------------------------------------------------------ 5. pay periods exact (decisions 1, 6)
@pytest.mark.parametrize(
    "period,amount,expected",
    [("week", "250.00", "1029.17"), ("four_weeks", "1000.00", "1029.17")],  # 1083.333... x 95 %
)
def test_pay_periods_are_converted_exactly(period: str, amount: str, expected: str) -> None:
    weekly = {"id": "uwv", "category": "b", "pay_period": period, "net_per_period": amount, "garnished": True}
    result = bvv.calculate(case("2024-03-15", c="13000.00", incomes=[weekly]))
    assert result.beslagvrije_voet == D(expected)
    assert "pay-period-conversion" in _ids(result)
    assert result.per_income[0].payment == D("1083.33")


def test_a_converted_partner_income_is_recorded_too() -> None:
    weekly = {
        "id": "p",
        "category": "e",
        "pay_period": "week",
        "net_per_period": "100.00",
        "garnished": False,
    }
    data = case("2024-03-15", partner=True, c_partner="5000.00", partner_incomes=[weekly])
    assert "pay-period-conversion" in _ids(bvv.calculate(data))
    assert "pay-period-conversion" not in _ids(bvv.calculate(case("2024-03-15")))


# ------------------------------------------------------------------ 6. allowances (decision 20)
def test_the_bvv_is_divided_over_garnished_a_to_i_claims_only() -> None:
    incomes = [income("werk", "e", "2500.00"), income("zorgtoeslag", "j", "120.00")]
    result = bvv.calculate(case("2024-03-15", c="20000.00", incomes=incomes))
    parts = {p.id: p for p in result.per_income}
    assert parts["werk"].bvv == result.beslagvrije_voet
    assert parts["zorgtoeslag"].bvv == 0 and parts["zorgtoeslag"].afdracht == D("120.00")
    assert "475c-5-verdeling" not in step_ids(result)
    assert "garnished-allowance-division" in _ids(result)


def test_only_an_allowance_garnished_carries_the_whole_bvv() -> None:
    incomes = [income("werk", "e", "500.00", garnished=False), income("huurtoeslag", "j", "300.00")]
    result = bvv.calculate(case("2024-03-15", c="20000.00", incomes=incomes))
    assert [(p.id, p.bvv) for p in result.per_income] == [("huurtoeslag", result.beslagvrije_voet)]
    assert "garnished-allowance-division" in _ids(result)


# ------------------------------------------------------------------ 7. citations and a linear order check
@pytest.mark.parametrize(
    "on,version", [("2021-01-10", "2021-01-01"), ("2021-01-20", "2021-01-20"), ("2025-03-01", "2025-02-04")]
)
def test_steps_cite_the_text_in_force_on_the_determination_date(on: str, version: str) -> None:
    result = bvv.calculate(case(on))
    assert {s.citation.version.isoformat() for s in result.steps} == {version}
    assert rv_version_in_force(date.fromisoformat(on)).isoformat() == version


def test_the_order_check_handles_many_incomes_in_one_pass() -> None:
    """Rv 475c lid 2 on 20,000 incomes (issue 9 item 9: it compared every garnished income with all
    earlier ones, 176 s for 30,000 garnished incomes; now one pass)."""
    t = Trace(bvv.parse_case(case("2024-03-15")), norms_for(date(2024, 3, 15))[0], "statute")
    garnished = [Income(id=f"g{n}", category="e", net_monthly=D(500), garnished=True) for n in range(20_000)]
    order_diagnostics(t, garnished)
    assert t.diagnostics == []
    free = [Income(id=f"u{n}", category="e", net_monthly=D(500), garnished=False) for n in range(20_000)]
    late = Income(id="late", category="g", net_monthly=D(100), garnished=True)
    order_diagnostics(t, [*free, late, *garnished])
    (diag,) = t.diagnostics
    assert diag.code == "garnishment-order" and "'late'" in diag.message and "u19999" in diag.message


# ------------------------------------------------------------------ 8. while there
def test_a_woonlandfactor_for_a_debtor_in_the_netherlands_is_refused() -> None:
    with pytest.raises(CaseInvalid) as err:
        bvv.calculate(case("2024-03-15", debtor={"woonlandfactor": "0.8"}))
    assert err.value.path == "debtor.woonlandfactor"


def test_an_institution_abroad_is_outside_coverage() -> None:
    debtor = {
        "residence": "abroad",
        "country": "BE",
        "woonlandfactor": "0.8",
        "institution_care_price_monthly": "300.00",
    }
    with pytest.raises(CaseNotCovered) as err:
        bvv.calculate(case("2024-03-15", debtor=debtor))
    assert err.value.path == "debtor.institution_care_price_monthly"


def test_the_housing_increase_applies_on_the_47_5pct_route_from_2023() -> None:
    debtor = {"residence": "abroad", "country": "BE", "woonlandfactor": "0.8"}
    data = case(
        "2024-03-15",
        debtor=debtor,
        incomes=[income("werk", "e", "3000.00")],
        housing=_housing("1500.00", "2024-02-01"),
    )
    result = bvv.calculate(data)
    assert step_ids(result)[-3:-1] == ["475da-4-woonlandfactor", "475da-5-woonkosten"]
    assert "housing-increase-on-47-5pct" in _ids(result)


@pytest.mark.parametrize("absent", ["costs_monthly", "kind"])
def test_a_requested_housing_increase_needs_kind_and_costs(absent: str) -> None:
    """Decision 19: with a lid-5 request, absent housing costs are not 0.00 (that silently gave
    1473.04 instead of 1605.42 for example 11); the calculation stops naming the field."""
    case = json.loads(json.dumps(bvv.examples.load("11_hoge_woonkosten_2024")))
    del case["housing"][absent]
    with pytest.raises(bvv.CaseIncomplete) as err:
        bvv.calculate(bvv.parse_case(case))
    assert err.value.path == f"housing.{absent}"
