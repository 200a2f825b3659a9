"""Orchestration: apply the rules in the statutory order and record every step.

The order (spec ``legal-spec.md`` §4.1):

1. living situation and C (Rv 475ab, 475d lid 1);
2. the special cases: care institution (475e lid 2), no residential address or abroad
   (475da lid 4, unless 475e lid 1 applies);
3. otherwise the lid-2 formula with the lid-3 zorg cap, and the lid-1 maximum;
4. the increases on request: high housing costs (475da lid 5-6), owner / non-Wht renter (lid 7);
5. the deductions of 475db (partner, own non-garnished income, company car);
6. the 95 % rule (475dc lid 1), and the designated-benefit formula (475dc lid 2);
7. the kantonrechter's increase (475fa);
8. rounding (decision 1) and division over the garnished incomes with the afdracht (475c).

This module looks up norms and records steps; the arithmetic lives in :mod:`bvv.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, localcontext
from typing import Any, Literal

from bvv import __version__
from bvv import citations as C
from bvv.engine import assumptions as A
from bvv.engine.receipt import make_receipt
from bvv.errors import CaseInvalid, CaseNotCovered
from bvv.model import (
    CATEGORIES_A_TO_I,
    LEEFSITUATIE_NL,
    AssumptionUsed,
    Case,
    DesignatedBenefitResult,
    Diagnostic,
    Income,
    Leefsituatie,
    NormRef,
    PerIncome,
    Receipt,
    Result,
    Step,
)
from bvv.money import CONTEXT, ZERO, fmt, round_cents
from bvv.norms import NormTable, Variant, norms_fingerprint, norms_for
from bvv.parse import parse_case
from bvv.rules import rv_475ab, rv_475c, rv_475da, rv_475db, rv_475dc, rv_475e, rv_475fa

#: version of the rule set; bumped whenever a rule or its order changes
RULES_VERSION = "2026.11.1"

Route = Literal["formula", "no_address", "institution"]

_MAXIMUM_KEY: dict[str, str] = {
    "alleenstaande": "maximum_alleenstaande",
    "alleenstaande_ouder": "maximum_alleenstaande_ouder",
    "gehuwden_zonder_kinderen": "maximum_gehuwden_zonder_kinderen",
    "gehuwden_met_kinderen": "maximum_gehuwden_met_kinderen",
}
_WITH_CHILDREN = ("alleenstaande_ouder", "gehuwden_met_kinderen")


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def income_a_to_i(incomes: Iterable[Income], *, garnished: bool | None = None) -> Decimal:
    """Monthly income of Rv 475c lid 1 a-i, optionally only (non-)garnished claims."""
    return _sum(
        i.net_monthly
        for i in incomes
        if i.category in CATEGORIES_A_TO_I and (garnished is None or i.garnished is garnished)
    )


class _Trace:
    """Collects steps, assumptions and diagnostics while the rules are applied."""

    def __init__(self, case: Case, table: NormTable, variant: Variant) -> None:
        self.table = table
        self.variant = variant
        self.version = table.rules_text_version
        self.steps: list[Step] = []
        self.assumptions: dict[str, None] = {}
        self.diagnostics: list[Diagnostic] = list(case.diagnostics)
        self.norm_refs: dict[str, NormRef] = {}
        self._norms: dict[str, str] = {}

    def norm(self, key: str) -> Decimal:
        """A norm amount; remembered for the next step's provenance."""
        nv = self.table.value(key)
        published = self.variant == "as_published" and nv.as_published is not None
        if published:
            self.assume("drempelinkomen-as-published")
        ref = _norm_ref(self.table, key, "as_published" if published else "statute")
        self.norm_refs[key] = ref
        self._norms[key] = ref.amount
        return Decimal(ref.amount)

    def assume(self, assumption_id: str) -> str:
        A.get(assumption_id)  # unknown ids fail loudly
        self.assumptions.setdefault(assumption_id, None)
        return assumption_id

    def diagnose(self, code: str, message: str, path: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code=code, message=message, path=path))

    def note(
        self,
        step_id: str,
        description: str,
        provision: C.Provision,
        *,
        inputs: Mapping[str, str] | None = None,
        assumptions: Iterable[str] = (),
    ) -> None:
        """A cited step that decides something without an amount (living situation, route)."""
        self.steps.append(
            Step(
                id=step_id,
                description=description,
                amount=None,
                exact=None,
                citation=provision.at(self.version),
                inputs=dict(inputs or {}),
                assumptions=tuple(self.assume(a) for a in assumptions),
            )
        )

    def step(
        self,
        step_id: str,
        description: str,
        amount: Decimal,
        provision: C.Provision,
        *,
        inputs: Mapping[str, Decimal | str] | None = None,
        assumptions: Iterable[str] = (),
    ) -> Decimal:
        used = tuple(self.assume(a) for a in assumptions)
        self.steps.append(
            Step(
                id=step_id,
                description=description,
                amount=round_cents(amount),
                exact=format(amount, "f"),
                citation=provision.at(self.version),
                inputs={k: (v if isinstance(v, str) else str(v)) for k, v in (inputs or {}).items()},
                norms=self._norms,
                assumptions=used,
            )
        )
        self._norms = {}
        return amount


