"""``bvv verify``: check a received "Overzicht van uw beslagvrije voet" against the law.

A counsellor types the figures of the letter into a :class:`bvv.letters.notice.Notice` (``bvv-notice/1``,
see ``docs/notice.md``). :func:`verify` recomputes and lists every difference with the field, the
rule, the amount at stake per month and what the debtor can do.

Two references are possible:

* **notice only** — the case is built from the notice's own data (living situation, incomes,
  taxable income, housing). This finds arithmetic and rule errors: a bvv that does not follow from
  the letter's own data, a partner deduction above half, holiday allowance left out, an income
  taken from a month that is not the latest.
* **notice and CASE.json** — the case holds the facts as the counsellor knows them. Then the
  notice's data are compared with those facts too (wrong living situation, wrong income), and the
  amount at stake of each wrong fact is the change in the bvv when only that fact is put right.

``amount_at_stake`` is signed: positive means the notice leaves the debtor that much **too
little** each month; negative means more than the law gives. Every difference is judged by who it
favours (``favours``): only a difference against the debtor, or one whose effect cannot be told, is
a ``fault`` and makes the exit code 1; a difference in the debtor's favour (a letter rounded up to
whole euros, say) is a remark. ``exact=True`` makes every difference a fault (for vendors testing
an implementation).

>>> import bvv
>>> from decimal import Decimal
>>> from bvv.letters.notice import build_notice
>>> case = bvv.parse_case(bvv.examples.load("05_partner_en_95procent_2023"))
>>> good = build_notice(case, bvv.calculate(case))
>>> verify(good).agrees
True
>>> bad = good.model_copy(update={"beslagvrije_voet": Decimal("700.00")})
>>> [(d.field, str(d.amount_at_stake), d.favours) for d in verify(bad).differences]
[('beslagvrije_voet', '60.00', 'creditor')]
>>> kind = good.model_copy(update={"beslagvrije_voet": Decimal("760.01")})
>>> verify(kind).agrees, verify(kind, exact=True).agrees
(True, False)
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from bvv.engine import calculate
from bvv.errors import CaseIncomplete, CaseInvalid
from bvv.letters.verify_checks import (
    HOLIDAY_ALLOWANCE_ESTIMATE as HOLIDAY_ALLOWANCE_ESTIMATE,
)
from bvv.letters.verify_checks import (
    MAX_INCOME_AGE_MONTHS as MAX_INCOME_AGE_MONTHS,
)
from bvv.letters.verify_checks import Checker
from bvv.letters.verify_report import Difference as Difference
from bvv.letters.verify_report import VerifyReport as VerifyReport
from bvv.model import Case, Result
from bvv.model.notice import Notice, NoticeIncome
from bvv.money import fmt
from bvv.norms import Variant
from bvv.parse import parse_case

_WITH_CHILDREN = ("alleenstaande_ouder", "gehuwden_met_kinderen")


# --------------------------------------------------------------------------- notice -> case


def notice_to_case(notice: Notice) -> Case:
    """The case implied by the notice's own data; names each missing field."""
    missing: list[tuple[str, str]] = []
    if notice.taxable_income_annual is None:
        missing.append(("taxable_income_annual", "letter C, the annual taxable income; or give CASE.json"))
    if not notice.incomes:
        missing.append(("incomes", "at least one income as on the letter; or give CASE.json"))
    hh = notice.household
    partner = hh.partner if hh else None
    children = hh.dependent_children if hh else None
    if partner is None and notice.leefsituatie is not None:
        partner = notice.leefsituatie.startswith("gehuwden")
    if children is None and notice.leefsituatie is not None:
        children = 1 if notice.leefsituatie in _WITH_CHILDREN else 0
    if partner is None:
        missing.append(("household.partner", "or leefsituatie"))
    if missing:
        raise CaseIncomplete(tuple(missing), hint="type these from the letter (docs/notice.md)")
    assert notice.taxable_income_annual is not None  # for mypy; checked above

    def inc(i: NoticeIncome, default_garnished: bool) -> dict[str, Any]:
        return {
            "id": i.id,
            "category": i.category or "e",
            "net_monthly": fmt(i.net_monthly),
            "garnished": default_garnished if i.garnished is None else i.garnished,
        }

    data: dict[str, Any] = {
        "format": "bvv-case/1",
        "determination_date": notice.determination_date.isoformat(),
        "household": {"partner": bool(partner), "dependent_children": children or 0},
        "taxable_income_annual": {
            "debtor": fmt(notice.taxable_income_annual.debtor),
            "partner": fmt(notice.taxable_income_annual.partner) if partner else "0.00",
        },
        "incomes": [inc(i, True) for i in notice.incomes],
        "partner_incomes": [inc(i, False) for i in notice.partner_incomes] if partner else [],
    }
    if notice.debtor is not None:
        data["debtor"] = notice.debtor.model_dump(mode="json")
    calc = notice.calculation
    housing: dict[str, Any] = {}
    if notice.housing is not None:
        housing = {"kind": notice.housing.kind, "costs_monthly": fmt(notice.housing.costs_monthly)}
    if calc is not None:
        # increases and deductions the letter applied stand for facts the letter does not list
        if calc.housing_increase:
            housing["high_costs_increase"] = {"requested_on": notice.determination_date.isoformat()}
        if calc.owner_increase:
            housing["owner_increase_requested"] = True
            housing["owner_increase_monthly"] = fmt(calc.owner_increase)
        if calc.company_car_deduction:
            data["company_car_wage_tax_monthly"] = fmt(calc.company_car_deduction)
        if calc.court_increase:
            on = notice.determination_date.isoformat()
            data["court_increase"] = {"amount_monthly": fmt(calc.court_increase), "from": on, "until": on}
    if housing:
        data["housing"] = housing
    return parse_case(data)


