"""Unit tests per rule at the boundaries: period switches, rule changes of 2022/2023/2026, caps."""

from __future__ import annotations

from decimal import Decimal

import pytest

import bvv
from bvv.errors import CaseInvalid, CaseNotCovered, NormsNotAvailable
from tests.core.helpers import case, income, step_ids

D = Decimal


# ------------------------------------------------------------------ norm periods (decision 15)
@pytest.mark.parametrize(
    "on,period",
    [
        ("2021-01-01", "2021-01-01"),
        ("2021-06-30", "2021-01-01"),
        ("2021-07-01", "2021-07-01"),
        ("2025-12-31", "2025-07-01"),
        ("2026-01-01", "2026-01-01"),
        ("2026-12-31", "2026-07-01"),
    ],
)
def test_the_norm_period_follows_the_determination_date(on: str, period: str) -> None:
    assert bvv.calculate(case(on)).norm_period.isoformat() == period


@pytest.mark.parametrize("on", ["2020-12-31", "2027-01-01"])
def test_dates_outside_the_published_norms_are_errors_naming_the_periods(on: str) -> None:
    with pytest.raises(NormsNotAvailable) as err:
        bvv.calculate(case(on))
    assert on in err.value.message and "2021-01-01" in err.value.message
    assert "2026-07-01" in err.value.message


def test_allow_latest_norms_uses_the_last_table_and_says_so() -> None:
    result = bvv.calculate(case("2027-02-01"), allow_latest_norms=True)
    assert result.norm_period.isoformat() == "2026-07-01"
    assert "latest-norms-used" in [a.id for a in result.assumptions]


def test_before_2021_is_refused_even_when_latest_norms_are_allowed() -> None:
    with pytest.raises(NormsNotAvailable):
        bvv.calculate(case("2020-12-31"), allow_latest_norms=True)


# ------------------------------------------------------------------ lid 2: the 2026 formula switch
def test_the_housing_term_changes_from_quadratic_to_linear_on_2026_01_01() -> None:
    old = bvv.calculate(case("2025-12-31", c="40000.00"))
    new = bvv.calculate(case("2026-01-01", c="40000.00"))
    woon = {r.norm_period.year: next(s for s in r.steps if s.id == "475da-2-woon") for r in (old, new)}
    assert "C²" in woon[2025].description and "I x F" in woon[2026].description
    # 2025: F*C^2 + G*C - J with the 2025 factors; 2026: min((C - 23425) * 27% / 12, 932.93 - 202.52)
    # 0.000000438698 * 40000² + 0.000446392665 * 40000 - 238.01 = 481.7625066
    assert D(woon[2025].exact or "") == D("481.7625066")
    assert woon[2026].amount == D("372.94")  # (40000 - 23425) * 0.27 / 12 = 372.9375


def test_low_income_housing_term_is_floored_at_zero() -> None:
    result = bvv.calculate(case("2025-03-01", c="12000.00"))
    woon = next(s for s in result.steps if s.id == "475da-2-woon")
    assert woon.amount == 0 and "negative-terms-floored" in woon.assumptions


# ------------------------------------------------------------------ lid 3: zorg cap
def test_zorg_term_is_capped_with_twice_the_premium_for_couples() -> None:
    # 2025, couple, C = 80000: ((80000-28406)/12)*13.7% = 589.03 > cap 2*2112/12 - 101 = 251
    result = bvv.calculate(case("2025-03-01", c="60000.00", partner=True, c_partner="20000.00"))
    cap = next(s for s in result.steps if s.id == "475da-3-zorgplafond")
    assert cap.amount == D("251.00")
    single = bvv.calculate(case("2025-03-01", c="80000.00"))
    assert next(s for s in single.steps if s.id == "475da-3-zorgplafond").amount == D("131.00")


