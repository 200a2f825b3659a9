"""Combine BRP, Polis and a supplement into a ``bvv-case/1`` dict with provenance.

The case carries three extra top-level keys the core engine accepts:

* ``provenance``: JSON path of a fact -> ``{source, record, rule, detail}``;
* ``missing_facts``: ``[{path, reason}]``; each named field is ``null`` in the case and the
  engine refuses to calculate until it is supplied (spec decision 15);
* ``diagnostics``: ``[{code, message, path}]`` data-quality warnings.

Net payments are not in the Polis: they come from the supplement (what the payer states under
Rv 475g lid 3) or are listed as missing; this module never invents them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from bvv.bsn import Bsn, mask, mask_in_text
from bvv.errors import CaseInvalid, SourceInvalid
from bvv.sources import CENT, Diagnostic, MissingFact, Provenance, money
from bvv.sources.household import (
    BewoningFacts,
    BrpPerson,
    HouseholdFacts,
    derive_household,
    merge_persons,
)
from bvv.sources.polis import (
    PayPeriod,
    PersonIncome,
    PolisResponse,
    RelationIncome,
    derive_person_income,
)

FORMAT = "bvv-case/1"
_MONEY = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,2})?", re.ASCII)


def _money_in(v: Any) -> Any:
    if v is None:
        return None
    if not isinstance(v, str) or not _MONEY.fullmatch(v.strip()):
        raise ValueError("money must be a string such as \"1500.00\" (not a JSON number)")
    return Decimal(v.strip()).quantize(CENT)


Money = Annotated[Decimal, BeforeValidator(_money_in)]


class _Sup(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SupplementIncome(_Sup):
    """What a payer states about one income relation (Rv 475g lid 3)."""

    net_monthly: Money | None = None
    net_per_period: Money | None = None
    pay_period: PayPeriod | None = None
    garnished: bool | None = None
    category: Literal["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"] | None = None


class SupplementExtraIncome(SupplementIncome):
    """A periodic claim that is not in the Polis (alimony, a foreign pension, ...)."""

    id: str


class SupplementHousing(_Sup):
    kind: Literal["rent", "rent_non_wht", "owner", "none"]
    costs_monthly: Money
    high_costs_increase: dict[str, Any] | None = None
    owner_increase_requested: bool = False
    owner_increase_monthly: Money | None = None


class SupplementDebtor(_Sup):
    institution_care_price_monthly: Money | None = None
    country: str | None = None
    woonlandfactor: str | None = None


class Supplement(_Sup):
    """The supplement file: what the registers do not hold (docs/adapters.md)."""

    id: str | None = None
    incomes: dict[str, SupplementIncome] = {}
    partner_incomes: dict[str, SupplementIncome] = {}
    extra_incomes: list[SupplementExtraIncome] = []
    extra_partner_incomes: list[SupplementExtraIncome] = []
    housing: SupplementHousing | None = None
    company_car_wage_tax_monthly: Money | None = None
    court_increase: dict[str, Any] | None = None
    debtor: SupplementDebtor | None = None


def parse_supplement(doc: Any, source: str) -> Supplement:
    """Validate a supplement document; a wrong shape raises :class:`CaseInvalid`."""
    if not isinstance(doc, dict):
        raise CaseInvalid(f"{source}: the supplement must be a JSON object")
    try:
        return Supplement.model_validate(doc)
    except ValidationError as exc:
        problems = tuple(
            (".".join(str(x) for x in e["loc"]), e["msg"]) for e in exc.errors()[:20]
        )
        text = "; ".join(f"{p}: {m}" for p, m in problems)
        raise CaseInvalid(f"{source}: invalid supplement: {text}", problems=problems,
                          hint="see docs/adapters.md for the supplement shape") from exc


def monthly_from_period(amount: Decimal, pay: PayPeriod) -> Decimal:
    """Decision 6: four-weekly x 13/12, weekly x 52/12; rounded half up to cents."""
    factor = {"month": Decimal(1), "four_weeks": Decimal(13) / 12, "week": Decimal(52) / 12}[pay]
    return (amount * factor).quantize(CENT, rounding=ROUND_HALF_UP)


class _Out:
    def __init__(self, supplement_source: str = "supplement") -> None:
        self.sup = supplement_source
        self.provenance: dict[str, dict[str, str]] = {}
        self.missing: list[MissingFact] = []
        self.diagnostics: list[Diagnostic] = []

    def prov(self, path: str, p: Provenance) -> None:
        # file names and texts may carry a BSN (e.g. ..._111111110.xml): mask free-standing runs
        self.provenance[path] = {k: mask_in_text(v) for k, v in p.to_json().items()}

    def p(self, path: str, source: str, record: str, rule: str, detail: str) -> None:
        self.prov(path, Provenance(source=source, record=record, rule=rule, detail=detail))

    def miss(self, path: str, reason: str) -> None:
        if all(m.path != path for m in self.missing):
            self.missing.append(MissingFact(path=path, reason=reason))

    def diag(self, d: Diagnostic) -> None:
        if d not in self.diagnostics:
            self.diagnostics.append(d)


def build_case(
    *,
    bsn: str,
    on: date,
    brp: Sequence[Sequence[BrpPerson]],
    polis: Sequence[PolisResponse] = (),
    bewoning: Iterable[BewoningFacts] = (),
    supplement: Supplement | None = None,
    supplement_source: str = "supplement",
) -> dict[str, Any]:
    """Build a ``bvv-case/1`` dict for debtor ``bsn`` on determination date ``on``."""
    debtor_bsn = Bsn(bsn)
    out = _Out(supplement_source)
    hh = _household(out, debtor_bsn, on, brp, bewoning)
    sup = supplement or Supplement()
    by_bsn = _polis_by_person(out, polis, str(debtor_bsn), hh.partner_bsn)
    debtor_inc = _income_for(out, "debtor", str(debtor_bsn), by_bsn, on)
    partner_inc, taxable = _taxable_income(out, hh, debtor_inc, by_bsn, on)
    incomes = _incomes(out, "incomes", debtor_inc, sup.incomes, sup.extra_incomes, True)
    partner_incomes = (
        _incomes(out, "partner_incomes", partner_inc, sup.partner_incomes,
                 sup.extra_partner_incomes, False)
        if hh.partner is not False else []
    )
    if hh.partner is True and partner_inc is None and not sup.extra_partner_incomes:
        partner_incomes = []
    debtor = _debtor_block(out, hh, sup.debtor or SupplementDebtor())
    missing_paths = {m.path for m in out.missing}
    case: dict[str, Any] = {"format": FORMAT}
    if sup.id is not None:
        case["id"] = sup.id
    case.update({
        "determination_date": on.isoformat(),
        "debtor": debtor,
        "household": _household_block(hh),
        "taxable_income_annual": taxable,
        "incomes": incomes,
        "partner_incomes": partner_incomes,
        "housing": _housing(out, sup),
        "company_car_wage_tax_monthly": _company_car(out, sup),
        "court_increase": _court_increase(out, sup),
        "provenance": dict(sorted(out.provenance.items())),
        "missing_facts": [m.to_json() for m in out.missing],
        "diagnostics": [d.to_json() for d in out.diagnostics],
    })
    assert all(_get(case, p) is None for p in missing_paths), "missing facts must be null"
    return case


def _household(out: _Out, debtor_bsn: Bsn, on: date, brp: Sequence[Sequence[BrpPerson]],
               bewoning: Iterable[BewoningFacts]) -> HouseholdFacts:
    """The BRP persons merged and the household derived (decision 7), with their notes."""
    if not debtor_bsn.elfproef_ok:
        out.diag(Diagnostic(code="bsn-elfproef", message=f"BSN {debtor_bsn.masked} fails the "
                            "elfproef; used as given (decision 14)", path=None))
    persons, dup = merge_persons(brp)
    for d in dup:
        out.diag(d)
    for p in persons.values():
        if not Bsn(p.bsn).elfproef_ok:
            out.diag(Diagnostic(code="bsn-elfproef", message=f"BRP person {p.masked} "
                                f"({p.source} {p.record}) has a BSN that fails the elfproef "
                                "(decision 14)", path=None))
    hh = derive_household(persons, str(debtor_bsn), on, bewoning)
    for d in hh.diagnostics:
        out.diag(d)
    for m in hh.missing:
        out.miss(m.path, m.reason)
    for path, prov in hh.provenance:
        out.prov(path, prov)
    return hh


def _polis_by_person(out: _Out, polis: Sequence[PolisResponse], debtor_bsn: str,
                     partner_bsn: str | None) -> dict[str, list[PolisResponse]]:
    """Polis replies by the BSN they are about; a 'niets gevonden' reply is the debtor's."""
    by_bsn: dict[str, list[PolisResponse]] = {}
    nothing = [r for r in polis if r.nothing_found]
    for r in polis:
        if r.bsn is not None:
            by_bsn.setdefault(r.bsn, []).append(r)
    if nothing:
        if len(nothing) > 1 or debtor_bsn in by_bsn:
            raise SourceInvalid(
                "a Polis 'niets gevonden' reply names no person; it can only be used as the "
                "debtor's single Polis reply",
                hint="pass one 'niets gevonden' file, for the debtor only",
            )
        by_bsn[debtor_bsn] = list(nothing)
    for b, rs in by_bsn.items():
        if b not in (debtor_bsn, partner_bsn):
            out.diag(Diagnostic(code="polis-other-person", message=f"Polis data of {mask(b)} "
                                f"({rs[0].source}) belong to neither debtor nor partner; ignored",
                                path=None))
    return by_bsn


