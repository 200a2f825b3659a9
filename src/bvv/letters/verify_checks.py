"""The checks of ``bvv verify``, one method per fact or section of the notice.

:class:`_Base` holds the state and judges each difference (who it favours, fault or remark, the
advice). :class:`FactChecks` compares every fact the notice states with CASE.json;
:class:`LetterChecks` checks the letter's own figures against the recomputation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from bvv.errors import BvvError
from bvv.letters.notice_build import Chain, chain_of
from bvv.letters.verify_advice import (
    FACT_GROUPS,
    ROUNDED,
    Group,
    favours,
    label,
    rounded_whole,
    what_to_do,
)
from bvv.letters.verify_report import Difference, Favours
from bvv.model import Case, Income, Result
from bvv.model.notice import Notice, NoticeIncome
from bvv.money import fmt, round_cents
from bvv.parse import parse_case

_RV = "https://wetten.overheid.nl/BWBR0001827/{v}#Artikel{a}"

#: how many months before the determination month an income month may lie (Polis lags a month
#: or two; Rv 475d lid 1 and 475db lid 2 ask for the most recent month known)
MAX_INCOME_AGE_MONTHS = 2

#: share added to a net income when a letter left holiday allowance out: an estimate (the
#: statutory minimum holiday allowance is 8 % of wages, BW art. 7:634; on net amounts a rough measure)
HOLIDAY_ALLOWANCE_ESTIMATE = Decimal("0.08")
#: a bijstand benefit (category a): the norm includes 5 % vakantietoeslag, which is reserved and
#: paid once a year; the monthly payment is 95 % of the norm, so with holiday allowance it is
#: the payment x 100/95 (Participatiewet art. 19 lid 3; not an estimate)
WELFARE_PAID_SHARE = Decimal("0.95")


class _Base:
    """The notice, the reference case and its result, and the differences found so far."""

    def __init__(
        self,
        notice: Notice,
        case: Case,
        result: Result,
        calc: Callable[[Case], Result],
        reference: Literal["notice", "case"],
        *,
        exact: bool = False,
    ) -> None:
        self.notice, self.case, self.result, self.calc = notice, case, result, calc
        self.reference, self.exact = reference, exact
        self.v = result.norm_period.isoformat()
        self.diffs: list[Difference] = []
        self.notes: list[str] = []

    def add(
        self,
        field: str,
        rule: str,
        article: str,
        values: tuple[str | None, str | None],
        stake: Decimal | None,
        explanation: str,
        group: Group,
        *,
        estimate: bool = False,
        partner: bool = False,
        rounded: bool = False,
    ) -> None:
        """Record a difference; judge who it favours and whether it is a fault."""
        stake = None if stake is None else round_cents(stake)
        direction: Favours = favours(stake)
        if direction == "debtor" and group in FACT_GROUPS and not self._letter_gives_more():
            # the fact would favour the debtor, but the letter's bvv does not follow from it
            direction = "unknown"
            explanation += " De beslagvrije voet op de brief volgt niet uit dit gegeven."
        advice = ROUNDED if rounded else what_to_do(group, direction, stake, partner=partner)
        remark = direction == "debtor" or group == "date"
        self.diffs.append(
            Difference(
                field=field,
                label=label(field),
                rule=rule,
                url=_RV.format(v=self.v, a=article),
                notice_value=values[0],
                expected_value=values[1],
                amount_at_stake=stake,
                estimate=estimate,
                favours=direction,
                fault=self.exact or not remark,
                explanation=explanation,
                what_to_do=advice,
            )
        )

    def _letter_gives_more(self) -> bool:
        return self.notice.beslagvrije_voet > self.result.beslagvrije_voet

    def figure(
        self, field: str, rule: str, article: str, got: Decimal, want: Decimal, sign: int, text: str,
        *, after_rounding: bool = False,
    ) -> None:
        """An amount of the letter that differs from the recomputation; ``sign`` +1 when a higher
        amount favours the debtor, -1 when a lower one does. ``after_rounding``: the amount follows
        from another one the letter rounded up to whole euros."""
        stake = (want - got) * sign
        rounded = (after_rounding and stake < 0) or rounded_whole(got, want, stake)
        if rounded:
            text = "De brief rondt af op hele euro's, in uw voordeel." + (
                " Dit bedrag volgt daaruit." if after_rounding else ""
            )
        values = (fmt(got), fmt(want))
        self.add(field, rule, article, values, stake, text, "figure", rounded=rounded)

    def what_if(self, change: Callable[[dict[str, Any]], None]) -> Decimal | None:
        """bvv(case) - bvv(case with the notice's value): what the notice's value costs a month."""
        data = self.case.to_json_dict()
        change(data)
        try:
            other = self.calc(parse_case(data))
        except BvvError:
            return None
        return self.result.beslagvrije_voet - other.beslagvrije_voet


class FactChecks(_Base):
    """Every fact the notice states, compared with CASE.json."""

    def facts(self) -> None:
        n, case = self.notice, self.case
        self._fact_date()
        self._fact_leefsituatie()
        self._fact_household()
        self._fact_debtor()
        self._fact_taxable()
        self._incomes("incomes", n.incomes, case.incomes)
        if self.result.leefsituatie.startswith("gehuwden"):
            self._incomes("partner_incomes", n.partner_incomes, case.partner_incomes)
        self._fact_housing()

    def _fact_date(self) -> None:
        given = self.case_date
        if given is not None and given != self.notice.determination_date:
            self.add(
                "determination_date", "art. 475d lid 1 Rv", "475d",
                (self.notice.determination_date.isoformat(), given.isoformat()), None,
                "De brief heeft een andere datum dan uw dossier.", "date",
            )  # fmt: skip

    case_date: date | None = None

    def _fact_leefsituatie(self) -> None:
        n, r = self.notice, self.result
        if n.leefsituatie is None or n.leefsituatie == r.leefsituatie:
            return
        ls = n.leefsituatie

        def set_ls(d: dict[str, Any]) -> None:
            d["household"]["leefsituatie"] = ls
            d["household"]["partner"] = ls.startswith("gehuwden")
            if not ls.startswith("gehuwden"):
                d["partner_incomes"] = []
                d["taxable_income_annual"]["partner"] = "0.00"

        self.add(
            "leefsituatie", "art. 475da lid 1 Rv (met 475ab en 475ga lid 2)", "475da",
            (n.leefsituatie, r.leefsituatie), self.what_if(set_ls),
            "De brief gaat uit van een andere leefsituatie dan uw dossier. De leefsituatie bepaalt welke "
            "norm en welk maximum gelden.", "leefsituatie",
        )  # fmt: skip

    def _fact_household(self) -> None:
        hh, known = self.notice.household, self.case.household
        if hh is None:
            return
        for attr in ("partner", "dependent_children"):
            got, want = getattr(hh, attr), getattr(known, attr)
            if got is None or got == want:
                continue

            def set_hh(d: dict[str, Any], attr: str = attr, got: Any = got) -> None:
                d["household"][attr] = got
                d["household"]["leefsituatie"] = None

            self.add(
                f"household.{attr}", "art. 475ab Rv", "475ab", (_word(got), _word(want)),
                self.what_if(set_hh), "De brief noemt andere huisgenoten dan uw dossier.", "household",
            )  # fmt: skip

    def _fact_debtor(self) -> None:
        on_letter = self.notice.debtor
        if on_letter is None:
            return
        got_all = on_letter.model_dump(mode="json")
        want_all = self.case.debtor.model_dump(mode="json")
        for attr, got in got_all.items():
            want = want_all.get(attr)
            if got == want:
                continue

            def set_debtor(d: dict[str, Any], attr: str = attr, got: Any = got) -> None:
                d["debtor"][attr] = got

            self.add(
                f"debtor.{attr}", "art. 475da lid 4 en art. 475e Rv", "475e",
                (_word(got), _word(want)), self.what_if(set_debtor),
                "De brief zegt iets anders over waar u woont dan uw dossier.", "debtor",
            )  # fmt: skip

    def _fact_taxable(self) -> None:
        n, case = self.notice, self.case
        if n.taxable_income_annual is None:
            return
        for who in ("debtor", "partner"):
            got = getattr(n.taxable_income_annual, who)
            want = getattr(case.taxable_income_annual, who)
            if got == want:
                continue

            def set_c(d: dict[str, Any], who: str = who, got: Decimal = got) -> None:
                d["taxable_income_annual"][who] = fmt(got)

            self.add(
                f"taxable_income_annual.{who}", "art. 475d lid 1 Rv (letter C van art. 475da lid 2)",
                "475d", (fmt(got), fmt(want)), self.what_if(set_c),
                "Het belastbaar inkomen per jaar (letter C) op de brief wijkt af van uw dossier. Het komt "
                "uit de laatste maand in de polisadministratie, tenzij die maand geen goed beeld geeft.",
                "taxable",
            )  # fmt: skip

    def _fact_housing(self) -> None:
        got, want = self.notice.housing, self.case.housing
        if got is None:
            return
        for attr, shown in (("kind", _word), ("costs_monthly", fmt)):
            a, b = getattr(got, attr), getattr(want, attr)
            if a == b:
                continue

            def set_h(d: dict[str, Any], attr: str = attr, value: Any = a) -> None:
                d["housing"][attr] = fmt(value) if isinstance(value, Decimal) else value

            self.add(
                f"housing.{attr}", "art. 475da lid 5 en 7 Rv", "475da", (shown(a), shown(b)),
                self.what_if(set_h), "De brief noemt andere woonkosten of een andere woning dan uw "
                "dossier. Dat telt bij een verhoging voor hoge woonkosten of een koophuis.", "housing",
            )  # fmt: skip

    def _incomes(self, key: str, on_notice: tuple[NoticeIncome, ...], facts: tuple[Income, ...]) -> None:
        by_id = {f.id: k for k, f in enumerate(facts)}
        unmatched = [k for k, f in enumerate(facts) if f.id not in {i.id for i in on_notice}]
        for i in on_notice:
            if i.id in by_id:
                k = by_id[i.id]
            elif unmatched:
                k = unmatched.pop(0)
            else:
                self._income_unknown(key, i)
                continue
            self._income_pair(key, i, k, facts[k])
        for k in unmatched:
            self._income_missing(key, k, facts[k])

    def _income_unknown(self, key: str, i: NoticeIncome) -> None:
        def add(d: dict[str, Any]) -> None:
            garnished = key == "incomes" if i.garnished is None else i.garnished
            d[key].append({"id": i.id, "category": i.category or "e", "net_monthly": fmt(i.net_monthly),
                           "garnished": garnished})  # fmt: skip

        self.add(
            f"{key}[{i.id}]", "art. 475c lid 1 Rv", "475c", (fmt(i.net_monthly), None), self.what_if(add),
            "De brief noemt een inkomen dat niet in uw dossier staat.", "income_unknown",
        )  # fmt: skip

    def _income_missing(self, key: str, k: int, fact: Income) -> None:
        partner = key == "partner_incomes"

        def drop(d: dict[str, Any]) -> None:
            del d[key][k]

        own = partner or not fact.garnished
        self.add(
            f"{key}[{fact.id}]", "art. 475db lid 1 Rv" if own else "art. 475c lid 1 Rv",
            "475db" if own else "475c", (None, fmt(fact.net_monthly)), self.what_if(drop),
            "Een inkomen uit uw dossier ontbreekt op de brief.", "income_missing",
        )  # fmt: skip

    def _income_pair(self, key: str, i: NoticeIncome, k: int, fact: Income) -> None:
        """One income on the letter against the same income in the case, attribute by attribute."""
        partner = key == "partner_incomes"
        if partner:
            rule, art = "art. 475db lid 1 onder a Rv", "475db"
        elif fact.garnished:
            rule, art = "art. 475dc lid 1 Rv (inkomen a t/m i, met vakantiegeld)", "475dc"
        else:
            rule, art = "art. 475db lid 1 onder b Rv", "475db"
        if i.net_monthly != fact.net_monthly:
            self._income_amount(key, i, k, fact, rule, art)
        for attr in ("category", "garnished"):
            got, want = getattr(i, attr), getattr(fact, attr)
            if got is None or got == want:
                continue

            def change(d: dict[str, Any], attr: str = attr, got: Any = got) -> None:
                d[key][k][attr] = got

            self.add(
                f"{key}[{i.id}].{attr}", "art. 475c lid 1 Rv", "475c", (_word(got), _word(want)),
                self.what_if(change), "De brief noemt een andere soort inkomen, of zegt anders of er "
                "beslag op ligt, dan uw dossier.", "income_kind",
            )  # fmt: skip
        if i.payer is not None and fact.payer is not None and i.payer != fact.payer:
            self.add(
                f"{key}[{i.id}].payer", "art. 475i lid 2 Rv", "475i", (i.payer, fact.payer), Decimal(0),
                "De brief noemt een andere betaler dan uw dossier.", "income_kind",
            )  # fmt: skip
        if i.holiday_allowance_included is False:
            self.add(
                f"{key}[{i.id}].holiday_allowance_included", rule, art, ("nee", "ja"), None,
                "De brief zegt dat het vakantiegeld niet is meegeteld. Het inkomen telt mee met "
                "vakantiegeld; uw dossier telt het wel mee.", "holiday", partner=partner,
            )  # fmt: skip

    def _income_amount(self, key: str, i: NoticeIncome, k: int, fact: Income, rule: str, art: str) -> None:
        def set_amount(d: dict[str, Any]) -> None:
            d[key][k]["net_monthly"] = fmt(i.net_monthly)
            d[key][k]["net_per_period"] = None

        reasons = []
        if i.period:
            reasons.append(f"de brief gebruikt de maand {i.period}")
        if i.holiday_allowance_included is False:
            reasons.append("het vakantiegeld is niet meegeteld")
        why = (
            (" Mogelijke oorzaak: " + " en ".join(reasons) + ".")
            if reasons
            else " Misschien is een andere maand gebruikt of ontbreekt het vakantiegeld."
        )
        self.add(
            f"{key}[{i.id}].net_monthly", rule, art, (fmt(i.net_monthly), fmt(fact.net_monthly)),
            self.what_if(set_amount), "Het inkomen per maand op de brief wijkt af van uw dossier." + why,
            "income_amount",
        )  # fmt: skip


class LetterChecks(_Base):
    """The letter's own figures: income months, holiday allowance, intermediate amounts, parts."""

    def letter(self) -> None:
        self._periods()
        if self.notice.calculation is not None:
            self._calculation()
        self._per_income()
        self._total()

    def _periods(self) -> None:
        n = self.notice
        for key, incomes in (("incomes", n.incomes), ("partner_incomes", n.partner_incomes)):
            for i in incomes:
                if i.holiday_allowance_included is False and self.reference == "notice":
                    self._holiday(key, i)
                if i.period:
                    self._period(key, i, n.determination_date)

    def _period(self, key: str, i: NoticeIncome, det: date) -> None:
        assert i.period is not None
        y, m = (int(x) for x in i.period.split("-"))
        age = (det.year - y) * 12 + (det.month - m)
        if 0 <= age <= MAX_INCOME_AGE_MONTHS:
            return
        self.add(
            f"{key}[{i.id}].period", "art. 475d lid 1 en art. 475db lid 2 Rv", "475d",
            (i.period, f"een van de {MAX_INCOME_AGE_MONTHS} maanden voor {det.isoformat()[:7]}"), None,
            "Het inkomen moet komen uit de laatste maand die in de polisadministratie staat op het moment "
            "van het beslag. " + ("Deze maand ligt na de datum van de brief." if age < 0
                                  else "Deze maand is te oud."), "period",
        )  # fmt: skip

    def _holiday(self, key: str, i: NoticeIncome) -> None:
        """Holiday allowance left out. For bijstand (category a) the rule is known (x 100/95);
        for every other income it is estimated at 8 % on top, and marked as an estimate."""
        idx = next(k for k, x in enumerate(getattr(self.notice, key)) if x.id == i.id)
        welfare = i.category == "a"
        full = (
            i.net_monthly / WELFARE_PAID_SHARE
            if welfare
            else i.net_monthly * (1 + HOLIDAY_ALLOWANCE_ESTIMATE)
        )

        def add_holiday(d: dict[str, Any]) -> None:
            d[key][idx]["net_monthly"] = fmt(round_cents(full))

        stake = self.what_if(add_holiday)
        how = (
            "Bij bijstand is de norm inclusief 5 % vakantietoeslag; met vakantiegeld is het inkomen het "
            "maandbedrag x 100/95."
            if welfare
            else "Het bedrag hier is een schatting: het inkomen plus 8 % vakantiegeld."
        )
        partner = key == "partner_incomes"
        self.add(
            f"{key}[{i.id}].holiday_allowance_included",
            "art. 475db lid 1 onder a Rv" if partner else "art. 475dc lid 1 Rv",
            "475db" if partner else "475dc", ("nee", "ja"), None if stake is None else -stake,
            "Het inkomen per maand telt mee met vakantiegeld. Zonder vakantiegeld is het bedrag te laag. "
            + how,
            "holiday", estimate=not welfare, partner=partner,
        )  # fmt: skip

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
            "calculation.partner_income_deduction", "art. 475db lid 1 onder a Rv", "475db",
            (fmt(ded), f"ten hoogste {fmt(half)}"), ded - half,
            "Het inkomen van de partner mag de beslagvrije voet met ten hoogste de helft verlagen. "
            "De brief trekt meer af.", "partner_half",
        )  # fmt: skip
        return True

    def _calculation(self) -> None:
        calc = self.notice.calculation
        assert calc is not None
        chain = chain_of(self.result)
        above_half = self._partner_half(chain)
        zero = Decimal(0)
        # (field, on the letter, recomputed, rule, article, +1: higher favours the debtor)
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
            ("income_cap_95", calc.income_cap_95, chain.income_cap_95, "art. 475dc lid 1 Rv", "475dc", 1),
            ("court_increase", calc.court_increase, chain.court_increase or zero, "art. 475fa Rv",
             "475fa", 1),
        ]  # fmt: skip
        for name, got, want, rule, art, sign in checks:
            if got is not None and want is not None and got != want:
                self.figure(
                    f"calculation.{name}", rule, art, got, want, sign,
                    "Dit tussenbedrag van de berekening wijkt af van de herberekening.",
                )  # fmt: skip

    def _per_income(self) -> None:
        n, r = self.notice, self.result
        parts = {p.id: p for p in r.per_income}
        many = len(parts) > 1
        for p in n.per_income:
            want = parts.get(p.id)
            if want is None:
                if len(n.per_income) > 1:
                    self.notes.append(f"Inkomen '{p.id}' staat niet in de herberekening (andere naam?).")
                continue
            rule, art = ("art. 475c lid 5 Rv", "475c") if many else ("art. 475da-475fa Rv", "475da")
            if p.bvv != want.bvv:
                self.figure(f"per_income[{p.id}].bvv", rule, art, p.bvv, want.bvv, 1,
                            "Het deel van de beslagvrije voet op dit inkomen wijkt af.")  # fmt: skip
            if p.afdracht is not None and p.afdracht != want.afdracht:
                up = rounded_whole(p.bvv, want.bvv, want.bvv - p.bvv)
                self.figure(f"per_income[{p.id}].afdracht", "art. 475c lid 5 Rv", "475c", p.afdracht,
                            want.afdracht, -1, "Wat elke maand naar de schuld gaat, wijkt af.",
                            after_rounding=up)  # fmt: skip
            if p.payment is not None and p.payment != want.payment:
                self.add(
                    f"per_income[{p.id}].payment", rule, art, (fmt(p.payment), fmt(want.payment)), None,
                    "Het bedrag van dit inkomen in de verdeling wijkt af van de herberekening.", "figure",
                )  # fmt: skip

    def _total(self) -> None:
        n, r = self.notice, self.result
        if n.beslagvrije_voet == r.beslagvrije_voet:
            return
        source = "de gegevens op de brief zelf." if self.reference == "notice" else "de feiten in uw dossier."
        text = "De beslagvrije voet op de brief volgt niet uit " + source
        self.figure("beslagvrije_voet", "art. 475da tot en met 475fa Rv", "475da", n.beslagvrije_voet,
                    r.beslagvrije_voet, 1, text)  # fmt: skip


class Checker(FactChecks, LetterChecks):
    """All checks of ``bvv verify``."""


def _word(value: Any) -> str:
    """A fact value in Dutch words (booleans as ja/nee)."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if value is None:
        return "onbekend"
    if isinstance(value, Decimal):
        return fmt(value)
    return {"rent": "huurhuis", "rent_non_wht": "huurhuis zonder huurtoeslag", "owner": "koophuis",
            "none": "geen woonkosten", "nl": "in Nederland", "abroad": "in het buitenland",
            "no_residential_address": "zonder woonadres"}.get(str(value), str(value))  # fmt: skip
