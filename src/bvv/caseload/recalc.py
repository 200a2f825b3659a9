"""When must (or may) a stored bvv be set again? Rv 475d lid 2-5, 475da lid 5-6, 475fa.

:func:`recalculation_due` reads one stored result (``bvv-result/1``, as a model or as JSON data)
and a date, and lists the reasons, each with the date from which it applies and its legal basis:

| code | kind | from | basis |
|---|---|---|---|
| ``twelve-months`` | required | determination date + 12 months | Rv 475d lid 2, lid 3 onder a |
| ``structural-change`` | required | ``on`` (when reported) | Rv 475d lid 3 onder b, lid 5 |
| ``new-norms`` | advisable | start of the norm period in force on ``on`` | Rv 475d lid 4-5 |
| ``housing-increase-ends`` | required | the day after the last day of the increase | Rv 475da lid 5-6 |
| ``court-increase-starts`` | required | ``court_increase.from`` (when after the determination) | Rv 475fa |
| ``court-increase-ends`` | required | the day after ``court_increase.until`` | Rv 475fa |
| ``child-turns-18`` | advisable | the child's 18th birthday | Rv 475ab, 475d lid 4 |
| ``aow-age`` | advisable | the day the debtor or partner reaches the AOW age | Rv 475d lid 4, AOW art. 7a |

``new-norms`` is listed only when recomputing the stored case on ``on`` (same facts, the norms of
that date) gives a *higher* bvv: lid 5 then applies the increase at once; a lower amount waits for
the next required recalculation. Reasons whose date lies after ``on`` are returned as ``upcoming``,
so a caseload can be planned ahead. A recalculation is *required* when a required reason applies on
``on``, and *advisable* when an advisable one does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field

from bvv.engine import calculate
from bvv.errors import BvvError, CaseInvalid
from bvv.model import Case, Result
from bvv.money import Money
from bvv.norms import aow_age_for_year, norms_for
from bvv.parse import parse_case, result_data
from bvv.rules import rv_475ab, rv_475da

__all__ = ["Due", "DueReason", "aow_date", "recalculation_due"]

Kind = Literal["required", "advisable"]

#: case fields that are bookkeeping, not facts (a difference in them is no structural change)
NOT_FACTS = frozenset({"format", "id", "determination_date", "provenance", "missing_facts", "diagnostics"})
_WITH_CHILDREN = {"alleenstaande_ouder": "alleenstaande", "gehuwden_met_kinderen": "gehuwden_zonder_kinderen"}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class DueReason(_Frozen):
    """One reason to set the bvv again, from a date, on a legal basis."""

    code: str
    kind: Kind
    text: str
    from_: date = Field(alias="from")
    basis: str
    old_bvv: Money | None = None
    new_bvv: Money | None = None


class Due(_Frozen):
    """Whether a stored determination must or may be set again on ``on``, and why."""

    id: str | None
    determination_date: date
    on: date
    beslagvrije_voet: Money
    required: bool
    advisable: bool
    #: the earliest date from which any reason applies
    due_from: date | None
    #: the earliest date from which a required reason applies
    required_from: date | None = None
    reasons: tuple[DueReason, ...]
    upcoming: tuple[DueReason, ...] = ()

    @property
    def due(self) -> bool:
        return self.required or self.advisable

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


def _d(text: Any) -> date:
    return text if isinstance(text, date) else date.fromisoformat(str(text))


def _shift(day: date, delta: timedelta | relativedelta) -> date | None:
    """``day + delta``, or None past 9999-12-31 (an end date of 9999-12-31 means: no end)."""
    try:
        return day + delta
    except (OverflowError, ValueError):
        return None


def _date_of_age(born: date, years: int) -> date | None:
    """The day of reaching ``years`` (29 February: 1 March, rv_475ab), or None past 9999."""
    try:
        return rv_475ab.date_of_age(born, years)
    except ValueError:
        return None


def _stored_fields(
    data: Mapping[str, Any],
) -> tuple[Mapping[str, Any], list[Mapping[str, Any]], date, date, Decimal]:
    """The parts of a stored result the planner reads, checked: a damaged result is a clear error.

    >>> _stored_fields({"case": {}, "steps": 3})
    Traceback (most recent call last):
    ...
    bvv.errors.CaseInvalid: steps is not a list of steps
    """
    case, steps = data.get("case"), data.get("steps") or []
    if not isinstance(case, Mapping):
        raise CaseInvalid("case is not an object", path="case")
    if not isinstance(steps, list) or not all(isinstance(s, Mapping) for s in steps):
        raise CaseInvalid("steps is not a list of steps", path="steps")
    dates = []
    for key in ("determination_date", "norm_period"):
        try:
            dates.append(_d(data.get(key)))
        except (TypeError, ValueError):
            raise CaseInvalid(f"{key} is not a date (YYYY-MM-DD)", path=key) from None
    try:
        old = Decimal(str(data.get("beslagvrije_voet")))
    except ArithmeticError:
        old = Decimal("NaN")
    if not old.is_finite():
        raise CaseInvalid("beslagvrije_voet is not an amount", path="beslagvrije_voet")
    return case, steps, dates[0], dates[1], old


def aow_date(birth: date) -> date | None:
    """The day someone born on ``birth`` reaches the AOW age (AOW art. 7a); None when not published.

    >>> aow_date(date(1958, 3, 10))
    datetime.date(2025, 3, 10)
    >>> aow_date(date(1961, 1, 1))
    datetime.date(2028, 4, 1)
    """
    for year in range(birth.year + 60, birth.year + 76):
        age = aow_age_for_year(year)
        if age is None:
            continue
        reached = _shift(birth, relativedelta(years=age.years, months=age.months))
        if reached is not None and reached.year == year:
            return reached
    return None


def _aow_text(birth: date) -> str:
    age = aow_age_for_year((aow_date(birth) or birth).year)
    if age is None:  # pragma: no cover - aow_date found it
        return "de AOW-leeftijd"
    return f"de AOW-leeftijd ({age.years} jaar" + (f" en {age.months} maanden)" if age.months else ")")


def _housing_end(case: Mapping[str, Any], steps: list[Mapping[str, Any]]) -> tuple[date, Decimal] | None:
    req = (case.get("housing") or {}).get("high_costs_increase")
    step = next((s for s in steps if s.get("id") == "475da-5-woonkosten"), None)
    if not req or step is None or Decimal(str(step.get("amount") or "0")) <= 0:
        return None
    increase = Decimal(str(step["amount"]))
    until = (step.get("inputs") or {}).get("tot_en_met")
    if until:
        return _d(until), increase
    # a result without the end date in its step: the term of the norms the bvv was set with
    table, _ = norms_for(_d(case["determination_date"]), allow_latest=True)
    end = rv_475da.high_housing_costs_end(
        _d(req["requested_on"]),
        term_months=int(table.amount("rv475da_lid5_term_months")),
        extension_months=int(table.amount("rv475da_lid6_extension_months")),
        extended=bool(req.get("extended")),
    )
    return end, increase


def _recompute(case: Case, on: date) -> Decimal | None:
    try:
        return calculate(case.model_copy(update={"determination_date": on})).beslagvrije_voet
    except BvvError:
        return None


def _reason(
    code: str, kind: Kind, start: date, basis: str, text: str, **amounts: Decimal | None
) -> DueReason:
    return DueReason(code=code, kind=kind, text=text, from_=start, basis=basis, **amounts)


def _twelve_months(determined: date, designated: bool) -> list[DueReason]:
    """Rv 475d lid 2-3 a: a determination is valid for twelve months.

    Not for a designated benefit (Rv 475dc lid 2): Rv 475d lid 7 excludes it from lid 2-6.
    """
    expiry = _shift(determined, relativedelta(months=12))
    if designated or expiry is None:
        return []
    return [
        _reason(
            "twelve-months",
            "required",
            expiry,
            "Rv 475d lid 2 en lid 3 onder a",
            f"de vaststelling van {determined} geldt twaalf maanden; "
            f"uiterlijk per {expiry} opnieuw vaststellen",
        )
    ]


def _structural_change(
    case: Mapping[str, Any], new_case: Case | Mapping[str, Any] | None, on: date, old: Decimal
) -> list[DueReason]:
    """Rv 475d lid 3 b: a reported structural change."""
    if new_case is None:
        return []
    from bvv.caseload.diff import changed_paths

    parsed = parse_case(new_case)
    changes = changed_paths(
        {k: v for k, v in case.items() if k not in NOT_FACTS},
        {k: v for k, v in parsed.to_json_dict().items() if k not in NOT_FACTS},
    )
    if not changes:
        return []
    listed = "; ".join(f"{p}: {a} -> {b}" for p, a, b in changes[:8])
    more = f" (en {len(changes) - 8} meer)" if len(changes) > 8 else ""
    new = _recompute(parsed, on)
    return [
        _reason(
            "structural-change",
            "required",
            on,
            "Rv 475d lid 3 onder b en lid 5",
            f"gemelde wijziging van omstandigheden: {listed}{more}"
            + (f"; nieuwe beslagvrije voet {new}" if new is not None else ""),
            old_bvv=old,
            new_bvv=new,
        )
    ]


def _new_norms(
    case: Mapping[str, Any], norm_period: date, on: date, determined: date, old: Decimal
) -> list[DueReason]:
    """Rv 475d lid 4-5: a new norm period that raises the bvv."""
    try:
        table, _ = norms_for(on)
    except BvvError:
        return []
    if table.period.start <= norm_period:
        return []
    new = _recompute(parse_case(case), on)
    if new is None or new <= old:
        return []
    return [
        _reason(
            "new-norms",
            "advisable",
            max(table.period.start, determined),
            "Rv 475d lid 4 en lid 5",
            f"met de normen van {table.period.start} (zelfde feiten) is de beslagvrije voet {new} "
            f"in plaats van {old} (+{new - old}); een verhoging geldt direct",
            old_bvv=old,
            new_bvv=new,
        )
    ]


def _housing_ends(case: Mapping[str, Any], steps: list[Mapping[str, Any]]) -> list[DueReason]:
    """Rv 475da lid 5-6: the housing-cost increase ends."""
    housing = _housing_end(case, steps)
    if housing is None:
        return []
    end, increase = housing
    req = case["housing"]["high_costs_increase"]
    day_after = _shift(end, timedelta(days=1))
    if day_after is None:
        return []
    return [
        _reason(
            "housing-increase-ends",
            "required",
            day_after,
            "Rv 475da lid 6" if req.get("extended") else "Rv 475da lid 5 (en lid 6: verlenging)",
            f"de verhoging wegens hoge woonkosten ({increase} per maand, aangevraagd op "
            f"{req['requested_on']}) loopt tot en met {end}"
            + (
                ""
                if req.get("extended")
                else "; de schuldenaar kan eenmaal verlenging van ten hoogste zes maanden vragen"
            ),
        )
    ]


def _court_increase(
    case: Mapping[str, Any], steps: list[Mapping[str, Any]], determined: date
) -> list[DueReason]:
    """Rv 475fa: the court's increase starts or ends."""
    ci = case.get("court_increase")
    if not ci:
        return []
    start, until = _d(ci["from"]), _d(ci["until"])
    day_after = _shift(until, timedelta(days=1))
    if any(s.get("id") == "475fa-kantonrechter" for s in steps):
        if day_after is None:  # the increase has no end
            return []
        return [
            _reason(
                "court-increase-ends",
                "required",
                day_after,
                "Rv 475fa",
                f"de verhoging door de kantonrechter ({ci['amount_monthly']} per maand) loopt tot en met "
                f"{until}",
            )
        ]
    if start > determined:
        return [
            _reason(
                "court-increase-starts",
                "required",
                start,
                "Rv 475fa en Rv 475d lid 5",
                f"de kantonrechter verhoogt de beslagvrije voet met {ci['amount_monthly']} per maand "
                f"van {start} tot en met {until}",
            )
        ]
    return []


