"""UWV Polis income relations (SuwiML ``UWVPersoonsIkvInfoResponse``) and letter C.

Reading: ``Inkomstenverhouding`` (one payer relation, key ``Loonheffingennr`` + ``VolgnrIkv``)
-> ``Inkomstenperiode`` (codes: ``CdSrtIkv``, ...) -> ``Inkomstenopgave`` (amounts per
aangiftetijdvak). Amounts are ``StandaardBedr``: a non-negative ``WaardeBedr`` in eurocents plus
a sign ``CdPositiefNegatief`` (data-formats.md §3.3); they become :class:`~decimal.Decimal` euros.

Deriving letter C follows Besluit beslagvrije voet art. 2 as far as it is known
(delegated-spec.md §2.3-2.4), per income relation:

1. the aangiftetijdvakken of the **four most recent months** of Polis data up to the
   determination date (Rv 475d lid 1, 475ga lid 1);
2. per period the *geschoond* loon LB/PH = loon LB/PH - paid vakantiebijslag - paid extra
   periodesalaris (art. 2 lid 2 a) + accrued vakantiebijslag + accrued extra periodesalaris
   (art. 2 lid 2 b, [P]);
3. the **most recent** period, unless it deviates more than the tolerance (default 2.5 %, R5)
   from the period before: then the average over the four months (art. 3, [P/U]);
4. annualised: monthly x 12, four-weekly x 13, weekly x 52 ([U], R15).

C of a person is the sum over the current relations (summation [U]).
"""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bvv.bsn import Bsn, mask
from bvv.errors import BvvError, SourceInvalid
from bvv.sources import Diagnostic, PartialDate, money, parse_xml

if TYPE_CHECKING:  # pragma: no cover
    from xml.etree.ElementTree import Element

PayPeriod = Literal["month", "four_weeks", "week"]
PERIODS_PER_YEAR: dict[str, int] = {"month": 12, "four_weeks": 13, "week": 52}
DEFAULT_TOLERANCE = Decimal("0.025")

#: CdSrtIkv (soort inkomstenverhouding, loonheffingen table 3) -> letter of Rv 475c lid 1.
#: Codes not listed here (obsolete schemes, lump sums such as 62 ontslagvergoeding, or codes
#: outside the table) give ``category = null`` and a missing fact: the caller must decide.
SOORT_TO_CATEGORY: dict[str, str] = {
    "11": "d",  # loon ambtenaren (Ambtenarenwet 2017)
    "12": "e", "13": "e", "14": "e", "15": "e", "17": "e",  # loon
    "18": "d",  # wachtgeld van een overheidsinstelling (civil-servant benefit)
    "21": "g",  # overige pensioenen, lijfrenten
    "22": "b", "24": "b",  # AOW, Anw
    "23": "c",  # oorlogs- en verzetspensioenen
    "31": "b", "32": "b", "33": "b", "34": "b", "35": "b", "36": "b", "37": "b", "38": "b",
    "39": "b", "40": "b", "45": "b", "46": "b", "50": "b", "52": "b",  # social-security benefits
    "42": "a", "43": "a",  # Bbz, Participatiewet
    "56": "g", "57": "g", "58": "g", "59": "g", "60": "g", "63": "g",  # pensioen, lijfrente
    "61": "e",  # aanvulling werkgever op een uitkering (loon)
}

OPEN_END = {"99991230", "99991231"}

_Diag = Callable[..., None]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CodePeriod(_Frozen):
    """``Inkomstenperiode``: the codes valid in a period."""

    start: PartialDate | None = None
    end: PartialDate | None = None  # None = open-ended (99991230/99991231 in the test data)
    soort: str | None = None  # CdSrtIkv
    aard: str | None = None  # CdAardIkv
    heffingskorting: bool | None = None  # IndLoonheffingskortingToegepast 1/2
    incidentele_vermindering: str | None = None  # CdIncidInkomstenvermindering


