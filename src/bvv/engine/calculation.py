"""Orchestration: apply the rules in the statutory order and record every step.

The order (spec ``legal-spec.md`` §4.1), and the module that holds each part:

1. living situation and C (Rv 475ab, 475d lid 1) — :mod:`~bvv.engine.situation`;
2. the special cases: care institution (475e lid 2), no residential address or abroad
   (475da lid 4, unless 475e lid 1 applies) — :mod:`~bvv.engine.base_amount`;
3. otherwise the lid-2 formula with the lid-3 zorg cap, and the lid-1 maximum — same module;
4. the increases on request: high housing costs (475da lid 5-6), owner / non-Wht renter (lid 7)
   — :mod:`~bvv.engine.increases`;
5. the deductions of 475db (partner, own non-garnished income, company car) —
   :mod:`~bvv.engine.deductions`;
6. the 95 % rule (475dc lid 1), and the designated-benefit formula (475dc lid 2) —
   :mod:`~bvv.engine.income_cap`;
7. the kantonrechter's increase (475fa) — :mod:`~bvv.engine.increases`;
8. rounding (decision 1) and division over the garnished incomes with the afdracht (475c) —
   :mod:`~bvv.engine.division`; the result and receipt — :mod:`~bvv.engine.result`.

Each step is recorded through :class:`~bvv.engine.trace.Trace`; the arithmetic lives in
:mod:`bvv.rules`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext
from functools import cache
from typing import Any

from bvv.engine import assumptions as A
from bvv.engine.base_amount import MAXIMUM_KEY, formula, institution, no_address
from bvv.engine.deductions import deductions
from bvv.engine.division import divide
from bvv.engine.income_cap import designated_benefit, income_cap
from bvv.engine.incomes import income_a_to_i
from bvv.engine.increases import court_increase, high_housing_costs, owner_increase
from bvv.engine.result import RULES_VERSION, make_receipted_result
from bvv.engine.situation import household_diagnostics, income_c, leefsituatie
from bvv.engine.trace import Route, Trace
from bvv.errors import CaseIncomplete, CaseInvalid, CaseNotCovered
from bvv.model import AssumptionUsed, Case, Leefsituatie, Result
from bvv.money import CONTEXT, round_cents
from bvv.norms import NormSet, Variant, norms_for, provisional_allowed, use_norms
from bvv.parse import parse_case
from bvv.rules import rv_475ab, rv_475dc, rv_475e

__all__ = ["RULES_VERSION", "calculate", "check_consistency", "income_a_to_i"]


def missing_housing_facts(case: Case) -> tuple[tuple[str, str], ...]:
    """The housing facts a requested lid-5 increase needs but the case does not give (decision 19).

    Without a request, absent housing means none and changes nothing; with one, the kind and the
    costs decide the increase (Rv 475da lid 5), so they are never defaulted.
    """
    housing = case.housing
    if housing.high_costs_increase is None:
        return ()
    return tuple(
        (f"housing.{name}", "needed for the requested housing-cost increase (Rv 475da lid 5)")
        for name in ("kind", "costs_monthly")
        if name not in housing.model_fields_set
    )


def check_consistency(case: Case) -> None:
    """Cross-field checks that a single field cannot express; each names its JSON path."""
    missing = missing_housing_facts(case)
    if missing:
        raise CaseIncomplete(
            missing,
            hint="give housing.kind and housing.costs_monthly (woonkosten, Rv 475ab)",
            tip="geef housing.kind en housing.costs_monthly (de woonkosten per maand)",
        )
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
    if case.debtor.woonlandfactor is not None and case.debtor.residence != "abroad":
        problems.append(
            (
                "debtor.woonlandfactor",
                "applies only to a fixed residence abroad (Rv 475da lid 4, second sentence); "
                "remove it, or set debtor.residence to 'abroad'",
            )
        )
    req = case.housing.high_costs_increase
    if req is not None and req.requested_on > case.determination_date:
        problems.append(
            (
                "housing.high_costs_increase.requested_on",
                f"the request ({req.requested_on}) is dated after the determination date "
                f"({case.determination_date}); an increase on request (Rv 475da lid 5) applies from the "
                "request: calculate again on or after the request date (decision 17)",
            )
        )
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
    norms: NormSet | None = None,
    allow_provisional_norms: bool | None = None,
) -> Result:
    """Compute the beslagvrije voet of one case on its determination date.

    ``variant="as_published"`` uses the drempelinkomen and L the Ministry used for the published
    maxima where they depart from the statute (decision 3). ``allow_latest_norms`` permits a date
    after the last published period (decision 15); the result then says so.

    ``norms`` is the set of norm tables to use (:func:`bvv.norms.load_norm_dir`); by default the
    set in use (:func:`bvv.norms.active_norms`: ``BVV_NORMS_DIR`` or the bundled tables). A
    provisional table is refused unless ``allow_provisional_norms`` (``None``: as the enclosing
    :func:`bvv.norms.use_norms` allows). A provisional or loaded table is named in the result's
    assumptions, and ``receipt.norms_sha256`` covers the set used.
    """
    case = parse_case(case)
    check_consistency(case)
    allow = provisional_allowed() if allow_provisional_norms is None else allow_provisional_norms
    with use_norms(norms, allow_provisional=allow) as norm_set, localcontext(CONTEXT):
        on = case.determination_date
        table, latest_used = norms_for(on, allow_latest=allow_latest_norms, allow_provisional=allow)
        t = Trace(case, table, variant)
        if latest_used:
            t.assume("latest-norms-used")
            t.diagnose(
                "latest-norms-used",
                f"no norms are published for {t.on}; the latest table ({table.name}) was used",
                "determination_date",
            )
        if table.status == "provisional":
            t.assume("provisional-norms-used")
        if norm_set.is_loaded(table):
            t.assume("loaded-norms-used")
        return _run(t)


def _base_amount(t: Trace, ls: Leefsituatie, c: Decimal) -> tuple[Route, Decimal, bool]:
    """Steps 2-3: the route, the amount before increases, and whether it is the lid-1 maximum."""
    price = t.case.debtor.institution_care_price_monthly
    if price is not None and t.case.debtor.residence == "abroad":
        raise CaseNotCovered(
            "the debtor lives in a care institution abroad: the law does not say whether the institution "
            "bvv (Rv 475e lid 2) or the 47.5 % rule with the woonlandfactor (Rv 475da lid 4) applies",
            hint="determine this bvv outside the library, or remove debtor.institution_care_price_monthly "
            "if the debtor is not in an institution",
            path="debtor.institution_care_price_monthly",
        )
    if price is not None:
        return "institution", institution(t, ls, price), False
    if t.case.debtor.residence in ("no_residential_address", "abroad"):
        return "no_address", no_address(t), False
    amount = formula(t, ls, c)
    return "formula", amount, amount == t.table.amount(MAXIMUM_KEY[ls])


@cache
def _assumption_used(assumption_id: str) -> AssumptionUsed:
    """The result's entry for one assumption (one frozen object per id)."""
    a = A.get(assumption_id)
    return AssumptionUsed(id=a.id, decision=a.decision, text=a.text, tekst=a.tekst)


