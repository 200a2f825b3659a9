"""The sections of the notice, one builder per section of the model, with their Dutch text (B1).

Each builder reads the case, the result and the notice data (:class:`Ctx`) and returns a
:class:`Block`, or ``None`` when the section does not apply. Nothing is computed here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bvv.errors import BvvError
from bvv.letters.notice_build import (
    ACTION_NL,
    CONTACT_PLACEHOLDER,
    LEEFSITUATIE_B1,
    SENDER_PLACEHOLDER,
    Chain,
    _missing_nl,
    chain_of,
)
from bvv.model import Case, Result, Step
from bvv.model.notice import Notice, NoticeHousehold, NoticeIncome
from bvv.money import round_cents
from bvv.render import CATEGORY_NL, eur, nl_date, step_views


@dataclass(frozen=True)
class CalcRow:
    """One line of the calculation on the notice: what, the detail (terms or the cap), the amount."""

    title: str
    detail: str
    amount: str
    law: str
    url: str


@dataclass(frozen=True)
class Block:
    """One section of the notice: paragraphs, an optional table and optional bullet items."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header
    items: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (label, url) per table row, for the steps
    calc: tuple[CalcRow, ...] = ()  # the calculation, for the section that shows it


#: a register id (payroll tax number, "ikv-123456789L01-1"): never shown on a letter
_REGISTER_ID = re.compile(r"\d{6,}|^ikv-", re.IGNORECASE)


def income_name(i: NoticeIncome) -> str:
    """How the letter names an income: the payer by name; else its id, unless that is a register id.

    >>> income_name(NoticeIncome(id="ikv-123456789L01-1", category="e", net_monthly="1.00"))
    'loon'
    >>> income_name(NoticeIncome(id="werkgever", payer="Bakkerij Jansen", net_monthly="1.00"))
    'Bakkerij Jansen'
    """
    if i.payer:
        return i.payer
    if _REGISTER_ID.search(i.id):
        return CATEGORY_NL.get(i.category or "", "inkomen")
    return i.id


@dataclass(frozen=True)
class Ctx:
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

    @property
    def chain(self) -> Chain:
        return chain_of(self.result)

    def from_source(self, *prefixes: str, word: str) -> bool:
        """The provenance says a fact under one of ``prefixes`` came from a source named ``word``."""
        prov = self.case.provenance or {}
        return any(
            path.startswith(prefixes)
            and word in f"{e.source} {e.record} {e.rule} {e.detail}".lower()
            for path, e in prov.items()
        )

    @property
    def from_brp(self) -> bool:
        prov = self.case.provenance or {}
        return any(path.startswith(("household", "debtor")) for path in prov) and not self.from_source(
            "household", word="supplement"
        )

    @property
    def from_uwv(self) -> bool:
        return self.from_source("taxable_income_annual", "incomes", "partner_incomes", word="polis")


def _sources(c: Ctx) -> str:
    named = [n for n, ok in (("de Basisregistratie Personen (BRP)", c.from_brp),
                             ("de polisadministratie van UWV", c.from_uwv)) if ok]  # fmt: skip
    if not named:
        return ""
    return "Wij hebben gegevens gebruikt uit " + " en ".join(named) + "."


def _uitleg(c: Ctx) -> Block:
    return Block(
        "uitleg",
        "Wat is de beslagvrije voet?",
        (
            f"{c.act} inkomen. U houdt altijd een deel over om van te leven: de beslagvrije voet. Alleen "
            "wat u meer krijgt, gaat naar de schuld (artikel 475a tot en met 475i Wetboek van "
            "Burgerlijke Rechtsvordering, Rv)." + (" " + _sources(c) if _sources(c) else ""),
        ),
    )


def _controle(c: Ctx) -> Block:
    return Block(
        "controle",
        "Kloppen uw gegevens?",
        (
            "Klopt er iets niet, of is er iets veranderd? Laat het ons snel weten. Dan rekenen wij "
            "opnieuw.",
        ),
    )