def _taxable_income(
    out: _Out, hh: HouseholdFacts, debtor_inc: PersonIncome | None,
    by_bsn: dict[str, list[PolisResponse]], on: date,
) -> tuple[PersonIncome | None, dict[str, str | None]]:
    """Letter C of debtor and partner (Rv 475da lid 2); the partner's income when present."""
    partner_inc: PersonIncome | None = None
    taxable: dict[str, str | None] = {"debtor": None, "partner": None}
    if debtor_inc is not None and debtor_inc.annual is not None:
        taxable["debtor"] = money(debtor_inc.annual)
    if hh.partner is True and hh.partner_bsn is not None:
        partner_inc = _income_for(out, "partner", hh.partner_bsn, by_bsn, on)
        if partner_inc is not None and partner_inc.annual is not None:
            taxable["partner"] = money(partner_inc.annual)
    elif hh.partner is False:
        taxable["partner"] = "0.00"
        out.p("taxable_income_annual.partner", "-", "household.partner = false",
              "Rv 475da lid 2 letter C", "no partner: the partner's C is 0.00")
    else:
        out.miss("taxable_income_annual.partner", "depends on household.partner, which the BRP "
                 "data cannot decide")
    return partner_inc, taxable


def _debtor_block(out: _Out, hh: HouseholdFacts, sd: SupplementDebtor) -> dict[str, Any]:
    """``debtor``: birth date and residence from the BRP, the rest from the supplement."""
    country = hh.country
    if hh.residence == "abroad" and sd.country:
        country = sd.country
        out.missing = [m for m in out.missing if m.path != "debtor.country"]
        out.p("debtor.country", out.sup, "debtor.country", "supplement",
              f"country {sd.country} as supplied")
    debtor: dict[str, Any] = {
        "birth_date": hh.birth_date.isoformat() if hh.birth_date else None,
        "residence": hh.residence,
        "country": country,
        "institution_care_price_monthly": (
            money(sd.institution_care_price_monthly)
            if sd.institution_care_price_monthly is not None else None
        ),
    }
    if sd.woonlandfactor is not None:
        debtor["woonlandfactor"] = sd.woonlandfactor
    return debtor


