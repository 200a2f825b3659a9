"""The questions of "Controleer een brief": the figures of a received notice, as ``bvv-notice/1``.

The counsellor types what the letter says; :func:`bvv.letters.verify.verify` then recomputes from
the letter's own data and lists each difference with its direction and what to do.
"""

from __future__ import annotations

from typing import Any

from bvv.server.forms import (
    CATEGORY_OPTIONS,
    HELP_TAXABLE,
    HOUSEHOLD,
    HOUSING_OPTIONS,
    LEEFSITUATIE_OPTIONS,
    Answers,
    Question,
    Step,
)

YES_NO_UNKNOWN = (("", "staat niet op de brief"), ("ja", "ja"), ("nee", "nee"))


def _rows(prefix: str, who: str, count: int, debtor: bool) -> tuple[Question, ...]:
    rows: list[Question] = []
    for n in range(1, count + 1):
        p = f"{prefix}{n}"
        rows += [
            Question(f"{p}_bedrag", f"{who} {n}: bedrag per maand op de brief",
                     "Neem het bedrag over zoals het op de brief staat. Laat leeg als er niet nog een "
                     "inkomen op de brief staat.", "money", required=False),
            Question(f"{p}_soort", f"{who} {n}: soort inkomen",
                     "Loon is 'loon (e)'; een uitkering van UWV is 'uitkering (b)'.", "select",
                     CATEGORY_OPTIONS, required=False),
        ]
        rows.append(Question(f"{p}_beslag", f"{who} {n}: ligt hier beslag op?",
                             "Meestal ja voor uw inkomen, nee voor dat van uw partner.", "select",
                             YES_NO_UNKNOWN, required=False))
        if debtor:
            rows += [
                Question(f"{p}_vakantiegeld", f"{who} {n}: zegt de brief dat vakantiegeld is meegeteld?",
                         "Vakantiegeld hoort mee te tellen (artikel 475c Rv).", "select", YES_NO_UNKNOWN,
                         required=False),
            ]
    return tuple(rows)


LETTER = (
    Question("brief_datum", "Datum van vaststelling op de brief",
             "Staat bovenaan de brief, of bij 'Dit overzicht gaat over'.", "date"),
    Question("brief_bvv", "Beslagvrije voet op de brief (per maand)",
             "Het bedrag bij 'Hoe hoog is uw beslagvrije voet?'.", "money"),
    Question("brief_leefsituatie", "Leefsituatie op de brief",
             "Bij 'Uw leefsituatie'. Staat het er niet: kies 'staat niet op de brief'.", "select",
             LEEFSITUATIE_OPTIONS, required=False),
)
VERIFY_STEPS = (
    Step("Stap 1. De brief", LETTER),
    Step("Stap 2. Huishouden volgens de brief", HOUSEHOLD[1:]),
    Step("Stap 3. Inkomen volgens de brief", _rows("inkomen", "Inkomen", 3, debtor=True)),
    Step("Stap 4. Inkomen van de partner volgens de brief", _rows("partnerinkomen", "Inkomen partner", 2,
                                                                 debtor=False)),
    Step("Stap 5. Belastbaar inkomen per jaar volgens de brief", (
        Question("belastbaar", "Belastbaar inkomen per jaar op de brief", HELP_TAXABLE, "money"),
        Question("belastbaar_partner", "Belastbaar inkomen van de partner per jaar op de brief",
                 "Staat er geen partner op de brief: laat leeg.", "money", required=False),
    )),
    Step("Stap 6. Woonkosten volgens de brief", (
        Question("wonen", "Soort woonkosten", "Huur, koop of geen woonkosten.", "select", HOUSING_OPTIONS),
        Question("woonkosten", "Woonkosten per maand op de brief",
                 "Laat leeg als de brief er niets over zegt.", "money", required=False),
    )),
    Step("Stap 7. Bedragen uit de berekening op de brief", tuple(
        Question(f"berekening_{key}", label, "Staat bij 'Zo hebben wij het berekend'. Staat het er niet: "
                 "laat leeg.", "money", required=False)
        for key, label in (
            ("maximum", "Maximum voor uw leefsituatie"),
            ("amount_before_deductions", "Beslagvrije voet vóór de aftrekposten"),
            ("housing_increase", "Verhoging voor hoge woonkosten"),
            ("owner_increase", "Verhoging voor een koophuis of huur zonder huurtoeslag"),
            ("partner_income_deduction", "Aftrek voor het inkomen van uw partner"),
            ("own_income_deduction", "Aftrek voor eigen inkomen zonder beslag"),
            ("company_car_deduction", "Aftrek voor de loonheffing over een auto van de zaak"),
            ("income_cap_95", "95 % van uw inkomen per maand"),
            ("court_increase", "Verhoging door de kantonrechter"),
        )
    )),
)


def _yes_no(value: Any) -> bool | None:
    return None if value is None else value == "ja"


def _incomes(a: Answers, prefix: str, count: int, debtor: bool) -> list[dict[str, Any]]:
    out = []
    for p, n, amount in a.filled_rows(prefix, count):
        inc: dict[str, Any] = {"id": f"{prefix}-{n}", "net_monthly": amount, "category": a.get(f"{p}_soort")}
        inc["garnished"] = _yes_no(a.get(f"{p}_beslag"))
        if debtor:
            inc["holiday_allowance_included"] = _yes_no(a.get(f"{p}_vakantiegeld"))
        out.append({k: v for k, v in inc.items() if v is not None})
    return out


def notice_from_answers(a: Answers) -> dict[str, Any]:
    """The ``bvv-notice/1`` of the answers."""
    partner = a.get("partner")
    notice: dict[str, Any] = {
        "format": "bvv-notice/1",
        "determination_date": a.get("brief_datum"),
        "beslagvrije_voet": a.get("brief_bvv"),
        "household": {"partner": partner, "dependent_children": a.get("kinderen")},
        "debtor": {"residence": a.get("woonsituatie") or "nl"},
        "taxable_income_annual": {"debtor": a.get("belastbaar"),
                                  "partner": (a.get("belastbaar_partner") if partner else None) or "0.00"},
        "incomes": _incomes(a, "inkomen", 3, debtor=True),
        "partner_incomes": _incomes(a, "partnerinkomen", 2, debtor=False) if partner else [],
        "housing": {"kind": a.get("wonen") or "none", "costs_monthly": a.get("woonkosten") or "0.00"},
    }
    calculation = {k.removeprefix("berekening_"): a.get(k) for k in a.questions
                   if k.startswith("berekening_")}
    if any(calculation.values()):
        notice["calculation"] = {k: v for k, v in calculation.items() if v is not None}
    leefsituatie = a.get("brief_leefsituatie")
    if leefsituatie:
        notice["leefsituatie"] = leefsituatie
    if not notice["incomes"] and "inkomen1_bedrag" not in a.errors:
        a.errors["inkomen1_bedrag"] = "Vul ten minste één inkomen van de brief in."
    return notice
