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
little** each month; negative means too much.

>>> import bvv
>>> from bvv.letters.notice import build_notice
>>> case = bvv.parse_case(bvv.examples.load("05_partner_en_95procent_2023"))
>>> good = build_notice(case, bvv.calculate(case))
>>> verify(good).agrees
True
>>> bad = good.model_copy(update={"beslagvrije_voet": Decimal("700.00")})
>>> [(d.field, str(d.amount_at_stake)) for d in verify(bad).differences]
[('beslagvrije_voet', '60.00')]
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer

from bvv.engine import calculate
from bvv.errors import BvvError, CaseIncomplete, CaseInvalid
from bvv.letters.notice import Chain, chain_of
from bvv.model import Case, Result
from bvv.model.notice import Notice, NoticeIncome
from bvv.money import fmt, round_cents
from bvv.norms import Variant
from bvv.parse import parse_case
from bvv.render import eur

SignedMoney = Annotated[Decimal, PlainSerializer(fmt, return_type=str)]

_RV = "https://wetten.overheid.nl/BWBR0001827/{v}#Artikel{a}"
_WITH_CHILDREN = ("alleenstaande_ouder", "gehuwden_met_kinderen")

#: how many months before the determination month an income month may lie (Polis lags a month
#: or two; Rv 475d lid 1 and 475db lid 2 ask for the most recent month known)
MAX_INCOME_AGE_MONTHS = 2

_WHAT_TO_DO_RECALC = (
    "Vraag de afzender schriftelijk om een nieuwe berekening en noem dit verschil. Doe dat binnen "
    "vier weken na de brief: dan telt een hogere beslagvrije voet vanaf het begin (art. 475i lid 3 Rv)."
)


#: share added to a net income when a letter left holiday allowance out (an estimate, see below)
HOLIDAY_ALLOWANCE_ESTIMATE = Decimal("0.08")


class Difference(BaseModel):
    """One point where the notice departs from the recomputation."""

    model_config = ConfigDict(frozen=True)

    field: str
    rule: str
    url: str | None = None
    notice_value: str | None = None
    expected_value: str | None = None
    amount_at_stake: SignedMoney | None = None
    estimate: bool = False
    explanation: str
    what_to_do: str


class VerifyReport(BaseModel):
    """The outcome of ``bvv verify`` (``bvv-verify/1``)."""

    model_config = ConfigDict(frozen=True)

    format: Literal["bvv-verify/1"] = "bvv-verify/1"
    agrees: bool
    reference: Literal["notice", "case"]
    determination_date: date
    notice_bvv: SignedMoney
    expected_bvv: SignedMoney
    expected_leefsituatie: str
    norm_period: date
    differences: tuple[Difference, ...]
    notes: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        return 0 if self.agrees else 1

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_text(self) -> str:
        head = (
            "De brief klopt met de herberekening."
            if self.agrees
            else f"De brief wijkt af op {len(self.differences)} punt(en)."
        )
        basis = "de gegevens van de brief" if self.reference == "notice" else "het opgegeven dossier (CASE)"
        lines = [
            head,
            f"Beslagvrije voet op de brief: {eur(self.notice_bvv)}; herberekend ({basis}): "
            f"{eur(self.expected_bvv)} per maand, normen vanaf {self.norm_period.isoformat()}.",
        ]
        for n, d in enumerate(self.differences, 1):
            stake = ""
            if d.amount_at_stake is not None:
                word = "te weinig" if d.amount_at_stake >= 0 else "te veel"
                stake = f"; gaat om {eur(abs(d.amount_at_stake))} per maand {word}" + (
                    " (schatting)" if d.estimate else ""
                )
            lines += [
                "",
                f"{n}. {d.field}: brief {d.notice_value or '-'}, verwacht {d.expected_value or '-'}{stake}",
                f"   regel: {d.rule}" + (f" <{d.url}>" if d.url else ""),
                f"   {d.explanation}",
                f"   Wat kunt u doen: {d.what_to_do}",
            ]
        if self.notes:
            lines += ["", "Opmerkingen:"] + [f"  - {n}" for n in self.notes]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        color = "#1a7f37" if self.agrees else "#b42318"
        head = "De brief klopt" if self.agrees else f"{len(self.differences)} verschil(len)"
        rows = "".join(
            "<tr>"
            f"<td><code>{e(d.field)}</code></td><td>{e(d.notice_value or '')}</td>"
            f"<td>{e(d.expected_value or '')}</td>"
            "<td style='text-align:right'>"
            f"{e(eur(d.amount_at_stake)) if d.amount_at_stake is not None else ''}"
            f"{' (schatting)' if d.estimate else ''}</td>"
            f"<td>{_link(d.rule, d.url)}</td><td>{e(d.explanation)}<br><i>{e(d.what_to_do)}</i></td>"
            "</tr>"
            for d in self.differences
        )
        notes = "".join(f"<li>{e(n)}</li>" for n in self.notes)
        table = (
            "<table><thead><tr><th>veld</th><th>brief</th><th>verwacht</th><th>per maand</th>"
            f"<th>regel</th><th>toelichting en wat te doen</th></tr></thead><tbody>{rows}</tbody></table>"
            if self.differences
            else ""
        )
        return (
            f"<div><p style='color:{color}'><b>{e(head)}</b>: brief {e(eur(self.notice_bvv))}, "
            f"herberekend {e(eur(self.expected_bvv))} per maand "
            f"(normen vanaf {e(self.norm_period.isoformat())}).</p>{table}"
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</div>"
        )