def _household_block(hh: HouseholdFacts) -> dict[str, Any]:
    """``household`` as derived from the BRP (the engine derives the leefsituatie)."""
    return {
        "partner": hh.partner,
        "dependent_children": hh.dependent_children,
        "leefsituatie": None,
        "partner_birth_date": hh.partner_birth_date.isoformat() if hh.partner_birth_date else None,
        "children_birth_dates": [d.isoformat() for d in hh.children_birth_dates],
    }


def _housing(out: _Out, sup: Supplement) -> dict[str, Any]:
    """``housing`` (Rv 475ab woonkosten, 475da lid 5-7): not in any register, so from the
    supplement or missing."""
    if sup.housing is not None:
        h = sup.housing
        housing: dict[str, Any] = {
            "kind": h.kind,
            "costs_monthly": money(h.costs_monthly),
            "high_costs_increase": h.high_costs_increase,
            "owner_increase_requested": h.owner_increase_requested,
        }
        if h.owner_increase_monthly is not None:
            housing["owner_increase_monthly"] = money(h.owner_increase_monthly)
        out.p("housing", out.sup, "housing", "Rv 475ab (woonkosten); 475g lid 1",
              "housing facts as stated in the supplement")
        return housing
    out.miss("housing.kind", "housing is not in the BRP or the Polis; state it in the "
             "supplement (Rv 475g lid 1)")
    out.miss("housing.costs_monthly", "woonkosten (Rv 475ab) are not in the BRP or the "
             "Polis; state them in the supplement")
    out.p("housing.owner_increase_requested", "-", "no supplement", "Rv 475da lid 7",
          "no request for the owner increase is known")
    return {"kind": None, "costs_monthly": None, "high_costs_increase": None,
            "owner_increase_requested": False}


