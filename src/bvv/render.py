"""Presentation: the result as a readable Dutch table (terminal) and as HTML (notebooks).

Amounts are formatted as Dutch euros with babel (``€ 1.021,67``). Nothing here computes.
"""

from __future__ import annotations

import html
from decimal import Decimal

from babel.numbers import format_currency

from bvv.model import Result

LEEFSITUATIE_NL = {
    "alleenstaande": "alleenstaande",
    "alleenstaande_ouder": "alleenstaande ouder",
    "gehuwden_zonder_kinderen": "gehuwden zonder kinderen",
    "gehuwden_met_kinderen": "gehuwden met kinderen",
}


def eur(amount: Decimal | str) -> str:
    """Dutch euro notation.

    >>> eur(Decimal("1021.67"))
    '€\\xa01.021,67'
    """
    return format_currency(Decimal(amount), "EUR", locale="nl_NL")


def result_text(result: Result) -> str:
    """A plain-text table in Dutch: the bvv, per income, the steps with their articles."""
    lines = [
        f"Beslagvrije voet op {result.determination_date.isoformat()}: {eur(result.beslagvrije_voet)} per maand",
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
        lines += [f"  [{a.id}] {a.text}" for a in result.assumptions]
    if result.diagnostics:
        lines += ["", "Meldingen:"]
        lines += [f"  [{d.code}] {d.message}" for d in result.diagnostics]
    return "\n".join(lines)


def result_html(result: Result) -> str:
    """An HTML table of the result and its cited steps (used by ``Result._repr_html_``)."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(s.description)}</td><td style='text-align:right'>"
        f"{e(eur(s.amount)) if s.amount is not None else ''}</td>"
        f"<td><a href='{e(s.citation.url)}'>{e(s.citation.label)}</a></td></tr>"
        for s in result.steps
    )
    incomes = "".join(
        f"<tr><td>{e(p.id)}</td><td>{e(eur(p.payment))}</td><td>{e(eur(p.bvv))}</td>"
        f"<td>{e(eur(p.afdracht))}</td></tr>"
        for p in result.per_income
    )
    notes = "".join(f"<li>[{e(a.id)}] {e(a.text)}</li>" for a in result.assumptions)
    return (
        f"<div><p><b>Beslagvrije voet {e(eur(result.beslagvrije_voet))}</b> per maand op "
        f"{e(result.determination_date.isoformat())} ({e(LEEFSITUATIE_NL[result.leefsituatie])})</p>"
        f"<table><tr><th>inkomen</th><th>betaling</th><th>beslagvrij</th><th>afdracht</th></tr>"
        f"{incomes}</table>"
        f"<table><tr><th>stap</th><th>bedrag</th><th>artikel</th></tr>{rows}</table>"
        f"<ul>{notes}</ul></div>"
    )