_NORM_REFS: dict[tuple[date, str, str], NormRef] = {}


def _norm_ref(table: NormTable, key: str, variant: Variant) -> NormRef:
    """The provenance of one norm value (one object per table, key and variant)."""
    cache_key = (table.period.start, key, variant)
    ref = _NORM_REFS.get(cache_key)
    if ref is None:
        nv = table.value(key)
        amount = nv.as_published.amount if variant == "as_published" and nv.as_published else nv.amount
        ref = NormRef(
            key=key,
            amount=format(amount, "f"),
            unit=nv.unit,
            label=nv.label,
            table=table.name,
            source=nv.source,
            confidence=nv.confidence,
            variant=variant,
        )
        _NORM_REFS[cache_key] = ref
    return ref


def check_consistency(case: Case) -> None:
    """Cross-field checks that a single field cannot express; each names its JSON path."""
    problems: list[tuple[str, str]] = []
    hh = case.household
    if not hh.partner and case.partner_incomes:
        problems.append(("partner_incomes", "incomes of a partner are listed but household.partner is false"))
    if not hh.partner and case.taxable_income_annual.partner > 0:
        problems.append(("taxable_income_annual.partner", "must be 0.00 when household.partner is false"))
    seen: set[str] = set()
    for field, incomes in (("incomes", case.incomes), ("partner_incomes", case.partner_incomes)):
        for n, inc in enumerate(incomes):
            if inc.id in seen:
                problems.append((f"{field}[{n}].id", f"duplicate income id {inc.id!r}"))
            seen.add(inc.id)
    if case.debtor.residence == "abroad" and not case.debtor.country:
        problems.append(("debtor.country", "required when debtor.residence is 'abroad'"))
    ci = case.court_increase
    if ci is not None and ci.until < ci.from_:
        problems.append(("court_increase.until", "ends before court_increase.from"))
    if case.designated_benefit is not None and case.determination_date < rv_475dc.LID_2_IN_FORCE:
        problems.append(
            ("designated_benefit", "Rv 475dc lid 2 (designated benefits) is in force from 2022-01-01")
        )
    if problems:
        raise CaseInvalid(
            "; ".join(f"{p}: {m}" for p, m in problems), path=problems[0][0], problems=tuple(problems)
        )