def _children_turn_18(case: Mapping[str, Any], leefsituatie: str, determined: date) -> list[DueReason]:
    """Rv 475ab with 475d lid 4: a child turns 18."""
    hh = case.get("household") or {}
    turns_18 = (_date_of_age(_d(b), 18) for b in hh.get("children_birth_dates") or ())
    adults = sorted(a for a in turns_18 if a is not None)
    minors_left = sum(1 for a in adults if a > determined)
    found: list[DueReason] = []
    for adult in adults:
        if adult <= determined:
            continue
        minors_left -= 1
        ls = leefsituatie
        change = ""
        if minors_left == 0 and ls in _WITH_CHILDREN:
            change = (
                f"; geen minderjarige kinderen meer: leefsituatie {_WITH_CHILDREN[ls]} in plaats van {ls}"
            )
        found.append(
            _reason(
                "child-turns-18",
                "advisable",
                adult,
                "Rv 475ab en Rv 475d lid 4",
                f"een kind wordt op {adult} 18 jaar{change}",
            )
        )
    return found


def _aow_age(case: Mapping[str, Any], determined: date) -> list[DueReason]:
    """Rv 475d lid 4: the debtor or partner reaches the AOW age."""
    hh = case.get("household") or {}
    who: list[tuple[str, Any]] = [("de schuldenaar", (case.get("debtor") or {}).get("birth_date"))]
    if hh.get("partner"):
        who.append(("de partner", hh.get("partner_birth_date")))
    found: list[DueReason] = []
    for person, born in who:
        if not born:
            continue
        reached = aow_date(_d(born))
        if reached is not None and reached > determined:
            found.append(
                _reason(
                    "aow-age",
                    "advisable",
                    reached,
                    "Rv 475d lid 4; AOW art. 7a",
                    f"{person} bereikt op {reached} {_aow_text(_d(born))}: inkomen en belastbaar inkomen "
                    "veranderen (AOW in plaats van loon of uitkering)",
                )
            )
    return found


