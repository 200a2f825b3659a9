"""The "Overzicht van uw beslagvrije voet": the notice of Rv 475i lid 2 on the statutory model.

The model is bijlage 2 of the Regeling beslagvrije voet (as replaced by Stcrt. 2022, 34869). Only
its opening has been read (``spec/reference/delegated-spec.md`` §3.4); the sections after "Dit
overzicht gaat over" follow the semi-official sources listed there, and their order is our best
reading. :data:`SECTIONS` lists every section with how sure we are of it; ``docs/notice.md``
shows the same list.

One data shape, :class:`Notice` (``bvv-notice/1``), serves both ways: ``bvv notice --format json``
writes it, and ``bvv verify`` reads it, so a counsellor can type the figures of a received letter
into the same fields. The Dutch texts are our own words at B1 level; they are not the Ministry's.

>>> import bvv
>>> case = bvv.parse_case(bvv.examples.load("05_partner_en_95procent_2023"))
>>> notice = build_notice(case, bvv.calculate(case))
>>> str(notice.beslagvrije_voet), notice.leefsituatie
('760.00', 'gehuwden_met_kinderen')
>>> render_text(case, bvv.calculate(case)).splitlines()[0]
'Overzicht van uw beslagvrije voet'
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from babel.dates import format_date

from bvv.errors import BvvError
from bvv.model import Case, Debtor, Income, Result, Step
from bvv.model.notice import (
    Action,
    Notice,
    NoticeCalculation,
    NoticeFormat,
    NoticeHousehold,
    NoticeHousing,
    NoticeIncome,
    NoticePart,
    NoticeTaxable,
)
from bvv.money import round_cents
from bvv.render import eur

# ------------------------------------------------------------------------------ model sections


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    status: Literal["V", "P", "U"]
    note: str


#: The sections of the statutory model in order. V: read in bijlage 2 (the opening);
#: P: content known from semi-official sources, order not read; U: not known at all.
SECTIONS: tuple[Section, ...] = (
    Section("titel", "Overzicht van uw beslagvrije voet", "V", "heading of bijlage 2"),
    Section("uitleg", "Wat is de beslagvrije voet?", "V", "<Uitleg over de beslagvrije voet>"),
    Section("controle", "Kloppen uw gegevens?", "V", "<Oproep om gegevens te controleren>"),
    Section("hoogte", "Hoe hoog is uw beslagvrije voet?", "V", "<Aanduiding hoogte beslagvrije voet>"),
    Section("verdeling", "Verdeling over meer beslagen", "V", "optional pondspondsgewijze verdeling"),
    Section("gegevens_nodig", "Wij hebben nog gegevens nodig", "V", "only when data are missing"),
    Section("gaat_over", "Dit overzicht gaat over", "V", "action and the periodic income; text breaks off"),
    Section("leefsituatie", "Uw leefsituatie", "P", "living situation and household"),
    Section("inkomen", "Uw inkomen", "P", "per source: amount, month, holiday allowance"),
    Section("partner", "Inkomen van uw partner", "P", "partner's income"),
    Section("niet_beslag", "Inkomen waarop geen beslag ligt", "P", "own income not garnished"),
    Section("berekening", "Zo hebben wij het berekend", "P", "data used and method (Rv 475i lid 2)"),
    Section("informatieplicht", "Wat moet u doorgeven?", "P", "duty of Rv 475g lid 1"),
    Section("verhoging", "Kan uw beslagvrije voet hoger?", "P", "Rv 475da lid 5 and 7, 475e lid 1, 475fa"),
    Section("termijn", "Reageer binnen vier weken", "P", "Rv 475i lid 3-4"),
    Section("contact", "Vragen?", "P", "contact; coordinating bailiff (Rv 475i lid 5)"),
)

#: What is still unknown of the statutory model (for the docs and the closing report).
UNKNOWN = (
    "the literal wording of bijlage 2 (we use our own words)",
    "footnote 1 of the explanation",
    "the text after 'Periodiek inkomen ...' and the order of every section after 'Dit overzicht gaat over'",
    "whether the model shows gross income, the partner's gross and net income, bonus / dertiende maand",
    "what the 2022 replacement changed compared with the 2020 model",
)

CATEGORY_NL: dict[str, str] = {
    "a": "bijstandsuitkering",
    "b": "uitkering (sociale zekerheid)",
    "c": "uitkering of pensioen oorlogsslachtoffers",
    "d": "salaris of uitkering ambtenaar",
    "e": "loon",
    "f": "uitkering van een verzekering",
    "g": "pensioen of lijfrente",
    "h": "voorlopige teruggaaf belasting",
    "i": "alimentatie",
    "j": "toeslag",
}

ACTION_NL: dict[str, tuple[str, str]] = {
    # action: (sentence start "Wij ... op uw", noun)
    "beslag": ("Wij leggen beslag op uw", "het beslag"),
    "verrekening": ("Wij verrekenen met uw", "de verrekening"),
    "inning": ("Wij innen op uw", "de inning"),
}

LEEFSITUATIE_B1: dict[str, str] = {
    "alleenstaande": "u woont alleen (alleenstaande)",
    "alleenstaande_ouder": "u woont zonder partner, met kinderen (alleenstaande ouder)",
    "gehuwden_zonder_kinderen": "u woont met uw partner, zonder kinderen",
    "gehuwden_met_kinderen": "u woont met uw partner en kinderen",
}

#: what a missing fact is, in words a debtor understands (by the start of its JSON path)
MISSING_NL: tuple[tuple[str, str], ...] = (
    ("taxable_income_annual.partner", "het inkomen van uw partner per jaar"),
    ("taxable_income_annual", "uw inkomen per jaar"),
    ("household.partner", "of u een partner heeft die bij u woont"),
    ("household", "wie er bij u wonen"),
    ("partner_incomes", "het inkomen van uw partner per maand"),
    ("incomes", "uw inkomen per maand"),
    ("housing", "uw woonkosten (huur of hypotheek)"),
    ("debtor.country", "het land waar u woont"),
    ("debtor", "waar u woont"),
)

RV = "https://wetten.overheid.nl/BWBR0001827/{version}#Artikel{article}"


def _missing_nl(text: str) -> str:
    for prefix, words in MISSING_NL:
        if text.startswith(prefix):
            return words[0].upper() + words[1:]
    return text


def nl_date(d: date) -> str:
    """A date in Dutch words.

    >>> nl_date(date(2023, 7, 15))
    '15 juli 2023'
    """
    return str(format_date(d, format="long", locale="nl_NL"))


# --------------------------------------------------------------------------------------- build


def _income(inc: Income, periods: dict[str, str]) -> NoticeIncome:
    return NoticeIncome(
        id=inc.id,
        category=inc.category,
        net_monthly=inc.net_monthly,
        garnished=inc.garnished,
        period=periods.get(inc.id),
        holiday_allowance_included=True,  # bvv-case/1: net_monthly includes holiday allowance
    )


def _amount_of(steps: tuple[Step, ...], step_id: str) -> Decimal | None:
    for s in steps:
        if s.id == step_id:
            return s.amount
    return None


@dataclass(frozen=True)
class Chain:
    """The bvv's intermediate amounts read from a result's steps (exact, then rounded)."""

    before_deductions: Decimal | None
    housing_increase: Decimal | None
    owner_increase: Decimal | None
    partner_income_deduction: Decimal | None
    own_income_deduction: Decimal | None
    company_car_deduction: Decimal | None
    income_cap_95: Decimal | None
    court_increase: Decimal | None


_BASE_STEPS = ("475da-1-maximum", "475da-4-geen-woonadres", "475da-4-woonlandfactor", "475e-2-inrichting")
_INCREASE_STEPS = ("475da-5-woonkosten", "475da-7-eigenaar")


def chain_of(result: Result) -> Chain:
    """Follow the steps: base amount, increases, 475db deductions, 475dc cap, 475fa."""
    running: Decimal | None = None
    before: Decimal | None = None
    housing = owner = partner = own = car = cap = court = None
    for s in result.steps:
        exact = Decimal(s.exact) if s.exact is not None else None
        if exact is None:
            continue
        if s.id in _BASE_STEPS:
            running = exact
        elif s.id in _INCREASE_STEPS and running is not None:
            running += exact
            if s.id == "475da-5-woonkosten":
                housing = exact
            else:
                owner = exact
        elif s.id.startswith("475db-1-") and running is not None:
            if before is None:
                before = running
            ded = running - exact
            if s.id == "475db-1-a-partner":
                partner = ded
            elif s.id == "475db-1-b-eigen":
                own = ded
            else:
                car = ded
            running = exact
        elif s.id == "475dc-1-95procent":
            if before is None:
                before = running
            cap = Decimal(s.inputs.get("grens", str(exact)))
            running = exact
        elif s.id == "475fa-kantonrechter":
            court = Decimal(s.inputs.get("verhoging", "0"))
    if before is None:
        before = running

    def r(x: Decimal | None) -> Decimal | None:
        return None if x is None else round_cents(x)

    return Chain(r(before), r(housing), r(owner), r(partner), r(own), r(car), r(cap), r(court))


def build_notice(
    case: Case,
    result: Result,
    *,
    action: Action = "beslag",
    sender: str | None = None,
    contact: str | None = None,
    income_periods: dict[str, str] | None = None,
    missing_data: tuple[str, ...] = (),
) -> Notice:
    """The notice data for a case and its result (nothing is computed here but read off).

    ``missing_data`` lists what the sender asks the debtor for (JSON paths or plain text); the
    case's own ``missing_facts`` are added.
    """
    periods = income_periods or {}
    ch = chain_of(result)
    married = result.leefsituatie.startswith("gehuwden")
    return Notice(
        determination_date=result.determination_date,
        action=action,
        sender=sender,
        beslagvrije_voet=result.beslagvrije_voet,
        per_income=tuple(
            NoticePart(id=p.id, payment=p.payment, bvv=p.bvv, afdracht=p.afdracht) for p in result.per_income
        ),
        leefsituatie=result.leefsituatie,
        debtor=case.debtor if case.debtor != Debtor(residence="nl") else None,
        household=NoticeHousehold(
            partner=case.household.partner, dependent_children=case.household.dependent_children
        ),
        taxable_income_annual=NoticeTaxable(
            debtor=case.taxable_income_annual.debtor, partner=case.taxable_income_annual.partner
        ),
        incomes=tuple(_income(i, periods) for i in case.incomes),
        partner_incomes=tuple(_income(i, periods) for i in case.partner_incomes) if married else (),
        housing=NoticeHousing(kind=case.housing.kind, costs_monthly=case.housing.costs_monthly),
        calculation=NoticeCalculation(
            maximum=result.maximum,
            amount_before_deductions=ch.before_deductions,
            housing_increase=ch.housing_increase,
            owner_increase=ch.owner_increase,
            partner_income_deduction=ch.partner_income_deduction,
            own_income_deduction=ch.own_income_deduction,
            company_car_deduction=ch.company_car_deduction,
            income_cap_95=ch.income_cap_95,
            court_increase=ch.court_increase,
        ),
        missing_data=tuple(missing_data)
        + tuple(f"{m.path}: {m.reason}" if m.reason else m.path for m in case.missing_facts),
        contact=contact,
    )


# ------------------------------------------------------------------------------------- content


@dataclass(frozen=True)
class Block:
    """One section of the notice: paragraphs, an optional table and optional bullet items."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header
    items: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (label, url) per table row, for the steps


