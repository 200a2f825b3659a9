"""Step 6: the 95 % rule (Rv 475dc lid 1) and the designated-benefit formula (lid 2)."""

from __future__ import annotations

from decimal import Decimal

from bvv import citations as C
from bvv.engine.incomes import income_a_to_i
from bvv.engine.trace import Route, Trace
from bvv.model import DesignatedBenefitResult
from bvv.money import round_cents
from bvv.rules import rv_475dc


def income_cap(t: Trace, amount: Decimal, route: Route) -> tuple[Decimal, bool]:
    """Rv 475dc lid 1: the bvv is at most 95 % of the monthly a-i income (decision 5).

    Returns the bvv and whether this limit lowered it (what lid 2 needs, decision 18).
    """
    incomes = t.case.incomes
    if not incomes:
        t.diagnose(
            "no-income-listed",
            "no periodic income is listed, so the 95 % rule of Rv 475dc could not be applied",
            "incomes",
        )
        return amount, False
    base = income_a_to_i(incomes)
    if base == 0:
        t.diagnose(
            "no-income-a-to-i",
            "none of the listed incomes is of kind a-i of Rv 475c lid 1; 95 % of nothing is zero",
            "incomes",
        )
    assumptions: list[str] = []
    if income_a_to_i(incomes, garnished=False) > 0 or t.on < rv_475dc.LID_2_IN_FORCE:
        assumptions.append("income-base-95pct-all-a-to-i")
    if route == "institution":
        assumptions.append("institution-95pct-with-475db")
    cap = rv_475dc.income_cap(base, cap_pct=t.norm("rv475dc_pct"))
    lowered = cap < amount
    capped = t.step(
        "475dc-1-95procent",
        "Ten hoogste 95 % van het maandinkomen (a t/m i, inclusief vakantiebijslag)"
        + (" — deze grens is van toepassing" if lowered else ""),
        rv_475dc.capped_at_income(amount, cap=cap),
        C.RV_475DC_1,
        inputs={"inkomen_a_t_m_i": base, "grens": cap},
        assumptions=assumptions,
    )
    return capped, lowered


def designated_benefit(t: Trace, lowered: bool) -> DesignatedBenefitResult | None:
    """Rv 475dc lid 2: the formula the payer of a designated benefit applies every month.

    Only "bij toepassing van het eerste lid": when the 95 % limit of lid 1 lowered the bvv, and so
    never for an institution bvv before 2023, to which lid 1 does not apply (decision 18).
    """
    db = t.case.designated_benefit
    if db is None:
        return None
    t.assume("designated-benefit-only-when-capped")
    if not lowered:
        t.diagnose(
            "designated-benefit-not-applied",
            "Rv 475dc lid 2 applies only when the 95 % limit of lid 1 lowered the bvv; it did not here, "
            "so the payer is given the amount, not the formula",
            "designated_benefit",
        )
        return None
    value = rv_475dc.designated_benefit_bvv(
        db.applicable_norm_monthly, other_income=db.other_income_monthly, cap_pct=t.norm("rv475dc_pct")
    )
    t.step(
        "475dc-2-aangewezen-uitkering",
        "Aangewezen uitkering: 95 % van de geldende bijstandsnorm (incl. vakantiebijslag) min "
        "het inkomen van art. 32 Pw; de uitbetaler past dit elke maand toe",
        value,
        C.RV_475DC_2,
        inputs={"norm": db.applicable_norm_monthly, "overig_inkomen": db.other_income_monthly},
    )
    return DesignatedBenefitResult(
        formula="0.95 x geldende bijstandsnorm incl. vakantiebijslag - inkomen art. 32 Pw",
        bvv=round_cents(value),
    )
