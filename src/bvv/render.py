"""Presentation: the result as a readable Dutch table (terminal) and as HTML (notebooks).

Amounts are formatted as Dutch euros with babel (``€ 1.021,67``). Nothing here computes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from bvv.money import round_cents
from bvv.norms import CONFIDENCE_LEGEND_NL
from bvv.rules.rv_475ab import LEEFSITUATIE_NL

if TYPE_CHECKING:
    from bvv.model import Diagnostic, NormRef, Result, Step


#: the letters of Rv 475c lid 1 as a person names the income
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


def eur(amount: Decimal | str) -> str:
    """Dutch euro notation.

    >>> eur(Decimal("1021.67"))
    '€\\xa01.021,67'
    """
    return format_currency(Decimal(amount), "EUR", locale="nl_NL")


def nl_number(value: Decimal | str, places: int | None = None) -> str:
    """A number in Dutch notation (decimal comma, dot for thousands), optionally rounded.

    >>> nl_number("25070"), nl_number("13.640"), nl_number(Decimal("1488.087158475"), 4)
    ('25.070', '13,64', '1.488,0872')
    """
    d = Decimal(value)
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
    elif d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    else:
        d = d.normalize()
    text = format_decimal(d, format="#,##0." + "#" * 12, locale="nl_NL")
    if places:
        whole, _, frac = text.partition(",")
        text = f"{whole},{frac.ljust(places, '0')}"
    return str(text)


def nl_date(d: date) -> str:
    """A date in Dutch words.

    >>> nl_date(date(2023, 7, 15))
    '15 juli 2023'
    """
    return str(format_date(d, format="long", locale="nl_NL"))


_LETTER = re.compile(r"\bletter ([A-Z])\b")
_KNOWN_LETTERS = {
    "pw21a_norm": "A",
    "pw21b_norm": "B",
    "wzt_pct_above_drempel": "E",
    "wzt_drempelinkomen": "D",
}
_UNIT_NL = {"EUR/month": "per maand", "EUR/year": "per jaar"}
_INPUT_NL = {
    "schuldenaar": "C schuldenaar",
    "echtgenoot": "C echtgenoot",
    "basis": "basisbedrag",
    "zorg": "zorgterm",
    "woon": "woonterm",
    "kgb": "kindgebonden-budgetterm",
    "formule": "uitkomst formule",
    "zorgterm": "zorgterm",
    "voor_aftrek": "bedrag vóór aftrek",
    "inkomen_echtgenoot": "inkomen echtgenoot",
    "aftrek": "aftrek",
    "inkomen_a_t_m_i": "inkomen a t/m i",
    "kinderen": "kinderen",
    "partner": "partner",
    "country": "land",
    "residence": "woonsituatie",
    "tot_en_met": "tot en met",
    "niet_beslagen_inkomen": "niet-beslagen inkomen",
    "loonbelasting_auto": "loonbelasting auto van de zaak",
    "prijs_verzorging": "prijs verzorging",
    "voor_grens": "bedrag vóór de grens",
}
_WORDS_NL = {
    "nl": "in Nederland",
    "no_residential_address": "geen woonadres in Nederland",
    "abroad": "in het buitenland",
    "nl_unregistered_disclosed": "in Nederland, bekend maar niet in de BRP",
}
_PLAIN = ("kinderen", "partner", "woonlandfactor", "country", "residence")


def norm_value(amount: str, unit: str) -> str:
    """A norm value as a person reads it: euros, a percentage, a factor.

    >>> norm_value("25070", "EUR/year"), norm_value("13.640", "percent"), norm_value("6", "months")
    ('€\xa025.070 per jaar', '13,64 %', '6 maanden')
    """
    if unit.startswith("EUR/"):
        d = Decimal(amount)
        money = eur(d) if d != d.to_integral_value() else "€\xa0" + nl_number(d)
        return f"{money} {_UNIT_NL.get(unit, '')}".rstrip()
    if unit == "percent":
        return f"{nl_number(amount)} %"
    if unit == "months":
        return f"{nl_number(amount)} maanden"
    if unit == "ratio":
        return nl_number(amount, 4) if len(amount) > 8 else nl_number(amount)
    return nl_number(amount)


def _input_value(key: str, value: str) -> str:
    """An input of a step as a person reads it: ja/nee, a count, or euros (four decimals when the
    exact amount has more than cents)."""
    if value in ("true", "false"):
        return "ja" if value == "true" else "nee"
    if value in _WORDS_NL:
        return _WORDS_NL[value]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return nl_date(date.fromisoformat(value))
    try:
        d = Decimal(value)
    except ArithmeticError:
        return value
    if key in _PLAIN:
        return nl_number(d)
    if d != d.quantize(Decimal("0.01")):
        return "€\xa0" + nl_number(d, 4)
    return "€\xa0" + nl_number(d, 2)


@dataclass(frozen=True)
class StepView:
    """One step as a person reads it (text, notebook and notice show the same).

    ``values``: the letters and inputs the step used, with their values; ``cap``: for a step
    that caps the amount, the cap and whether it applied; ``rounded``: the amount shown is the
    exact amount rounded to cents (decision 1: the exact value is carried on, see ``docs/decisions.md``).
    """

    id: str
    title: str
    values: str
    cap: str
    amount: str
    rounded: bool


#: steps that cap the running amount: step id -> (input holding the cap, input with the amount before)
_CAPS: dict[str, tuple[str, str | None]] = {
    "475da-1-maximum": ("maximum", "formule"),
    "475da-3-zorgplafond": ("plafond", "zorgterm"),
    "475dc-1-95procent": ("grens", "voor_grens"),
}
_APPLIES = re.compile(r"\s*(\(het maximum is van toepassing\)|— deze grens is van toepassing)$")


def _cap_line(step: Step) -> str:
    if step.id == "475db-1-a-partner" and "voor_aftrek" in step.inputs:
        half = Decimal(step.inputs["voor_aftrek"]) / 2
        applies = Decimal(step.inputs.get("inkomen_echtgenoot", "0")) > half
        applied = "van toepassing" if applies else "niet van toepassing"
        return f"Grens: de helft, {eur(round_cents(half))}; {applied}"
    spec = _CAPS.get(step.id)
    if spec is None or spec[0] not in step.inputs or step.exact is None:
        return ""
    cap = Decimal(step.inputs[spec[0]])
    before = step.inputs.get(spec[1]) if spec[1] else None
    applies = Decimal(step.exact) == cap and (before is None or Decimal(before) > cap)
    return f"Grens: {eur(round_cents(cap))}; " + ("van toepassing" if applies else "niet van toepassing")


def step_view(step: Step, norms: dict[str, NormRef]) -> StepView:
    """How one step reads: title without the engine's cap remark, the values used, the cap."""
    parts: list[str] = []
    letters: set[str] = set()
    for key, amount in step.norms.items():
        ref = norms.get(key)
        m = _LETTER.search(ref.label) if ref else None
        letter = _KNOWN_LETTERS.get(key) or (m.group(1) if m else "")
        letters.add(letter)
        shown = norm_value(amount, ref.unit) if ref else nl_number(amount)
        name = ref.label.split(" (")[0].split(",")[0] if ref else key
        parts.append(f"{letter} = {shown}" if letter else f"{name}: {shown}")
    cap = _cap_line(step)
    for key, value in step.inputs.items():
        skip = step.id == "475da-1-leefsituatie" or key in letters
        if skip or (cap and key in ("maximum", "plafond", "grens", "voor_grens")):
            continue
        parts.append(f"{_INPUT_NL.get(key, key)} = {_input_value(key, value)}")
    exact = Decimal(step.exact) if step.exact is not None else None
    rounded = step.amount is not None and exact is not None and exact != step.amount
    return StepView(
        id=step.id,
        title=_APPLIES.sub("", step.description),
        values=", ".join(parts),
        cap=cap,
        amount=eur(step.amount) if step.amount is not None else "",
        rounded=rounded,
    )