class IncomePeriod(_Frozen):
    """``Inkomstenopgave``: the amounts of one aangiftetijdvak (both dates inclusive)."""

    start: date
    end: date
    loon_sv: Decimal | None = None
    loon_lbph: Decimal | None = None
    ingehouden_lbph: Decimal | None = None
    vt_paid: Decimal | None = None
    vt_accrued: Decimal | None = None
    eps_paid: Decimal | None = None
    eps_accrued: Decimal | None = None
    position: int = 0  # order in the file (a later copy of the same period is a correction)

    @property
    def label(self) -> str:
        if self.start.day == 1 and self.end == _month_end(self.start):
            return self.start.strftime("%Y-%m")
        return f"{self.start}..{self.end}"

    def geschoond(self) -> Decimal:
        """Besluit art. 2 lid 1-2: loon LB/PH - paid VB - paid EPS + accrued VB + accrued EPS."""
        z = Decimal(0)
        return ((self.loon_lbph or z) - (self.vt_paid or z) - (self.eps_paid or z)
                + (self.vt_accrued or z) + (self.eps_accrued or z))

    def arithmetic(self) -> str:
        def m(v: Decimal | None) -> str:
            return money(v or Decimal(0))
        return (f"{m(self.loon_lbph)} - {m(self.vt_paid)} - {m(self.eps_paid)} + "
                f"{m(self.vt_accrued)} + {m(self.eps_accrued)} = {money(self.geschoond())}")

    @property
    def pay_period(self) -> PayPeriod | None:
        return classify_period(self.start, self.end)


class IncomeRelation(_Frozen):
    """``Inkomstenverhouding``: one relation with one payer."""

    bsn: str = Field(repr=False)
    lhnr: str
    volgnr: str | None = None
    payer: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    code_periods: tuple[CodePeriod, ...] = ()
    periods: tuple[IncomePeriod, ...] = ()
    source: str
    record: str
    occurrence: int = 1  # >1 when the file repeats the same Loonheffingennr + VolgnrIkv

    @property
    def id(self) -> str:
        """Stable id for the case: ``ikv-<Loonheffingennr>-<VolgnrIkv>`` (``.n`` on repeats)."""
        base = f"ikv-{self.lhnr}-{self.volgnr or '0'}"
        return base if self.occurrence == 1 else f"{base}.{self.occurrence}"

    def describe(self) -> str:
        return (f"{self.record}: inkomstenverhouding {self.lhnr} nr {self.volgnr or '?'}"
                f"{' (' + self.payer + ')' if self.payer else ''}")

    def codes_on(self, d: date) -> CodePeriod | None:
        """The code period valid on ``d`` (the latest one starting on or before it)."""
        best = None
        for cp in self.code_periods:
            s = cp.start.earliest() if cp.start else None
            e = cp.end.latest() if cp.end else None
            if (s is None or s <= d) and (e is None or d <= e):
                best = cp
        if best is None and self.code_periods:
            best = self.code_periods[-1]
        return best


class PolisResponse(_Frozen):
    """One parsed ``UWVPersoonsIkvInfoResponse``."""

    bsn: str | None = Field(default=None, repr=False)
    relations: tuple[IncomeRelation, ...] = ()
    nothing_found: bool = False
    delivery_start: date | None = None
    delivery_end: date | None = None
    source: str


def _month_end(d: date) -> date:
    return date(d.year, d.month, monthrange(d.year, d.month)[1])


def classify_period(start: date, end: date) -> PayPeriod | None:
    """Pay-period type of an aangiftetijdvak (Polis: month, four weeks or week).

    A calendar month is ``month``; 7 days (5-9 at a year boundary) is ``week``; 24-35 days that
    are not a calendar month is ``four_weeks`` (the first and last four-weekly period of a year
    are shorter or longer, e.g. 2019-12-02..2019-12-31). Anything else is ``None``.
    """
    days = (end - start).days + 1
    if start.day == 1 and end == _month_end(start):
        return "month"
    if 5 <= days <= 9:
        return "week"
    if 24 <= days <= 35:
        return "four_weeks"
    return None


# ----------------------------------------------------------------------------- parsing


def _text(el: Element | None, name: str) -> str | None:
    if el is None:
        return None
    c = el.find(name)
    if c is None or c.text is None:
        return None
    return c.text.strip() or None


def _gba(el: Element, name: str, where: str, *, open_end: bool = False) -> PartialDate | None:
    raw = _text(el, name)
    if raw is None or (open_end and raw in OPEN_END):
        return None
    return PartialDate.from_gba(raw, where=f"{where}/{name}")


def _full_date(el: Element, name: str, where: str) -> date:
    pd = _gba(el, name, where)
    d = pd.complete() if pd else None
    if d is None:
        raise SourceInvalid(f"{where}/{name}: an aangiftetijdvak needs a complete date")
    return d