def calculate(
    case: Case | Mapping[str, Any] | str | bytes,
    *,
    allow_latest_norms: bool = False,
    variant: Variant = "statute",
) -> Result:
    """Compute the beslagvrije voet of one case on its determination date.

    ``variant="as_published"`` uses the drempelinkomen and L the Ministry used for the published
    maxima where they depart from the statute (decision 3). ``allow_latest_norms`` permits a date
    after the last published period (decision 15); the result then says so.
    """
    case = parse_case(case)
    check_consistency(case)
    table, latest_used = norms_for(case.determination_date, allow_latest=allow_latest_norms)
    with localcontext(CONTEXT):
        return _Calculation(case, table, variant, latest_used).run()


class _Calculation:
    def __init__(self, case: Case, table: NormTable, variant: Variant, latest_used: bool) -> None:
        self.case = case
        self.on = case.determination_date
        self.t = _Trace(case, table, variant)
        if latest_used:
            self.t.assume("latest-norms-used")
            self.t.diagnose(
                "latest-norms-used",
                f"no norms are published for {self.on}; the latest table ({table.name}) was used",
                "determination_date",
            )

    # ---------------------------------------------------------------- 1. situation and C
    def leefsituatie(self) -> Leefsituatie:
        hh = self.case.household
        derived = rv_475ab.leefsituatie_from_household(
            partner=hh.partner, dependent_children=hh.dependent_children
        )
        chosen = hh.leefsituatie or derived
        assumptions: list[str] = []
        if hh.leefsituatie and hh.leefsituatie != derived:
            assumptions.append("leefsituatie-override")
            self.t.diagnose(
                "leefsituatie-override",
                f"the living situation was set to {chosen}; the household facts imply {derived}",
                "household.leefsituatie",
            )
        if self.case.provenance and "household.partner" in self.case.provenance:
            assumptions.append("living-situation-from-brp")
        self.t.note(
            "475da-1-leefsituatie",
            f"Leefsituatie: {LEEFSITUATIE_NL[chosen]}"
            f" (partner: {'ja' if hh.partner else 'nee'}, kinderen: {hh.dependent_children})",
            C.RV_475AB,
            inputs={"partner": str(hh.partner).lower(), "kinderen": str(hh.dependent_children)},
            assumptions=assumptions,
        )
        return chosen

    def income_c(self, married: bool) -> Decimal:
        ti = self.case.taxable_income_annual
        c = ti.debtor + (ti.partner if married else ZERO)
        return self.t.step(
            "475da-2-C",
            "Belastbaar inkomen op jaarbasis (C)"
            + (" van schuldenaar en echtgenoot" if married else " van de schuldenaar"),
            c,
            C.RV_475D_1,
            inputs={"schuldenaar": ti.debtor, "echtgenoot": ti.partner if married else ZERO},
        )

    # ---------------------------------------------------------------- 2. special cases
    def institution(self, ls: Leefsituatie, price: Decimal) -> Decimal:
        couple = rv_475ab.is_married(ls)
        amount = rv_475e.institution_amount(
            price,
            pw23_lid1=self.t.norm("pw23_lid1_couple" if couple else "pw23_lid1_single"),
            norm_fraction=self.t.norm("rv475e_lid2_norm_fraction"),
            pw23_lid2=self.t.norm("pw23_lid2_couple" if couple else "pw23_lid2_single"),
        )
        return self.t.step(
            "475e-2-inrichting",
            "Verblijf in een inrichting: prijs voor verzorging/verpleging plus twee derde van de "
            "inrichtingsnorm plus de verhoging voor de zorgverzekering",
            amount,
            C.RV_475E_2,
            inputs={"prijs_verzorging": price},
        )

    def no_address(self) -> Decimal:
        amount = rv_475da.no_residential_address_amount(
            self.t.norm("pw21b_norm"), lid4_pct=self.t.norm("rv475da_lid4_pct")
        )
        self.t.step(
            "475da-4-geen-woonadres",
            "Geen woonadres in Nederland in de BRP: 47,5 % van de bijstandsnorm voor gehuwden",
            amount,
            C.RV_475DA_4,
            inputs={"residence": self.case.debtor.residence},
        )
        if self.case.debtor.residence == "abroad":
            factor = self.case.debtor.woonlandfactor
            country = self.case.debtor.country or "?"
            if factor is None:
                raise CaseNotCovered(
                    f"the debtor lives abroad ({country}) and the woonlandfactor for {country} is "
                    "not in the library's tables (Regeling beslagvrije voet, bijlage 1)",
                    hint="supply debtor.woonlandfactor for this country",
                    path="debtor.woonlandfactor",
                )
            amount = self.t.step(
                "475da-4-woonlandfactor",
                f"Vaste woonplaats in het buitenland ({country}): vermenigvuldigd met de "
                f"woonlandfactor {factor}",
                rv_475da.abroad_amount(amount, woonlandfactor=factor),
                C.RV_475DA_4,
                inputs={"country": country, "woonlandfactor": factor},
                assumptions=("abroad-woonlandfactor-on-47-5pct",),
            )
        return amount

    # ---------------------------------------------------------------- 3. the formula
    def formula(self, ls: Leefsituatie, c: Decimal) -> Decimal:
        t = self.t
        married = rv_475ab.is_married(ls)
        one_person = rv_475ab.is_one_person_household(ls)
        sub = C.RV_475DA_2_BY_LEEFSITUATIE[ls]
        if self.case.debtor.residence == "nl_unregistered_disclosed":
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
                t.norm("pw21b_norm" if married else "pw21a_norm"),
                base_pct=t.norm("rv475da_lid2_base_pct"),
            ),
            sub,
        )
        d = t.norm("wzt_drempelinkomen")
        raw_zorg = rv_475da.zorg_term(c, drempelinkomen=d, pct_above_drempel=t.norm("wzt_pct_above_drempel"))
        t.step("475da-2-zorg", "Zorgterm: ((C - D) / 12) x E", raw_zorg, sub, inputs={"C": c})
        cap = rv_475da.zorg_cap(
            standaardpremie=t.norm("zvw_standaardpremie"),
            couple=married,
            pw23_lid2=t.norm("pw23_lid2_couple" if married else "pw23_lid2_single"),
        )
        zorg = t.step(
            "475da-3-zorgplafond",
            "Zorgterm ten hoogste de standaardpremie per maand"
            + (" (tweemaal, gehuwden)" if married else "")
            + " min het bedrag van art. 23 lid 2 Pw",
            min(raw_zorg, cap),
            C.RV_475DA_3,
            inputs={"zorgterm": raw_zorg, "plafond": cap},
            assumptions=("zorg-cap-couples-double-premium",) if married else (),
        )
        housing = self.housing_term(ls, c, one_person, sub)
        kgb = ZERO
        if ls == "alleenstaande_ouder":
            kgb = t.step(
                "475da-2-kgb",
                "Kindgebonden-budgetterm: ((C - D) / 12) x K",
                rv_475da.kgb_term_single_parent(
                    c, drempelinkomen=d, afbouw_pct=t.norm("wkb_afbouwpercentage")
                ),
                sub,
                inputs={"C": c, "D": d},
            )
        elif ls == "gehuwden_met_kinderen":
            d2 = t.norm("wzt_drempelinkomen")
            kgb_l = t.norm("wkb_verhoging_drempel_partner")
            kgb = t.step(
                "475da-2-kgb",
                "Kindgebonden-budgetterm: ((C - (D + L)) / 12) x K, niet onder nul",
                rv_475da.kgb_term_couple(
                    c, drempelinkomen=d2, verhoging_partner=kgb_l, afbouw_pct=t.norm("wkb_afbouwpercentage")
                ),
                sub,
                inputs={"C": c, "D": d2, "L": kgb_l},
                assumptions=("negative-terms-floored",) if c < min(d2, c) + kgb_l else (),
            )
        total = t.step(
            "475da-2-formule",
            "Uitkomst van de formule: basis + zorgterm + woonterm"
            + (" + kindgebonden-budgetterm" if ls in _WITH_CHILDREN else ""),
            base + zorg + housing + kgb,
            sub,
            inputs={"basis": base, "zorg": zorg, "woon": housing, "kgb": kgb},
        )
        maximum = t.norm(_MAXIMUM_KEY[ls])
        return t.step(
            "475da-1-maximum",
            f"Ten hoogste het maximum voor {LEEFSITUATIE_NL[ls]}"
            + (" (het maximum is van toepassing)" if total >= maximum else ""),
            rv_475da.maximum_applied(total, maximum=maximum),
            C.RV_475DA_1,
            inputs={"formule": total, "maximum": maximum},
            assumptions=("indexed-maxima-from-january-2021",)
            if self.on < rv_475da.INDEXED_MAXIMA_IN_TEXT_FROM
            else (),
        )

    def housing_term(self, ls: Leefsituatie, c: Decimal, one_person: bool, sub: C.Provision) -> Decimal:
        t = self.t
        regime = t.table.regime
        assumptions = ["single-parent-multi-person-housing"] if ls == "alleenstaande_ouder" else []
        if regime == "quadratic-2021":
            suffix = "one_person" if one_person else "multi_person"
            fa, fb, j = (
                t.norm(f"wht19_a_{suffix}"),
                t.norm(f"wht19_b_{suffix}"),
                t.norm("wht17_2_normhuur"),
            )
            raw = fa * c * c + fb * c - j
            term = rv_475da.housing_term_quadratic(c, factor_a=fa, factor_b=fb, normhuur=j)
            text = "Woonterm (tekst 2021-2025): " + (
                "F x C² + G x C - J" if one_person else "H x C² + I x C - J"
            )
        else:
            suffix = "one_person" if one_person else "multi_person"
            afbouw = t.norm("wht21_2a_afbouw_one_person" if one_person else "wht21_2b_afbouw_multi_person")
            ijkpunt = t.norm(f"wht17_1_ijkpunt_{suffix}")
            h = t.norm("wht13_1a_maximale_huurgrens")
            j = t.norm(f"wht16_basishuur_{suffix}")
            raw = (c - ijkpunt) * afbouw / 100 / 12
            term = rv_475da.housing_term_linear(
                c, afbouw_pct=afbouw, ijkpunt=ijkpunt, maximale_huurgrens=h, basishuur=j
            )
            text = (
                "Woonterm (tekst vanaf 2026): minimum van I x "
                + ("F" if one_person else "G")
                + " / 12 en H - J"
            )
        if raw < 0:
            assumptions.append("negative-terms-floored")
            text += ", niet onder nul"
        return t.step("475da-2-woon", text, term, sub, inputs={"C": c}, assumptions=assumptions)

    # ---------------------------------------------------------------- 4. increases
    def partner_income_not_garnished(self) -> Decimal:
        return income_a_to_i(self.case.partner_incomes, garnished=False)

    def high_housing_costs(
        self, ls: Leefsituatie, amount: Decimal, route: Route, at_maximum: bool
    ) -> Decimal:
        t, h = self.t, self.case.housing
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
        before_2023 = self.on < rv_475da.LID_5_AT_ANY_LEVEL_FROM
        if before_2023 and not at_maximum:
            t.diagnose(
                "housing-increase-not-at-maximum",
                "until 2022 the housing increase (Rv 475da lid 5) applied only when the bvv equals "
                "the lid-1 maximum; it does not here, so it is not applied",
                path,
            )
            return amount
        term = int(t.table.amount("rv475da_lid5_term_months"))
        ext = int(t.table.amount("rv475da_lid6_extension_months"))
        end = rv_475da.high_housing_costs_end(
            req.requested_on, term_months=term, extension_months=ext, extended=req.extended
        )
        if self.on > end:
            t.diagnose(
                "housing-increase-ended",
                f"the housing increase requested on {req.requested_on} ran until {end}; "
                f"not applied on {self.on}",
                path,
            )
            return amount
        threshold = rv_475da.high_housing_costs_threshold(
            t.norm("wht13_1a_maximale_huurgrens"), threshold_pct=t.norm("rv475da_lid5_threshold_pct")
        )
        increase = rv_475da.high_housing_costs_increase(h.costs_monthly, threshold=threshold)
        t.norm("rv475da_lid5_term_months")
        t.norm("rv475da_lid6_extension_months")
        assumptions: list[str] = []
        inputs: dict[str, Decimal | str] = {
            "woonkosten": h.costs_monthly,
            "drempel": threshold,
            "tot_en_met": end.isoformat(),
        }
        if rv_475ab.is_married(ls) and increase > 0:
            p = self.partner_income_not_garnished()
            left = p - rv_475db.partner_income_deduction(
                amount, partner_income=p, max_fraction=t.norm("rv475db_partner_max_fraction")
            )
            inputs["partnerinkomen_over"] = left
            increase = rv_475da.married_housing_increase(increase, partner_income_left=left)
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

    def owner_increase(self, ls: Leefsituatie, c: Decimal, amount: Decimal, route: Route) -> Decimal:
        t, h = self.t, self.case.housing
        if not h.owner_increase_requested:
            return amount
        path = "housing.owner_increase_requested"
        if route == "institution":
            t.diagnose(
                "owner-increase-not-applicable", "Rv 475da lid 7 does not apply in an institution", path
            )
            return amount
        if h.kind == "rent_non_wht" and self.on < rv_475da.LID_7_RENTERS_FROM:
            t.diagnose(
                "owner-increase-not-applicable",
                "Rv 475da lid 7 covers renters of a dwelling outside the Wht only from 2023-01-01",
                path,
            )
            return amount
        if h.kind not in ("owner", "rent_non_wht"):
            t.diagnose(
                "owner-increase-not-applicable",
                f"Rv 475da lid 7 applies to an owner-occupier or (from 2023) a renter of a dwelling "
                f"outside the Wht, not to housing.kind {h.kind!r}",
                path,
            )
            return amount
        if self.on < rv_475da.LID_7_LIMITS_FROM:
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

    # ---------------------------------------------------------------- 5. 475db
    def deductions(self, ls: Leefsituatie, amount: Decimal) -> Decimal:
        t, case = self.t, self.case
        if rv_475ab.is_married(ls):
            p = self.partner_income_not_garnished()
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
            amount = t.step(
                "475db-1-a-partner",
                "Min het niet-beslagen inkomen van de echtgenoot, ten hoogste de helft van de "
                "beslagvrije voet",
                amount - ded,
                C.RV_475DB_1_A,
                inputs={"voor_aftrek": amount, "inkomen_echtgenoot": p, "aftrek": ded},
            )
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

    # ---------------------------------------------------------------- 6. 475dc
    def income_cap(self, amount: Decimal, route: Route) -> Decimal:
        t, case = self.t, self.case
        if not case.incomes:
            t.diagnose(
                "no-income-listed",
                "no periodic income is listed, so the 95 % rule of Rv 475dc could not be applied",
                "incomes",
            )
            return amount
        base = income_a_to_i(case.incomes)
        if base == 0:
            t.diagnose(
                "no-income-a-to-i",
                "none of the listed incomes is of kind a-i of Rv 475c lid 1; 95 % of nothing is zero",
                "incomes",
            )
        assumptions: list[str] = []
        if income_a_to_i(case.incomes, garnished=False) > 0 or self.on < rv_475dc.LID_2_IN_FORCE:
            assumptions.append("income-base-95pct-all-a-to-i")
        if route == "institution":
            assumptions.append("institution-95pct-with-475db")
        cap = rv_475dc.income_cap(base, cap_pct=t.norm("rv475dc_pct"))
        return t.step(
            "475dc-1-95procent",
            "Ten hoogste 95 % van het maandinkomen (a t/m i, inclusief vakantiebijslag)"
            + (" — deze grens is van toepassing" if cap < amount else ""),
            rv_475dc.capped_at_income(amount, cap=cap),
            C.RV_475DC_1,
            inputs={"inkomen_a_t_m_i": base, "grens": cap},
            assumptions=assumptions,
        )

    def designated_benefit(self) -> DesignatedBenefitResult | None:
        db = self.case.designated_benefit
        if db is None:
            return None
        value = rv_475dc.designated_benefit_bvv(
            db.applicable_norm_monthly,
            other_income=db.other_income_monthly,
            cap_pct=self.t.norm("rv475dc_pct"),
        )
        self.t.step(
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

    # ---------------------------------------------------------------- 7. 475fa
    def court_increase(self, amount: Decimal) -> Decimal:
        ci = self.case.court_increase
        if ci is None:
            return amount
        if not rv_475fa.court_increase_in_force(self.on, start=ci.from_, until=ci.until):
            self.t.diagnose(
                "court-increase-not-in-force",
                f"the court increase runs {ci.from_} .. {ci.until}; not applied on {self.on}",
                "court_increase",
            )
            return amount
        return self.t.step(
            "475fa-kantonrechter",
            f"Verhoging door de kantonrechter van {fmt(ci.amount_monthly)} per maand "
            f"({ci.from_} tot en met {ci.until})",
            amount + ci.amount_monthly,
            C.RV_475FA,
            inputs={"verhoging": ci.amount_monthly},
            assumptions=("court-increase-after-95pct",),
        )

    # ---------------------------------------------------------------- 8. division
    def divide(self, bvv: Decimal) -> tuple[PerIncome, ...]:
        t, case = self.t, self.case
        ordered = rv_475c.statutory_order(case.incomes)
        position = {inc.id: n + 1 for n, inc in enumerate(ordered)}
        garnished = [i for i in ordered if i.garnished]
        if not garnished:
            t.diagnose("no-garnished-income", "no income is marked as garnished; no division made", "incomes")
            return ()
        self.order_diagnostics(ordered)
        if len(garnished) == 1:
            parts = [bvv]
        else:
            parts = rv_475c.divide_pro_rata(bvv, [i.net_monthly for i in garnished])
            t.step(
                "475c-5-verdeling",
                "Meerdere beslagen: de beslagvrije voet wordt verdeeld naar verhouding van de "
                "betalingen: " + ", ".join(f"{i.id} {fmt(p)}" for i, p in zip(garnished, parts, strict=True)),
                bvv,
                C.RV_475C_5,
                inputs={i.id: fmt(i.net_monthly) for i in garnished},
                assumptions=("several-garnishments-pro-rata", "rounding-half-up-at-end"),
            )
        return tuple(
            PerIncome(
                id=i.id,
                category=i.category,
                order=position[i.id],
                payment=i.net_monthly,
                bvv=part,
                afdracht=round_cents(rv_475c.afdracht(i.net_monthly, part)),
            )
            for i, part in zip(garnished, parts, strict=True)
        )

    def order_diagnostics(self, ordered: list[Income]) -> None:
        """Rv 475c lid 2: a garnished claim after an ungarnished one of kinds a-i is out of order."""
        for n, inc in enumerate(ordered):
            if inc.garnished:
                earlier = [e.id for e in ordered[:n] if not e.garnished and e.category in CATEGORIES_A_TO_I]
                if earlier:
                    self.t.diagnose(
                        "garnishment-order",
                        f"income {inc.id!r} is garnished while {', '.join(earlier)} come(s) "
                        "earlier in the statutory order; allowed only under Rv 475c lid 3",
                        "incomes",
                    )
                    return

    # ---------------------------------------------------------------- run
    def household_diagnostics(self) -> None:
        hh = self.case.household
        if hh.children_birth_dates:
            under_18 = sum(1 for b in hh.children_birth_dates if _age_years(b, self.on) < 18)
            if under_18 != hh.dependent_children:
                self.t.diagnose(
                    "children-count-mismatch",
                    f"{under_18} of the children's birth dates are under 18 on {self.on}, "
                    f"but household.dependent_children is {hh.dependent_children}",
                    "household.dependent_children",
                )

    def run(self) -> Result:
        case, t = self.case, self.t
        ls = self.leefsituatie()
        married = rv_475ab.is_married(ls)
        c = self.income_c(married)
        self.household_diagnostics()
        price = case.debtor.institution_care_price_monthly
        route: Route
        at_maximum = False
        if price is not None:
            route, amount = "institution", self.institution(ls, price)
        elif case.debtor.residence in ("no_residential_address", "abroad"):
            route, amount = "no_address", self.no_address()
        else:
            route, amount = "formula", self.formula(ls, c)
            at_maximum = amount == t.table.amount(_MAXIMUM_KEY[ls])
        amount = self.high_housing_costs(ls, amount, route, at_maximum)
        amount = self.owner_increase(ls, c, amount, route)
        deductions_apply = route != "institution" or self.on >= rv_475e.DEDUCTIONS_APPLY_FROM
        if deductions_apply:
            amount = self.deductions(ls, amount)
            amount = self.income_cap(amount, route)
        designated = self.designated_benefit()
        amount = self.court_increase(amount)
        bvv = round_cents(amount)
        t.assume("rounding-half-up-at-end")
        per_income = self.divide(bvv)
        used = tuple(
            AssumptionUsed(id=a.id, decision=a.decision, text=a.text, tekst=a.tekst)
            for a in (A.get(i) for i in t.assumptions)
        )
        return make_receipted_result(
            case=case,
            bvv=bvv,
            leefsituatie=ls,
            table=t.table,
            maximum=round_cents(t.table.amount(_MAXIMUM_KEY[ls])),
            per_income=per_income,
            designated=designated,
            steps=tuple(t.steps),
            norms=t.norm_refs,
            assumptions=used,
            diagnostics=tuple(t.diagnostics),
        )


def _age_years(born: date, on: date) -> int:
    return rv_475ab.age_on(born, on)


def make_receipted_result(
    *,
    case: Case,
    bvv: Decimal,
    leefsituatie: Leefsituatie,
    table: NormTable,
    maximum: Decimal,
    per_income: tuple[PerIncome, ...],
    designated: DesignatedBenefitResult | None,
    steps: tuple[Step, ...],
    norms: dict[str, NormRef],
    assumptions: tuple[AssumptionUsed, ...],
    diagnostics: tuple[Diagnostic, ...],
) -> Result:
    """Assemble the result and its receipt (hashes of canonical input and output)."""
    case_json = case.to_json_dict()
    unsigned = Result(
        id=case.id,
        determination_date=case.determination_date,
        beslagvrije_voet=bvv,
        leefsituatie=leefsituatie,
        norm_period=table.period.start,
        maximum=maximum,
        per_income=per_income,
        designated_benefit=designated,
        steps=steps,
        norms=norms,
        assumptions=assumptions,
        diagnostics=diagnostics,
        case=case_json,
        receipt=_UNSIGNED,
    )
    receipt = make_receipt(
        case_json=case_json,
        result_json=unsigned.to_json_dict(),
        library_version=__version__,
        norms_version=table.period.start.isoformat(),
        norms_sha256=norms_fingerprint(),
        rules_version=RULES_VERSION,
    )
    return unsigned.model_copy(update={"receipt": Receipt(**receipt)})


_UNSIGNED = Receipt(
    library="bvv",
    library_version="",
    norms_version="",
    norms_sha256="",
    rules_version="",
    input_sha256="",
    output_sha256="",
)