def step_views(result: Result) -> list[StepView]:
    return [step_view(s, result.norms) for s in result.steps]


def result_text(result: Result) -> str:
    """A plain-text table in Dutch: the bvv, per income, the steps with their articles."""
    lines = [
        f"Beslagvrije voet op {result.determination_date.isoformat()}: "
        f"{eur(result.beslagvrije_voet)} per maand",
        f"Leefsituatie: {LEEFSITUATIE_NL[result.leefsituatie]}; normen van {result.norm_period.isoformat()}"
        f" (maximum {eur(result.maximum)})",
    ]
    if result.per_income:
        lines += ["", f"{'Inkomen':<24} {'betaling':>14} {'beslagvrij':>14} {'afdracht':>14}"]
        for p in result.per_income:
            lines.append(f"{p.id:<24} {eur(p.payment):>14} {eur(p.bvv):>14} {eur(p.afdracht):>14}")
    if result.designated_benefit:
        lines += ["", f"Aangewezen uitkering (art. 475dc lid 2): {eur(result.designated_benefit.bvv)}"]
    lines += ["", "Berekening (in centen; bij 'afgerond' rekent de berekening verder met het exacte bedrag):"]
    for s, v in zip(result.steps, step_views(result), strict=True):
        lines.append(f"  {v.title}   ({s.citation.label})")
        if v.values:
            lines.append(f"      met {v.values}")
        if v.cap:
            lines.append(f"      {v.cap}")
        if v.amount:
            lines.append(f"      bedrag: {v.amount:>14}" + ("  (afgerond)" if v.rounded else ""))
    if result.assumptions:
        lines += ["", "Aannames:"]
        lines += [f"  - {a.tekst or a.text}" for a in result.assumptions]
    if result.diagnostics:
        lines += ["", "Meldingen:"]
        lines += [f"  - {diagnostic_nl(d)}" for d in result.diagnostics]
    return "\n".join(lines)