def parse_amount(el: Element | None, where: str) -> Decimal | None:
    """``StandaardBedr``: ``WaardeBedr`` (eurocents, non-negative) with ``CdPositiefNegatief``."""
    if el is None:
        return None
    raw = _text(el, "WaardeBedr")
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise SourceInvalid(f"{where}/WaardeBedr: not a whole number of cents")
    cur = _text(el, "CdMunteenheid")
    if cur not in (None, "EUR"):
        raise SourceInvalid(f"{where}/CdMunteenheid: currency {cur[:10]!r} is not EUR")
    sign = _text(el, "CdPositiefNegatief") or "+"
    if sign not in ("+", "-"):
        raise SourceInvalid(f"{where}/CdPositiefNegatief: expected + or -")
    try:
        value = Decimal(int(raw)) / 100
    except (InvalidOperation, ValueError) as exc:  # pragma: no cover - guarded above
        raise SourceInvalid(f"{where}/WaardeBedr: unreadable") from exc
    return -value if sign == "-" else value


_AMOUNTS = {
    "loon_sv": "BedrBrutoloonSv",
    "loon_lbph": "BedrLoonLbPremieVolksverz",
    "ingehouden_lbph": "BedrIngehoudenLbPremieVolksverz",
    "vt_paid": "BedrVakantietoeslag",
    "vt_accrued": "BedrOpgbRechtVakantietoeslag",
    "eps_paid": "BedrExtraPrdSalaris",
    "eps_accrued": "BedrOpgbRechtExtraPrdSalaris",
}


def _relation(ikv: Element, bsn: str, source: str, record: str, first_pos: int) -> IncomeRelation:
    ae = ikv.find("AdministratieveEenheid")
    lhnr = _text(ae, "Loonheffingennr")
    if lhnr is None:
        raise SourceInvalid(f"{source}: {record} has no Loonheffingennr")
    code_periods = []
    for j, ikp in enumerate(ikv.findall("Inkomstenperiode")):
        w = f"{record}/Inkomstenperiode[{j}]"
        ind = _text(ikp, "IndLoonheffingskortingToegepast")
        code_periods.append(CodePeriod(
            start=_gba(ikp, "DatBIkp", w), end=_gba(ikp, "DatEIkp", w, open_end=True),
            soort=_text(ikp, "CdSrtIkv"), aard=_text(ikp, "CdAardIkv"),
            heffingskorting=True if ind == "1" else (False if ind == "2" else None),
            incidentele_vermindering=_text(ikp, "CdIncidInkomstenvermindering"),
        ))
    periods = []
    for j, iko in enumerate(ikv.findall("Inkomstenopgave")):
        w = f"{record}/Inkomstenopgave[{j}]"
        start, end = _full_date(iko, "DatBIko", w), _full_date(iko, "DatEIko", w)
        if end < start:
            raise SourceInvalid(f"{source}: {w} ends before it starts")
        amounts = {k: parse_amount(iko.find(tag), f"{w}/{tag}") for k, tag in _AMOUNTS.items()}
        periods.append(IncomePeriod(start=start, end=end, position=first_pos + j, **amounts))
    return IncomeRelation(
        bsn=bsn, lhnr=lhnr, volgnr=_text(ikv, "VolgnrIkv"),
        payer=_text(ae, "NaamAdministratieveEenheid"),
        start=_gba(ikv, "DatBIkv", record), end=_gba(ikv, "DatEIkv", record, open_end=True),
        code_periods=tuple(code_periods), periods=tuple(periods), source=source, record=record,
    )


