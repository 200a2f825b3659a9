"""Step 2-3: the bvv before increases and deductions.

* care institution: Rv 475e lid 2 (:func:`institution`);
* no residential address in the Netherlands, or abroad: Rv 475da lid 4 (:func:`no_address`);
* otherwise the lid-2 formula with the lid-3 zorg cap and the lid-1 maximum (:func:`formula`),
  with Rv 475e lid 1 for an unregistered residence the debtor disclosed.
"""

from __future__ import annotations

from decimal import Decimal

from bvv import citations as C
from bvv.engine.trace import Trace
from bvv.errors import CaseNotCovered
from bvv.model import LEEFSITUATIE_NL, Leefsituatie
from bvv.money import ZERO
from bvv.rules import rv_475ab, rv_475da, rv_475e

#: the norm key of the lid-1 maximum per living situation
MAXIMUM_KEY: dict[str, str] = {
    "alleenstaande": "maximum_alleenstaande",
    "alleenstaande_ouder": "maximum_alleenstaande_ouder",
    "gehuwden_zonder_kinderen": "maximum_gehuwden_zonder_kinderen",
    "gehuwden_met_kinderen": "maximum_gehuwden_met_kinderen",
}
_WITH_CHILDREN = ("alleenstaande_ouder", "gehuwden_met_kinderen")


def institution(t: Trace, ls: Leefsituatie, price: Decimal) -> Decimal:
    """Rv 475e lid 2: price of care + 2/3 of the Pw 23 lid 1 norm + the Pw 23 lid 2 amount."""
    couple = rv_475ab.is_married(ls)
    amount = rv_475e.institution_amount(
        price,
        pw23_lid1=t.norm("pw23_lid1_couple" if couple else "pw23_lid1_single"),
        norm_fraction=t.norm("rv475e_lid2_norm_fraction"),
        pw23_lid2=t.norm("pw23_lid2_couple" if couple else "pw23_lid2_single"),
    )
    return t.step(
        "475e-2-inrichting",
        "Verblijf in een inrichting: prijs voor verzorging/verpleging plus twee derde van de "
        "inrichtingsnorm plus de verhoging voor de zorgverzekering",
        amount,
        C.RV_475E_2,
        inputs={"prijs_verzorging": price},
    )


def no_address(t: Trace) -> Decimal:
    """Rv 475da lid 4: 47.5 % of the couples' norm; abroad times the woonlandfactor (decision 12)."""
    debtor = t.case.debtor
    amount = rv_475da.no_residential_address_amount(t.norm("pw21b_norm"), lid4_pct=t.norm("rv475da_lid4_pct"))
    t.step(
        "475da-4-geen-woonadres",
        "Geen woonadres in Nederland in de BRP: 47,5 % van de bijstandsnorm voor gehuwden",
        amount,
        C.RV_475DA_4,
        inputs={"residence": debtor.residence},
    )
    if debtor.residence != "abroad":
        return amount
    factor = debtor.woonlandfactor
    country = debtor.country or "?"
    if factor is None:
        raise CaseNotCovered(
            f"the debtor lives abroad ({country}) and the woonlandfactor for {country} is "
            "not in the library's tables (Regeling beslagvrije voet, bijlage 1)",
            hint="supply debtor.woonlandfactor for this country",
            path="debtor.woonlandfactor",
        )
    return t.step(
        "475da-4-woonlandfactor",
        f"Vaste woonplaats in het buitenland ({country}): vermenigvuldigd met de woonlandfactor {factor}",
        rv_475da.abroad_amount(amount, woonlandfactor=factor),
        C.RV_475DA_4,
        inputs={"country": country, "woonlandfactor": factor},
        assumptions=("abroad-woonlandfactor-on-47-5pct",),
    )


def formula(t: Trace, ls: Leefsituatie, c: Decimal) -> Decimal:
    """Rv 475da lid 2 (base, zorg, housing and kgb terms), lid 3 (zorg cap) and lid 1 (maximum)."""
    married = rv_475ab.is_married(ls)
    sub = C.RV_475DA_2_BY_LEEFSITUATIE[ls]
    if t.case.debtor.residence == "nl_unregistered_disclosed":
        t.note(
            "475e-1-inzicht",
            "Vaste woonplaats niet in de BRP, schuldenaar gaf inzicht: "
            "gewone berekening in plaats van 47,5 %",
            C.RV_475E_1,
        )
    base = t.step(
        "475da-2-basis",
        "95 % van de bijstandsnorm voor " + ("gehuwden (B)" if married else "een alleenstaande (A)"),
        rv_475da.base_term(
            t.norm("pw21b_norm" if married else "pw21a_norm"), base_pct=t.norm("rv475da_lid2_base_pct")
        ),
        sub,
    )
    d = t.norm("wzt_drempelinkomen")
    zorg = zorg_term(t, c, d, married, sub)
    housing = housing_term(t, ls, c, sub)
    kgb = kgb_term(t, ls, c, d, sub)
    total = t.step(
        "475da-2-formule",
        "Uitkomst van de formule: basis + zorgterm + woonterm"
        + (" + kindgebonden-budgetterm" if ls in _WITH_CHILDREN else ""),
        base + zorg + housing + kgb,
        sub,
        inputs={"basis": base, "zorg": zorg, "woon": housing, "kgb": kgb},
    )
    maximum = t.norm(MAXIMUM_KEY[ls])
    return t.step(
        "475da-1-maximum",
        f"Ten hoogste het maximum voor {LEEFSITUATIE_NL[ls]}"
        + (" (het maximum is van toepassing)" if total >= maximum else ""),
        rv_475da.maximum_applied(total, maximum=maximum),
        C.RV_475DA_1,
        inputs={"formule": total, "maximum": maximum},
        assumptions=("indexed-maxima-from-january-2021",)
        if t.on < rv_475da.INDEXED_MAXIMA_IN_TEXT_FROM
        else (),
    )


