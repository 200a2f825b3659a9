"""The questions of the web form (Dutch, B1) and their conversion to ``bvv-case/1`` and
``bvv-notice/1``.

Each question has a label, a help text that says where to find the answer, and a kind that says
how the answer is read. A wrong answer gives a Dutch message for that field; nothing is
calculated until every answer can be read. The library then validates the case as always; an
error it finds is shown next to the field its JSON path belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from bvv.letters.notice import CATEGORY_NL, LEEFSITUATIE_B1

Kind = Literal["date", "money", "count", "select", "yesno"]
Errors = dict[str, str]

CATEGORY_OPTIONS = tuple((k, f"{v} ({k})") for k, v in CATEGORY_NL.items() if k != "j")
PERIOD_OPTIONS = (("month", "per maand"), ("four_weeks", "per 4 weken"), ("week", "per week"))
HOUSING_OPTIONS = (
    ("rent", "Ik huur een huis (met of zonder huurtoeslag)"),
    ("rent_non_wht", "Ik huur een huis waarvoor geen huurtoeslag kan (bijvoorbeeld te hoge huur, kamer)"),
    ("owner", "Ik heb een koophuis"),
    ("none", "Ik heb geen woonkosten"),
)
RESIDENCE_OPTIONS = (
    ("nl", "In Nederland, op een woonadres"),
    ("no_residential_address", "Ik heb geen woonadres (alleen een briefadres, of dakloos)"),
)
LEEFSITUATIE_OPTIONS = (("", "staat niet op de brief"), *LEEFSITUATIE_B1.items())

HELP_INCOME = (
    "Het netto bedrag, met vakantiegeld erbij. U vindt het op uw loonstrook of de specificatie van "
    "uw uitkering: het bedrag dat op uw rekening komt, plus het vakantiegeld dat u per maand opbouwt "
    "(vaak 8 % van het bruto loon). Kies de soort: loon van een werkgever is 'loon (e)'; een "
    "uitkering van UWV (WW, WIA, Ziektewet) is 'uitkering (b)'; een uitkering van de gemeente is "
    "'bijstandsuitkering (a)'; AOW is 'uitkering (b)'; pensioen is 'pensioen of lijfrente (g)'."
)
HELP_TAXABLE = (
    "Het belastbaar inkomen per jaar. Het staat op de jaaropgaaf van uw werkgever of uitkering als "
    "'fiscaal loon' of 'loon voor de loonbelasting'. Hebt u een aanslag inkomstenbelasting, dan "
    "staat het daar als 'belastbaar inkomen uit werk en woning'. Hebt u meer jaaropgaven: tel ze op."
)
GARNISH_HELP = "Ja als de schuldeiser dit inkomen inhoudt (beslag of verrekening)."
GARNISH_HELP_PARTNER = "Meestal nee. Ja als er ook beslag ligt op dit inkomen van uw partner."


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    help: str
    kind: Kind
    options: tuple[tuple[str, str], ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Step:
    title: str
    questions: tuple[Question, ...]


def _income_rows(prefix: str, who: str, count: int, garnish_help: str) -> tuple[Question, ...]:
    rows: list[Question] = []
    for n in range(1, count + 1):
        p = f"{prefix}{n}"
        rows += [
            Question(f"{p}_bedrag", f"{who} {n}: netto bedrag", HELP_INCOME if n == 1 else
                     "Laat leeg als er niet nog een inkomen is.", "money", required=False),
            Question(f"{p}_periode", f"{who} {n}: dit bedrag is", "Hoe vaak u dit bedrag krijgt.",
                     "select", PERIOD_OPTIONS, required=False),
            Question(f"{p}_soort", f"{who} {n}: soort inkomen", "De letter komt uit artikel 475c Rv.",
                     "select", CATEGORY_OPTIONS, required=False),
        ]
        rows.append(Question(f"{p}_beslag", f"{who} {n}: ligt hier beslag op?", garnish_help,
                             "yesno", required=False))
    return tuple(rows)


PEILDATUM = Question(
    "peildatum", "Op welke datum wordt de beslagvrije voet vastgesteld?",
    "Op de brief heet dit vaak 'datum vaststelling' of de datum van de brief. Weet u het niet: vul de "
    "datum van vandaag in.", "date")
HOUSEHOLD = (
    Question("geboortedatum", "Uw geboortedatum", "Nodig om te weten of u de AOW-leeftijd hebt.",
             "date", required=False),
    Question("woonsituatie", "Waar woont u?", "Een briefadres is een adres waar u alleen post krijgt.",
             "select", RESIDENCE_OPTIONS),
    Question("partner", "Hebt u een partner?",
             "Een partner is uw man of vrouw, geregistreerd partner, of iemand met wie u samenwoont en "
             "de kosten deelt. Staat u bij de gemeente op hetzelfde adres ingeschreven: dan telt dat vaak "
             "als partner.", "yesno"),
    Question("kinderen", "Hoeveel kinderen jonger dan 18 wonen bij u?",
             "Tel alleen kinderen die bij u wonen en voor wie u zorgt.", "count"),
)
TAXABLE = (
    Question("belastbaar", "Uw belastbaar inkomen per jaar", HELP_TAXABLE, "money"),
    Question("belastbaar_partner", "Belastbaar inkomen van uw partner per jaar",
             "Zoek dit op de jaaropgaaf van uw partner, zoals hierboven. Geen partner: laat leeg.",
             "money", required=False),
)
HOUSING = (
    Question("wonen", "Wat voor woonkosten hebt u?",
             "Huur: de kale huur plus de servicekosten die meetellen voor de huurtoeslag. Dit staat in "
             "uw huurcontract of in de brief over de huurverhoging.", "select", HOUSING_OPTIONS),
    Question("woonkosten", "Woonkosten per maand",
             "Bij huur: de huur per maand. Bij een koophuis: de hypotheekrente en aflossing per maand.",
             "money", required=False),
    Question("hoge_woonkosten_aangevraagd", "Hebt u gevraagd om een hogere beslagvrije voet voor hoge "
             "woonkosten? Zo ja: op welke datum?",
             "Dat moet u zelf vragen aan de schuldeiser (artikel 475da lid 5 Rv). Niet gevraagd: laat leeg.",
             "date", required=False),
    Question("auto_loonheffing", "Loonheffing over de bijtelling van een auto van de zaak, per maand",
             "Staat op uw loonstrook bij 'bijtelling auto'. Geen auto van de zaak: laat leeg.",
             "money", required=False),
)
CASE_STEPS = (
    Step("Stap 1. De datum", (PEILDATUM,)),
    Step("Stap 2. Uw huishouden", HOUSEHOLD),
    Step("Stap 3. Uw inkomen", _income_rows("inkomen", "Inkomen", 3, GARNISH_HELP)),
    Step("Stap 4. Inkomen van uw partner", _income_rows("partnerinkomen", "Inkomen partner", 2,
                                                        GARNISH_HELP_PARTNER)),
    Step("Stap 5. Belastbaar inkomen per jaar", TAXABLE),
    Step("Stap 6. Wonen en auto", HOUSING),
)
PLAN_STEP = Step("Stap 7. Het plan", (
    Question("plan_bedrag", "Hoeveel geld houdt de schuldenaar volgens het plan per maand over?",
             "Het netto bedrag per maand dat het plan laat, met vakantiegeld, zonder toeslagen. Dit "
             "staat in het plan van aanpak of de schuldregeling.", "money"),
    Question("plan_grondslag", "Welk inkomen telt?",
             "Meestal gaat een plan over al het inkomen. Kies de tweede als alleen het inkomen met "
             "beslag meetelt.", "select",
             (("all_income", "Al het inkomen (gebruikelijk)"), ("as_given", "Alleen inkomen met beslag"))),
))


# ------------------------------------------------------------------------------ reading answers


def read_money(text: str) -> Decimal:
    """A Dutch or plain amount: ``1.234,56``, ``1234,56``, ``1234.56``, ``€ 800``.

    >>> str(read_money("1.234,56")), str(read_money("€ 800")), str(read_money("1500.5"))
    ('1234.56', '800.00', '1500.50')
    """
    t = text.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    try:
        value = Decimal(t)
    except InvalidOperation:
        raise ValueError("Vul een bedrag in, bijvoorbeeld 1.234,56.") from None
    if not value.is_finite() or value < 0:
        raise ValueError("Vul een bedrag in van 0 of meer.")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("Gebruik hoogstens twee cijfers achter de komma.")
    if value >= Decimal("1e9"):
        raise ValueError("Dit bedrag is te hoog. Controleer het bedrag.")
    return value.quantize(Decimal("0.01"))


def read_date(text: str) -> date:
    """``2024-03-01`` (what a date field sends) or ``1-3-2024``."""
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    try:
        return date(int(m[3]), int(m[2]), int(m[1])) if m else date.fromisoformat(text)
    except ValueError:
        raise ValueError("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 15-07-2024.") from None


class Answers:
    """The submitted form, read field by field; every problem is kept per field."""

    def __init__(self, form: Mapping[str, str], questions: tuple[Question, ...]) -> None:
        self.raw = {k: str(v).strip() for k, v in form.items()}
        self.questions = {q.name: q for q in questions}
        self.errors: Errors = {}

    def get(self, name: str) -> Any:
        q = self.questions[name]
        text = self.raw.get(name, "")
        if not text:
            if q.required:
                self.errors[name] = "Vul dit in." if q.kind != "select" else "Kies een antwoord."
            return None
        try:
            return self._read(q, text)
        except ValueError as exc:
            self.errors[name] = str(exc)
            return None

    def filled_rows(self, prefix: str, count: int) -> Iterator[tuple[str, int, str]]:
        """``(field prefix, number, amount)`` of each income row with an amount (``inkomen2``, 2, …)."""
        for n in range(1, count + 1):
            amount = self.get(f"{prefix}{n}_bedrag")
            if amount is not None:
                yield f"{prefix}{n}", n, amount

    @staticmethod
    def _read(q: Question, text: str) -> Any:
        if q.kind == "money":
            return str(read_money(text))
        if q.kind == "date":
            return read_date(text).isoformat()
        if q.kind == "count":
            if not text.isdigit() or int(text) > 30:
                raise ValueError("Vul een aantal in: 0, 1, 2 ...")
            return int(text)
        if q.kind == "yesno":
            if text not in ("ja", "nee"):
                raise ValueError("Kies ja of nee.")
            return text == "ja"
        if text not in {k for k, _ in q.options}:
            raise ValueError("Kies een van de antwoorden.")
        return text


def all_questions(*steps: Step) -> tuple[Question, ...]:
    return tuple(q for s in steps for q in s.questions)


def _incomes(a: Answers, prefix: str, count: int) -> list[dict[str, Any]]:
    out = []
    for p, n, amount in a.filled_rows(prefix, count):
        period, category = a.get(f"{p}_periode") or "month", a.get(f"{p}_soort")
        if category is None:
            a.errors[f"{p}_soort"] = "Kies de soort inkomen."
        garnished = bool(a.get(f"{p}_beslag"))
        inc: dict[str, Any] = {"id": f"{prefix}-{n}", "category": category, "garnished": garnished,
                               "pay_period": period}
        inc["net_monthly" if period == "month" else "net_per_period"] = amount
        out.append(inc)
    return out


def case_from_answers(a: Answers) -> dict[str, Any]:
    """The ``bvv-case/1`` of the answers (only complete when ``a.errors`` is empty)."""
    partner = a.get("partner")
    kind = a.get("wonen") or "none"
    requested = a.get("hoge_woonkosten_aangevraagd")
    incomes = _incomes(a, "inkomen", 3)
    if not incomes and "inkomen1_bedrag" not in a.errors:
        a.errors["inkomen1_bedrag"] = "Vul ten minste één inkomen in."
    return {
        "format": "bvv-case/1",
        "determination_date": a.get("peildatum"),
        "debtor": {"birth_date": a.get("geboortedatum"), "residence": a.get("woonsituatie") or "nl"},
        "household": {"partner": bool(partner), "dependent_children": a.get("kinderen") or 0},
        "taxable_income_annual": {"debtor": a.get("belastbaar"),
                                  "partner": (a.get("belastbaar_partner") if partner else None) or "0.00"},
        "incomes": incomes,
        "partner_incomes": _incomes(a, "partnerinkomen", 2) if partner else [],
        "housing": {"kind": kind, "costs_monthly": a.get("woonkosten") or "0.00",
                    "high_costs_increase": {"requested_on": requested} if requested else None},
        "company_car_wage_tax_monthly": a.get("auto_loonheffing") or "0.00",
    }


#: JSON path prefixes of the case (and the notice) -> the question they come from
PATH_TO_FIELD: tuple[tuple[str, str], ...] = (
    ("determination_date", "peildatum"),
    ("debtor.birth_date", "geboortedatum"),
    ("debtor", "woonsituatie"),
    ("household.partner", "partner"),
    ("household", "kinderen"),
    ("taxable_income_annual.partner", "belastbaar_partner"),
    ("taxable_income_annual", "belastbaar"),
    ("housing.high_costs_increase", "hoge_woonkosten_aangevraagd"),
    ("housing.costs_monthly", "woonkosten"),
    ("housing", "wonen"),
    ("company_car_wage_tax_monthly", "auto_loonheffing"),
    ("beslagvrije_voet", "brief_bvv"),
    ("leefsituatie", "brief_leefsituatie"),
)


def field_of(path: str | None) -> str | None:
    """The form field a JSON path of the case belongs to, if any.

    >>> field_of("incomes[1].net_monthly"), field_of("partner_incomes[0].category")
    ('inkomen2_bedrag', 'partnerinkomen1_bedrag')
    """
    if not path:
        return None
    m = re.match(r"(partner_incomes|incomes)\[(\d+)\]", path)
    if m:
        prefix = "partnerinkomen" if m[1] == "partner_incomes" else "inkomen"
        return f"{prefix}{int(m[2]) + 1}_bedrag"
    return next((f for p, f in PATH_TO_FIELD if path.startswith(p)), None)
