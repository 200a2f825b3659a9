"""Presentation: the result as a readable Dutch table (terminal) and as HTML (notebooks).

Amounts are formatted as Dutch euros with babel (``€ 1.021,67``). Nothing here computes.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.numbers import format_currency

from bvv.norms import CONFIDENCE_LEGEND_NL
from bvv.rules.rv_475ab import LEEFSITUATIE_NL

if TYPE_CHECKING:
    from bvv.model import Result


def eur(amount: Decimal | str) -> str:
    """Dutch euro notation.

    >>> eur(Decimal("1021.67"))
    '€\\xa01.021,67'
    """
    return format_currency(Decimal(amount), "EUR", locale="nl_NL")


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
    lines += ["", "Berekening:"]
    for s in result.steps:
        amount = eur(s.amount) if s.amount is not None else ""
        lines.append(f"  {s.description}")
        lines.append(f"  {'':<4}{amount:>14}   {s.citation.label}")
    if result.assumptions:
        lines += ["", "Aannames:"]
        lines += [f"  [{a.id}] {a.tekst or a.text}" for a in result.assumptions]
    if result.diagnostics:
        lines += ["", "Meldingen:"]
        lines += [f"  [{d.code}] {d.message}" for d in result.diagnostics]
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
        f"<tr><td><code>{e(s.id)}</code></td><td>{e(s.description)}"
        + (
            "<br><small>" + e(", ".join(f"{k} = {v}" for k, v in s.inputs.items())) + "</small>"
            if s.inputs
            else ""
        )
        + f"</td><td class='num'>{money(s.amount)}</td>"
        f"<td><a href='{e(s.citation.url)}' target='_blank'>{e(s.citation.label)}</a></td></tr>"
        for s in result.steps
    )
    incomes = "".join(
        f"<tr><td>{e(p.id)}</td><td>{e(p.category)}</td><td class='num'>{money(p.payment)}</td>"
        f"<td class='num'>{money(p.bvv)}</td><td class='num'>{money(p.afdracht)}</td></tr>"
        for p in result.per_income
    )
    def source(text: str) -> str:
        if text.startswith("https://") and " " not in text:
            return f"<a href='{e(text)}' target='_blank'>{e(text.removeprefix('https://'))}</a>"
        return e(text)

    norms = "".join(
        f"<tr><td><code>{e(key)}</code></td><td>{e(n.label)}</td><td class='num'>{e(n.amount)}</td>"
        f"<td>{e(n.unit)}</td><td>{source(n.source)}</td><td>{e(n.confidence)}</td></tr>"
        for key, n in result.norms.items()
    )
    notes = "".join(f"<li><code>{e(a.id)}</code> {e(a.tekst or a.text)}</li>" for a in result.assumptions)
    diags = "".join(f"<li><code>{e(d.code)}</code> {e(d.message)}</li>" for d in result.diagnostics)
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
        + "<table><thead><tr><th>stap</th><th>omschrijving</th><th>bedrag</th><th>artikel</th></tr></thead>"
        f"<tbody>{steps}</tbody></table>"
        + (
            "<details><summary>Gebruikte normen en hun bron</summary><table><thead><tr><th>norm</th>"
            "<th>omschrijving</th><th>bedrag</th><th>eenheid</th><th>bron</th><th>zekerheid</th></tr>"
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