def _link(label: str, url: str | None) -> str:
    e = html.escape
    return f"<a href='{e(url)}' target='_blank'>{e(label)}</a>" if url else e(label)


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


class _Base:
    """The shared state of the checks: the notice, the reference case and its result, and the
    differences and notes found so far."""

    def __init__(
        self,
        notice: Notice,
        case: Case,
        result: Result,
        calc: Callable[[Case], Result],
        reference: Literal["notice", "case"],
    ) -> None:
        self.notice, self.case, self.result, self.calc = notice, case, result, calc
        self.reference = reference
        self.v = result.norm_period.isoformat()
        self.diffs: list[Difference] = []
        self.notes: list[str] = []

    def url(self, article: str) -> str:
        return _RV.format(v=self.v, a=article)

    def add(
        self,
        field: str,
        rule: str,
        article: str,
        notice_value: str | None,
        expected: str | None,
        stake: Decimal | None,
        explanation: str,
        what_to_do: str,
        *,
        estimate: bool = False,
    ) -> None:
        self.diffs.append(
            Difference(
                field=field,
                rule=rule,
                url=self.url(article),
                notice_value=notice_value,
                expected_value=expected,
                amount_at_stake=None if stake is None else round_cents(stake),
                estimate=estimate,
                explanation=explanation,
                what_to_do=what_to_do,
            )
        )

    def what_if(self, change: Callable[[dict[str, Any]], None]) -> Decimal | None:
        """bvv(case) - bvv(case with the notice's value): what the wrong value costs a month."""
        data = self.case.to_json_dict()
        change(data)
        try:
            other = self.calc(parse_case(data))
        except BvvError:
            return None
        return self.result.beslagvrije_voet - other.beslagvrije_voet

