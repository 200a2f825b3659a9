"""What ``bvv verify`` tells a person about one difference: its Dutch name, who it favours and
what to do. The advice depends on the direction (against the debtor, in the debtor's favour, no
effect) and on the kind of fact (a wrong living situation needs other advice than a missing income).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from bvv.letters.verify_report import Favours

Group = Literal[
    "leefsituatie",
    "household",
    "debtor",
    "taxable",
    "income_amount",
    "income_missing",
    "income_unknown",
    "income_kind",
    "period",
    "holiday",
    "housing",
    "partner_half",
    "figure",
    "date",
]

#: groups that are facts about the debtor (as opposed to figures of the calculation)
FACT_GROUPS = frozenset(
    {"leefsituatie", "household", "debtor", "taxable", "income_amount", "income_missing",
     "income_unknown", "income_kind", "housing"}
)  # fmt: skip

RECALC = (
    "Vraag de afzender schriftelijk om een nieuwe berekening en noem dit verschil. Doe dat binnen "
    "vier weken na de brief: dan telt een hogere beslagvrije voet vanaf het begin (art. 475i lid 3 Rv)."
)

_AGAINST: dict[str, str] = {
    "leefsituatie": "Geef de juiste woonsituatie door, met bewijs (bijvoorbeeld een uittreksel uit de BRP). "
    "Staat de BRP fout, laat de gemeente die verbeteren. ",
    "household": "Geef door wie er bij u wonen, met bewijs (bijvoorbeeld een uittreksel uit de BRP). ",
    "debtor": "Geef door waar u woont, en in een instelling wat u daar betaalt. Stuur bewijs mee. ",
    "taxable": "Vraag van welke maand het inkomen is genomen. Stuur loonstroken van de laatste maanden mee. ",
    "income_amount": "Stuur loonstroken of uitkeringsspecificaties van de laatste maanden. ",
    "income_missing": "Geef dit inkomen door, met een loonstrook of specificatie (art. 475g lid 1 Rv). ",
    "income_unknown": "Ga na of dit inkomen (nog) bestaat. Zo niet, geef dat door met bewijs. ",
    "income_kind": "Geef door wat voor inkomen dit is en of er beslag op ligt. Stuur bewijs mee. ",
    "period": "Vraag de afzender om het inkomen van de laatste maand te gebruiken. Stuur zo nodig "
    "loonstroken mee. ",
    "holiday": "Vraag de afzender het vakantiegeld mee te tellen. ",
    "housing": "Stuur bewijs van uw woonkosten mee (huurcontract of overzicht van de hypotheek). ",
    "partner_half": "Wijs de afzender op de grens van de helft. ",
    "figure": "",
    "date": "",
}

FAVOUR = "Dit is in uw voordeel. U hoeft hiervoor niets te doen."
FAVOUR_FACT = (
    "Dit is nu in uw voordeel. Vraagt de afzender om gegevens? Dan moet u de juiste gegevens geven "
    "(art. 475g lid 1 Rv). De beslagvrije voet kan daarna lager worden."
)
ROUNDED = (
    "De afzender heeft afgerond op hele euro's, in uw voordeel. Dat is geen fout. U hoeft niets te doen."
)
NO_EFFECT = (
    "Dit verandert de beslagvrije voet nu niet. Geef het juiste gegeven toch door, zodat het "
    "overzicht klopt; later kan het wel tellen."
)
UNKNOWN = "Vraag de afzender dit uit te leggen. "
DATE = "Wij rekenen met de datum van de brief. Kijk of uw dossier bij deze brief hoort."


def favours(stake: Decimal | None) -> Favours:
    """Who a difference favours, from the amount at stake (positive: the debtor keeps too little)."""
    if stake is None or stake == 0:
        return "unknown"
    return "creditor" if stake > 0 else "debtor"


def rounded_whole(got: Decimal, want: Decimal, stake: Decimal | None) -> bool:
    """The letter rounded the statutory amount to whole euros in the debtor's favour
    (official tools do; € 730,00 for € 729,76).

    >>> rounded_whole(Decimal("730.00"), Decimal("729.76"), Decimal("-0.24"))
    True
    >>> rounded_whole(Decimal("729.00"), Decimal("729.76"), Decimal("0.76"))
    False
    """
    return (
        stake is not None and stake < 0 and got == got.to_integral_value() and abs(got - want) < 1
    )


def what_to_do(group: Group, direction: Favours, stake: Decimal | None, *, partner: bool = False) -> str:
    """The advice for one difference: by direction first, then by the kind of fact."""
    if group == "date":
        return DATE
    if direction == "debtor":
        return FAVOUR_FACT if group in FACT_GROUPS else FAVOUR
    if direction == "unknown" and stake == 0:
        return NO_EFFECT
    if group == "holiday" and partner:
        return "Vraag de afzender hoe het vakantiegeld van uw partner is meegeteld. " + RECALC
    start = _AGAINST[group] if direction == "creditor" else (_AGAINST[group] or UNKNOWN)
    return start + RECALC


_CALC_NL: dict[str, str] = {
    "maximum": "Maximum voor uw leefsituatie",
    "amount_before_deductions": "Beslagvrije voet vóór aftrek",
    "housing_increase": "Verhoging voor hoge woonkosten",
    "owner_increase": "Verhoging voor koophuis of huur zonder huurtoeslag",
    "partner_income_deduction": "Aftrek voor het inkomen van uw partner",
    "own_income_deduction": "Aftrek voor eigen inkomen zonder beslag",
    "company_car_deduction": "Aftrek voor de auto van de zaak",
    "income_cap_95": "Grens van 95 % van uw inkomen",
    "court_increase": "Verhoging door de kantonrechter",
}
_INCOME_NL: dict[str, str] = {
    "net_monthly": "bedrag per maand",
    "category": "soort",
    "garnished": "beslag erop",
    "period": "maand",
    "holiday_allowance_included": "vakantiegeld erin",
    "payer": "betaler",
}
_FIXED_NL: dict[str, str] = {
    "beslagvrije_voet": "Beslagvrije voet",
    "leefsituatie": "Leefsituatie",
    "determination_date": "Datum van de berekening",
    "household.partner": "Partner die bij u woont",
    "household.dependent_children": "Aantal kinderen onder 18 jaar bij u thuis",
    "taxable_income_annual.debtor": "Uw belastbaar inkomen per jaar (C)",
    "taxable_income_annual.partner": "Belastbaar inkomen van uw partner per jaar",
    "housing.kind": "Soort woning",
    "housing.costs_monthly": "Woonkosten per maand",
    "debtor.residence": "Waar u woont",
    "debtor.country": "Land waar u woont",
    "debtor.woonlandfactor": "Woonlandfactor",
    "debtor.institution_care_price_monthly": "Wat u betaalt aan de instelling per maand",
    "debtor.birth_date": "Uw geboortedatum",
}
_PATH = re.compile(r"^(incomes|partner_incomes|per_income)\[(.+?)\](?:\.(\w+))?$")


def label(field: str) -> str:
    """The Dutch name of a notice field, for the text a person reads.

    >>> label("incomes[loon].net_monthly")
    "Inkomen 'loon': bedrag per maand"
    >>> label("calculation.income_cap_95")
    'Grens van 95 % van uw inkomen'
    """
    if field in _FIXED_NL:
        return _FIXED_NL[field]
    if field.startswith("calculation."):
        return _CALC_NL.get(field.removeprefix("calculation."), field)
    m = _PATH.match(field)
    if m is None:
        return field
    key, ident, attr = m.groups()
    if key == "per_income":
        what = {"bvv": "uw deel van de beslagvrije voet", "afdracht": "naar de schuld",
                "payment": "bedrag per maand"}.get(attr or "", "")  # fmt: skip
        return f"Inkomen '{ident}'" + (f": {what}" if what else "")
    head = "Inkomen van uw partner" if key == "partner_incomes" else "Inkomen"
    return f"{head} '{ident}'" + (f": {_INCOME_NL.get(attr, attr)}" if attr else "")