def parse_polis_xml(data: bytes, source: str) -> PolisResponse:
    """Parse a ``UWVPersoonsIkvInfoResponse``; ``NietsGevonden`` gives an empty response,
    a fault (``FWI`` without data) or anything else gives :class:`SourceInvalid`."""
    root = parse_xml(data, source, "UWVPersoonsIkvInfoResponse")
    try:
        if root.find("NietsGevonden") is not None:
            return PolisResponse(nothing_found=True, source=source)
        client = root.find("ClientSuwi")
        if client is None:
            if root.find("FWI") is not None:
                raise SourceInvalid(f"{source}: the Polis reply is a fault (FWI)")
            raise SourceInvalid(f"{source}: no ClientSuwi in the Polis reply")
        raw_bsn = _text(client, "Burgerservicenr")
        if raw_bsn is None:
            raise SourceInvalid(f"{source}: ClientSuwi has no Burgerservicenr")
        bsn = str(Bsn(raw_bsn))
        rels: list[IncomeRelation] = []
        pos = 0
        for i, ikv in enumerate(client.findall("Inkomstenverhouding")):
            rel = _relation(ikv, bsn, source, f"Inkomstenverhouding[{i}]", pos)
            pos += len(rel.periods)
            n = sum(1 for x in rels if (x.lhnr, x.volgnr) == (rel.lhnr, rel.volgnr))
            rels.append(rel.model_copy(update={"occurrence": n + 1}) if n else rel)
        per = root.find("PeriodeGegevensleveringIko")
        d_start = _gba(per, "DatBPeriode", "PeriodeGegevensleveringIko") if per is not None \
            else None
        d_end = _gba(per, "DatEPeriode", "PeriodeGegevensleveringIko") if per is not None \
            else None
        return PolisResponse(
            bsn=bsn, relations=tuple(rels), source=source,
            delivery_start=d_start.complete() if d_start else None,
            delivery_end=d_end.complete() if d_end else None,
        )
    except BvvError:
        raise
    except (ValidationError, ValueError, TypeError, LookupError, ArithmeticError,
            RecursionError) as exc:  # defensive: malformed input must never crash
        raise SourceInvalid(f"{source}: malformed SuwiML Polis data ({type(exc).__name__})") \
            from exc


# ----------------------------------------------------------------------------- letter C


class RelationIncome(_Frozen):
    """The outcome for one current income relation."""

    id: str
    relation: IncomeRelation
    soort: str | None
    category: str | None
    pay_period: PayPeriod | None
    periods_used: tuple[IncomePeriod, ...]
    method: Literal["latest", "average"]
    base: Decimal  # geschoond loon LB/PH per period used for C
    annual: Decimal | None  # None when the pay period is unknown
    detail: str


class PersonIncome(_Frozen):
    """Letter C of one person, with the relations behind it."""

    bsn: str = Field(repr=False)
    reference_end: date | None  # end of the most recent aangiftetijdvak used
    window_start: date | None
    relations: tuple[RelationIncome, ...]
    annual: Decimal | None  # None when one relation cannot be annualised
    diagnostics: tuple[Diagnostic, ...]
    sources: tuple[str, ...]

    def detail(self) -> str:
        if not self.relations:
            return "no current income relation in the Polis data: C = 0.00"
        parts = [f"{r.id}: {r.detail}" for r in self.relations]
        total = money(self.annual) if self.annual is not None else "unknown"
        return "; ".join(parts) + f"; C = {total}"


def _months_back(d: date, n: int) -> date:
    """The first day of the month ``n`` months before the month of ``d``."""
    y, m = d.year, d.month - n
    while m <= 0:
        m += 12
        y -= 1
    return date(y, m, 1)


def select_latest(periods: Iterable[IncomePeriod]) -> list[IncomePeriod]:
    """One period per aangiftetijdvak: a later copy in the file is a correction and wins
    (data-formats.md §3.3, [unverified] how Suwinet presents corrections)."""
    by_key: dict[tuple[date, date], IncomePeriod] = {}
    for p in periods:
        k = (p.start, p.end)
        if k not in by_key or by_key[k].position < p.position:
            by_key[k] = p
    return sorted(by_key.values(), key=lambda p: (p.end, p.start))