def _rv_link(article: str, version: date) -> str:
    return RV.format(version=version.isoformat(), article=article)


def _thresholds(on: date, leefsituatie: str) -> tuple[Decimal | None, Decimal | None]:
    """Housing-cost threshold of 475da lid 5 and income limit of lid 7, when the norms have them."""
    try:
        from bvv.norms import norms_for
        from bvv.rules import rv_475da

        table, _ = norms_for(on, allow_latest=True)
        housing = rv_475da.high_housing_costs_threshold(
            table.amount("wht13_1a_maximale_huurgrens"),
            threshold_pct=table.amount("rv475da_lid5_threshold_pct"),
        )
        one = leefsituatie == "alleenstaande"
        try:
            limit: Decimal | None = table.amount(
                "rv475da_lid7_limit_single" if one else "rv475da_lid7_limit_multi_person"
            )
        except BvvError:  # no lid-7 amounts before 2023
            limit = None
        return round_cents(housing), limit
    except BvvError:  # norms unavailable: the text goes without the amount
        return None, None


def _income_rows(incomes: tuple[NoticeIncome, ...]) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = [("Inkomen", "Per maand", "Van maand", "Vakantiegeld", "Beslag")]
    for i in incomes:
        kind = CATEGORY_NL.get(i.category or "", "")
        rows.append(
            (
                f"{i.payer or i.id} ({kind})" if kind else (i.payer or i.id),
                eur(i.net_monthly),
                i.period or "laatste",
                {True: "erin", False: "niet erin", None: "onbekend"}[i.holiday_allowance_included],
                {True: "ja", False: "nee", None: "?"}[i.garnished],
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class _Ctx:
    """What every section builder reads: the case, its result and the notice data."""

    case: Case
    result: Result
    notice: Notice

    @property
    def act(self) -> str:
        return ACTION_NL[self.notice.action][0]

    @property
    def noun(self) -> str:
        return ACTION_NL[self.notice.action][1]


def _uitleg(c: _Ctx) -> Block:
    return Block(
        "uitleg",
        "Wat is de beslagvrije voet?",
        (
            f"{c.act} inkomen. U houdt altijd een deel van uw inkomen over om van te leven: de "
            "beslagvrije voet. Alleen wat u meer krijgt, gaat naar de schuld. De wet bepaalt hoe hoog "
            "de beslagvrije voet is (artikel 475a tot en met 475i Wetboek van Burgerlijke "
            "Rechtsvordering, Rv). Wij gebruiken gegevens uit de Basisregistratie Personen (BRP) en "
            "de polisadministratie van UWV.",
        ),
    )


def _controle(c: _Ctx) -> Block:
    return Block(
        "controle",
        "Kloppen uw gegevens?",
        (
            "Lees dit overzicht goed. Klopt er iets niet, of is er iets veranderd? Laat het ons "
            "dan snel weten. Dan rekenen wij uw beslagvrije voet opnieuw uit.",
        ),
    )


def _hoogte(c: _Ctx) -> Block:
    n = c.notice
    return Block(
        "hoogte",
        "Hoe hoog is uw beslagvrije voet?",
        (
            f"Uw beslagvrije voet is {eur(n.beslagvrije_voet)} per maand. Dit bedrag houdt u "
            f"elke maand over. Wij hebben dit vastgesteld op {nl_date(n.determination_date)}.",
        ),
    )


def _verdeling(c: _Ctx) -> Block | None:
    if len(c.notice.per_income) <= 1:
        return None
    rows: list[tuple[str, ...]] = [
        ("Inkomen", "Bedrag per maand", "Uw deel beslagvrije voet", "Naar de schuld")
    ]
    for p in c.notice.per_income:
        rows.append((p.id, eur(p.payment or Decimal(0)), eur(p.bvv), eur(p.afdracht or Decimal(0))))
    return Block(
        "verdeling",
        "Verdeling over meer beslagen",
        (
            "Er ligt beslag op meer dan één inkomen. Daarom verdelen wij de beslagvrije voet over "
            "deze inkomens, naar verhouding van de bedragen (artikel 475c lid 5 Rv).",
        ),
        table=tuple(rows),
    )


def _gegevens_nodig(c: _Ctx) -> Block | None:
    if not c.notice.missing_data:
        return None
    return Block(
        "gegevens_nodig",
        "Wij hebben nog gegevens nodig",
        (
            "Wij missen gegevens om uw beslagvrije voet goed uit te rekenen. Stuur ons deze "
            "gegevens binnen vier weken. Zonder deze gegevens kan uw beslagvrije voet te laag zijn.",
        ),
        items=tuple(_missing_nl(m) for m in c.notice.missing_data),
    )


def _gaat_over(c: _Ctx) -> Block:
    parts = {p.id: p for p in c.notice.per_income}
    garnished = [i for i in c.notice.incomes if i.garnished is not False]
    about = [
        f"{c.act} {CATEGORY_NL.get(i.category or '', 'inkomen')} van {eur(i.net_monthly)} per maand"
        f" ({i.payer or i.id})"
        + (f". Hiervan houdt u {eur(parts[i.id].bvv)} per maand." if i.id in parts else ".")
        for i in garnished
    ] or [f"{c.act} periodiek inkomen."]
    return Block("gaat_over", "Dit overzicht gaat over", tuple(about))


def _leefsituatie(c: _Ctx) -> Block:
    hh = c.notice.household or NoticeHousehold()
    ls = LEEFSITUATIE_B1[c.result.leefsituatie]
    who = []
    if hh.partner is not None:
        who.append("een partner die bij u woont: " + ("ja" if hh.partner else "nee"))
    if hh.dependent_children is not None:
        who.append(f"kinderen onder de 18 jaar bij u thuis: {hh.dependent_children}")
    return Block(
        "leefsituatie",
        "Uw leefsituatie",
        (
            f"Wij zijn uitgegaan van deze leefsituatie: {ls}."
            + (f" Volgens de BRP is er {'; '.join(who)}." if who else ""),
            "Woont u anders? Geef het ons door.",
        ),
    )


def _inkomen(c: _Ctx) -> Block:
    tax = c.notice.taxable_income_annual
    return Block(
        "inkomen",
        "Uw inkomen",
        (
            "Uw inkomen per maand na belasting en premies, met vakantiegeld, uit de laatste maand "
            "die UWV kent.",
        )
        + ((f"Uw belastbaar inkomen, omgerekend naar een jaar: {eur(tax.debtor)}.",) if tax else ()),
        table=_income_rows(c.notice.incomes) if c.notice.incomes else (),
    )


def _partner(c: _Ctx) -> Block | None:
    if not c.result.leefsituatie.startswith("gehuwden"):
        return None
    n, tax = c.notice, c.notice.taxable_income_annual
    return Block(
        "partner",
        "Inkomen van uw partner",
        (
            "Het inkomen van uw partner maakt uw beslagvrije voet lager, maar nooit met meer "
            "dan de helft (artikel 475db lid 1 onder a Rv).",
        )
        + ((f"Belastbaar inkomen van uw partner per jaar: {eur(tax.partner)}.",) if tax else ()),
        table=_income_rows(n.partner_incomes) if n.partner_incomes else (),
        items=() if n.partner_incomes else ("Wij kennen geen inkomen van uw partner.",),
    )


def _niet_beslag(c: _Ctx) -> Block:
    free = [i for i in c.notice.incomes if i.garnished is False]
    return Block(
        "niet_beslag",
        "Inkomen waarop geen beslag ligt",
        (
            (
                "U heeft ook inkomen waarop geen beslag ligt. Dat geld houdt u zelf. Daarom gaat het "
                "van de beslagvrije voet af (artikel 475db lid 1 onder b Rv): "
                + ", ".join(f"{i.payer or i.id} {eur(i.net_monthly)}" for i in free)
                + "."
            )
            if free
            else "Wij kennen geen ander inkomen van u waarop geen beslag ligt.",
        ),
    )


def _berekening(c: _Ctx) -> Block:
    r = c.result
    step_rows: list[tuple[str, ...]] = [("Stap", "Bedrag", "Wet")]
    links: list[tuple[str, str]] = []
    for s in r.steps:
        step_rows.append((s.description, eur(s.amount) if s.amount is not None else "", s.citation.label))
        links.append((s.citation.label, s.citation.url))
    return Block(
        "berekening",
        "Zo hebben wij het berekend",
        (
            f"Wij gebruiken de bedragen die golden vanaf {nl_date(r.norm_period)}. Het maximum voor uw "
            f"leefsituatie is {eur(r.maximum)} per maand.",
        ),
        table=tuple(step_rows),
        links=tuple(links),
    )


def _informatieplicht(c: _Ctx) -> Block:
    return Block(
        "informatieplicht",
        "Wat moet u doorgeven?",
        (
            "Heeft u inkomen dat UWV niet kent, bijvoorbeeld uit een eigen bedrijf? Vragen wij "
            "u om gegevens? Dan moet u die aan ons geven (artikel 475g lid 1 Rv).",
        ),
    )


def _verhoging(c: _Ctx) -> Block:
    housing, limit = _thresholds(c.result.norm_period, c.result.leefsituatie)
    items = [
        "Betaalt u meer dan "
        + (eur(housing) if housing is not None else "een vast bedrag")
        + " per maand aan woonkosten? Stuur ons het bewijs. Dan wordt uw beslagvrije voet hoger, "
        "voor ten hoogste 18 maanden (artikel 475da lid 5 Rv).",
        "Heeft u een koophuis, of een huurhuis zonder recht op huurtoeslag, en een inkomen onder "
        + (f"{eur(limit)} per jaar" if limit is not None else "een vast bedrag")
        + "? Ook dan kan hij hoger (artikel 475da lid 7 Rv).",
        "Woont u vast in Nederland, maar niet op een woonadres in de BRP? Laat ons zien waar u woont "
        "en wat u verdient. Dan rekenen wij op de gewone manier (artikel 475e lid 1 Rv).",
        "Komt u toch in grote problemen? Dan kunt u de kantonrechter om een hogere beslagvrije voet "
        "vragen (artikel 475fa Rv).",
    ]
    return Block("verhoging", "Kan uw beslagvrije voet hoger?", (), items=tuple(items))


def _termijn(c: _Ctx) -> Block:
    return Block(
        "termijn",
        "Reageer binnen vier weken",
        (
            "Geeft u binnen vier weken na dit overzicht iets door waardoor uw beslagvrije voet hoger "
            f"wordt? Dan geldt het hogere bedrag vanaf het begin van {c.noun}; na een nieuwe berekening "
            "vanaf de datum daarvan (artikel 475i lid 3 en 4 Rv). Later doorgeven mag ook, maar dan "
            "geldt het pas vanaf dat moment.",
        ),
    )


def _contact(c: _Ctx) -> Block:
    sender = c.notice.sender or "[naam van de organisatie]"
    contact = c.notice.contact or "[telefoonnummer, adres of website]"
    return Block(
        "contact",
        "Vragen?",
        (
            f"Neem contact op met {sender}: {contact}. Zijn er meer beslagen? Dan regelt één "
            "deurwaarder het voor alle beslagen: de coördinerende deurwaarder (artikel 478 Rv).",
        ),
    )


#: one builder per section of :data:`SECTIONS` (after the title), in the order of the model
_BUILDERS: tuple[Callable[[_Ctx], Block | None], ...] = (
    _uitleg,
    _controle,
    _hoogte,
    _verdeling,
    _gegevens_nodig,
    _gaat_over,
    _leefsituatie,
    _inkomen,
    _partner,
    _niet_beslag,
    _berekening,
    _informatieplicht,
    _verhoging,
    _termijn,
    _contact,
)


def blocks(case: Case, result: Result, notice: Notice) -> list[Block]:
    """The sections of the notice in the order of the model, with their Dutch text."""
    ctx = _Ctx(case, result, notice)
    return [b for build in _BUILDERS if (b := build(ctx)) is not None]


# ------------------------------------------------------------------------------------- render


def render_text(case: Case, result: Result, notice: Notice | None = None) -> str:
    """The notice as plain text (for a terminal or an e-mail)."""
    notice = notice or build_notice(case, result)
    lines = ["Overzicht van uw beslagvrije voet", "=" * 33]
    if notice.sender:
        lines.append(f"Van: {notice.sender}")
    for b in blocks(case, result, notice):
        lines += ["", b.title, "-" * len(b.title)]
        lines += list(b.paragraphs)
        if b.table:
            widths = [max(len(row[c]) for row in b.table) for c in range(len(b.table[0]))]
            for row in b.table:
                lines.append(
                    "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                )
        lines += [f"  - {item}" for item in b.items]
    lines += [
        "",
        f"(bvv {result.receipt.library_version}, normen {result.receipt.norms_version}, "
        f"invoer {result.receipt.input_sha256[:12]})",
    ]
    return "\n".join(lines)


_CSS = """
@page { size: A4; margin: 10mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.4pt;
       line-height: 1.3; color: #111; max-width: 186mm; margin: 0 auto; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; }
h2 { font-size: 9.6pt; margin: 2mm 0 0.6mm 0; border-bottom: 0.3mm solid #888; break-after: avoid; }
p { margin: 0.6mm 0; }
ul { margin: 0.6mm 0; padding-left: 5mm; }
li { margin: 0.3mm 0; }
table { border-collapse: collapse; width: 100%; margin: 0.8mm 0; break-inside: avoid; }
#berekening table { font-size: 7.8pt; }
th, td { text-align: left; padding: 0.3mm 1.4mm; border-bottom: 0.2mm solid #ccc; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; }
.hoogte { font-size: 11.5pt; font-weight: bold; border: 0.5mm solid #111;
          padding: 1.6mm 2.4mm; margin: 2mm 0; }
.sender { color: #444; }
.law { font-size: 7.4pt; color: #333; white-space: nowrap; }
.cols { column-count: 2; column-gap: 6mm; }
.cols table { table-layout: fixed; font-size: 7.8pt; }
.cols th, .cols td { padding: 0.3mm 0.8mm; overflow-wrap: anywhere; }
.cols h2:first-child, .cols section:first-child h2 { margin-top: 0; }
.foot { font-size: 6.8pt; color: #555; margin-top: 1.2mm; }
a { color: #0b4f9c; text-decoration: none; }
@media screen { body { padding: 6mm; } }
"""


def render_html(case: Case, result: Result, notice: Notice | None = None) -> str:
    """The notice as a standalone HTML page that prints on A4 (one page for one income)."""
    notice = notice or build_notice(case, result)
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        "<title>Overzicht van uw beslagvrije voet</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Overzicht van uw beslagvrije voet</h1>",
    ]
    if notice.sender:
        parts.append(f'<p class="sender">Van: {e(notice.sender)}</p>')
    in_cols = False
    for b in blocks(case, result, notice):
        if b.key in _TWO_COLUMNS and not in_cols:
            parts.append('<div class="cols">')
            in_cols = True
        elif b.key not in _TWO_COLUMNS and in_cols:
            parts.append("</div>")
            in_cols = False
        heading = (
            "" if b.key == "hoogte" else f"<h2>{e(b.title)}</h2>"
        )  # the framed amount is its own heading
        parts.append(f'<section id="{e(b.key)}">{heading}')
        for n, para in enumerate(b.paragraphs):
            cls = ' class="hoogte"' if b.key == "hoogte" and n == 0 else ""
            parts.append(f"<p{cls}>{e(para)}</p>")
        if b.table:
            head, *rows = b.table
            parts.append(
                "<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>"
            )
            for r, row in enumerate(rows):
                cells = []
                for c, cell in enumerate(row):
                    if b.links and c == len(row) - 1:
                        label, url = b.links[r]
                        cells.append(f'<td class="law"><a href="{e(url)}">{e(_short_label(label))}</a></td>')
                    elif cell.startswith("€"):
                        cells.append(f'<td class="num">{e(cell)}</td>')
                    else:
                        cells.append(f"<td>{e(cell)}</td>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("</tbody></table>")
        if b.items:
            parts.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in b.items) + "</ul>")
        parts.append("</section>")
    if in_cols:
        parts.append("</div>")
    rc = result.receipt
    parts.append(
        f'<p class="foot">bvv {e(rc.library_version)} · normen {e(rc.norms_version)} · regels '
        f"{e(rc.rules_version)} · invoer {e(rc.input_sha256[:12])} · eigen woorden, naar het model van "
        "bijlage 2 Regeling beslagvrije voet</p>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)


#: sections printed side by side (short texts), so that one income fits on one A4 page
_TWO_COLUMNS = frozenset(s.key for s in SECTIONS) - {"titel", "hoogte", "verdeling", "berekening"}


def _short_label(label: str) -> str:
    """The article without the text version, for a narrow column.

    >>> _short_label("art. 475da lid 2 onder d Rv (tekst geldend op 2023-07-01)")
    'art. 475da-2-d Rv'
    """
    text = label.split(" (tekst", 1)[0]
    return text.replace(" lid ", "-").replace(" onder ", "-")


def render(case: Case, result: Result, fmt: NoticeFormat = "text", **kwargs: Any) -> str:
    """The notice in the chosen format; ``kwargs`` go to :func:`build_notice`."""
    notice = build_notice(case, result, **kwargs)
    if fmt == "json":
        return json.dumps(notice.to_json_dict(), ensure_ascii=False, indent=2)
    if fmt == "html":
        return render_html(case, result, notice)
    return render_text(case, result, notice)