_HTML_STYLE = (
    "<style>.bvv-result table{border-collapse:collapse;margin:4px 0}"
    ".bvv-result th,.bvv-result td{border-bottom:1px solid #ddd;padding:2px 8px;"
    "text-align:left;vertical-align:top}"
    ".bvv-result td.num{text-align:right;white-space:nowrap}.bvv-result small{color:#555}</style>"
)




def result_html(result: Result) -> str:
    """An HTML view of the result for notebooks (``Result._repr_html_``): the bvv, per income,
    every step with its amount and a link to the article in force, assumptions and diagnostics."""
    e = html.escape

    def money(amount: Decimal | None) -> str:
        return e(eur(amount)) if amount is not None else ""

    steps = "".join(
        f"<tr><td>{e(v.title)}"
        + (f"<br><small>met {e(v.values)}</small>" if v.values else "")
        + (f"<br><small>{e(v.cap)}</small>" if v.cap else "")
        + f"</td><td class='num'>{e(v.amount)}{'<br><small>afgerond</small>' if v.rounded else ''}</td>"
        f"<td><a href='{e(s.citation.url)}' target='_blank'>{e(s.citation.label)}</a></td></tr>"
        for s, v in zip(result.steps, step_views(result), strict=True)
    )
    incomes = "".join(
        f"<tr><td>{e(p.id)}</td><td>{e(CATEGORY_NL.get(p.category, p.category))}</td>"
        f"<td class='num'>{money(p.payment)}</td>"
        f"<td class='num'>{money(p.bvv)}</td><td class='num'>{money(p.afdracht)}</td></tr>"
        for p in result.per_income
    )
    def source(text: str) -> str:
        if text.startswith("https://") and " " not in text:
            return f"<a href='{e(text)}' target='_blank'>{e(text.removeprefix('https://'))}</a>"
        return e(text)

    norms = "".join(
        f"<tr><td>{e(n.label)}</td><td class='num'>{e(norm_value(n.amount, n.unit))}</td>"
        f"<td>{source(n.source)}</td><td>{e(n.confidence)}</td></tr>"
        for key, n in result.norms.items()
    )
    notes = "".join(f"<li>{e(a.tekst or a.text)}</li>" for a in result.assumptions)
    diags = "".join(f"<li>{e(diagnostic_nl(d))}</li>" for d in result.diagnostics)
    r = result.receipt
    return (
        f"<div class='bvv-result'>{_HTML_STYLE}"
        f"<p><b>Beslagvrije voet {money(result.beslagvrije_voet)}</b> per maand op "
        f"{e(result.determination_date.isoformat())} ({e(LEEFSITUATIE_NL[result.leefsituatie])}; "
        "normen vanaf "
        f"{e(result.norm_period.isoformat())}, maximum {money(result.maximum)})</p>"
        + (
            "<table><thead><tr><th>inkomen</th><th>soort</th><th>betaling</th><th>beslagvrij</th>"
            f"<th>afdracht</th></tr></thead><tbody>{incomes}</tbody></table>"
            if incomes
            else ""
        )
        + "<table><thead><tr><th>stap</th><th>bedrag</th><th>artikel</th></tr></thead>"
        f"<tbody>{steps}</tbody></table>"
        + (
            "<details><summary>Gebruikte normen en hun bron</summary><table><thead><tr>"
            "<th>norm</th><th>waarde</th><th>bron</th><th>zekerheid</th></tr>"
            f"</thead><tbody>{norms}</tbody></table>"
            f"<p><small>{e(CONFIDENCE_LEGEND_NL)}</small></p></details>"
            if norms
            else ""
        )
        + (f"<p>Aannames:</p><ul>{notes}</ul>" if notes else "")
        + (f"<p>Meldingen:</p><ul>{diags}</ul>" if diags else "")
        + f"<p><small>bvv {e(r.library_version)}, normen {e(r.norms_version)}, regels {e(r.rules_version)}, "
        f"invoer {e(r.input_sha256[:16])}</small></p></div>"
    )