# ------------------------------------------------------------------ lid 4, 475e lid 1
def test_no_residential_address_is_47_5_percent_of_the_couples_norm_per_period() -> None:
    for on, expected in [("2023-01-10", "811.34"), ("2026-07-10", "963.20")]:
        data = case(on, debtor={"residence": "no_residential_address"})
        data["incomes"] = [income("ww", "b", "1500.00")]
        assert str(bvv.calculate(data).beslagvrije_voet) == expected


def test_abroad_without_woonlandfactor_is_an_error_naming_the_country() -> None:
    data = case(debtor={"residence": "abroad", "country": "BE"})
    with pytest.raises(CaseNotCovered) as err:
        bvv.calculate(data)
    assert "BE" in err.value.message and err.value.path == "debtor.woonlandfactor"


def test_abroad_with_woonlandfactor_multiplies_the_47_5_percent_amount() -> None:
    data = case("2024-01-15", debtor={"residence": "abroad", "country": "PL", "woonlandfactor": "0.5"})
    result = bvv.calculate(data)
    # 0.475 * 1834.04 * 0.5 = 435.5845
    assert result.beslagvrije_voet == D("435.58")
    assert "abroad-woonlandfactor-on-47-5pct" in [a.id for a in result.assumptions]


def test_abroad_requires_a_country() -> None:
    with pytest.raises(CaseInvalid) as err:
        bvv.calculate(case(debtor={"residence": "abroad"}))
    assert err.value.path == "debtor.country"


def test_unregistered_residence_with_insight_gets_the_normal_calculation() -> None:
    normal = bvv.calculate(case())
    disclosed = bvv.calculate(case(debtor={"residence": "nl_unregistered_disclosed"}))
    assert disclosed.beslagvrije_voet == normal.beslagvrije_voet
    assert "475e-1-inzicht" in step_ids(disclosed)


# ------------------------------------------------------------------ lid 5-6: high housing costs
def _housing(on: str, requested: str, *, c: str, extended: bool = False) -> dict[str, object]:
    return case(
        on,
        c=c,
        incomes=[income("werk", "e", "5000.00")],
        housing={
            "kind": "rent",
            "costs_monthly": "1000.00",
            "high_costs_increase": {"requested_on": requested, "extended": extended},
        },
    )


def test_until_2022_the_housing_increase_needs_the_maximum() -> None:
    below = bvv.calculate(_housing("2022-12-31", "2022-12-01", c="25000.00"))
    assert "475da-5-woonkosten" not in step_ids(below)
    assert "housing-increase-not-at-maximum" in [d.code for d in below.diagnostics]
    at_max = bvv.calculate(_housing("2022-12-31", "2022-12-01", c="50000.00"))
    # 1000 - 1.10 * 763.47 = 160.183 on top of the maximum 1701.27
    assert at_max.beslagvrije_voet == D("1861.45")


def test_from_2023_the_housing_increase_applies_below_the_maximum() -> None:
    result = bvv.calculate(_housing("2023-01-01", "2023-01-01", c="25000.00"))
    step = next(s for s in result.steps if s.id == "475da-5-woonkosten")
    assert step.amount == D("111.13")  # 1000 - 1.10 * 808.06 = 111.134


@pytest.mark.parametrize(
    "on,requested,extended,applied",
    [
        ("2022-08-31", "2022-03-01", False, True),  # 6 months: until 2022-08-31
        ("2022-09-01", "2022-03-01", False, False),
        ("2022-12-31", "2022-03-01", True, True),  # 6 + 6 months: until 2023-02-28
        ("2024-08-31", "2023-03-01", False, True),  # 18 months from 2023
        ("2024-09-01", "2023-03-01", False, False),
        ("2025-02-28", "2023-03-01", True, True),  # 18 + 6 months
    ],
)
def test_the_housing_increase_ends_after_its_term(
    on: str, requested: str, extended: bool, applied: bool
) -> None:
    result = bvv.calculate(_housing(on, requested, c="60000.00", extended=extended))
    assert ("475da-5-woonkosten" in step_ids(result)) is applied
    if not applied:
        assert "housing-increase-ended" in [d.code for d in result.diagnostics]