def derive_person_income(
    relations: Iterable[IncomeRelation],
    bsn: str,
    on: date,
    *,
    role: str = "debtor",
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> PersonIncome:
    """Letter C of one person (Rv 475d lid 1, 475da lid 2 C; Besluit bvv art. 2-3).

    The most recent aangiftetijdvak with amounts that ended on or before ``on`` sets the
    reference; the four calendar months up to and including its month are the test window
    (Rv 475d lid 1). Per relation: see the module docstring.
    """
    rels = [r for r in relations if r.bsn == bsn]
    diags: list[Diagnostic] = []
    path = f"taxable_income_annual.{role}"

    def diag(code: str, msg: str, p: str | None = path) -> None:
        d = Diagnostic(code=code, message=msg, path=p)
        if d not in diags:
            diags.append(d)

    usable = {r.id: _usable_periods(r, on, diag) for r in rels}
    all_periods = [p for ps in usable.values() for p in ps]
    if not all_periods:
        if rels:
            diag("no-current-income", f"the Polis data of the {role} hold no aangiftetijdvak "
                 f"with amounts up to {on}: C = 0.00")
        return PersonIncome(bsn=bsn, reference_end=None, window_start=None, relations=(),
                            annual=Decimal(0),
                            diagnostics=tuple(diags), sources=tuple({r.source for r in rels}))
    ref_end = max(p.end for p in all_periods)
    window_start = _months_back(ref_end, 3)
    if (on - ref_end).days > 92:
        diag("polis-data-old", f"the most recent Polis period of the {role} ends {ref_end}, more "
             f"than three months before {on}; the income may have changed")
    out: list[RelationIncome] = []
    for r in rels:
        ps = [p for p in usable[r.id] if p.end >= window_start]
        if ps:
            found = _relation_income(r, ps, window_start, ref_end, role, tolerance, diag)
            if found is not None:
                out.append(found)
    any_unknown = any(x.pay_period is None for x in out)
    total = None if any_unknown else sum((x.annual or Decimal(0) for x in out), Decimal(0))
    return PersonIncome(
        bsn=bsn, reference_end=ref_end, window_start=window_start, relations=tuple(out),
        annual=total, diagnostics=tuple(diags), sources=tuple(sorted({r.source for r in rels})),
    )


def _usable_periods(r: IncomeRelation, on: date, diag: _Diag) -> list[IncomePeriod]:
    """The relation's aangiftetijdvakken ended by ``on`` with amounts, corrections applied."""
    ps = select_latest(r.periods)
    if len(ps) < len(r.periods):
        diag("polis-corrected-period", f"{r.id}: an aangiftetijdvak occurs more than once; "
             "the last copy in the file is taken as the correction")
    good = [p for p in ps if p.end <= on]
    no_amount = [p for p in good if p.loon_lbph is None]
    if no_amount:
        diag("polis-period-without-amounts", f"{r.id}: {len(no_amount)} aangiftetijdvak(ken) "
             f"without loon LB/PH (e.g. {no_amount[-1].label}); not used")
    return [p for p in good if p.loon_lbph is not None]


def _relation_income(
    r: IncomeRelation, ps: list[IncomePeriod], window_start: date, ref_end: date, role: str,
    tolerance: Decimal, diag: _Diag,
) -> RelationIncome | None:
    """One current relation's part of C (Rv 475d lid 1); ``None`` when it has ended."""
    latest = ps[-1]
    types = Counter(t for p in ps if (t := p.pay_period) is not None)
    pay: PayPeriod | None = types.most_common(1)[0][0] if types else None
    nominal = 28 if pay in ("month", "four_weeks") else 7
    ended = r.end is not None and r.end.on_or_before(ref_end) is True
    if ended or latest.end < ref_end - timedelta(days=nominal - 1):
        diag("income-relation-ended", f"{r.id}: the last aangiftetijdvak ({latest.label}) "
             f"lies before the most recent one of the {role} ({ref_end}); the relation is "
             "taken as ended and left out of C (open question: Besluit art. 3)")
        return None
    codes = r.codes_on(latest.end)
    soort = codes.soort if codes else None
    category = SOORT_TO_CATEGORY.get(soort or "")
    _pay_period_diagnostics(r, latest, pay, diag)
    _holiday_diagnostics(r, ps, diag)
    _gap_diagnostics(r, ps, pay, window_start, ref_end, diag)
    method, base, why = _fair_reflection(r, ps, tolerance, diag)
    if pay is not None:
        annual: Decimal | None = base * PERIODS_PER_YEAR[pay]
        detail = why + f"; x {PERIODS_PER_YEAR[pay]} = {money(base * PERIODS_PER_YEAR[pay])}"
    else:
        annual = None
        detail = why + "; pay period unknown"
    if category is None:
        diag("income-category-unknown", f"{r.id}: CdSrtIkv {soort or 'absent'} has no "
             "letter of Rv 475c lid 1 here")
    return RelationIncome(
        id=r.id, relation=r, soort=soort, category=category, pay_period=pay,
        periods_used=tuple(ps), method=method, base=base, annual=annual, detail=detail,
    )


def _pay_period_diagnostics(r: IncomeRelation, latest: IncomePeriod, pay: PayPeriod | None,
                            diag: _Diag) -> None:
    """Name a pay period that is not a month (decision 6), or that cannot be told."""
    if pay is None:
        diag("pay-period-unknown", f"{r.id}: the aangiftetijdvakken ({latest.label}) are no "
             "month, four weeks or week; C cannot be annualised")
    elif pay != "month":
        diag(f"{'four-weekly' if pay == 'four_weeks' else 'weekly'}-periods",
             f"{r.id}: {pay.replace('_', '-')} aangiftetijdvakken; C annualised x "
             f"{PERIODS_PER_YEAR[pay]}, payments convert x {PERIODS_PER_YEAR[pay]}/12 "
             "(decision 6)")


def _fair_reflection(
    r: IncomeRelation, ps: list[IncomePeriod], tolerance: Decimal, diag: _Diag
) -> tuple[Literal["latest", "average"], Decimal, str]:
    """The fair-reflection test (Besluit art. 3, R5 [P/U]): the most recent period, or the
    average over the window when it deviates more than ``tolerance`` from the one before."""
    latest = ps[-1]
    base = latest.geschoond()
    why = f"most recent period {latest.label}: {latest.arithmetic()}"
    if len(ps) < 2:
        diag("single-period", f"{r.id}: only one aangiftetijdvak in the four months; the "
             "fair-reflection test cannot compare it")
        return "latest", base, why
    prev = ps[-2].geschoond()
    deviates = (base != prev) if prev == 0 else abs(base - prev) > abs(prev) * tolerance
    if not deviates:
        return "latest", base, why
    avg = sum((p.geschoond() for p in ps), Decimal(0)) / len(ps)
    pct = "n/a" if prev == 0 else f"{(abs(latest.geschoond() - prev) / abs(prev)):.1%}"
    diag("latest-month-deviates", f"{r.id}: the most recent period "
         f"({money(latest.geschoond())}) deviates {pct} from the one before "
         f"({money(prev)}), more than {tolerance:.1%}: the average over the four "
         "months is used (Rv 475d lid 1; Besluit art. 3)")
    why = ("average of " + ", ".join(f"{p.label}: {p.arithmetic()}" for p in ps)
           + f" = {money(avg)}")
    return "average", avg, why


def _holiday_diagnostics(r: IncomeRelation, ps: list[IncomePeriod], diag: _Diag) -> None:
    """Warn where holiday allowance is not accrued monthly (the 2021 'issue 155' problem: the
    Rekenregels assume a monthly accrual, R9) or is paid out in every period."""
    accrued = any((p.vt_accrued or 0) != 0 for p in ps)
    paid_window = [p for p in ps if (p.vt_paid or 0) != 0]
    paid_ever = [p for p in r.periods if (p.vt_paid or 0) != 0]
    if not accrued:
        if paid_ever:
            diag("holiday-allowance-not-paid-monthly", f"{r.id}: no monthly accrual of "
                 f"vakantiebijslag, but a payment (e.g. {paid_ever[-1].label}); C misses the "
                 "holiday allowance outside the month it is paid (Besluit art. 2 lid 2)")
        else:
            diag("holiday-allowance-absent", f"{r.id}: no vakantiebijslag paid or accrued in the "
                 "Polis; if the payer pays it yearly, C is too low")
    if paid_window and len(paid_window) == len(ps) and len(ps) > 1:
        diag("holiday-allowance-paid-every-period", f"{r.id}: vakantiebijslag is paid in every "
             "period and deducted as paid (Besluit art. 2 lid 2 a); check with the payer")


def _gap_diagnostics(r: IncomeRelation, ps: list[IncomePeriod], pay: PayPeriod | None,
                     window_start: date, ref_end: date, diag: _Diag) -> None:
    if pay == "month":
        have = {(p.start.year, p.start.month) for p in ps}
        want = set()
        d = window_start
        while d <= ref_end:
            want.add((d.year, d.month))
            d = _months_back(d, -1)
        if want - have and r.start is not None and (r.start.earliest() or date.min) < window_start:
            diag("income-periods-missing", f"{r.id}: {len(want - have)} month(s) of the four are "
                 "missing in the Polis data")
    elif pay in ("four_weeks", "week"):
        step = 28 if pay == "four_weeks" else 7
        gaps = sum(1 for a, b in pairwise(ps) if (b.start - a.end).days > 1)
        if gaps or (ps[0].start - window_start).days >= step:
            diag("income-periods-missing", f"{r.id}: aangiftetijdvakken are missing in the four "
                 "months")


def polis_for(responses: Iterable[PolisResponse], bsn: str) -> list[IncomeRelation]:
    """All income relations of ``bsn`` across the responses read."""
    return [r for resp in responses if resp.bsn == bsn for r in resp.relations]


def describe_owner(resp: PolisResponse) -> str:
    return mask(resp.bsn) if resp.bsn else "unknown person"