class _FactChecks(_Base):
    """The facts the notice states, compared with CASE.json."""

    def facts(self) -> None:
        """Compare every fact the notice states with the case."""
        n, case, r = self.notice, self.case, self.result
        self._fact_leefsituatie()
        self._fact_taxable()
        self._incomes("incomes", n.incomes, case.incomes)
        if r.leefsituatie.startswith("gehuwden"):
            self._incomes("partner_incomes", n.partner_incomes, case.partner_incomes)
        self._fact_housing()

    def _fact_leefsituatie(self) -> None:
        n, r = self.notice, self.result
        if n.leefsituatie is not None and n.leefsituatie != r.leefsituatie:
            ls = n.leefsituatie

            def set_ls(d: dict[str, Any]) -> None:
                d["household"]["leefsituatie"] = ls
                d["household"]["partner"] = ls.startswith("gehuwden")
                if not ls.startswith("gehuwden"):
                    d["partner_incomes"] = []
                    d["taxable_income_annual"]["partner"] = "0.00"

            self.add(
                "leefsituatie",
                "art. 475da lid 1 Rv (met 475ab en 475ga lid 2)",
                "475da",
                n.leefsituatie,
                r.leefsituatie,
                self.what_if(set_ls),
                "De brief gaat uit van een andere leefsituatie dan de feiten. De leefsituatie bepaalt welke "
                "norm en welk maximum gelden.",
                "Geef de juiste woonsituatie door, met bewijs (bijvoorbeeld een uittreksel uit de BRP). "
                "Staat de BRP fout, laat de gemeente die verbeteren. " + _WHAT_TO_DO_RECALC,
            )

    def _fact_taxable(self) -> None:
        n, case = self.notice, self.case
        if n.taxable_income_annual is not None:
            for who in ("debtor", "partner"):
                got = getattr(n.taxable_income_annual, who)
                want = getattr(case.taxable_income_annual, who)
                if got != want:

                    def set_c(d: dict[str, Any], who: str = who, got: Decimal = got) -> None:
                        d["taxable_income_annual"][who] = fmt(got)

                    self.add(
                        f"taxable_income_annual.{who}",
                        "art. 475d lid 1 Rv (letter C van art. 475da lid 2)",
                        "475d",
                        fmt(got),
                        fmt(want),
                        self.what_if(set_c),
                        "Het belastbaar inkomen op jaarbasis (letter C) op de brief wijkt af. "
                        "Het komt uit de "
                        "laatste maand in de polisadministratie, tenzij die maand geen goed beeld geeft.",
                        "Vraag van welke maand het inkomen is genomen en stuur loonstroken van de laatste "
                        "maanden mee. " + _WHAT_TO_DO_RECALC,
                    )

    def _fact_housing(self) -> None:
        n, case = self.notice, self.case
        if n.housing is not None and n.housing.costs_monthly != case.housing.costs_monthly:
            self.notes.append(
                f"housing.costs_monthly: brief {eur(n.housing.costs_monthly)}, dossier "
                f"{eur(case.housing.costs_monthly)} (telt alleen bij een verhoging van art. 475da lid 5 of 7)"
            )

    def _incomes(self, key: str, on_notice: tuple[NoticeIncome, ...], facts: tuple[Any, ...]) -> None:
        by_id = {f.id: (k, f) for k, f in enumerate(facts)}
        unmatched = [k for k, f in enumerate(facts) if f.id not in {i.id for i in on_notice}]
        partner = key == "partner_incomes"
        for i in on_notice:
            if i.id in by_id:
                k, fact = by_id[i.id]
            elif unmatched:
                k = unmatched.pop(0)
                fact = facts[k]
            else:
                self.add(
                    f"{key}[{i.id}]",
                    "art. 475c lid 1 Rv",
                    "475c",
                    eur(i.net_monthly),
                    None,
                    None,
                    "De brief noemt een inkomen dat niet in het dossier staat.",
                    "Ga na of dit inkomen (nog) bestaat. Zo niet, geef dat door met bewijs. "
                    + _WHAT_TO_DO_RECALC,
                )
                continue
            if i.net_monthly == fact.net_monthly:
                continue
            amount = i.net_monthly

            def set_amount(d: dict[str, Any], k: int = k, amount: Decimal = amount) -> None:
                d[key][k]["net_monthly"] = fmt(amount)
                d[key][k]["net_per_period"] = None

            reasons = []
            if i.period:
                reasons.append(f"de brief gebruikt de maand {i.period}")
            if i.holiday_allowance_included is False:
                reasons.append("het vakantiegeld is niet meegeteld")
            why = (
                (" Mogelijke oorzaak: " + " en ".join(reasons) + ".")
                if reasons
                else (" Misschien is een andere maand gebruikt of ontbreekt het vakantiegeld.")
            )
            if partner:
                rule, art = "art. 475db lid 1 onder a Rv", "475db"
            elif fact.garnished:
                rule, art = "art. 475dc lid 1 Rv (inkomen a t/m i, met vakantiegeld)", "475dc"
            else:
                rule, art = "art. 475db lid 1 onder b Rv", "475db"
            self.add(
                f"{key}[{i.id}].net_monthly",
                rule,
                art,
                fmt(i.net_monthly),
                fmt(fact.net_monthly),
                self.what_if(set_amount),
                "Het inkomen per maand op de brief wijkt af van het dossier." + why,
                "Stuur loonstroken of uitkeringsspecificaties van de laatste maanden. " + _WHAT_TO_DO_RECALC,
            )
        for k in unmatched:
            fact = facts[k]

            def drop(d: dict[str, Any], k: int = k) -> None:
                del d[key][k]

            self.add(
                f"{key}[{fact.id}]",
                "art. 475db lid 1 Rv" if (partner or not fact.garnished) else "art. 475c lid 1 Rv",
                "475db" if (partner or not fact.garnished) else "475c",
                None,
                eur(fact.net_monthly),
                self.what_if(drop),
                "Een inkomen uit het dossier ontbreekt op de brief.",
                "Geef dit inkomen door (art. 475g lid 1 Rv). " + _WHAT_TO_DO_RECALC,
            )