def test_married_housing_increase_is_reduced_by_the_partner_income_left_over() -> None:
    data = _housing("2024-03-01", "2024-02-01", c="30000.00")
    data["household"] = {"partner": True, "dependent_children": 0}
    data["taxable_income_annual"] = {"debtor": "30000.00", "partner": "30000.00"}
    data["partner_incomes"] = [income("p", "e", "2000.00", garnished=False)]
    result = bvv.calculate(data)
    step = next(s for s in result.steps if s.id == "475da-5-woonkosten")
    assert step.amount == 0  # the partner's income left over after 475db a covers the excess
    assert "housing-increase-married-reduced" in step.assumptions


# ------------------------------------------------------------------ lid 7
def _owner(on: str, c: str, amount: str | None) -> dict[str, object]:
    housing: dict[str, object] = {
        "kind": "owner",
        "costs_monthly": "900.00",
        "owner_increase_requested": True,
    }
    if amount is not None:
        housing["owner_increase_monthly"] = amount
    return case(on, c=c, incomes=[income("werk", "e", "3000.00")], housing=housing)


def test_owner_increase_without_amount_names_the_field() -> None:
    with pytest.raises(CaseNotCovered) as err:
        bvv.calculate(_owner("2024-03-01", "30000.00", None))
    assert err.value.path == "housing.owner_increase_monthly"


def test_owner_increase_is_added_below_the_income_limit_only() -> None:
    base = bvv.calculate(case("2024-03-01", c="30000.00", incomes=[income("werk", "e", "3000.00")]))
    below = bvv.calculate(_owner("2024-03-01", "30000.00", "100.00"))
    assert below.beslagvrije_voet == base.beslagvrije_voet + 100
    above = bvv.calculate(_owner("2024-03-01", "37574.00", "100.00"))  # limit 37 574: not below
    assert next(s for s in above.steps if s.id == "475da-7-eigenaar").amount == 0


def test_owner_increase_before_2023_is_not_covered() -> None:
    with pytest.raises(CaseNotCovered):
        bvv.calculate(_owner("2022-06-01", "20000.00", "100.00"))


def test_non_wht_renter_qualifies_only_from_2023() -> None:
    data = _owner("2022-06-01", "20000.00", "100.00")
    data["housing"]["kind"] = "rent_non_wht"  # type: ignore[index]
    result = bvv.calculate(data)
    assert "owner-increase-not-applicable" in [d.code for d in result.diagnostics]


# ------------------------------------------------------------------ 475db
def test_partner_deduction_is_at_most_half() -> None:
    data = case(
        "2023-07-15",
        c="20000.00",
        partner=True,
        c_partner="40000.00",
        incomes=[income("werk", "e", "3000.00")],
        partner_incomes=[income("p", "e", "2600.00", garnished=False)],
    )
    result = bvv.calculate(data)
    step = next(s for s in result.steps if s.id == "475db-1-a-partner")
    maximum_step = next(s for s in result.steps if s.id == "475da-1-maximum")
    # maximum 2498.47 (couple, 2023-07); partner income 2600 > half: deduct exactly half
    assert maximum_step.amount == D("2498.47")
    assert D(step.exact or "") == D("2498.47") / 2


def test_own_non_garnished_income_is_deducted_and_floored_at_zero() -> None:
    data = case(incomes=[income("werk", "e", "300.00"), income("pensioen", "g", "3000.00", garnished=False)])
    result = bvv.calculate(data)
    assert result.beslagvrije_voet == 0
    assert "bvv-floored-at-zero" in [a.id for a in result.assumptions]