#: every diagnostic code in Dutch, for the text a person reads (JSON keeps the code and the
#: developer message)
DIAGNOSTICS_NL: dict[str, str] = {
    "children-count-mismatch": "Het aantal kinderen past niet bij de leefsituatie. Kijk de huisgenoten na.",
    "court-increase-not-in-force": "De verhoging door de kantonrechter geldt niet op deze datum.",
    "garnishment-order": "Er is beslag op meer inkomens; de volgorde van de beslagen is gebruikt.",
    "housing-increase-ended": "De verhoging voor hoge woonkosten is afgelopen.",
    "housing-increase-not-applicable": "De woonkosten zijn niet hoog genoeg voor een verhoging.",
    "housing-increase-not-at-maximum": "Tot 2023 geldt de verhoging voor woonkosten alleen bij het maximum.",
    "latest-norms-used": "Voor deze datum zijn nog geen bedragen bekend; de laatst bekende zijn gebruikt.",
    "leefsituatie-override": "De leefsituatie is opgegeven en niet afgeleid uit de huisgenoten.",
    "no-garnished-income": "Er ligt op geen enkel inkomen beslag.",
    "no-income-a-to-i": "Er is geen inkomen onder a tot en met i van art. 475c Rv.",
    "no-income-listed": "Er staat geen inkomen in het dossier.",
    "incomes": "Controleer de inkomens in het dossier.",
    "owner-increase-not-applicable": "De verhoging voor een koophuis of huur zonder huurtoeslag geldt niet.",
    "partner-income-unknown": "Het inkomen van de partner is niet bekend.",
    "address-conflict": "De BRP geeft meer dan één adres. Controleer het woonadres.",
    "address-function-unknown": "De BRP geeft een adres van onbekende soort.",
    "bewoning-conflict": "De bewoners op het adres spreken elkaar tegen. Controleer de huisgenoten.",
    "bewoning-not-used": "De gegevens over de bewoners van het adres zijn niet gebruikt.",
    "brp-in-onderzoek": "Een gegeven in de BRP is in onderzoek.",
    "brp-no-verblijfplaats": "De BRP geeft geen woonadres.",
    "brp-suspended": "De persoonslijst in de BRP is opgeschort.",
    "brp-duplicate-person": "Een persoon staat meer dan eens in de BRP-gegevens.",
    "bsn-elfproef": "Een BSN klopt niet (elfproef).",
    "holiday-allowance-absent": "In de polisadministratie staat geen vakantiegeld. Betaalt de werkgever het "
    "eens per jaar? Dan is het inkomen per jaar te laag.",
    "holiday-allowance-not-paid-monthly": "Het vakantiegeld wordt niet elke maand opgebouwd.",
    "holiday-allowance-paid-every-period": "Het vakantiegeld wordt elke periode uitbetaald. Vraag het na "
    "bij de werkgever.",
    "income-category-unknown": "De soort inkomen is onbekend. Geef de letter van art. 475c lid 1 Rv op.",
    "income-periods-missing": "Er ontbreken maanden in de polisadministratie.",
    "income-relation-ended": "Een inkomen is gestopt.",
    "latest-month-deviates": "De laatste maand wijkt sterk af van de maanden ervoor.",
    "no-current-income": "Er is geen lopend inkomen gevonden.",
    "no-polis-data": "Er zijn geen gegevens uit de polisadministratie.",
    "no-residential-address": "Er is geen woonadres in Nederland.",
    "partial-birth-date": "Een geboortedatum is niet volledig.",
    "partial-date": "Een datum is niet volledig.",
    "pay-period-unknown": "Het is niet bekend hoe vaak het inkomen wordt betaald.",
    "polis-corrected-period": "Een periode staat meer dan eens in de polisadministratie (correctie).",
    "polis-data-old": "De gegevens uit de polisadministratie zijn oud.",
    "polis-other-person": "Gegevens uit de polisadministratie horen bij een ander persoon.",
    "polis-period-without-amounts": "Een periode in de polisadministratie heeft geen bedragen.",
    "possible-resident": "Misschien woont er nog iemand op het adres.",
    "relative-deceased": "Een familielid is overleden.",
    "relative-not-in-data": "Een familielid staat niet in de gegevens.",
    "relative-without-address": "Van een familielid is geen adres bekend.",
    "relative-without-bsn": "Van een familielid is geen BSN bekend.",
    "several-partner-candidates": "Er zijn meer mogelijke partners. Controleer de huisgenoten.",
    "single-period": "Er is maar één periode inkomen bekend.",
}


def diagnostic_nl(d: Diagnostic) -> str:
    """A diagnostic in Dutch: the text for its code, and where it is (the JSON path)."""
    text = DIAGNOSTICS_NL.get(d.code, f"Melding over de gegevens (code {d.code}).")
    return text + (f" (gegeven: {d.path})" if d.path else "")
