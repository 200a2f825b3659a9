"""Step 4 and 7: the increases of the bvv.

* high housing costs on request: Rv 475da lid 5-6 (:func:`high_housing_costs`);
* owner-occupier or renter outside the Wht on request: Rv 475da lid 7 (:func:`owner_increase`);
* the kantonrechter's increase: Rv 475fa (:func:`court_increase`), applied after the 95 % rule.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bvv import citations as C
from bvv.engine.incomes import income_a_to_i
from bvv.engine.trace import Route, Trace
from bvv.errors import CaseNotCovered, NormsNotAvailable
from bvv.model import HighCostsIncrease, Leefsituatie
from bvv.money import ZERO, fmt
from bvv.norms import NormTable, norms_for
from bvv.rules import rv_475ab, rv_475da, rv_475fa


def high_housing_costs(
    t: Trace, ls: Leefsituatie, amount: Decimal, route: Route, at_maximum: bool
) -> Decimal:
    """Rv 475da lid 5-6: woonkosten above 110 % of the Wht amount raise the bvv, for a term."""
    h = t.case.housing
    req = h.high_costs_increase
    if req is None:
        return amount
    path = "housing.high_costs_increase"
    if route == "institution" or h.kind == "none":
        t.diagnose(
            "housing-increase-not-applicable",
            "Rv 475da lid 5 needs woonkosten of a dwelling; not applied",
            path,
        )
        return amount
    if t.on < rv_475da.LID_5_AT_ANY_LEVEL_FROM and not at_maximum:
        t.diagnose(
            "housing-increase-not-at-maximum",
            "until 2022 the housing increase (Rv 475da lid 5) applied only when the bvv equals "
            "the lid-1 maximum; it does not here, so it is not applied",
            path,
        )
        return amount
    end, at_request = _high_housing_costs_end(req)
    assumptions: list[str] = []
    if req.requested_on < rv_475da.LID_5_AT_ANY_LEVEL_FROM <= t.on:
        assumptions.append(t.assume("housing-increase-term-at-request"))
    if t.on > end:
        t.diagnose(
            "housing-increase-ended",
            f"the housing increase requested on {req.requested_on} ran until {end}; not applied on {t.on}",
            path,
        )
        return amount
    threshold = rv_475da.high_housing_costs_threshold(
        t.norm("wht13_1a_maximale_huurgrens"), threshold_pct=t.norm("rv475da_lid5_threshold_pct")
    )
    increase = rv_475da.high_housing_costs_increase(h.costs_monthly, threshold=threshold)
    t.norm("rv475da_lid5_term_months", table=at_request)
    t.norm("rv475da_lid6_extension_months", table=at_request)
    inputs: dict[str, Decimal | str] = {
        "woonkosten": h.costs_monthly,
        "drempel": threshold,
        "tot_en_met": end.isoformat(),
    }
    if route == "no_address":
        assumptions.append("housing-increase-on-47-5pct")
    if rv_475ab.is_married(ls) and increase > 0:
        p = income_a_to_i(t.case.partner_incomes, garnished=False)
        inputs |= {"verhoging_zonder_partner": increase, "voor_verhoging": amount, "partnerinkomen": p}
        increase = rv_475da.married_housing_increase(
            increase, bvv_before=amount, partner_income=p, max_fraction=t.norm("rv475db_partner_max_fraction")
        )
        assumptions.append("housing-increase-married-reduced")
    t.step(
        "475da-5-woonkosten",
        "Verhoging wegens hoge woonkosten: woonkosten boven 110 % van de maximale huurgrens"
        + (", verlengd" if req.extended else ""),
        increase,
        C.RV_475DA_6 if req.extended else C.RV_475DA_5,
        inputs=inputs,
        assumptions=assumptions,
    )
    return amount + increase


def _high_housing_costs_end(req: HighCostsIncrease) -> tuple[date, NormTable]:
    """Rv 475da lid 5-6 (decision 16): the last day of the increase, with the term of the text in
    force on the day it was requested (6 months before 2023, 18 from 2023; one extension of 6)."""
    try:
        at_request, _ = norms_for(req.requested_on, allow_latest=True)
    except NormsNotAvailable:
        raise CaseNotCovered(
            f"the housing increase was requested on {req.requested_on}, before the vereenvoudigde "
            "beslagvrije voet (2021-01-01); its term is not in the library's tables",
            hint="give the date of a request made under the current rules",
            path="housing.high_costs_increase.requested_on",
        ) from None
    term = int(at_request.amount("rv475da_lid5_term_months"))
    ext = int(at_request.amount("rv475da_lid6_extension_months"))
    end = rv_475da.high_housing_costs_end(
        req.requested_on, term_months=term, extension_months=ext, extended=req.extended
    )
    return end, at_request


def _owner_increase_not_applicable(t: Trace, route: Route) -> str | None:
    """Why Rv 475da lid 7 does not apply to this case (None when it may)."""
    kind = t.case.housing.kind
    if route == "institution":
        return "Rv 475da lid 7 does not apply in an institution"
    if kind == "rent_non_wht" and t.on < rv_475da.LID_7_RENTERS_FROM:
        return "Rv 475da lid 7 covers renters of a dwelling outside the Wht only from 2023-01-01"
    if kind not in ("owner", "rent_non_wht"):
        return (
            f"Rv 475da lid 7 applies to an owner-occupier or (from 2023) a renter of a dwelling "
            f"outside the Wht, not to housing.kind {kind!r}"
        )
    return None


def owner_increase(t: Trace, ls: Leefsituatie, c: Decimal, amount: Decimal, route: Route) -> Decimal:
    """Rv 475da lid 7: below the income limit, the increase the caller supplies (decision 13)."""
    h = t.case.housing
    if not h.owner_increase_requested:
        return amount
    path = "housing.owner_increase_requested"
    why_not = _owner_increase_not_applicable(t, route)
    if why_not:
        t.diagnose("owner-increase-not-applicable", why_not, path)
        return amount
    if t.on < rv_475da.LID_7_LIMITS_FROM:
        raise CaseNotCovered(
            "the income limit of Rv 475da lid 7 in 2021-2022 (the norminkomen of Wht art. 14 "
            "lid 1) is not in the library's norm tables",
            hint="bvv computes the lid-7 increase from 2023 on; for 2021-2022 determine it elsewhere",
            path=path,
        )
    one_person = rv_475ab.is_one_person_household(ls)
    limit = t.norm("rv475da_lid7_limit_single" if one_person else "rv475da_lid7_limit_multi_person")
    if not rv_475da.below_owner_income_limit(c, limit=limit):
        t.step(
            "475da-7-eigenaar",
            "Geen verhoging voor eigenaar/huurder niet-Wht-woning: inkomen niet onder de grens",
            ZERO,
            C.RV_475DA_7,
            inputs={"C": c, "grens": limit},
        )
        return amount
    if h.owner_increase_monthly is None:
        raise CaseNotCovered(
            "the owner / non-Wht renter increase (Rv 475da lid 7) was requested but its amount "
            "is missing; its method (Besluit beslagvrije voet art. 5) is not in the library",
            hint="supply housing.owner_increase_monthly",
            path="housing.owner_increase_monthly",
        )
    t.step(
        "475da-7-eigenaar",
        "Verhoging voor eigenaar of huurder van een woning buiten de huurtoeslag",
        h.owner_increase_monthly,
        C.RV_475DA_7,
        inputs={"C": c, "grens": limit},
        assumptions=("owner-increase-amount-supplied",),
    )
    return amount + h.owner_increase_monthly


def court_increase(t: Trace, amount: Decimal) -> Decimal:
    """Rv 475fa: the kantonrechter's increase, for the period he set (decision 9: after 475dc)."""
    ci = t.case.court_increase
    if ci is None:
        return amount
    if not rv_475fa.court_increase_in_force(t.on, start=ci.from_, until=ci.until):
        t.diagnose(
            "court-increase-not-in-force",
            f"the court increase runs {ci.from_} .. {ci.until}; not applied on {t.on}",
            "court_increase",
        )
        return amount
    return t.step(
        "475fa-kantonrechter",
        f"Verhoging door de kantonrechter van {fmt(ci.amount_monthly)} per maand "
        f"({ci.from_} tot en met {ci.until})",
        amount + ci.amount_monthly,
        C.RV_475FA,
        inputs={"verhoging": ci.amount_monthly},
        assumptions=("court-increase-after-95pct",),
    )