def test_worked_example_w10_division_and_non_garnished_income() -> None:
    # 475db b: A garnished (900), B not (100): bvv on A = bvv - 100
    only_a = bvv.calculate(
        case(
            "2024-01-15",
            c="80000.00",
            incomes=[income("A", "e", "3000.00"), income("B", "g", "100.00", False)],
        )
    )
    assert only_a.per_income[0].bvv == D("1896.21")
    both = bvv.calculate(
        case("2024-01-15", c="80000.00", incomes=[income("A", "e", "900.00"), income("B", "e", "100.00")])
    )
    # 475dc: 95 % of 1000 = 950; divided 900 : 100 -> 855 and 95 (legal-spec W10)
    assert [(p.id, str(p.bvv), str(p.afdracht)) for p in both.per_income] == [
        ("A", "855.00", "45.00"),
        ("B", "95.00", "5.00"),
    ]


# ------------------------------------------------------------------ 475dc
def test_the_95_percent_rule_caps_the_bvv() -> None:
    # W5-like: 2022-01, single, income 1500 -> at most 1425
    result = bvv.calculate(case("2022-01-15", c="40000.00", incomes=[income("werk", "e", "1500.00")]))
    assert result.beslagvrije_voet == D("1425.00")


def test_designated_benefit_formula_from_2022_only() -> None:
    data = case("2022-01-01", incomes=[income("bijstand", "a", "1100.00")])
    data["designated_benefit"] = {"applicable_norm_monthly": "1091.71", "other_income_monthly": "100.00"}
    result = bvv.calculate(data)
    assert result.designated_benefit is not None
    assert result.designated_benefit.bvv == D("937.12")  # 0.95 * 1091.71 - 100 = 937.1245
    data["determination_date"] = "2021-12-31"
    with pytest.raises(CaseInvalid) as err:
        bvv.calculate(data)
    assert err.value.path == "designated_benefit"


# ------------------------------------------------------------------ 475e lid 2
def test_institution_w6_and_475db_only_from_2023() -> None:
    data = case(
        "2022-07-27",
        c="25000.00",
        incomes=[income("wia", "b", "1964.11"), income("pensioen", "g", "200.00", garnished=False)],
        debtor={"institution_care_price_monthly": "326.65"},
    )
    result = bvv.calculate(data)
    assert result.beslagvrije_voet == D("593.24")  # 326.65 + 2/3 * 348.89 + 34 (legal-spec W6)
    data["determination_date"] = "2023-01-02"
    later = bvv.calculate(data)
    assert "475db-1-b-eigen" in step_ids(later)
    # 2023-01: 326.65 + 2/3 * 378.62 + 3 - 200 = 382.063
    assert later.beslagvrije_voet == D("382.06")


# ------------------------------------------------------------------ 475fa
def test_court_increase_only_within_its_period() -> None:
    data = case("2024-05-01", c="70000.00", incomes=[income("werk", "e", "4000.00")])
    data["court_increase"] = {"amount_monthly": "195.00", "from": "2023-05-01", "until": "2024-04-30"}
    result = bvv.calculate(data)
    assert result.beslagvrije_voet == D("1996.21")
    assert "court-increase-not-in-force" in [d.code for d in result.diagnostics]


def test_court_increase_is_not_limited_by_the_95_percent_rule() -> None:
    data = case("2023-07-15", c="15000.00", incomes=[income("werk", "e", "1000.00")])
    data["court_increase"] = {"amount_monthly": "100.00", "from": "2023-05-01", "until": "2024-04-30"}
    assert bvv.calculate(data).beslagvrije_voet == D("1050.00")  # 950 + 100


# ------------------------------------------------------------------ living situation
def test_override_of_the_living_situation_is_flagged() -> None:
    data = case(household={"leefsituatie": "alleenstaande_ouder"})
    result = bvv.calculate(data)
    assert result.leefsituatie == "alleenstaande_ouder"
    assert "leefsituatie-override" in [a.id for a in result.assumptions]


def test_pay_period_conversion() -> None:
    data = case(
        incomes=[
            {
                "id": "w",
                "category": "e",
                "pay_period": "four_weeks",
                "net_per_period": "1200.00",
                "garnished": True,
            }
        ]
    )
    parsed = bvv.parse_case(data)
    assert parsed.incomes[0].net_monthly == D("1300.00")