class _LetterChecks(_Base):
    """The letter's own figures: income months, holiday allowance, intermediate amounts, parts."""

    def letter(self) -> None:
        """Check the letter's own figures against the recomputation."""
        self._periods()
        if self.notice.calculation is not None:
            self._calculation()
        self._per_income()
        self._total()

    def _periods(self) -> None:
        n = self.notice
        det = n.determination_date
        for key, incomes in (("incomes", n.incomes), ("partner_incomes", n.partner_incomes)):
            for i in incomes:
                if i.holiday_allowance_included is False and self.reference == "notice":
                    self._holiday_estimate(key, i)
                if i.period:
                    self._period(key, i, det)

    def _period(self, key: str, i: NoticeIncome, det: date) -> None:
        assert i.period is not None
        y, m = (int(x) for x in i.period.split("-"))
        age = (det.year - y) * 12 + (det.month - m)
        if 0 <= age <= MAX_INCOME_AGE_MONTHS:
            return
        self.add(
            f"{key}[{i.id}].period",
            "art. 475d lid 1 en art. 475db lid 2 Rv",
            "475d",
            i.period,
            f"een van de {MAX_INCOME_AGE_MONTHS} maanden voor {det.isoformat()[:7]}",
            None,
            "Het inkomen moet komen uit de laatste maand die in de polisadministratie staat "
            "op het moment van het beslag. "
            + ("Deze maand ligt na de datum van de brief." if age < 0 else "Deze maand is te oud."),
            "Vraag de afzender om het inkomen van de laatste maand te gebruiken; stuur zo "
            "nodig loonstroken mee. " + _WHAT_TO_DO_RECALC,
        )

    def _partner_half(self, chain: Chain) -> bool:
        """475db lid 1 a: the partner deduction is at most half; True when the letter takes more."""
        calc = self.notice.calculation
        assert calc is not None
        before = calc.amount_before_deductions or chain.before_deductions
        ded = calc.partner_income_deduction
        if ded is None or before is None or ded <= round_cents(before / 2):
            return False
        half = round_cents(before / 2)
        self.add(
            "calculation.partner_income_deduction",
            "art. 475db lid 1 onder a Rv",
            "475db",
            fmt(ded),
            f"ten hoogste {fmt(half)}",
            ded - half,
            "Het inkomen van de partner mag de beslagvrije voet met ten hoogste de helft verlagen. "
            "De brief trekt meer af.",
            "Wijs de afzender op de grens van de helft. " + _WHAT_TO_DO_RECALC,
        )
        return True

    def _calculation(self) -> None:
        calc = self.notice.calculation
        assert calc is not None
        chain = chain_of(self.result)
        above_half = self._partner_half(chain)
        zero = Decimal(0)
        checks: list[tuple[str, Decimal | None, Decimal | None, str, str, int]] = [
            ("maximum", calc.maximum, self.result.maximum, "art. 475da lid 1 Rv", "475da", 1),
            ("amount_before_deductions", calc.amount_before_deductions, chain.before_deductions,
             "art. 475da Rv", "475da", 1),
            ("housing_increase", calc.housing_increase, chain.housing_increase or zero,
             "art. 475da lid 5 Rv", "475da", 1),
            ("owner_increase", calc.owner_increase, chain.owner_increase or zero,
             "art. 475da lid 7 Rv", "475da", 1),
            ("partner_income_deduction", None if above_half else calc.partner_income_deduction,
             chain.partner_income_deduction or zero, "art. 475db lid 1 onder a Rv", "475db", -1),
            ("own_income_deduction", calc.own_income_deduction, chain.own_income_deduction or zero,
             "art. 475db lid 1 onder b Rv", "475db", -1),
            ("company_car_deduction", calc.company_car_deduction, chain.company_car_deduction or zero,
             "art. 475db lid 1 onder c Rv", "475db", -1),
            ("income_cap_95", calc.income_cap_95, chain.income_cap_95, "art. 475dc lid 1 Rv", "475dc", 0),
            ("court_increase", calc.court_increase, chain.court_increase or zero, "art. 475fa Rv",
             "475fa", 1),
        ]  # fmt: skip
        for name, got, want, rule, art, sign in checks:
            if got is None or want is None or got == want:
                continue
            self.add(
                f"calculation.{name}",
                rule,
                art,
                fmt(got),
                fmt(want),
                None if sign == 0 else (want - got) * sign,
                "Dit tussenbedrag van de berekening wijkt af van de herberekening.",
                _WHAT_TO_DO_RECALC,
            )

    def _per_income(self) -> None:
        n, r = self.notice, self.result
        parts = {p.id: p for p in r.per_income}
        for p in n.per_income:
            want_p = parts.get(p.id)
            if want_p is None:
                if len(n.per_income) > 1:
                    self.notes.append(f"per_income[{p.id}]: niet gevonden in de herberekening (andere naam?)")
                continue
            if p.bvv != want_p.bvv:
                self.add(
                    f"per_income[{p.id}].bvv",
                    "art. 475c lid 5 Rv" if len(parts) > 1 else "art. 475da-475fa Rv",
                    "475c" if len(parts) > 1 else "475da",
                    fmt(p.bvv),
                    fmt(want_p.bvv),
                    want_p.bvv - p.bvv,
                    "Het deel van de beslagvrije voet op dit inkomen wijkt af.",
                    _WHAT_TO_DO_RECALC,
                )
            if p.afdracht is not None and p.afdracht != want_p.afdracht:
                self.add(
                    f"per_income[{p.id}].afdracht",
                    "art. 475c lid 5 Rv",
                    "475c",
                    fmt(p.afdracht),
                    fmt(want_p.afdracht),
                    p.afdracht - want_p.afdracht,
                    "Wat maandelijks naar de schuld gaat, wijkt af.",
                    _WHAT_TO_DO_RECALC,
                )

    def _total(self) -> None:
        n, r = self.notice, self.result
        if n.beslagvrije_voet == r.beslagvrije_voet:
            return
        self.add(
            "beslagvrije_voet",
            "art. 475da tot en met 475fa Rv",
            "475da",
            fmt(n.beslagvrije_voet),
            fmt(r.beslagvrije_voet),
            r.beslagvrije_voet - n.beslagvrije_voet,
            "De beslagvrije voet op de brief volgt niet uit "
            + (
                "de gegevens op de brief zelf."
                if self.reference == "notice"
                else "de feiten in het dossier."
            ),
            _WHAT_TO_DO_RECALC,
        )

    def _holiday_estimate(self, key: str, i: NoticeIncome) -> None:
        """Holiday allowance left out: estimate it as 8 % on top of the net amount (the statutory
        minimum holiday allowance is 8 % of wages, BW art. 7:634 / Wml art. 15; on net amounts this
        is a rough measure, and the report marks it as an estimate)."""
        idx = next(k for k, x in enumerate(getattr(self.notice, key)) if x.id == i.id)
        estimated = round_cents(i.net_monthly * (1 + HOLIDAY_ALLOWANCE_ESTIMATE))

        def add_8pct(d: dict[str, Any]) -> None:
            d[key][idx]["net_monthly"] = fmt(estimated)

        stake = self.what_if(add_8pct)
        partner = key == "partner_incomes"
        self.add(
            f"{key}[{i.id}].holiday_allowance_included",
            "art. 475db lid 1 onder a Rv" if partner else "art. 475dc lid 1 Rv",
            "475db" if partner else "475dc",
            "niet inbegrepen",
            "inbegrepen",
            None if stake is None else -stake,
            "Het inkomen per maand telt mee met vakantiegeld. Zonder vakantiegeld is het bedrag te laag. "
            "Het bedrag hier is een schatting met 8 % vakantiegeld.",
            "Vraag de afzender het vakantiegeld mee te tellen en laat de berekening opnieuw maken."
            if not partner
            else "Vraag de afzender hoe het vakantiegeld van uw partner is meegeteld.",
            estimate=True,
        )