def _run(t: Trace) -> Result:
    """Steps 1-8 in the statutory order, then the result with its receipt."""
    ls = leefsituatie(t)
    if any(i.converted for i in (*t.case.incomes, *t.case.partner_incomes)):
        t.assume("pay-period-conversion")
    c = income_c(t, rv_475ab.is_married(ls))
    household_diagnostics(t)
    route, amount, at_maximum = _base_amount(t, ls, c)
    amount = high_housing_costs(t, ls, amount, route, at_maximum)
    amount = owner_increase(t, ls, c, amount, route)
    lowered = False
    if route != "institution" or t.on >= rv_475e.DEDUCTIONS_APPLY_FROM:
        amount = deductions(t, ls, amount)
        amount, lowered = income_cap(t, amount, route)
    designated = designated_benefit(t, lowered)
    amount = court_increase(t, amount)
    bvv = round_cents(amount)
    t.assume("rounding-half-up-at-end")
    per_income = divide(t, bvv)
    used = tuple(map(_assumption_used, t.assumptions))
    return make_receipted_result(
        case=t.case,
        bvv=bvv,
        leefsituatie=ls,
        table=t.table,
        maximum=round_cents(t.table.amount(MAXIMUM_KEY[ls])),
        per_income=per_income,
        designated=designated,
        steps=tuple(t.steps),
        norms=t.norm_refs,
        assumptions=used,
        diagnostics=tuple(t.diagnostics),
    )