def _company_car(out: _Out, sup: Supplement) -> str | None:
    """``company_car_wage_tax_monthly`` (Rv 475db lid 1 c): stated by the payer."""
    if sup.company_car_wage_tax_monthly is not None:
        out.p("company_car_wage_tax_monthly", out.sup,
              "company_car_wage_tax_monthly", "Rv 475db lid 1 c; 475g lid 3",
              "as stated by the payer")
        return money(sup.company_car_wage_tax_monthly)
    out.miss("company_car_wage_tax_monthly", "wage tax on a company car is stated by the "
             "payer (Rv 475g lid 3); not in the Polis. Use \"0.00\" when there is none")
    return None


def _court_increase(out: _Out, sup: Supplement) -> Any:
    """``court_increase`` (Rv 475fa): from the supplement; absent means none was ordered."""
    given = "court_increase" in sup.model_fields_set
    out.p("court_increase", out.sup if given else "-", "court_increase",
          "Rv 475fa", "as stated in the supplement" if given
          else "no court order in the supplement: null means none was ordered")
    return sup.court_increase if given else None


def _get(case: dict[str, Any], path: str) -> Any:
    node: Any = case
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            node = node[int(part[1:-1])]
        else:
            node = node.get(part) if isinstance(node, dict) else None
    return node


def _income_for(out: _Out, role: str, bsn: str, by_bsn: dict[str, list[PolisResponse]],
                on: date) -> PersonIncome | None:
    """C of one person (Rv 475d lid 1, 475ga lid 1; Besluit bvv art. 2), or a missing fact."""
    path = f"taxable_income_annual.{role}"
    responses = by_bsn.get(bsn, [])
    if not responses:
        out.miss(path, f"no Polis data for the {role} were supplied (Rv 475ga lid 1)")
        code = "partner-without-income-data" if role == "partner" else "no-polis-data"
        out.diag(Diagnostic(code=code, message=f"no Polis data for the {role} {mask(bsn)}; "
                            f"{path} is missing", path=path))
        return None
    if all(r.nothing_found for r in responses):
        out.diag(Diagnostic(code="no-polis-data", message=f"the Polis reply for the {role} is "
                            "'niets gevonden' (e.g. self-employed): C = 0.00 from the Polis; other "
                            "income must come from the debtor (Rv 475g lid 1)", path=path))
        out.p(path, responses[0].source, "NietsGevonden", "Rv 475ga lid 1; 475g lid 1",
              "the Polis holds no income relation: C = 0.00")
        return PersonIncome(bsn=bsn, reference_end=None, window_start=None, relations=(),
                            annual=Decimal(0), diagnostics=(), sources=(responses[0].source,))
    rels = [rel for r in responses for rel in r.relations]
    inc = derive_person_income(rels, bsn, on, role=role)
    for d in inc.diagnostics:
        out.diag(d)
    if inc.annual is None:
        out.miss(path, "an income relation has aangiftetijdvakken that are no month, four weeks "
                 "or week; C cannot be annualised")
    ref = f"aangiftetijdvak ending {inc.reference_end}" if inc.reference_end else "no periods"
    out.p(path, ", ".join(os.path.basename(s) for s in inc.sources),
          f"persoon {mask(bsn)}, {ref}, window from {inc.window_start}",
          "Rv 475d lid 1, 475da lid 2 C; Besluit bvv art. 2 lid 1-2 (accrual add-back [P]), "
          "art. 3 (2.5 % test [P/U]); annualisation x12/x13/x52 [U]", inc.detail())
    return inc