def _hoogte(c: Ctx) -> Block:
    n = c.notice
    return Block(
        "hoogte",
        "Hoe hoog is uw beslagvrije voet?",
        (
            f"Uw beslagvrije voet is {eur(n.beslagvrije_voet)} per maand.",
            f"Dit bedrag houdt u elke maand over. Berekend op {nl_date(n.determination_date)}.",
        ),
    )


def _names(c: Ctx) -> dict[str, str]:
    return {i.id: income_name(i) for i in (*c.notice.incomes, *c.notice.partner_incomes)}


def _verdeling(c: Ctx) -> Block | None:
    if len(c.notice.per_income) <= 1:
        return None
    names = _names(c)
    rows: list[tuple[str, ...]] = [("Inkomen", "Per maand", "U houdt", "Naar de schuld")]
    for p in c.notice.per_income:
        name = names.get(p.id, "inkomen")
        rows.append((name, eur(p.payment or Decimal(0)), eur(p.bvv), eur(p.afdracht or Decimal(0))))
    return Block(
        "verdeling",
        "Verdeling over meer beslagen",
        (
            "Er ligt beslag op meer dan één inkomen. Daarom verdelen wij de beslagvrije voet over "
            "deze inkomens, naar verhouding van de bedragen (artikel 475c lid 5 Rv).",
        ),
        table=tuple(rows),
    )


def _gegevens_nodig(c: Ctx) -> Block | None:
    if not c.notice.missing_data:
        return None
    return Block(
        "gegevens_nodig",
        "Wij hebben nog gegevens nodig",
        (
            "Wij missen gegevens om uw beslagvrije voet goed uit te rekenen. Stuur ons deze gegevens "
            "binnen vier weken. Zonder deze gegevens kan uw beslagvrije voet te laag zijn.",
        ),
        items=tuple(dict.fromkeys(_missing_nl(m) for m in c.notice.missing_data)),
    )


def _gaat_over(c: Ctx) -> Block:
    parts = {p.id: p for p in c.notice.per_income}
    garnished = [i for i in c.notice.incomes if i.garnished is not False]
    if len(garnished) > 1:
        what = " en ".join(
            f"{CATEGORY_NL.get(i.category or '', 'inkomen')} van {income_name(i)}" for i in garnished
        )
        text = f"{c.act} {what}. Zie de verdeling hierboven."
        return Block("gaat_over", "Dit overzicht gaat over", (text,))
    about = [
        f"{c.act} {CATEGORY_NL.get(i.category or '', 'inkomen')} van {income_name(i)}: "
        f"{eur(i.net_monthly)} per maand."
        + (f" Hiervan houdt u {eur(parts[i.id].bvv)} per maand." if i.id in parts else "")
        for i in garnished
    ] or [f"{c.act} inkomen dat u elke maand krijgt."]
    return Block("gaat_over", "Dit overzicht gaat over", tuple(about))


def _leefsituatie(c: Ctx) -> Block:
    hh = c.notice.household or NoticeHousehold()
    text = f"Wij gaan ervan uit dat u {LEEFSITUATIE_B1[c.result.leefsituatie]}."
    if hh.dependent_children:
        word = "kind" if hh.dependent_children == 1 else "kinderen"
        text += f" Bij u thuis: {hh.dependent_children} {word} jonger dan 18 jaar."
    if c.from_brp:
        text += " Dat staat in de BRP."
    return Block("leefsituatie", "Uw leefsituatie", (text + " Woont u anders? Geef het ons door.",))


def income_list(incomes: tuple[NoticeIncome, ...]) -> str:
    """The incomes in one sentence part: "werkgever (loon, mei 2023): € 800,00"."""

    def one(i: NoticeIncome) -> str:
        about = [CATEGORY_NL.get(i.category or "", "inkomen")]
        if i.period:
            about.append(_month_nl(i.period))
        if i.holiday_allowance_included is False:
            about.append("zonder vakantiegeld")
        return f"{income_name(i)} ({', '.join(about)}): {eur(i.net_monthly)}"

    return "; ".join(one(i) for i in incomes)


