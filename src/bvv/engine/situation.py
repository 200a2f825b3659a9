"""Step 1: the living situation (Rv 475ab) and the annual income C (Rv 475d lid 1)."""

from __future__ import annotations

from decimal import Decimal

from bvv import citations as C
from bvv.engine.trace import Trace
from bvv.model import LEEFSITUATIE_NL, Leefsituatie
from bvv.money import ZERO
from bvv.rules import rv_475ab


def leefsituatie(t: Trace) -> Leefsituatie:
    """Rv 475ab: the living situation from the household (an explicit override is flagged)."""
    hh = t.case.household
    derived = rv_475ab.leefsituatie_from_household(
        partner=hh.partner, dependent_children=hh.dependent_children
    )
    chosen = hh.leefsituatie or derived
    assumptions: list[str] = []
    if hh.leefsituatie and hh.leefsituatie != derived:
        assumptions.append("leefsituatie-override")
        t.diagnose(
            "leefsituatie-override",
            f"the living situation was set to {chosen}; the household facts imply {derived}",
            "household.leefsituatie",
        )
    if t.case.provenance and "household.partner" in t.case.provenance:
        assumptions.append("living-situation-from-brp")
    t.note(
        "475da-1-leefsituatie",
        f"Leefsituatie: {LEEFSITUATIE_NL[chosen]}"
        f" (partner: {'ja' if hh.partner else 'nee'}, kinderen: {hh.dependent_children})",
        C.RV_475AB,
        inputs={"partner": str(hh.partner).lower(), "kinderen": str(hh.dependent_children)},
        assumptions=assumptions,
    )
    return chosen


def income_c(t: Trace, married: bool) -> Decimal:
    """Rv 475d lid 1: C, the annualised belastbaar inkomen of the debtor (and spouse)."""
    ti = t.case.taxable_income_annual
    c = ti.debtor + (ti.partner if married else ZERO)
    return t.step(
        "475da-2-C",
        "Belastbaar inkomen op jaarbasis (C)"
        + (" van schuldenaar en echtgenoot" if married else " van de schuldenaar"),
        c,
        C.RV_475D_1,
        inputs={"schuldenaar": ti.debtor, "echtgenoot": ti.partner if married else ZERO},
    )


def household_diagnostics(t: Trace) -> None:
    """Warn when the children's birth dates disagree with the number of dependent children."""
    hh = t.case.household
    if hh.children_birth_dates:
        limit = rv_475ab.CHILD_AGE_LIMIT
        under_18 = sum(1 for b in hh.children_birth_dates if rv_475ab.age_on(b, t.on) < limit)
        if under_18 != hh.dependent_children:
            t.diagnose(
                "children-count-mismatch",
                f"{under_18} of the children's birth dates are under 18 on {t.on}, "
                f"but household.dependent_children is {hh.dependent_children}",
                "household.dependent_children",
            )