def _incomes(out: _Out, key: str, inc: PersonIncome | None,
             stated: dict[str, SupplementIncome], extra: list[SupplementExtraIncome],
             debtor: bool) -> list[dict[str, Any]]:
    """Income entries: category from the Polis, payments and garnishment from the supplement."""
    rels: list[RelationIncome] = list(inc.relations) if inc is not None else []
    known = {r.id for r in rels}
    unknown = sorted(set(stated) - known)
    if unknown:
        raise CaseInvalid(
            f"the supplement names {key} {', '.join(unknown)}, which are no current income "
            f"relation in the Polis data (known: {', '.join(sorted(known)) or 'none'})",
            hint=f"use the ids the case lists, or put other claims under extra_{key}",
            path=f"supplement.{key}",
        )
    entries: list[dict[str, Any]] = []
    for r in rels:
        i = len(entries)
        base = f"{key}[{i}]"
        s = stated.get(r.id, SupplementIncome())
        rec = r.relation.describe()
        src = os.path.basename(r.relation.source)
        cat = s.category or r.category
        entry: dict[str, Any] = {"id": r.id, "category": cat}
        if s.category:
            out.p(f"{base}.category", out.sup, r.id, "Rv 475c lid 1", "as supplied")
        elif cat is not None:
            out.p(f"{base}.category", src, f"{rec}, CdSrtIkv {r.soort}",
                  "Rv 475c lid 1 (Besluit bvv art. 1: inkomstenverhouding a-i)",
                  f"soort inkomstenverhouding {r.soort} -> letter {cat}")
        else:
            out.miss(f"{base}.category", f"CdSrtIkv {r.soort or 'absent'} has no known letter of "
                     "Rv 475c lid 1; state it in the supplement")
        _net(out, base, entry, s, r, rec, src)
        if s.garnished is not None:
            entry["garnished"] = s.garnished
            out.p(f"{base}.garnished", out.sup, r.id, "Rv 475c", "as stated")
        elif not debtor:
            entry["garnished"] = False
            out.p(f"{base}.garnished", "-", r.id, "Rv 475db lid 1 a",
                  "a partner's income is not garnished in the debtor's case unless stated")
        else:
            entry["garnished"] = None
            out.miss(f"{base}.garnished", "whether this claim is under garnishment is known to "
                     "the garnishing party, not to the Polis; state it in the supplement")
        entries.append(entry)
    for x in extra:
        i = len(entries)
        base = f"{key}[{i}]"
        if x.category is None:
            raise CaseInvalid(f"supplement extra_{key} '{x.id}' needs a category",
                              path=f"supplement.extra_{key}")
        entry = {"id": x.id, "category": x.category}
        _net(out, base, entry, x, None, f"extra income {x.id}", out.sup)
        entry["garnished"] = bool(x.garnished) if x.garnished is not None else (
            False if not debtor else None)
        if entry["garnished"] is None:
            out.miss(f"{base}.garnished", "state whether this claim is garnished")
        out.p(f"{base}.category", out.sup, f"extra income {x.id}", "Rv 475c lid 1",
              "not in the Polis; as supplied")
        entries.append(entry)
    return entries


def _net(out: _Out, base: str, entry: dict[str, Any], s: SupplementIncome,
         r: RelationIncome | None, rec: str, src: str) -> None:
    """Net payment (Rv 475g lid 3) from the supplement; per-period amounts convert by
    decision 6. Never taken from gross Polis amounts."""
    pay = s.pay_period or (r.pay_period if r is not None else None)
    if pay is not None and r is not None:
        entry["pay_period"] = pay
    if s.net_per_period is not None:
        if pay is None:
            raise CaseInvalid(f"{base}: net_per_period needs a pay_period", path=base)
        monthly = monthly_from_period(s.net_per_period, pay)
        if s.net_monthly is not None and s.net_monthly != monthly:
            raise CaseInvalid(f"{base}: net_monthly {money(s.net_monthly)} contradicts "
                              f"net_per_period {money(s.net_per_period)} per {pay} "
                              f"(= {money(monthly)} a month)", path=base)
        entry["pay_period"] = pay
        entry["net_per_period"] = money(s.net_per_period)
        entry["net_monthly"] = money(monthly)
        factor = {"month": "1", "four_weeks": "13/12", "week": "52/12"}[pay]
        out.p(f"{base}.net_monthly", out.sup, rec, "Rv 475g lid 3; decision 6",
              f"{money(s.net_per_period)} per {pay} x {factor} = {money(monthly)} (half up)")
    elif s.net_monthly is not None:
        entry["net_monthly"] = money(s.net_monthly)
        out.p(f"{base}.net_monthly", out.sup, rec, "Rv 475g lid 3",
              "net monthly payment incl. holiday allowance as stated by the payer")
    else:
        entry["net_monthly"] = None
        hint = ""
        if r is not None and pay is not None and pay != "month":
            hint = f" (paid per {pay.replace('_', ' ')}: net_per_period may be given)"
        out.miss(f"{base}.net_monthly", "net payment as stated by the payer (Rv 475g lid 3); "
                 f"not in the Polis{hint}")