def _month_nl(period: str) -> str:
    y, m = (int(x) for x in period.split("-"))
    return nl_date(date(y, m, 1)).split(" ", 1)[1]


def _inkomen(c: Ctx) -> Block:
    tax = c.notice.taxable_income_annual
    where = "de laatste maand die UWV kent" if c.from_uwv else "de laatste maand die wij kennen"
    text = (
        f"Per maand, na belasting en premies en met vakantiegeld, uit {where}: "
        + (income_list(c.notice.incomes) or "geen inkomen bekend")
        + "."
    )
    if tax:
        text += f" Uw belastbaar inkomen, omgerekend naar een jaar: {eur(tax.debtor)}."
    return Block("inkomen", "Uw inkomen", (text,))


def _partner(c: Ctx) -> Block | None:
    if not c.result.leefsituatie.startswith("gehuwden"):
        return None
    n, tax = c.notice, c.notice.taxable_income_annual
    known = income_list(n.partner_incomes)
    text = (f"Per maand: {known}." if known else "Wij kennen geen inkomen van uw partner per maand.") + (
        f" Per jaar, belastbaar: {eur(tax.partner)}." if tax else ""
    )
    return Block(
        "partner",
        "Inkomen van uw partner",
        (
            text + " Dit inkomen maakt uw beslagvrije voet lager, maar nooit met meer dan de helft "
            "(artikel 475db lid 1 onder a Rv).",
        ),
    )


def _niet_beslag(c: Ctx) -> Block | None:
    free = [i for i in c.notice.incomes if i.garnished is False]
    if not free:
        return None
    text = (
        "U heeft ook inkomen waarop geen beslag ligt. Dat geld houdt u zelf. Daarom gaat het van de "
        "beslagvrije voet af (artikel 475db lid 1 onder b Rv): "
        + ", ".join(f"{income_name(i)} {eur(i.net_monthly)}" for i in free)
        + "."
    )
    return Block("niet_beslag", "Inkomen waarop geen beslag ligt", (text,))


#: the terms of the formula of 475da lid 2, shown together on one line of the notice
_TERMS = {"475da-2-basis": "basisbedrag", "475da-3-zorgplafond": "zorg", "475da-2-zorg": "zorg",
          "475da-2-woon": "wonen", "475da-2-kgb": "kinderen"}  # fmt: skip
_NOT_ON_NOTICE = ("475da-1-leefsituatie", "475da-2-C", "475c-5-verdeling")


def _formula_row(result: Result, formula: Step) -> CalcRow:
    terms: dict[str, Decimal] = {}
    for s in result.steps:
        if s.id in _TERMS and s.amount is not None:
            terms[_TERMS[s.id]] = s.amount  # the capped zorg term replaces the uncapped one
    shown = " + ".join(f"{k} {eur(v)}" for k, v in terms.items())
    total = sum(terms.values(), Decimal(0))
    if formula.amount is not None and total != formula.amount:
        shown += f" (afgerond; de precieze bedragen tellen op tot {eur(formula.amount)})"
    return CalcRow("Uitkomst van de formule met uw inkomen", shown, eur(formula.amount or Decimal(0)),
                   _short(formula.citation.label), formula.citation.url)  # fmt: skip


def calc_rows(result: Result) -> tuple[CalcRow, ...]:
    """The calculation as the notice shows it: the formula on one line with its terms, then every
    step that changes the amount, each cap with the cap and whether it applied."""
    rows: list[CalcRow] = []
    for s, v in zip(result.steps, step_views(result), strict=True):
        if s.id == "475da-2-formule":
            rows.append(_formula_row(result, s))
        elif s.amount is not None and s.id not in _TERMS and s.id not in _NOT_ON_NOTICE:
            detail = v.cap.replace("Grens: ", "grens ") or ("afgerond" if v.rounded else "")
            rows.append(CalcRow(v.title, detail, v.amount, _short(s.citation.label), s.citation.url))
    return tuple(rows)


def _short(label: str) -> str:
    """The article for the narrow law column: "475da lid 1" (the column header says "Rv")."""
    return label.split(" (tekst", 1)[0].removeprefix("art. ").removesuffix(" Rv")


