"""The data of the notice: its sections as known of the model, the Dutch words it uses, and
:func:`build_notice`, which reads a ``bvv-notice/1`` off a case and its result.

:mod:`bvv.letters.notice` is the public face; this module, :mod:`bvv.letters.notice_sections`
(the text of each section) and :mod:`bvv.letters.notice_render` (text and HTML) sit under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from bvv.model import Case, Debtor, Income, Result, Step
from bvv.model.notice import (
    Action,
    Notice,
    NoticeCalculation,
    NoticeHousehold,
    NoticeHousing,
    NoticeIncome,
    NoticePart,
    NoticeTaxable,
)
from bvv.money import round_cents

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


ACTION_NL: dict[str, tuple[str, str]] = {
    # action: (sentence start "Wij ... op uw", noun)
    "beslag": ("Wij leggen beslag op uw", "het beslag"),
    "verrekening": ("Wij verrekenen met uw", "de verrekening"),
    "inning": ("Wij innen op uw", "de inning"),
}

#: the living situation as a B1 sentence: "Wij gaan ervan uit dat u ..."
LEEFSITUATIE_B1: dict[str, str] = {
    "alleenstaande": "geen partner en geen kinderen jonger dan 18 jaar bij u thuis heeft",
    "alleenstaande_ouder": "geen partner heeft, maar wel kinderen jonger dan 18 jaar bij u thuis",
    "gehuwden_zonder_kinderen": "samenwoont met uw partner, zonder kinderen jonger dan 18 jaar",
    "gehuwden_met_kinderen": "samenwoont met uw partner en kinderen jonger dan 18 jaar",
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
    ("debtor.institution", "wat u betaalt aan de instelling waar u woont"),
    ("debtor", "waar u woont"),
    ("company_car", "de loonbelasting voor een auto van de zaak"),
    ("court_increase", "de uitspraak van de kantonrechter over uw beslagvrije voet"),
    ("designated_benefit", "welke uitkering u krijgt"),
)
_PATH = re.compile(r"^[a-z_]+[a-z_\[\]0-9.]*(:|$)")

RV = "https://wetten.overheid.nl/BWBR0001827/{version}#Artikel{article}"


def _missing_nl(text: str) -> str:
    """What is missing in words a debtor understands; a JSON path we have no words for (and its
    developer reason) becomes a general request, free text of the sender stays as it is.

    >>> _missing_nl("incomes[0].net_monthly: state it in the supplement"), _missing_nl("xyz.abc: no")
    ('Uw inkomen per maand', 'Een gegeven over uw situatie')
    """
    for prefix, words in MISSING_NL:
        if text.startswith(prefix):
            return words[0].upper() + words[1:]
    if _PATH.match(text):
        return "Een gegeven over uw situatie"
    return text


# --------------------------------------------------------------------------------------- build


def _income(inc: Income, periods: dict[str, str]) -> NoticeIncome:
    return NoticeIncome(
        id=inc.id,
        payer=inc.payer,
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
    addressee: str | None = None,
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
        addressee=addressee,
        reference=case.id,
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


SENDER_PLACEHOLDER = "[naam van de organisatie]"
CONTACT_PLACEHOLDER = "[telefoonnummer, adres of website]"


def placeholders(*, sender: str | None, contact: str | None) -> list[str]:
    """The placeholders a notice still holds: without them it is a draft (CONCEPT)."""
    return [p for p, v in ((SENDER_PLACEHOLDER, sender), (CONTACT_PLACEHOLDER, contact)) if not v]
