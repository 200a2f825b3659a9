"""Step 5: the deductions of Rv 475db lid 1 a (partner), b (own ungarnished income), c (company car)."""

from __future__ import annotations

from decimal import Decimal

from bvv import citations as C
from bvv.engine.incomes import income_a_to_i
from bvv.engine.trace import Trace
from bvv.model import Leefsituatie
from bvv.rules import rv_475ab, rv_475db


def deductions(t: Trace, ls: Leefsituatie, amount: Decimal) -> Decimal:
    """Rv 475db lid 1 a-c in order; each floored at zero (decision 2)."""
    case = t.case
    if rv_475ab.is_married(ls):
        amount = partner_deduction(t, amount)
    for step_id, text, provision, name, value in (
        (
            "475db-1-b-eigen",
            "Min het eigen inkomen van de schuldenaar waarop geen beslag ligt",
            C.RV_475DB_1_B,
            "niet_beslagen_inkomen",
            income_a_to_i(case.incomes, garnished=False),
        ),
        (
            "475db-1-c-auto",
            "Min de loonbelasting over het privégebruik van een auto van de zaak",
            C.RV_475DB_1_C,
            "loonbelasting_auto",
            case.company_car_wage_tax_monthly,
        ),
    ):
        if value > 0:
            amount = t.step(
                step_id,
                text,
                rv_475db.deduct(amount, value),
                provision,
                inputs={name: value},
                assumptions=("bvv-floored-at-zero",) if value > amount else (),
            )
    return amount


def partner_deduction(t: Trace, amount: Decimal) -> Decimal:
    """Rv 475db lid 1 a: the spouse's ungarnished a-i income, at most half the bvv."""
    case = t.case
    p = income_a_to_i(case.partner_incomes, garnished=False)
    if case.taxable_income_annual.partner > 0 and not case.partner_incomes:
        t.diagnose(
            "partner-income-unknown",
            "the partner has taxable income but no periodic incomes are listed; "
            "Rv 475db lid 1 a deducts nothing",
            "partner_incomes",
        )
    ded = rv_475db.partner_income_deduction(
        amount, partner_income=p, max_fraction=t.norm("rv475db_partner_max_fraction")
    )
    return t.step(
        "475db-1-a-partner",
        "Min het niet-beslagen inkomen van de echtgenoot, ten hoogste de helft van de beslagvrije voet",
        amount - ded,
        C.RV_475DB_1_A,
        inputs={"voor_aftrek": amount, "inkomen_echtgenoot": p, "aftrek": ded},
    )