def _berekening(c: Ctx) -> Block:
    r = c.result
    return Block(
        "berekening",
        "Zo hebben wij het berekend",
        (
            f"Met de bedragen die gelden vanaf {nl_date(r.norm_period)}. Wij rekenen precies en ronden "
            "alleen af op centen. Wilt u de hele berekening zien? Vraag het ons.",
        ),
        calc=calc_rows(r),
    )


def _informatieplicht(c: Ctx) -> Block:
    return Block(
        "informatieplicht",
        "Wat moet u doorgeven?",
        (
            "Vragen wij u om gegevens, bijvoorbeeld over inkomen dat wij niet kennen? Dan moet u die "
            "aan ons geven (artikel 475g lid 1 Rv).",
        ),
    )


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


def _verhoging(c: Ctx) -> Block:
    """The ways to a higher bvv; an increase already applied is named, not offered again."""
    ch, debtor = c.chain, c.case.debtor
    housing, limit = _thresholds(c.result.norm_period, c.result.leefsituatie)
    done: list[str] = []
    items: list[str] = []
    if ch.housing_increase:
        done.append(f"een verhoging voor hoge woonkosten van {eur(ch.housing_increase)}")
    else:
        items.append(
            "Betaalt u meer dan " + (eur(housing) if housing is not None else "een vast bedrag")
            + " per maand aan huur of hypotheek? Stuur ons het bewijs. Dan wordt hij hoger, voor "
            "ten hoogste 18 maanden (artikel 475da lid 5 Rv)."
        )  # fmt: skip
    if ch.owner_increase:
        done.append(f"een verhoging voor uw woning van {eur(ch.owner_increase)}")
    else:
        items.append(
            "Heeft u een koophuis, of een huurhuis zonder huurtoeslag, en een inkomen onder "
            + (f"{eur(limit)} per jaar" if limit is not None else "een vast bedrag")
            + "? Ook dan kan hij hoger (artikel 475da lid 7 Rv)."
        )
    if debtor.residence == "no_residential_address":
        items.append(
            "Woont u vast in Nederland, maar niet op een woonadres in de BRP? Laat ons zien waar u "
            "woont en wat u verdient. Dan rekenen wij op de gewone manier (artikel 475e lid 1 Rv)."
        )
    if ch.court_increase:
        done.append(f"de verhoging door de kantonrechter van {eur(ch.court_increase)}")
    else:
        items.append(
            "Komt u toch in grote problemen? Vraag dan de kantonrechter om een hogere beslagvrije "
            "voet (artikel 475fa Rv)."
        )
    para = ("Wij hebben al meegerekend: " + " en ".join(done) + ".",) if done else ()
    return Block("verhoging", "Kan uw beslagvrije voet hoger?", para, items=tuple(items))


def _termijn(c: Ctx) -> Block:
    return Block(
        "termijn",
        "Reageer binnen vier weken",
        (
            "Geeft u binnen vier weken iets door waardoor uw beslagvrije voet hoger wordt? Dan geldt het "
            f"hogere bedrag vanaf het begin van {c.noun}. Later mag ook, maar dan geldt het vanaf dat "
            "moment (artikel 475i lid 3 en 4 Rv).",
        ),
    )


def _contact(c: Ctx) -> Block:
    sender = c.notice.sender or SENDER_PLACEHOLDER
    contact = c.notice.contact or CONTACT_PLACEHOLDER
    return Block(
        "contact",
        "Vragen?",
        (
            f"Neem contact op met {sender}: {contact}. Zijn er meer beslagen? Dan regelt één "
            "deurwaarder het voor alle beslagen (artikel 478 Rv).",
        ),
    )


#: one builder per section of :data:`bvv.letters.notice.SECTIONS` (after the title), in order
BUILDERS: tuple[Callable[[Ctx], Block | None], ...] = (
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
    ctx = Ctx(case, result, notice)
    return [b for build in BUILDERS if (b := build(ctx)) is not None]