class _Checker(_FactChecks, _LetterChecks):
    """All checks of ``bvv verify``."""


def verify(
    notice: Notice | dict[str, Any] | str | bytes,
    case: Case | dict[str, Any] | str | bytes | None = None,
    *,
    allow_latest_norms: bool = False,
    variant: Variant = "statute",
) -> VerifyReport:
    """Compare a notice with the recomputation (from CASE when given, else from the notice)."""
    n = _parse_notice(notice)

    def calc(c: Case) -> Result:
        return calculate(c, allow_latest_norms=allow_latest_norms, variant=variant)

    if case is None:
        reference: Literal["notice", "case"] = "notice"
        ref_case = notice_to_case(n)
    else:
        reference = "case"
        ref_case = parse_case(case)
        if ref_case.determination_date != n.determination_date:
            ref_case = ref_case.model_copy(update={"determination_date": n.determination_date})
    result = calc(ref_case)
    chk = _Checker(n, ref_case, result, calc, reference)
    if reference == "notice":
        hh = n.household
        if (
            n.leefsituatie is not None
            and hh is not None
            and hh.partner is not None
            and (n.leefsituatie != result.leefsituatie)
        ):
            chk.add(
                "leefsituatie",
                "art. 475da lid 1 Rv (met 475ab)",
                "475da",
                n.leefsituatie,
                result.leefsituatie,
                None,
                "De leefsituatie op de brief past niet bij de huisgenoten die de brief zelf noemt.",
                "Vraag de afzender welke gegevens uit de BRP zijn gebruikt. " + _WHAT_TO_DO_RECALC,
            )
    else:
        chk.facts()
        if case is not None and any(i.holiday_allowance_included is False for i in n.incomes):
            chk.notes.append(
                "De brief zegt dat vakantiegeld niet is meegeteld; het dossier telt het wel mee."
            )
    chk.letter()
    return VerifyReport(
        agrees=not chk.diffs,
        reference=reference,
        determination_date=n.determination_date,
        notice_bvv=n.beslagvrije_voet,
        expected_bvv=result.beslagvrije_voet,
        expected_leefsituatie=result.leefsituatie,
        norm_period=result.norm_period,
        differences=tuple(chk.diffs),
        notes=tuple(chk.notes),
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