def zorg_term(t: Trace, c: Decimal, d: Decimal, married: bool, sub: C.Provision) -> Decimal:
    """Rv 475da lid 2, zorg term ((C - D)/12) x E, capped by lid 3."""
    raw = rv_475da.zorg_term(c, drempelinkomen=d, pct_above_drempel=t.norm("wzt_pct_above_drempel"))
    t.step("475da-2-zorg", "Zorgterm: ((C - D) / 12) x E", raw, sub, inputs={"C": c})
    cap = rv_475da.zorg_cap(
        standaardpremie=t.norm("zvw_standaardpremie"),
        couple=married,
        pw23_lid2=t.norm("pw23_lid2_couple" if married else "pw23_lid2_single"),
    )
    return t.step(
        "475da-3-zorgplafond",
        "Zorgterm ten hoogste de standaardpremie per maand"
        + (" (tweemaal, gehuwden)" if married else "")
        + " min het bedrag van art. 23 lid 2 Pw",
        min(raw, cap),
        C.RV_475DA_3,
        inputs={"zorgterm": raw, "plafond": cap},
        assumptions=("zorg-cap-couples-double-premium",) if married else (),
    )


def housing_term(t: Trace, ls: Leefsituatie, c: Decimal, sub: C.Provision) -> Decimal:
    """Rv 475da lid 2, housing term: quadratic in 2021-2025, linear and capped from 2026."""
    one_person = rv_475ab.is_one_person_household(ls)
    suffix = "one_person" if one_person else "multi_person"
    assumptions = ["single-parent-multi-person-housing"] if ls == "alleenstaande_ouder" else []
    if t.table.regime == "quadratic-2021":
        fa, fb, j = t.norm(f"wht19_a_{suffix}"), t.norm(f"wht19_b_{suffix}"), t.norm("wht17_2_normhuur")
        raw = fa * c * c + fb * c - j
        term = rv_475da.housing_term_quadratic(c, factor_a=fa, factor_b=fb, normhuur=j)
        text = "Woonterm (tekst 2021-2025): " + ("F x C² + G x C - J" if one_person else "H x C² + I x C - J")
    else:
        afbouw = t.norm("wht21_2a_afbouw_one_person" if one_person else "wht21_2b_afbouw_multi_person")
        ijkpunt = t.norm(f"wht17_1_ijkpunt_{suffix}")
        h = t.norm("wht13_1a_maximale_huurgrens")
        j = t.norm(f"wht16_basishuur_{suffix}")
        raw = (c - ijkpunt) * afbouw / 100 / 12
        term = rv_475da.housing_term_linear(
            c, afbouw_pct=afbouw, ijkpunt=ijkpunt, maximale_huurgrens=h, basishuur=j
        )
        text = (
            "Woonterm (tekst vanaf 2026): minimum van I x " + ("F" if one_person else "G") + " / 12 en H - J"
        )
    if raw < 0:
        assumptions.append("negative-terms-floored")
        text += ", niet onder nul"
    return t.step("475da-2-woon", text, term, sub, inputs={"C": c}, assumptions=assumptions)


def kgb_term(t: Trace, ls: Leefsituatie, c: Decimal, d: Decimal, sub: C.Provision) -> Decimal:
    """Rv 475da lid 2 b and d: the kindgebonden-budget term (zero without children).

    ``d`` is the drempelinkomen already looked up for the zorg term; lid 2 d looks it up again so
    that its step lists it with L.
    """
    if ls == "alleenstaande_ouder":
        return t.step(
            "475da-2-kgb",
            "Kindgebonden-budgetterm: ((C - D) / 12) x K",
            rv_475da.kgb_term_single_parent(c, drempelinkomen=d, afbouw_pct=t.norm("wkb_afbouwpercentage")),
            sub,
            inputs={"C": c, "D": d},
        )
    if ls == "gehuwden_met_kinderen":
        d = t.norm("wzt_drempelinkomen")
        kgb_l = t.norm("wkb_verhoging_drempel_partner")
        return t.step(
            "475da-2-kgb",
            "Kindgebonden-budgetterm: ((C - (D + L)) / 12) x K, niet onder nul",
            rv_475da.kgb_term_couple(
                c, drempelinkomen=d, verhoging_partner=kgb_l, afbouw_pct=t.norm("wkb_afbouwpercentage")
            ),
            sub,
            inputs={"C": c, "D": d, "L": kgb_l},
            assumptions=("negative-terms-floored",) if c < min(d, c) + kgb_l else (),
        )
    return ZERO