# --------------------------------------------------------------------------------- verify


def verify(
    notice: Notice | dict[str, Any] | str | bytes,
    case: Case | dict[str, Any] | str | bytes | None = None,
    *,
    allow_latest_norms: bool = False,
    variant: Variant = "statute",
    exact: bool = False,
) -> VerifyReport:
    """Compare a notice with the recomputation (from CASE when given, else from the notice).

    ``exact``: every difference is a fault, also one in the debtor's favour."""
    n = _parse_notice(notice)

    def calc(c: Case) -> Result:
        return calculate(c, allow_latest_norms=allow_latest_norms, variant=variant)

    case_date: date | None = None
    if case is None:
        reference: Literal["notice", "case"] = "notice"
        ref_case = notice_to_case(n)
    else:
        reference = "case"
        ref_case = parse_case(case)
        case_date = ref_case.determination_date
        if case_date != n.determination_date:
            ref_case = ref_case.model_copy(update={"determination_date": n.determination_date})
    result = calc(ref_case)
    chk = Checker(n, ref_case, result, calc, reference, exact=exact)
    chk.case_date = case_date
    if reference == "notice":
        _own_household(chk)
    else:
        chk.facts()
    chk.letter()
    return VerifyReport(
        agrees=not any(d.fault for d in chk.diffs),
        exact=exact,
        reference=reference,
        determination_date=n.determination_date,
        notice_bvv=n.beslagvrije_voet,
        expected_bvv=result.beslagvrije_voet,
        expected_leefsituatie=result.leefsituatie,
        norm_period=result.norm_period,
        differences=tuple(chk.diffs),
        notes=tuple(chk.notes),
    )


def _own_household(chk: Checker) -> None:
    """Without CASE: the living situation must fit the household the letter itself names."""
    n, r = chk.notice, chk.result
    hh = n.household
    if n.leefsituatie is None or hh is None or hh.partner is None or n.leefsituatie == r.leefsituatie:
        return
    chk.add(
        "leefsituatie",
        "art. 475da lid 1 Rv (met 475ab)",
        "475da",
        (n.leefsituatie, r.leefsituatie),
        None,
        "De leefsituatie op de brief past niet bij de huisgenoten die de brief zelf noemt. "
        "Vraag de afzender welke gegevens uit de BRP zijn gebruikt.",
        "leefsituatie",
    )


def _parse_notice(data: Notice | dict[str, Any] | str | bytes) -> Notice:
    if isinstance(data, Notice):
        return data
    from pydantic import ValidationError

    try:
        if isinstance(data, str | bytes):
            return Notice.model_validate_json(data)
        return Notice.model_validate(data)
    except ValidationError as exc:
        problems = tuple(
            (".".join(str(p) for p in err["loc"]) or "(root)", err["msg"]) for err in exc.errors()
        )
        raise CaseInvalid(
            "the notice does not have the shape of bvv-notice/1: "
            + "; ".join(f"{p}: {m}" for p, m in problems),
            path=problems[0][0] if problems else None,
            problems=problems,
            hint="see docs/notice.md, or 'bvv schema notice'",
        ) from None