def recalculation_due(
    result: Result | Mapping[str, Any], on: date, new_case: Case | Mapping[str, Any] | None = None
) -> Due:
    """Whether the determination in ``result`` must or may be set again on ``on``, and why.

    ``new_case`` is a reported change of facts (a case with the new facts); when its facts differ
    from the stored case, the recalculation is required (Rv 475d lid 3 onder b) and the reason
    carries the bvv the new facts give on ``on``.
    """
    data = result_data(result)
    case, steps, determined, norm_period, old = _stored_fields(data)
    found = [
        *_twelve_months(determined, bool(data.get("designated_benefit"))),
        *_structural_change(case, new_case, on, old),
        *_new_norms(case, norm_period, on, determined, old),
        *_housing_ends(case, steps),
        *_court_increase(case, steps, determined),
        *_children_turn_18(case, str(data.get("leefsituatie")), determined),
        *_aow_age(case, determined),
    ]
    found.sort(key=lambda r: (r.from_, r.code))
    now = tuple(r for r in found if r.from_ <= on)
    later = tuple(r for r in found if r.from_ > on)
    return Due(
        id=data.get("id") if isinstance(data.get("id"), str) else None,
        determination_date=determined,
        on=on,
        beslagvrije_voet=old,
        required=any(r.kind == "required" for r in now),
        advisable=any(r.kind == "advisable" for r in now),
        due_from=now[0].from_ if now else None,
        required_from=next((r.from_ for r in now if r.kind == "required"), None),
        reasons=now,
        upcoming=later,
    )
